/**
 * Where the browser build runs, checked from inside: the web worker extension host (no Node
 * `process`, a browser `navigator`, the extension as a UI extension in VS Code for the Web), the
 * language server in a Worker of its own (`essh/environment`) that a restart replaces, the
 * workspace read through the folder's own URI scheme, a command that needs no terminal (the
 * ssh_config preview), and run task and connect refused without opening a terminal.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import type { EnvironmentResult } from '../../../server/src/lsp/ext';
import type { EsshExtensionApi } from '../../../client/src/extension';
import { EXTENSION_ID, esshApi, workspaceRoot } from '../suite/util';

suite('web worker extension host', () => {
	let api: EsshExtensionApi;

	suiteSetup(async () => {
		api = await esshApi();
	});

	test('the extension runs in the browser, not in Node', () => {
		assert.equal(vscode.env.uiKind, vscode.UIKind.Web);
		assert.equal(typeof process, 'undefined', 'no Node process object');
		assert.equal(typeof (globalThis as { navigator?: unknown }).navigator, 'object', 'a browser navigator');
		assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.extensionKind, vscode.ExtensionKind.UI);
	});

	test('the language server runs in a Worker of its own', async () => {
		const client = api.getClient();
		assert.ok(client && client.isRunning(), 'the language client is running');
		const environment = await client.sendRequest<EnvironmentResult>('essh/environment', {});
		assert.deepEqual(environment, { runtime: 'browser', global: 'DedicatedWorkerGlobalScope' });
		assert.equal(api.serverPid(), undefined, 'no server process');
	});

	test('a restart ends the Worker and starts a new one, which reads the workspace again', async () => {
		await api.restartServer();
		const client = api.getClient();
		assert.ok(client && client.isRunning(), 'the language client runs again');
		const environment = await client.sendRequest<EnvironmentResult>('essh/environment', {});
		assert.equal(environment.global, 'DedicatedWorkerGlobalScope');
		const hosts = (api.registry.current()?.sets ?? []).flatMap(set => set.hosts.map(host => host.name));
		assert.ok(hosts.includes('db01') && hosts.includes('backup01'), hosts.join(','));
	});

	test('the registry is read through the workspace folder\'s own scheme', () => {
		const root = workspaceRoot();
		assert.notEqual(root.scheme, 'file', 'the harness opens the folder through the VS Code server');
		const sets = api.registry.current()?.sets ?? [];
		assert.ok(sets.length >= 3, `${sets.length} sets`);
		for (const set of sets) {
			assert.ok(set.id.startsWith(`${root.scheme}:`), set.id);
		}
	});

	test('the generated ssh_config opens in a read-only editor', async () => {
		const set = api.registry.current()?.sets.find(candidate => candidate.hosts.some(host => host.name === 'bastion'));
		assert.ok(set, 'the web set is loaded');
		const uri = await vscode.commands.executeCommand<vscode.Uri>('essh.showSshConfig', { kind: 'host', setId: set.id, name: 'web01' });
		assert.ok(uri, 'a document uri');
		assert.match((await vscode.workspace.openTextDocument(uri)).getText(), /Host web01\n\s+HostName 10\.0\.0\.11/);
	});

	test('run task and connect refuse in a browser and open no terminal', async () => {
		const terminals = vscode.window.terminals.length;
		for (const [command, name] of [['essh.runTask', 'deploy'], ['essh.connect', 'web01']] as const) {
			const result = await vscode.commands.executeCommand<{ started: boolean; reason?: string }>(command, name);
			assert.equal(result?.started, false, command);
			assert.match(result?.reason ?? '', /browser/, command);
		}
		assert.equal(vscode.window.terminals.length, terminals);
	});
});
