// Stand-in for the Lua extension's API (vscode-lua 3.11+ exports setConfig): it records each call
// and applies `add` to the folder's Lua setting, as the real extension does when no .luarc.json exists.
'use strict';
const vscode = require('vscode');

const calls = [];

async function setConfig(changes) {
	calls.push(changes);
	for (const change of changes) {
		if (change.action !== 'add') {
			continue;
		}
		const key = change.key.replace(/^Lua\./, '');
		const config = vscode.workspace.getConfiguration('Lua', change.uri);
		const current = config.inspect(key)?.workspaceFolderValue ?? [];
		await config.update(key, [...current, change.value], vscode.ConfigurationTarget.WorkspaceFolder);
	}
}

exports.activate = () => ({ setConfig, calls });
exports.deactivate = () => undefined;
