/**
 * Builds the ESSH `LanguageClient` (client layer): the server is `dist/server.js` over node IPC;
 * the document selector is scheme `file`, language `lua` and the ESSH file patterns of
 * `essh.files.include` (plus the user config files), so the `lua` language id stays with LuaLS
 * and other Lua extensions; the server is restarted when it crashes; the "ESSH" output channel
 * carries its logs and `essh.trace.server` traces the protocol (read by the client from its id).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
	CloseAction, ErrorAction, LanguageClient, TransportKind,
	type DocumentSelector, type ErrorHandler, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';

/** The default of `essh.files.include` (kept equal to the server's `DEFAULT_INCLUDE`). */
export const DEFAULT_INCLUDE = ['**/.esshconfig.lua', '**/esshconfig.lua', '**/.esshconfig_override.lua', '**/esshconfig_override.lua', '**/.essh/lib/**/*.lua'];

/** Restarts allowed within `restartWindowMs` before the client gives up and says so. */
const maxRestarts = 5;
const restartWindowMs = 3 * 60 * 1000;

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
export function createLanguageClient(serverModule: string, outputChannel: vscode.LogOutputChannel): LanguageClient {
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
	};
	const clientOptions: LanguageClientOptions = {
		documentSelector: documentSelector(),
		outputChannel,
		// The server pulls `essh` with workspace/configuration; this also pushes changes to it.
		synchronize: { configurationSection: 'essh' },
		errorHandler: restartingErrorHandler(outputChannel),
		diagnosticCollectionName: 'essh',
	};
	return new LanguageClient('essh', 'ESSH Language Server', serverOptions, clientOptions);
}

/**
 * Keeps the server running: a crash restarts it, unless it crashed `maxRestarts` times within
 * three minutes, in which case the user is told and `ESSH: Restart Server` starts it again.
 */
function restartingErrorHandler(outputChannel: vscode.LogOutputChannel): ErrorHandler {
	const restarts: number[] = [];
	return {
		error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
		closed: () => {
			const now = Date.now();
			restarts.push(now);
			while (restarts.length > 0 && now - restarts[0] > restartWindowMs) {
				restarts.shift();
			}
			if (restarts.length > maxRestarts) {
				outputChannel.error('The ESSH server crashed too often and was not restarted.');
				return { action: CloseAction.DoNotRestart, message: 'The ESSH language server crashed 5 times in the last 3 minutes and will not be restarted. Run "ESSH: Restart Server" to try again.' };
			}
			outputChannel.warn('The ESSH server stopped unexpectedly; restarting it.');
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
