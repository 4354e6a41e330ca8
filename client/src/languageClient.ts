/**
 * Builds the desktop ESSH `LanguageClient` (client layer): the server is `dist/server.js`, a Node
 * process over IPC; the document selector is scheme `file` with the ESSH file patterns of
 * `essh.files.include` plus the user config files. The options both clients share are in
 * clientOptions.ts; the browser client is web/languageClient.ts.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type ServerOptions } from 'vscode-languageclient/node';
import { includePatterns, sharedClientOptions, type LanguageClientHooks } from './clientOptions';

export { DEFAULT_INCLUDE, type LanguageClientHooks } from './clientOptions';

/** The document selector for the current settings: one filter per include glob and user file. */
export function documentSelector(): DocumentSelector {
	const configuration = vscode.workspace.getConfiguration('essh');
	const patterns = includePatterns(configuration);
	if (configuration.get<boolean>('userConfig.enabled', true)) {
		const directory = expandHome(configuration.get<string>('userConfig.directory', '~/.essh'));
		const posixDirectory = directory.split(path.sep).join('/');
		patterns.push(`${posixDirectory}/config.lua`, `${posixDirectory}/config_override.lua`, `${posixDirectory}/lib/**/*.lua`);
	}
	return patterns.map(pattern => ({ scheme: 'file', language: 'lua', pattern }));
}

/**
 * Creates (but does not start) the client; `serverModule` is the absolute path of `dist/server.js`,
 * `cacheDirectory` the folder where the server keeps its state between sessions (`initializationOptions.cacheDirectory`).
 */
export function createLanguageClient(serverModule: string, outputChannel: vscode.LogOutputChannel, hooks: LanguageClientHooks, cacheDirectory?: string): LanguageClient {
	const serverOptions: ServerOptions = {
		run: { module: serverModule, transport: TransportKind.ipc },
		debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
	};
	return new LanguageClient('essh', 'ESSH Language Server', serverOptions, {
		...sharedClientOptions(outputChannel, hooks),
		documentSelector: documentSelector(),
		...(cacheDirectory === undefined ? {} : { initializationOptions: { cacheDirectory } }),
	});
}

function expandHome(directory: string): string {
	if (directory === '~' || directory.startsWith('~/') || directory.startsWith('~\\')) {
		return path.join(os.homedir(), directory.slice(1));
	}
	return directory;
}
