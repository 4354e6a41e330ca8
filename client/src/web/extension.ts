/**
 * The extension's browser entry point (bundled to dist/web/extension.js, the manifest's `browser`):
 * the language server runs in a Worker and reads files through the extension (web/languageClient.ts);
 * run task and connect are off (no terminal runs essh in a browser), and there is no user directory.
 * Everything else is the shared activation of activation.ts.
 */
import type * as vscode from 'vscode';
import { activateExtension, deactivateExtension, type EsshExtensionApi } from '../activation';
import { createWebLanguageClient, webDocumentSelector } from './languageClient';

export function activate(context: vscode.ExtensionContext): EsshExtensionApi {
	return activateExtension(context, {
		createClient: createWebLanguageClient,
		documentSelector: webDocumentSelector,
		serverPid: () => undefined,
		canRun: false,
		lualsIntegration: false,
	});
}

export function deactivate(): Promise<void> {
	return deactivateExtension();
}
