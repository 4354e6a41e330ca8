/**
 * ESSH's gateway idiom as a user pasted it (optional external corpus, skipped with one line when it
 * is absent): `ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p getway-server"` stays in
 * the generated ssh_config with a placeholder for the path, and the gateway named in its literal
 * text resolves to the host it names.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Workspace } from '../../server/src/core/analysis';
import { definition } from '../../server/src/core/ide/navigation';
import { generateSshConfig } from '../../server/src/core/queries';
import { parseVersion } from '../../server/src/core/version';
import { referenceSuite, sharedDir } from '../support/paths';

const PROJECT = 'corpus/wild/kohkimakimoto-essh-issue31';

describe('the gateway idiom of the corpus keeps its ProxyCommand', referenceSuite(PROJECT), () => {
	test('ssh_config with the placeholder, and the gateway name goes to its host', () => {
		const file = '/corpus/issue31/esshconfig.lua';
		const text = fs.readFileSync(path.join(sharedDir(), PROJECT, 'esshconfig.lua'), 'utf8');
		const workspace = new Workspace();
		workspace.setFile(file, text);
		// 0.52: the release of the date (2016-10).
		const analysis = workspace.analysis({ version: parseVersion('0.52')!, userDirectory: undefined, severity: {} });
		assert.match(generateSshConfig(analysis.setsOfFile(file)[0].registry), /^Host web-server\n(?: {4}.*\n)* {4}ProxyCommand ssh -q -F <essh\.ssh_config> -W %h:%p getway-server\n/m);
		const use = text.indexOf('getway-server"');
		const targets = definition(analysis, file, use + 3);
		assert.deepEqual(targets.map(target => text.slice(target.nameRange.start, target.nameRange.end)), ['"getway-server"']);
		assert.equal(targets[0].nameRange.start, text.indexOf('"getway-server"'));
	});
});
