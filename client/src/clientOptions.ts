/**
 * The language client's options shared by the desktop and the browser client: the ESSH file
 * patterns of `essh.files.include` (in the `lua` language, so the `lua` language id stays with LuaLS
 * and other Lua extensions), the "ESSH" output channel (its logs, and `essh.trace.server` traces
 * read by the client from its id), restarts after crashes with one notice per burst
 * (`CrashPolicy`), and the server's work-done progress passed on to the status item. No Node import.
 */
import type * as vscode from 'vscode';
import { CloseAction, ErrorAction, type ErrorHandler, type LanguageClientOptions } from 'vscode-languageclient';
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

/** The include globs of the settings, or the default when they are unset or empty. */
export function includePatterns(configuration: vscode.WorkspaceConfiguration): string[] {
	const include = configuration.get<string[]>('files.include', DEFAULT_INCLUDE);
	return [...(Array.isArray(include) && include.length > 0 ? include : DEFAULT_INCLUDE)];
}

/** The options both clients share; the caller adds the document selector and what is its own. */
export function sharedClientOptions(outputChannel: vscode.LogOutputChannel, hooks: LanguageClientHooks): LanguageClientOptions {
	return {
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
