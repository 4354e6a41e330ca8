/**
 * Builds the ESSH `LanguageClient` (client layer): the server is `dist/server.js` over node IPC;
 * the document selector is scheme `file`, language `lua` and the ESSH file patterns of
 * `essh.files.include` (plus the user config files), so the `lua` language id stays with LuaLS
 * and other Lua extensions; the server is restarted when it crashes, and the user is told once per
 * burst of crashes (`CrashPolicy`); the "ESSH" output channel carries its logs and
 * `essh.trace.server` traces the protocol (read by the client from its id); the server's
 * work-done progress is passed on (through the client's middleware) to the status item.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
	CloseAction, ErrorAction, LanguageClient, TransportKind,
	type DocumentSelector, type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import type { CrashPolicy } from './crashPolicy';
import type { ProgressValue } from './statusBarModel';

/** The default of `essh.files.include` (kept equal to the server's `DEFAULT_INCLUDE`). */
export const DEFAULT_INCLUDE = ['**/.esshconfig.lua', '**/esshconfig.lua', '**/.esshconfig_override.lua', '**/esshconfig_override.lua', '**/.essh/lib/**/*.lua'];

/** What the client reports to the rest of the extension. */
export interface LanguageClientHooks {
	/** Decides, per crash, whether to restart and what to tell the user. */
	crashes: CrashPolicy;
	/** Shows a message about the server to the user (a warning, or an error when it gave up). */
	notify(kind: 'warning' | 'error', message: string): void;
	/** One work-done progress value of the server (begin, report or end). */
	onProgress(token: string | number, value: ProgressValue): void;
}

/** The document selector for the current settings: one filter per include glob and user file. */
export function documentSelector(): DocumentSelector {
	const configuration = vscode.workspace.getConfiguration('essh');
	const include = configuration.get<string[]>('files.include', DEFAULT_INCLUDE);
	const patterns = [...(Array.isArray(include) && include.length > 0 ? include : DEFAULT_INCLUDE)];
	if (configuration.get<boolean>('userConfig.enabled', true)) {
		const directory = expandHome(configuration.get<string>('userConfig.directory', '~/.essh'));
		const posixDirectory = directory.split(path.sep).join('/');
		patterns.push(`${posixDirectory}/config.lua`, `${posixDirectory}/config_override.lua`, `${posixDirectory}/lib/**/*.lua`);
	}
	return patterns.map(pattern => ({ scheme: 'file', language: 'lua', pattern }));
}

/** Creates (but does not start) the client; `serverModule` is the absolute path of `dist/server.js`. */
export function createLanguageClient(serverModule: string, outputChannel: vscode.LogOutputChannel, hooks: LanguageClientHooks): LanguageClient {
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
	};
	const clientOptions: LanguageClientOptions = {
		documentSelector: documentSelector(),
		outputChannel,
		// The server pulls `essh` with workspace/configuration; this also pushes changes to it.
		synchronize: { configurationSection: 'essh' },
		errorHandler: restartingErrorHandler(outputChannel, hooks),
		diagnosticCollectionName: 'essh',
		middleware: {
			// Every work-done progress the server reports (it creates one while it indexes) passes here.
			handleWorkDoneProgress: (token, params, next) => {
				try {
					hooks.onProgress(token, params as ProgressValue);
				} finally {
					next(token, params);
				}
			},
		},
	};
	return new LanguageClient('essh', 'ESSH Language Server', serverOptions, clientOptions);
}

/**
 * Keeps the server running: a crash restarts it and the first crash of a burst says so once; after
 * too many crashes in a short time the client gives up, says so, and `ESSH: Restart Server` starts
 * it again (see `CrashPolicy`). The library's own messages are suppressed (`handled`), so the user
 * sees only these.
 */
function restartingErrorHandler(outputChannel: vscode.LogOutputChannel, hooks: LanguageClientHooks): ErrorHandler {
	return {
		error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
		closed: () => {
			const decision = hooks.crashes.closed(Date.now());
			if (!decision.restart) {
				outputChannel.error('The ESSH server crashed too often and was not restarted.');
				if (decision.notice) {
					hooks.notify('error', decision.notice);
				}
				return { action: CloseAction.DoNotRestart, handled: true };
			}
			outputChannel.warn('The ESSH server stopped unexpectedly; restarting it.');
			if (decision.notice) {
				hooks.notify('warning', decision.notice);
			}
			return { action: CloseAction.Restart, handled: true };
		},
	};
}

function expandHome(directory: string): string {
	if (directory === '~' || directory.startsWith('~/') || directory.startsWith('~\\')) {
		return path.join(os.homedir(), directory.slice(1));
	}
	return directory;
}
