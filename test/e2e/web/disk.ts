/**
 * The browser test bundle's stand-in for suite/disk.ts (scripts/build.mjs swaps it in): the same
 * file changes through `vscode.workspace.fs`, the only file access of the web worker extension host.
 */
import * as vscode from 'vscode';

export async function readText(uri: vscode.Uri): Promise<string> {
	return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Writes a file; `workspace.fs.writeFile` creates its directory. */
export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
	await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export async function makeDirectory(uri: vscode.Uri): Promise<void> {
	await vscode.workspace.fs.createDirectory(uri);
}

/** Deletes a file or a directory with its contents; nothing when it is gone already. */
export async function remove(uri: vscode.Uri): Promise<void> {
	try {
		await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: false });
	} catch (error) {
		if (!(error instanceof vscode.FileSystemError && error.code === 'FileNotFound')) {
			throw error;
		}
	}
}
