/**
 * Registers ESSH's definitions with the Lua extension `sumneko.lua` (lua-language-server, "LuaLS")
 * when it is installed (client layer; the decisions are in `lualsSettings.ts`). The addon that the
 * build generates (`dist/luals-addon/essh`) is copied to the extension's global storage, a path
 * without our version number, so updates replace its files in place. That folder's parent is added
 * once to the user setting `Lua.workspace.userThirdParty`, never to workspace settings; LuaLS then
 * offers the addon itself in folders holding ESSH configs. Where the user turned
 * `Lua.workspace.checkThirdParty` off, LuaLS never offers it, so we ask once per folder and, if the
 * user agrees, add the library through the `sumneko.lua` API (which writes where LuaLS reads).
 * `essh.luals.integration: "off"` and the remove command take back everything we added.
 */
import * as vscode from 'vscode';
import {
	addEntry, integrationMode, planAddonCopy, removeEntry, shouldOfferLibrary,
	type AddonFileText, type SettingUpdate,
} from './lualsSettings';

/** The extension id of lua-language-server's VS Code extension. */
export const LUALS_EXTENSION_ID = 'sumneko.lua';

const ADDON = 'essh';
const REMOVED_KEY = 'essh.luals.removed';
const OFFERED_KEY = 'essh.luals.offeredFolders';

/** A change for the `sumneko.lua` API's `setConfig` (vscode-lua 3.11.0+). */
interface LuaConfigChange {
	action: 'add' | 'set' | 'prop';
	key: string;
	value: unknown;
	uri: vscode.Uri;
}

interface LuaExtensionApi {
	setConfig?(changes: LuaConfigChange[]): unknown;
}

/** What the last registration found; tests read it. */
export type LualsStatus = 'registered' | 'no-luals' | 'off' | 'removed';

/** What the extension exposes about the integration (tests use it through the extension's API). */
export interface LualsIntegrationApi {
	/** The folder listed in `Lua.workspace.userThirdParty` (the addon is its `essh` subfolder). */
	readonly addonRoot: string;
	/** The addon's `library` folder, the path that `Lua.workspace.library` gets in a folder. */
	readonly libraryPath: string;
	/** Resolves when the registration that activation started has settled. */
	readonly ready: Promise<LualsStatus>;
	/** Registers (or, when turned off, unregisters) now, as activation does. */
	sync(): Promise<LualsStatus>;
	/**
	 * Offers the library to each workspace folder that needs it (checkThirdParty off, ESSH configs
	 * present, not asked before); `ask` stands in for the notification. Resolves to the folders
	 * the library was added to.
	 */
	offerLibrary(ask?: (folder: vscode.WorkspaceFolder) => Thenable<boolean>): Promise<string[]>;
	/** What the remove command does: takes back every entry we added and deletes the copied addon. */
	remove(): Promise<void>;
}

function caseInsensitivePaths(): boolean {
	// The browser build replaces `process.platform` with "browser".
	return process.platform === 'win32' || process.platform === 'darwin';
}

async function readTree(root: vscode.Uri, prefix = ''): Promise<AddonFileText[]> {
	const result: AddonFileText[] = [];
	let entries: [string, vscode.FileType][];
	try {
		// Stat first: reading a missing folder makes VS Code log a stack trace.
		await vscode.workspace.fs.stat(root);
		entries = await vscode.workspace.fs.readDirectory(root);
	} catch {
		return result;
	}
	for (const [name, type] of entries) {
		const child = vscode.Uri.joinPath(root, name);
		const relative = prefix ? `${prefix}/${name}` : name;
		if (type & vscode.FileType.Directory) {
			result.push(...await readTree(child, relative));
		} else if (type & vscode.FileType.File) {
			result.push({ path: relative, text: new TextDecoder().decode(await vscode.workspace.fs.readFile(child)) });
		}
	}
	return result;
}

/**
 * Wires the integration: registration at activation, the setting, the commands, and LuaLS appearing
 * later. `available` is false in the browser build: LuaLS runs only as a Node program, so there is
 * nothing to register with, and the commands just say so.
 */
export function registerLualsIntegration(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, available: boolean): LualsIntegrationApi {
	const rootUri = vscode.Uri.joinPath(context.globalStorageUri, 'luals-addons');
	const addonUri = vscode.Uri.joinPath(rootUri, ADDON);
	const libraryUri = vscode.Uri.joinPath(addonUri, 'library');
	const bundledUri = vscode.Uri.joinPath(context.extensionUri, 'dist', 'luals-addon', ADDON);
	const caseInsensitive = caseInsensitivePaths();

	const apply = async (key: string, target: vscode.ConfigurationTarget, scope: vscode.Uri | undefined, update: SettingUpdate) => {
		if (update.kind === 'unchanged') {
			return;
		}
		try {
			await vscode.workspace.getConfiguration('Lua', scope).update(key, update.value, target);
			log.info(`LuaLS integration: ${update.value === undefined ? 'removed' : 'updated'} Lua.${key} (${vscode.ConfigurationTarget[target]}${scope ? ` ${scope.fsPath}` : ''})`);
		} catch (error) {
			// The Lua settings are only registered while sumneko.lua is installed.
			log.warn(`LuaLS integration: could not update Lua.${key}: ${error instanceof Error ? error.message : String(error)}`);
		}
	};

	const copyAddon = async () => {
		const bundled = await readTree(bundledUri);
		if (bundled.length === 0) {
			throw new Error(`the bundled LuaLS addon is missing (${bundledUri.fsPath})`);
		}
		const plan = planAddonCopy(bundled, await readTree(addonUri));
		for (const file of plan.write) {
			const target = vscode.Uri.joinPath(addonUri, ...file.path.split('/'));
			const temporary = target.with({ path: `${target.path}.tmp` });
			await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
			// Written beside the target and renamed over it, so LuaLS never reads half a file.
			await vscode.workspace.fs.writeFile(temporary, new TextEncoder().encode(file.text));
			await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
		}
		for (const relative of plan.remove) {
			await vscode.workspace.fs.delete(vscode.Uri.joinPath(addonUri, ...relative.split('/')), { useTrash: false });
		}
		if (plan.write.length > 0 || plan.remove.length > 0) {
			log.info(`LuaLS integration: addon in ${addonUri.fsPath} (${plan.write.length} file(s) written, ${plan.remove.length} removed)`);
		}
	};

	const unregister = async () => {
		const lua = vscode.workspace.getConfiguration('Lua');
		await apply('workspace.userThirdParty', vscode.ConfigurationTarget.Global, undefined,
			removeEntry(lua.inspect('workspace.userThirdParty')?.globalValue, rootUri.fsPath, caseInsensitive));
		const library = lua.inspect('workspace.library');
		await apply('workspace.library', vscode.ConfigurationTarget.Global, undefined, removeEntry(library?.globalValue, libraryUri.fsPath, caseInsensitive));
		await apply('workspace.library', vscode.ConfigurationTarget.Workspace, undefined, removeEntry(library?.workspaceValue, libraryUri.fsPath, caseInsensitive));
		for (const folder of vscode.workspace.workspaceFolders ?? []) {
			const folderValue = vscode.workspace.getConfiguration('Lua', folder.uri).inspect('workspace.library')?.workspaceFolderValue;
			await apply('workspace.library', vscode.ConfigurationTarget.WorkspaceFolder, folder.uri, removeEntry(folderValue, libraryUri.fsPath, caseInsensitive));
		}
		try {
			await vscode.workspace.fs.delete(rootUri, { recursive: true, useTrash: false });
		} catch {
			// Nothing was copied.
		}
	};

	const offerLibrary = async (ask: (folder: vscode.WorkspaceFolder) => Thenable<boolean>) => {
		const added: string[] = [];
		const lua = vscode.extensions.getExtension<LuaExtensionApi>(LUALS_EXTENSION_ID);
		if (!available || !lua || integrationMode(vscode.workspace.getConfiguration('essh').get('luals.integration')) === 'off' || context.globalState.get(REMOVED_KEY)) {
			return added;
		}
		const offered = new Set(context.workspaceState.get<string[]>(OFFERED_KEY, []));
		for (const folder of vscode.workspace.workspaceFolders ?? []) {
			const config = vscode.workspace.getConfiguration('Lua', folder.uri);
			const needed = shouldOfferLibrary({
				checkThirdParty: config.get('workspace.checkThirdParty'),
				library: config.get('workspace.library'),
				libraryPath: libraryUri.fsPath,
				askedBefore: offered.has(folder.uri.toString()),
				caseInsensitive,
			});
			if (!needed) {
				continue;
			}
			const configs = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/{.esshconfig.lua,esshconfig.lua}'), '**/node_modules/**', 1);
			if (configs.length === 0) {
				continue;
			}
			offered.add(folder.uri.toString());
			await context.workspaceState.update(OFFERED_KEY, [...offered]);
			if (!await ask(folder)) {
				continue;
			}
			const api = lua.isActive ? lua.exports : await lua.activate();
			const change: LuaConfigChange = { action: 'add', key: 'Lua.workspace.library', value: libraryUri.fsPath, uri: folder.uri };
			if (typeof api?.setConfig === 'function') {
				// LuaLS writes where it reads: an existing .luarc.json, otherwise the folder's settings.
				await api.setConfig([change]);
			} else {
				await apply('workspace.library', vscode.ConfigurationTarget.WorkspaceFolder, folder.uri,
					addEntry(config.inspect('workspace.library')?.workspaceFolderValue, libraryUri.fsPath, caseInsensitive));
			}
			log.info(`LuaLS integration: added ${libraryUri.fsPath} to Lua.workspace.library of ${folder.uri.fsPath}`);
			added.push(folder.uri.fsPath);
		}
		return added;
	};

	const askWithNotification = async (folder: vscode.WorkspaceFolder) => {
		const add = 'Add ESSH Definitions';
		const choice = await vscode.window.showInformationMessage(
			`The Lua extension does not load third-party definitions in "${folder.name}" (Lua.workspace.checkThirdParty is off), so it reports ESSH's host, task and essh as undefined. Add ESSH's definitions to this folder's Lua.workspace.library?`,
			add, 'Not Now',
		);
		return choice === add;
	};

	let running: Promise<LualsStatus> = Promise.resolve('no-luals');
	const sync = () => {
		// One registration at a time: settings writes must not interleave.
		running = running.catch(() => 'no-luals' as const).then(async (): Promise<LualsStatus> => {
			if (!available) {
				return 'no-luals';
			}
			if (integrationMode(vscode.workspace.getConfiguration('essh').get('luals.integration')) === 'off') {
				await unregister();
				return 'off';
			}
			if (context.globalState.get(REMOVED_KEY)) {
				return 'removed';
			}
			if (!vscode.extensions.getExtension(LUALS_EXTENSION_ID)) {
				return 'no-luals';
			}
			await copyAddon();
			await apply('workspace.userThirdParty', vscode.ConfigurationTarget.Global, undefined,
				addEntry(vscode.workspace.getConfiguration('Lua').inspect('workspace.userThirdParty')?.globalValue, rootUri.fsPath, caseInsensitive));
			return 'registered';
		});
		return running;
	};

	const remove = async () => {
		if (!available) {
			return;
		}
		await context.globalState.update(REMOVED_KEY, true);
		await (running = running.catch(() => 'no-luals' as const).then(async () => {
			await unregister();
			return 'removed' as const;
		}));
	};

	const report = (error: unknown) => {
		log.error(`LuaLS integration failed: ${error instanceof Error ? error.message : String(error)}`);
		return 'no-luals' as const;
	};
	const syncAndOffer = () => sync().then(async status => {
		if (status === 'registered') {
			await offerLibrary(askWithNotification);
		}
		return status;
	}).catch(report);

	const unavailable = 'The Lua extension (sumneko.lua) does not run in the browser, so ESSH has no definitions to register with it here.';
	const ready = syncAndOffer();
	let lualsInstalled = vscode.extensions.getExtension(LUALS_EXTENSION_ID) !== undefined;
	context.subscriptions.push(
		vscode.commands.registerCommand('essh.luals.remove', async () => {
			if (!available) {
				void vscode.window.showInformationMessage(unavailable);
				return;
			}
			await remove();
			void vscode.window.showInformationMessage('ESSH removed its definitions from the Lua extension\'s settings. Run "ESSH: Register Definitions with the Lua Extension" to add them again.');
		}),
		vscode.commands.registerCommand('essh.luals.register', async () => {
			if (!available) {
				void vscode.window.showInformationMessage(unavailable);
				return 'no-luals';
			}
			await context.globalState.update(REMOVED_KEY, undefined);
			return syncAndOffer();
		}),
		vscode.workspace.onDidChangeConfiguration(event => {
			// A change of Lua.workspace.checkThirdParty is looked at on the next activation, not
			// while the user is still editing settings.
			if (event.affectsConfiguration('essh.luals.integration')) {
				void syncAndOffer();
			}
		}),
		vscode.extensions.onDidChange(() => {
			const installed = vscode.extensions.getExtension(LUALS_EXTENSION_ID) !== undefined;
			if (installed && !lualsInstalled) {
				void syncAndOffer();
			}
			lualsInstalled = installed;
		}),
	);

	return {
		addonRoot: rootUri.fsPath,
		libraryPath: libraryUri.fsPath,
		ready,
		sync,
		offerLibrary: ask => offerLibrary(ask ?? askWithNotification),
		remove,
	};
}
