/**
 * The LuaLS integration in a real VS Code, against a stand-in extension that carries the
 * `sumneko.lua` id, contributes the `Lua.workspace.*` settings and records `setConfig` calls
 * (test/e2e/standins/sumneko.lua, installed by the harness). Checks that activation copies the
 * addon to a version-free global-storage folder and adds exactly one user-settings entry and
 * nothing to the workspace; that an update replaces files in place without a second entry; that
 * the library is offered once where checkThirdParty is off and applied through the API; and that
 * the remove command and `essh.luals.integration: "off"` leave the user settings as they were.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import type { EsshExtensionApi } from '../../../client/src/extension';
import { EXTENSION_ID, esshApi, fileUri, waitFor } from './util';

interface StandinApi {
	calls: { action: string; key: string; value: unknown; uri: vscode.Uri }[][];
}

function lua(scope?: vscode.Uri) {
	return vscode.workspace.getConfiguration('Lua', scope);
}

function userThirdParty(): unknown {
	return lua().inspect('workspace.userThirdParty')?.globalValue;
}

function workspaceSettingsText(): string {
	const file = fileUri('.vscode/settings.json').fsPath;
	return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

suite('LuaLS integration', () => {
	let api: EsshExtensionApi;
	let bundled: string;
	let installed: string;
	const otherAddons = path.join(path.sep, 'elsewhere', 'lua-addons');

	suiteSetup(async () => {
		api = await esshApi();
		assert.equal(await api.luals.ready, 'registered');
		bundled = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'luals-addon', 'essh');
		installed = path.join(api.luals.addonRoot, 'essh');
	});

	suiteTeardown(async () => {
		await lua().update('workspace.checkThirdParty', undefined, vscode.ConfigurationTarget.Workspace);
		await vscode.workspace.getConfiguration('essh').update('luals.integration', undefined, vscode.ConfigurationTarget.Global);
	});

	test('the stand-in carries the sumneko.lua id', () => {
		assert.ok(vscode.extensions.getExtension('sumneko.lua'));
	});

	test('activation copied the addon to a version-free folder and added one user entry, nothing to the workspace', () => {
		const version = String(vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.version);
		assert.ok(!api.luals.addonRoot.includes(version), `${api.luals.addonRoot} has no version number`);
		for (const file of ['config.json', 'library/essh.lua', 'library/lib/json.lua']) {
			assert.equal(fs.readFileSync(path.join(installed, file), 'utf8'), fs.readFileSync(path.join(bundled, file), 'utf8'), file);
		}
		assert.deepEqual(userThirdParty(), [api.luals.addonRoot]);
		assert.equal(lua().inspect('workspace.userThirdParty')?.workspaceValue, undefined);
		assert.equal(lua().inspect('workspace.library')?.globalValue, undefined);
		assert.doesNotMatch(workspaceSettingsText(), /"Lua\./);
	});

	test('an update replaces the files in place; registering again keeps the user\'s entries and adds no second one', async () => {
		const essh = path.join(installed, 'library', 'essh.lua');
		const stale = path.join(installed, 'library', 'lib', 'dropped.lua');
		fs.writeFileSync(essh, '---@meta _\n-- an older version\n');
		fs.writeFileSync(stale, '---@meta dropped\n');
		await lua().update('workspace.userThirdParty', [otherAddons, api.luals.addonRoot], vscode.ConfigurationTarget.Global);
		assert.equal(await api.luals.sync(), 'registered');
		assert.equal(fs.readFileSync(essh, 'utf8'), fs.readFileSync(path.join(bundled, 'library', 'essh.lua'), 'utf8'));
		assert.ok(!fs.existsSync(stale), 'a file no longer shipped is removed');
		assert.deepEqual(userThirdParty(), [otherAddons, api.luals.addonRoot]);
	});

	test('where checkThirdParty is off, the library is offered once and applied through the sumneko.lua API', async () => {
		await lua().update('workspace.checkThirdParty', 'Disable', vscode.ConfigurationTarget.Workspace);
		const asked: string[] = [];
		const added = await api.luals.offerLibrary(async folder => {
			asked.push(folder.name);
			return true;
		});
		const folder = vscode.workspace.workspaceFolders![0];
		assert.deepEqual(asked, [folder.name]);
		assert.deepEqual(added, [folder.uri.fsPath]);
		const standin = vscode.extensions.getExtension<StandinApi>('sumneko.lua')!.exports;
		assert.equal(standin.calls.length, 1);
		assert.deepEqual(standin.calls[0].map(change => [change.action, change.key, change.value, change.uri.toString()]),
			[['add', 'Lua.workspace.library', api.luals.libraryPath, folder.uri.toString()]]);
		assert.deepEqual(lua(folder.uri).get('workspace.library'), [api.luals.libraryPath]);
		assert.equal(lua().inspect('workspace.library')?.globalValue, undefined, 'never in the user settings');

		const again = await api.luals.offerLibrary(async () => {
			asked.push('again');
			return true;
		});
		assert.deepEqual(again, []);
		assert.deepEqual(asked, [folder.name], 'asked only once');
	});

	test('the remove command takes back what we added, keeps the rest, and stays removed', async () => {
		await vscode.commands.executeCommand('essh.luals.remove');
		assert.deepEqual(userThirdParty(), [otherAddons]);
		assert.ok(!fs.existsSync(api.luals.addonRoot), 'the copied addon is deleted');
		assert.equal(lua(vscode.workspace.workspaceFolders![0].uri).inspect('workspace.library')?.workspaceFolderValue, undefined);
		assert.doesNotMatch(workspaceSettingsText(), /"Lua\.workspace\.library"/);
		assert.equal(await api.luals.sync(), 'removed');
		assert.deepEqual(userThirdParty(), [otherAddons]);

		await vscode.commands.executeCommand('essh.luals.register');
		assert.deepEqual(userThirdParty(), [otherAddons, api.luals.addonRoot]);
		assert.ok(fs.existsSync(path.join(installed, 'library', 'essh.lua')));
	});

	test('essh.luals.integration "off" unregisters, and "auto" registers again; user settings end as they began', async () => {
		await vscode.workspace.getConfiguration('essh').update('luals.integration', 'off', vscode.ConfigurationTarget.Global);
		await waitFor('our entry to go', () => JSON.stringify(userThirdParty()) === JSON.stringify([otherAddons]));
		await waitFor('the addon folder to go', () => !fs.existsSync(api.luals.addonRoot));
		assert.equal(await api.luals.sync(), 'off');

		await vscode.workspace.getConfiguration('essh').update('luals.integration', undefined, vscode.ConfigurationTarget.Global);
		await waitFor('our entry to come back', () => JSON.stringify(userThirdParty()) === JSON.stringify([otherAddons, api.luals.addonRoot]));
		await lua().update('workspace.userThirdParty', undefined, vscode.ConfigurationTarget.Global);
		await vscode.commands.executeCommand('essh.luals.remove');
		assert.equal(userThirdParty(), undefined, 'no Lua key is left in the user settings');
		await vscode.commands.executeCommand('essh.luals.register');
		assert.deepEqual(userThirdParty(), [api.luals.addonRoot]);
	});
});
