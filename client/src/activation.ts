/**
 * The extension's activation, shared by the desktop entry (extension.ts, server in a Node process)
 * and the browser entry (web/extension.ts, server in a Worker): `activateExtension` starts the
 * language client its `ClientPlatform` creates, the registry view, the status item and the commands,
 * and returns the API that editor tests use (`ready` resolves once the server runs and the first
 * registry is loaded, so tests never sleep; `serverPid` and `serverNotices` let them crash the server
 * and see what the user was told); `deactivateExtension` stops the client. No Node import.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, DocumentSelector } from 'vscode-languageclient';
import {
	ClearCacheRequestMethod, LookupRequestMethod, RegistryChangedNotificationMethod, RegistryRequestMethod,
	type ClearCacheResult, type LookupParams, type LookupResult, type RegistryResult,
} from '../../server/src/lsp/ext';
import type { LanguageClientHooks } from './clientOptions';
import { registerCommands } from './commands';
import { CrashPolicy } from './crashPolicy';
import { registerLualsIntegration, type LualsIntegrationApi } from './luals/lualsIntegration';
import { createRegistryTree, RegistryStore, type RegistryTreeApi } from './registryTree';
import { createStatusBar, type StatusBarApi } from './statusBar';

/** What `activate` returns; the e2e suite reads it from `extension.exports`. */
export interface EsshExtensionApi {
	/** Resolves when the server is running and the first registry has been loaded; rejects if the server cannot start. */
	ready: Promise<void>;
	registryTree: RegistryTreeApi;
	/** The last `essh/registry` result and a way to reload it. */
	registry: {
		current(): RegistryResult | undefined;
		reload(): Promise<RegistryResult | undefined>;
		onDidChange: vscode.Event<RegistryResult | undefined>;
	};
	statusBar: StatusBarApi;
	/** The running client (undefined after deactivate). */
	getClient(): BaseLanguageClient | undefined;
	/** Sends `essh/lookup`. */
	lookup(params: LookupParams): Promise<LookupResult>;
	/** Restarts the server and resolves when the registry is loaded again. */
	restartServer(): Promise<void>;
	/** The process id of the running language server (undefined while none runs). */
	serverPid(): number | undefined;
	/** Every message shown to the user about the server (crash notices), oldest first. */
	serverNotices(): readonly { kind: 'warning' | 'error'; message: string }[];
	/** The definitions registered with the Lua extension (sumneko.lua), when it is installed. */
	luals: LualsIntegrationApi;
}

/** What differs between the desktop and the browser extension. */
export interface ClientPlatform {
	/** Creates (but does not start) the language client. */
	createClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, hooks: LanguageClientHooks): BaseLanguageClient;
	/** The document selector for the current settings. */
	documentSelector(): DocumentSelector;
	/** The process id of the server, where it is a process. */
	serverPid(client: BaseLanguageClient): number | undefined;
	/** Whether run task and connect can work: they need a terminal that runs essh (not in a browser). */
	canRun: boolean;
	/** Whether the Lua extension (sumneko.lua, Node only) can be there to take ESSH's definitions. */
	lualsIntegration: boolean;
}

let client: BaseLanguageClient | undefined;

/** Starts everything; see `EsshExtensionApi`. */
export function activateExtension(context: vscode.ExtensionContext, platform: ClientPlatform): EsshExtensionApi {
	const outputChannel = vscode.window.createOutputChannel('ESSH', { log: true });
	context.subscriptions.push(outputChannel);
	const crashes = new CrashPolicy();
	const notices: { kind: 'warning' | 'error'; message: string }[] = [];
	// Created before the status item exists; the hook forwards to it once it does.
	const progressTarget: { statusBar?: StatusBarApi } = {};
	const languageClient = platform.createClient(context, outputChannel, {
		crashes,
		notify: (kind, message) => {
			notices.push({ kind, message });
			const shown = kind === 'error' ? vscode.window.showErrorMessage(message, 'Show Output') : vscode.window.showWarningMessage(message, 'Show Output');
			void shown.then(choice => {
				if (choice) {
					outputChannel.show(true);
				}
			});
		},
		onProgress: (token, value) => progressTarget.statusBar?.progress(token, value),
	});
	client = languageClient;

	const store = new RegistryStore(async () => (languageClient.isRunning() ? languageClient.sendRequest<RegistryResult>(RegistryRequestMethod, {}) : undefined));
	context.subscriptions.push(store);
	languageClient.onNotification(RegistryChangedNotificationMethod, () => void store.reload());
	const lookup = async (params: LookupParams) => {
		if (!languageClient.isRunning()) {
			throw new Error('The ESSH language server is not running.');
		}
		return languageClient.sendRequest<LookupResult>(LookupRequestMethod, params);
	};

	const registryTree = createRegistryTree(context, store);
	const status = createStatusBar(context, store);
	progressTarget.statusBar = status;
	registerCommands(context, { store, tree: registryTree, lookup, canRun: platform.canRun });
	const luals = registerLualsIntegration(context, outputChannel, platform.lualsIntegration);
	// Menus show run task and connect only where they can work.
	void vscode.commands.executeCommand('setContext', 'essh.canRun', platform.canRun);

	const start = async () => {
		status.setStarting(true);
		try {
			await languageClient.start();
			store.clear();
			await store.reload();
		} finally {
			status.setStarting(false);
		}
	};
	const restartServer = async () => {
		status.setStarting(true);
		crashes.reset();
		try {
			languageClient.clientOptions.documentSelector = platform.documentSelector();
			if (languageClient.isRunning()) {
				// The desktop client restarts in one step; the browser client stops and starts a new Worker.
				const restartable = languageClient as BaseLanguageClient & { restart?(): Promise<void> };
				if (restartable.restart) {
					await restartable.restart();
				} else {
					await languageClient.stop();
					await languageClient.start();
				}
			} else {
				await languageClient.start();
			}
			store.clear();
			await store.reload();
		} finally {
			status.setStarting(false);
		}
	};
	context.subscriptions.push(
		vscode.commands.registerCommand('essh.restartServer', () => restartServer()),
		vscode.commands.registerCommand('essh.clearCache', async () => {
			// The server deletes only its own records; the next start is cold, then keeps its state again.
			try {
				const result = await languageClient.sendRequest<ClearCacheResult>(ClearCacheRequestMethod, null);
				void vscode.window.showInformationMessage(result.enabled ? `ESSH: cache cleared (${result.removed} file${result.removed === 1 ? '' : 's'} deleted).` : 'ESSH: this server keeps no cache.');
			} catch (error) {
				void vscode.window.showWarningMessage(`ESSH: the cache could not be cleared (${error instanceof Error ? error.message : String(error)}).`);
			}
		}),
		languageClient.onDidChangeState(event => {
			if (event.newState !== 2 /* State.Running */) {
				// A stopped server never ends its progress.
				status.clearProgress();
			} else if (store.loaded) {
				// A crash restarted the server with fresh revisions: reload, showing it as starting
				// (and so its indexing progress) until the registry is in again.
				store.clear();
				status.setStarting(true);
				void store.reload().finally(() => status.setStarting(false));
			}
		}),
		vscode.workspace.onDidChangeConfiguration(event => {
			// The document selector is fixed per client, so a change of the file globs restarts it.
			if (event.affectsConfiguration('essh.files.include') || event.affectsConfiguration('essh.userConfig')) {
				void restartServer();
			}
		}),
	);

	const ready = start().catch(error => {
		outputChannel.error(`The ESSH language server could not start: ${error instanceof Error ? error.message : String(error)}`);
		throw error;
	});
	// Activation itself never fails on a server that cannot start; `ready` reports it.
	ready.catch(() => undefined);

	return {
		ready,
		registryTree,
		registry: { current: () => store.current, reload: () => store.reload(), onDidChange: store.onDidChange },
		statusBar: status,
		getClient: () => client,
		lookup,
		restartServer,
		serverPid: () => (languageClient.isRunning() ? platform.serverPid(languageClient) : undefined),
		serverNotices: () => notices,
		luals,
	};
}

/** Stops the client (and so the server). */
export async function deactivateExtension(): Promise<void> {
	const running = client;
	client = undefined;
	if (running) {
		await running.stop().catch(() => undefined);
	}
}
