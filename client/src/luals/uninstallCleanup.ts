/**
 * What the extension's `vscode:uninstall` script does (client layer, Node only, no `vscode`): VS
 * Code deletes an uninstalled extension's global storage but gives the script no settings API, so
 * the script takes our own `Lua.workspace.userThirdParty` entry out of the user settings files
 * itself. The entry is derived from each settings file's location (the global-storage folder next
 * to it), so only the exact path this extension added is ever removed, in any VS Code build.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeListEntry } from './settingsText';

/** The user-data folders of the VS Code builds (and code-server) on this machine that may hold our entry. */
export function userDataDirs(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string[] {
	if (env.VSCODE_PORTABLE) {
		return [path.join(env.VSCODE_PORTABLE, 'user-data')];
	}
	const base = platform === 'win32'
		? env.APPDATA || path.join(home, 'AppData', 'Roaming')
		: platform === 'darwin' ? path.join(home, 'Library', 'Application Support') : env.XDG_CONFIG_HOME || path.join(home, '.config');
	const products = ['Code', 'Code - Insiders', 'Code - OSS', 'VSCodium', 'VSCodium - Insiders'].map(product => path.join(base, product));
	return [...products, path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'code-server')];
}

/** The settings files of a user-data folder: the default profile's and every other profile's. */
function settingsFiles(userDataDir: string): string[] {
	const user = path.join(userDataDir, 'User');
	const profiles = path.join(user, 'profiles');
	const result = [path.join(user, 'settings.json')];
	if (fs.existsSync(profiles)) {
		for (const profile of fs.readdirSync(profiles)) {
			result.push(path.join(profiles, profile, 'settings.json'));
		}
	}
	return result.filter(file => fs.existsSync(file));
}

/**
 * Removes this extension's entry from `Lua.workspace.userThirdParty` in every settings file under
 * `dirs`; returns the files it changed. A file it cannot read or parse is left as it is.
 */
export function removeUserThirdPartyEntries(dirs: readonly string[], extensionId: string): string[] {
	const changed: string[] = [];
	for (const file of dirs.flatMap(settingsFiles)) {
		const entry = path.join(path.dirname(file), 'globalStorage', extensionId.toLowerCase(), 'luals-addons');
		try {
			const next = removeListEntry(fs.readFileSync(file, 'utf8'), 'Lua.workspace.userThirdParty', entry);
			if (next !== undefined) {
				const temporary = `${file}.essh-tools.tmp`;
				fs.writeFileSync(temporary, next);
				fs.renameSync(temporary, file);
				changed.push(file);
			}
		} catch {
			// Not ours to fix: leave the file as it is.
		}
	}
	return changed;
}
