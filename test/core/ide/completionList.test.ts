/**
 * `completionList` (core/ide/completion.ts) against its definition: at most `limit` entries, and
 * when there are more, exactly `bestCompletions(completions(…))`. Inside a `targets` string of a
 * large set it reads the best entries off the set's sorted candidates; these tests make sure that
 * gives the same list for what is typed, strings already written, hosts only the text holds, and
 * limits on either side of the number of matches.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Workspace } from '../../../server/src/core/analysis';
import { bestCompletions, completionList, completions } from '../../../server/src/core/ide/completion';

function fleetWorkspace(): { workspace: Workspace; file: string; text: string } {
	const workspace = new Workspace();
	let hosts = '';
	for (let index = 0; index < 300; index++) {
		const name = index % 3 === 0 ? `Web-${index}` : index % 3 === 1 ? `db-${index}` : `web-x${index}`;
		hosts += `host "${name}" { tags = { "rack-${index % 40}", "${index % 2 === 0 ? 'Even' : 'odd'}" } }\n`;
	}
	workspace.setFile('/p/.essh/lib/hosts.lua', hosts);
	const file = '/p/.esshconfig.lua';
	const good = 'require "hosts"\ntask "deploy" { targets = { "db-1" } }\n';
	workspace.setFile(file, good);
	workspace.analysis().diagnostics(file);
	// Half-typed: the registry keeps the last good symbols, the scan finds the new host.
	const text = 'require "hosts"\nhost "Aa-scanned" {\ntask "deploy" { targets = { "db-1", "TYPED" } }\n';
	return { workspace, file, text };
}

describe('completionList', () => {
	const { workspace, file, text } = fleetWorkspace();
	for (const typed of ['', 'w', 'W', 'web-', 'db-1', 'a', 'r', 'x9', 'zz']) {
		for (const limit of [1, 10, 100, 200, 1000]) {
			test(`typed "${typed}", limit ${limit}: the same entries as filtering every completion`, () => {
				const edited = text.replace('TYPED', typed);
				workspace.setFile(file, edited);
				const analysis = workspace.analysis();
				const offset = edited.indexOf(`"${typed}" }`) + 1 + typed.length;
				const all = completions(analysis, file, offset);
				assert.ok(all.length > 300, `candidates: ${all.length}`);
				assert.ok(all.some(entry => entry.label === 'Aa-scanned'), 'the scanned host is offered');
				assert.ok(!all.some(entry => entry.label === 'db-1'), 'a written entry is left out');
				const expected = all.length <= limit ? all : bestCompletions(all, edited, offset, limit);
				const actual = completionList(analysis, file, offset, limit);
				assert.equal(actual.incomplete, all.length > limit);
				assert.deepEqual(actual.entries, expected);
			});
		}
	}
});
