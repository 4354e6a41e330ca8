/**
 * Activation in a real VS Code: the extension loads from the development path, activates, and its
 * exported test API's `ready` resolves once the language server runs and the first registry is in.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, test } from 'mocha';
import { EXTENSION_ID, esshApi } from './util';

suite('activation', () => {
	test('runs inside a real VS Code 1.100 extension host', () => {
		assert.match(vscode.version, /^1\.100\./);
		assert.ok(vscode.workspace.workspaceFolders?.length === 1, 'one folder is open');
	});

	test('activates and exports the test API whose ready resolves', async () => {
		const extension = vscode.extensions.getExtension(EXTENSION_ID);
		assert.ok(extension, `${EXTENSION_ID} is present`);
		const api = await esshApi();
		assert.equal(extension.isActive, true);
		for (const key of ['ready', 'registryTree', 'registry', 'statusBar', 'lookup', 'restartServer'] as const) {
			assert.ok(key in api, `the API has ${key}`);
		}
		assert.ok(api.getClient()?.isRunning(), 'the language client is running');
	});

	test('the first registry has the three evaluation sets of the fixture', async () => {
		const api = await esshApi();
		const registry = api.registry.current();
		assert.ok(registry, 'a registry is loaded');
		const hostsBySet = registry.sets.map(set => set.hosts.map(host => host.name).sort().join(','));
		assert.ok(hostsBySet.includes('bastion,cache01,db01,mon01,mon02,web01,web02'), hostsBySet.join(' | '));
		assert.ok(hostsBySet.some(hosts => hosts.split(',').includes('backup01')), hostsBySet.join(' | '));
	});
});
