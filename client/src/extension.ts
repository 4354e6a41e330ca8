/**
 * The extension's desktop entry point (bundled to dist/extension.js, the manifest's `main`): the
 * language server runs as a Node process over IPC (languageClient.ts); everything else is the
 * shared activation of activation.ts. The browser entry is web/extension.ts.
 */
import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { activateExtension, deactivateExtension, type EsshExtensionApi } from './activation';
import { createLanguageClient, documentSelector } from './languageClient';

export type { EsshExtensionApi } from './activation';

export function activate(context: vscode.ExtensionContext): EsshExtensionApi {
	return activateExtension(context, {
		// The server keeps its state in the workspace's storage folder (the global one when no folder is open).
		createClient: (extensionContext, outputChannel, hooks) => createLanguageClient(extensionContext.asAbsolutePath('dist/server.js'), outputChannel, hooks, (extensionContext.storageUri ?? extensionContext.globalStorageUri).fsPath),
		documentSelector,
		serverPid: client => (client as LanguageClient).serverProcess?.pid,
		canRun: true,
		lualsIntegration: true,
	});
}

export function deactivate(): Promise<void> {
	return deactivateExtension();
}
