/**
 * Restricted Mode, run only in the harness's "restricted" pass (workspace trust on, the folder
 * never trusted): analysis still works, because nothing is executed, but run and connect refuse
 * and open no terminal.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import type { TerminalLaunch } from '../../../client/src/commands';
import type { EsshExtensionApi } from '../../../client/src/extension';
import { esshApi, fileUri, waitForDiagnostic } from './util';

suite('restricted mode (untrusted workspace)', () => {
	let api: EsshExtensionApi;

	suiteSetup(async () => {
		api = await esshApi();
	});

	test('the workspace is untrusted and the extension still activates', () => {
		assert.equal(vscode.workspace.isTrusted, false);
		assert.ok(api.getClient()?.isRunning(), 'the language server runs in Restricted Mode');
	});

	test('diagnostics still arrive', async () => {
		await waitForDiagnostic(fileUri('ops/.esshconfig.lua'), 'host-ssh-prop-type');
	});

	test('essh.runTask refuses and opens no terminal', async () => {
		const setId = api.registry.current()?.sets.find(set => set.tasks.some(task => task.name === 'deploy'))?.id;
		assert.ok(setId, 'the web set is loaded');
		const before = vscode.window.terminals.length;
		const launch = await vscode.commands.executeCommand<TerminalLaunch>('essh.runTask', setId, 'deploy');
		assert.equal(launch.started, false);
		assert.match(launch.reason ?? '', /Restricted Mode/);
		assert.equal(vscode.window.terminals.length, before);
	});

	test('essh.connect refuses and opens no terminal', async () => {
		const before = vscode.window.terminals.length;
		const launch = await vscode.commands.executeCommand<TerminalLaunch>('essh.connect', 'web01');
		assert.equal(launch.started, false);
		assert.match(launch.reason ?? '', /Restricted Mode/);
		assert.equal(vscode.window.terminals.length, before);
	});
});
