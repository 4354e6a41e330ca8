/**
 * File changes the suite makes "on disk", behind VS Code's back: in the Node extension host with
 * Node's `fs`, as another program would. The browser test bundle (test/e2e/web) swaps this module
 * for web/disk.ts, which goes through `vscode.workspace.fs`, the only file access a browser has.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';

export async function readText(uri: vscode.Uri): Promise<string> {
	return fs.readFileSync(uri.fsPath, 'utf8');
}

/** Writes a file, creating its directory. */
export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
	fs.mkdirSync(path.dirname(uri.fsPath), { recursive: true });
	fs.writeFileSync(uri.fsPath, text);
}

export async function makeDirectory(uri: vscode.Uri): Promise<void> {
	fs.mkdirSync(uri.fsPath, { recursive: true });
}

/** Deletes a file or a directory with its contents; nothing when it is gone already. */
export async function remove(uri: vscode.Uri): Promise<void> {
	fs.rmSync(uri.fsPath, { recursive: true, force: true });
}
