/**
 * `matchesGlobs` (server/src/host.ts): the globs compiled once answer as `micromatch.isMatch` with
 * `dot: true` does, for the default include and exclude lists and for user-style globs, and a
 * second list does not reuse the first list's matcher.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import micromatch from 'micromatch';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, matchesGlobs } from '../../server/src/host';

const PATHS = [
	'.esshconfig.lua', 'esshconfig.lua', 'sub/.esshconfig.lua', 'a/b/.esshconfig_override.lua', 'esshconfig_override.lua',
	'.essh/lib/m.lua', 'p/.essh/lib/deep/m.lua', '.essh/lib/m.txt', 'node_modules/x/.esshconfig.lua', 'node_modules/', '.git/', 'a/.git/config',
	'hosts.lua', 'conf/hosts.lua', 'conf/', 'other.lua',
];

test('matchesGlobs answers as micromatch.isMatch with dot: true', () => {
	const lists = [DEFAULT_INCLUDE, DEFAULT_EXCLUDE, ['conf/*.lua'], ['**/*.lua', '!**/other.lua'], []];
	for (const globs of lists) {
		for (const path of PATHS) {
			assert.equal(matchesGlobs(path, globs), micromatch.isMatch(path, globs, { dot: true }), `${path} against ${JSON.stringify(globs)}`);
		}
	}
});
