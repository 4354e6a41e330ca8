/**
 * Every `essh.*` command run through `vscode.commands.executeCommand`, as the palette, the tree and
 * the code lenses run them. Quick picks are answered with VS Code's own quick-open commands. Run
 * and connect start a terminal here (the harness opens this pass trusted; the fixture sets
 * `essh.path` to `echo`, so nothing real is executed). A last test checks that every command the
 * manifest contributes is registered and covered by this file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { setup, suite, suiteSetup, teardown, test } from 'mocha';
import type { TerminalLaunch } from '../../../client/src/commands';
import type { EsshExtensionApi } from '../../../client/src/extension';
import type { ClearCacheResult, LookupItem } from '../../../server/src/lsp/ext';
import {
	closeAllEditors, diagnosticsOf, esshApi, fileUri, openDoc, positionOf, relativePath, resetRegistryView, settleRegistryView, sleep, waitFor, waitForDiagnostic,
} from './util';

/** The commands this file exercises; the coverage test compares them with package.json. */
const COVERED = new Set<string>();

function run<T>(command: string, ...args: unknown[]): Thenable<T> {
	COVERED.add(command);
	return vscode.commands.executeCommand<T>(command, ...args);
}

function activeFile(): string | undefined {
	const editor = vscode.window.activeTextEditor;
	return editor ? relativePath(editor.document.uri) : undefined;
}

/**
 * Runs a command that shows a quick pick, waits for `ready`, then accepts the active item, again
 * every 300 ms until the command settles (an accept sent before the pick is shown does nothing).
 */
async function runAndAccept<T>(command: string, ready: () => Promise<unknown>, ...args: unknown[]): Promise<T | undefined> {
	let settled = false;
	const pending = Promise.resolve(run<T>(command, ...args)).finally(() => {
		settled = true;
	});
	await ready();
	for (const started = Date.now(); !settled && Date.now() - started < 20_000;) {
		await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
		await Promise.race([pending, sleep(300)]);
	}
	return pending;
}

suite('commands', () => {
	let api: EsshExtensionApi;
	let webSetId: string;

	suiteSetup(async () => {
		api = await esshApi();
		const registry = await api.registry.reload();
		const web = registry?.sets.find(set => set.hosts.some(host => host.name === 'db01'));
		assert.ok(web, 'the web set is loaded');
		webSetId = web.id;
	});

	// Every test starts with no filter, the fixture's registry loaded and the view's items fetched.
	setup(async () => {
		await resetRegistryView(api);
	});

	teardown(async () => {
		await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
		await api.registryTree.setFilter(undefined);
		await closeAllEditors();
		for (const terminal of vscode.window.terminals) {
			terminal.dispose();
		}
	});

	test('essh.openLocation and essh.goToDefinition open a location from the tree', async () => {
		const db01 = api.registry.current()!.sets.find(set => set.id === webSetId)!.hosts.find(host => host.name === 'db01')!;
		assert.equal(await run('essh.openLocation', db01.location), true);
		assert.equal(activeFile(), 'web/.esshconfig_override.lua');
		await closeAllEditors();
		await run('essh.goToDefinition', { kind: 'host', setId: webSetId, name: 'db01', location: db01.location });
		assert.equal(activeFile(), 'web/.esshconfig_override.lua');
		assert.equal(vscode.window.activeTextEditor!.selection.start.line, db01.location.range.start.line);
	});

	test('essh.goToHost and essh.goToTask take a name', async () => {
		await run('essh.goToHost', 'cache01');
		assert.equal(activeFile(), 'web/.essh/lib/common.lua');
		await run('essh.goToTask', webSetId, 'deploy');
		assert.equal(activeFile(), 'web/.esshconfig.lua');
		const line = vscode.window.activeTextEditor!.selection.start.line;
		assert.match(vscode.window.activeTextEditor!.document.lineAt(line).text, /task "deploy"/);
	});

	test('essh.goToHost without arguments uses the name under the cursor', async () => {
		const document = await openDoc('web/.esshconfig.lua');
		const editor = await vscode.window.showTextDocument(document);
		const at = positionOf(document, '"db01"', 0, 2);
		editor.selection = new vscode.Selection(at, at);
		await run('essh.goToHost');
		await waitFor('the override file to open', () => activeFile() === 'web/.esshconfig_override.lua' || undefined);
	});

	test('essh.findReferences opens the references of a location', async () => {
		const db01 = api.registry.current()!.sets.find(set => set.id === webSetId)!.hosts.find(host => host.name === 'db01')!;
		await run('essh.findReferences', db01.location);
		assert.equal(activeFile(), 'web/.esshconfig_override.lua');
		await vscode.commands.executeCommand('closeReferenceSearch');
	});

	test('essh.lookupHosts previews as the glob matches and opens the accepted host', async () => {
		const picked = await runAndAccept<LookupItem>('essh.lookupHosts',
			() => waitFor('the preview of db01', () => activeFile() === 'web/.esshconfig_override.lua' || undefined), 'db0*');
		assert.equal(picked?.name, 'db01');
	});

	test('essh.lookupTag lists a tag\'s hosts and opens the accepted one', async () => {
		const picked = await runAndAccept<LookupItem>('essh.lookupTag', async () => undefined, 'db');
		assert.equal(picked?.name, 'db01');
		await waitFor('db01 to open', () => activeFile() === 'web/.esshconfig_override.lua' || undefined);
	});

	test('essh.showTaskHosts lists a task\'s resolved hosts', async () => {
		await runAndAccept('essh.showTaskHosts', async () => undefined, webSetId, 'restart');
		// restart targets only web02.
		await waitFor('web02 to open', () => {
			const editor = vscode.window.activeTextEditor;
			return editor && /host "web02"/.test(editor.document.lineAt(editor.selection.start.line).text) || undefined;
		});
	});

	test('essh.showSshConfig shows the generated ssh_config read-only', async () => {
		const uri = await run<vscode.Uri>('essh.showSshConfig', { kind: 'host', setId: webSetId, name: 'web01' });
		assert.ok(uri, 'a document uri');
		const document = await vscode.workspace.openTextDocument(uri);
		assert.match(document.getText(), /Host web01\n/);
		assert.match(document.getText(), /HostName 10\.0\.0\.11/);
		assert.match(document.getText(), /User deploy/);
		const whole = await run<vscode.Uri>('essh.showSshConfig', { kind: 'host', setId: webSetId, name: 'db01' });
		assert.match((await vscode.workspace.openTextDocument(whole)).getText(), /HostName 10\.0\.0\.21/);
	});

	test('essh.copyName copies a name to the clipboard', async () => {
		assert.equal(await run('essh.copyName', { kind: 'host', setId: webSetId, name: 'bastion' }), 'bastion');
		assert.equal(await vscode.env.clipboard.readText(), 'bastion');
	});

	test('essh.runTask opens a terminal in the set\'s directory with essh.path and the task', async () => {
		const launch = await run<TerminalLaunch>('essh.runTask', webSetId, 'deploy');
		assert.equal(launch.started, true, launch.reason);
		assert.equal(launch.commandLine, 'echo deploy');
		assert.equal(path.basename(launch.cwd ?? ''), 'web');
		await waitFor('the terminal', () => vscode.window.terminals.find(terminal => terminal.name === launch.terminalName));
	});

	test('essh.connect opens a terminal for a host', async () => {
		const launch = await run<TerminalLaunch>('essh.connect', { kind: 'host', setId: webSetId, name: 'web02' });
		assert.equal(launch.started, true, launch.reason);
		assert.equal(launch.commandLine, 'echo web02');
		await waitFor('the terminal', () => vscode.window.terminals.find(terminal => terminal.name === launch.terminalName));
	});

	test('essh.registry.* filter, clear and refresh the view; essh.revealInRegistry selects', async () => {
		await run('essh.registry.filterByPattern', 'mon*');
		assert.deepEqual(api.registryTree.getFilter(), { kind: 'pattern', pattern: 'mon*' });
		await run('essh.registry.filterByTag', 'db');
		assert.deepEqual(api.registryTree.getFilter(), { kind: 'tag', tag: 'db' });
		await run('essh.registry.clearFilter');
		assert.equal(api.registryTree.getFilter(), undefined);
		await run('essh.registry.refresh');
		await vscode.commands.executeCommand('essh.registry.focus');
		await waitFor('the registry view to be visible', () => api.registryTree.view.visible || undefined);
		await settleRegistryView(api);
		const document = await openDoc('web/.esshconfig_override.lua');
		const editor = await vscode.window.showTextDocument(document);
		const at = positionOf(document, 'db01');
		editor.selection = new vscode.Selection(at, at);
		const node = await run<{ name?: string }>('essh.revealInRegistry');
		assert.equal(node?.name, 'db01');
	});

	test('essh.createConfig creates a starter .esshconfig.lua that becomes a set', async () => {
		const created = fileUri('.esshconfig.lua');
		try {
			const uri = await run<vscode.Uri>('essh.createConfig');
			assert.equal(uri?.toString(), created.toString());
			assert.ok(fs.existsSync(created.fsPath));
			await waitFor('the new set', async () => (await api.registry.reload())?.sets.some(set => set.hosts.some(host => host.name === 'web-01')) || undefined);
			assert.deepEqual(diagnosticsOf(created).filter(diagnostic => diagnostic.severity === vscode.DiagnosticSeverity.Error), []);
		} finally {
			// The new document stays open in VS Code for a while after its editor closes, so the
			// server may keep the set until then; nothing after this test depends on it.
			await closeAllEditors();
			fs.rmSync(created.fsPath, { force: true });
		}
	});

	test('essh.restartServer restarts the server and the diagnostics come back', async () => {
		const before = api.getClient();
		await run('essh.restartServer');
		assert.ok(api.getClient()?.isRunning());
		assert.equal(api.getClient(), before, 'the same client restarted');
		await waitForDiagnostic(fileUri('ops/.esshconfig.lua'), 'host-ssh-prop-type');
		assert.ok(api.registry.current()?.sets.some(set => set.id === webSetId));
	});

	test('essh.clearCache clears the state the server keeps in the workspace storage folder', async () => {
		await run('essh.clearCache');
		// The desktop extension passes its storage folder as cacheDirectory, so this server keeps state.
		const result = await api.getClient()!.sendRequest<ClearCacheResult>('essh/clearCache', null);
		assert.equal(result.enabled, true);
		assert.equal(typeof result.removed, 'number');
		await waitForDiagnostic(fileUri('ops/.esshconfig.lua'), 'host-ssh-prop-type');
	});

	test('essh.luals.remove takes our entry out of the user settings; essh.luals.register puts it back', async () => {
		// The harness installs a stand-in carrying the sumneko.lua id (test/e2e/standins); luals.test.ts checks the details.
		assert.equal(await api.luals.ready, 'registered');
		const userThirdParty = () => vscode.workspace.getConfiguration('Lua').inspect<string[]>('workspace.userThirdParty')?.globalValue;
		assert.deepEqual(userThirdParty(), [api.luals.addonRoot]);
		await run('essh.luals.remove');
		assert.equal(userThirdParty(), undefined);
		await run('essh.luals.register');
		assert.deepEqual(userThirdParty(), [api.luals.addonRoot]);
	});

	test('every contributed essh.* command is registered and covered here', async () => {
		const manifest = vscode.extensions.getExtension('essh-tools.essh-tools')!.packageJSON as { contributes?: { commands?: { command: string }[] } };
		const contributed = (manifest.contributes?.commands ?? []).map(entry => entry.command);
		assert.ok(contributed.length > 0, 'the manifest contributes commands');
		const registered = new Set(await vscode.commands.getCommands(true));
		const notRegistered = contributed.filter(command => !registered.has(command));
		assert.deepEqual(notRegistered, [], 'contributed but not registered');
		// Focus commands that VS Code generates for the view are not ours to test.
		const uncovered = contributed.filter(command => !COVERED.has(command) && !command.endsWith('.focus'));
		assert.deepEqual(uncovered, [], 'contributed but not exercised by this suite');
	});
});
