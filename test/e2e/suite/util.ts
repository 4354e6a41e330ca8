/**
 * Helpers for the extension-host suite: the extension's test API, paths in the workspace copy the
 * harness opened, positions found by text (so fixture edits do not break line numbers), polling
 * with a deadline instead of sleeps, and small wrappers over the `vscode.execute*Provider` commands.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { EsshExtensionApi } from '../../../client/src/extension';

export const EXTENSION_ID = 'essh-tools.essh-tools';

/** True in the browser (web worker) extension host, where the browser build runs: no Node `process` there. */
export function inBrowserHost(): boolean {
	return typeof process === 'undefined';
}

/** Activates the extension (once) and waits for its first registry. */
export async function esshApi(): Promise<EsshExtensionApi> {
	const extension = vscode.extensions.getExtension<EsshExtensionApi>(EXTENSION_ID);
	assert.ok(extension, `${EXTENSION_ID} is loaded from the development path`);
	const api = extension.isActive ? extension.exports : await extension.activate();
	await api.ready;
	return api;
}

/** The workspace folder the harness opened (a temp copy of test/e2e/workspace). */
export function workspaceRoot(): vscode.Uri {
	const folder = vscode.workspace.workspaceFolders?.[0];
	assert.ok(folder, 'the harness opened a folder');
	return folder.uri;
}

/** A file of the workspace copy, by path relative to its root. */
export function fileUri(relative: string): vscode.Uri {
	return vscode.Uri.joinPath(workspaceRoot(), ...relative.split('/'));
}

export async function openDoc(relative: string, show = false): Promise<vscode.TextDocument> {
	const document = await vscode.workspace.openTextDocument(fileUri(relative));
	if (show) {
		await vscode.window.showTextDocument(document, { preview: false });
	}
	return document;
}

/**
 * The position of `needle` in a document: its `occurrence`-th match (0-based), plus `offset`
 * characters into it (default 1, inside the name rather than on its first character).
 */
export function positionOf(document: vscode.TextDocument, needle: string, occurrence = 0, offset = 1): vscode.Position {
	let index = -1;
	for (let i = 0; i <= occurrence; i++) {
		index = document.getText().indexOf(needle, index + 1);
		assert.ok(index >= 0, `${needle} occurs ${occurrence + 1} time(s) in ${document.uri.path}`);
	}
	return document.positionAt(index + offset);
}

/** The range of the `occurrence`-th `needle`, exactly. */
export function rangeOf(document: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
	const start = positionOf(document, needle, occurrence, 0);
	return new vscode.Range(start, start.translate(0, needle.length));
}

/** The 0-based line of the first line containing `needle`. */
export function lineOf(document: vscode.TextDocument, needle: string, occurrence = 0): number {
	return positionOf(document, needle, occurrence, 0).line;
}

export function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Polls `probe` until it returns something truthy; fails with `what` and the last value seen. The
 * default limit is generous (other jobs may share the CPU): a passing wait ends as soon as it can.
 */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
	const started = Date.now();
	let last: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value) {
				return value;
			}
			last = value;
		} catch (error) {
			last = error;
		}
		if (Date.now() - started > timeoutMs) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${describe(last)})`);
		}
		await sleep(150);
	}
}

/** Waits for `promise` (usually an event), failing with `what` after `timeoutMs`. */
export async function within<T>(what: string, promise: Promise<T>, timeoutMs = 60_000): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function describe(value: unknown): string {
	if (value instanceof Error) {
		return value.message;
	}
	try {
		return JSON.stringify(value)?.slice(0, 400) ?? String(value);
	} catch {
		return String(value);
	}
}

/** The ESSH diagnostics of a file (optionally only one code). */
export function diagnosticsOf(uri: vscode.Uri, code?: string): vscode.Diagnostic[] {
	return vscode.languages.getDiagnostics(uri).filter(diagnostic => code === undefined || codeOf(diagnostic) === code);
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
	const code = diagnostic.code;
	if (code === undefined) {
		return undefined;
	}
	return typeof code === 'object' ? String(code.value) : String(code);
}

/** Waits until the file has a diagnostic with `code` (and, if given, one that `accept` takes). */
export function waitForDiagnostic(uri: vscode.Uri, code: string, accept: (diagnostic: vscode.Diagnostic) => boolean = () => true, timeoutMs?: number): Promise<vscode.Diagnostic> {
	return waitFor(`a ${code} diagnostic in ${uri.path}`, () => diagnosticsOf(uri, code).find(accept), timeoutMs);
}

/** Waits until the file has no diagnostic with `code`. */
export function waitForNoDiagnostic(uri: vscode.Uri, code: string, timeoutMs?: number): Promise<true> {
	return waitFor(`no ${code} diagnostic in ${uri.path} (have ${diagnosticsOf(uri, code).length})`, () => diagnosticsOf(uri, code).length === 0 || undefined, timeoutMs);
}

/** A definition result as plain `{ uri, range }`, whether the provider gave Locations or LocationLinks. */
export function toLocations(results: readonly (vscode.Location | vscode.LocationLink)[] | undefined): vscode.Location[] {
	return (results ?? []).map(result => 'targetUri' in result
		? new vscode.Location(result.targetUri, result.targetSelectionRange ?? result.targetRange)
		: result);
}

export async function definitionsAt(uri: vscode.Uri, position: vscode.Position): Promise<vscode.Location[]> {
	return toLocations(await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', uri, position));
}

/** The workspace-relative path of a URI, for readable assertions. */
export function relativePath(uri: vscode.Uri): string {
	return vscode.workspace.asRelativePath(uri, false);
}

/** Text of a hover result (all its Markdown parts joined). */
export function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
	return (hovers ?? []).flatMap(hover => hover.contents).map(content => typeof content === 'string' ? content : content.value).join('\n');
}

/** Updates an `essh.*` setting in the workspace and waits a little for the server to take it in. */
export async function setSetting(key: string, value: unknown): Promise<void> {
	await vscode.workspace.getConfiguration('essh').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/**
 * Puts the registry view in the state every tree test starts from: no filter, the registry of the
 * fixture workspace loaded (the set holding `db01` among the roots), and, when the view is shown,
 * its items fetched by the workbench, so a reveal never races a re-render.
 */
export async function resetRegistryView(api: EsshExtensionApi): Promise<void> {
	if (api.registryTree.getFilter() !== undefined) {
		await api.registryTree.setFilter(undefined);
	}
	await waitFor('the registry tree to show the fixture\'s sets', async () => {
		for (const root of await api.registryTree.getChildren()) {
			const hosts = (await api.registryTree.getChildren(root)).find(node => node.category === 'hosts');
			if (hosts && (await api.registryTree.getChildren(hosts)).some(node => node.name === 'db01')) {
				return true;
			}
		}
		return undefined;
	}, 60_000);
	await settleRegistryView(api);
}

/**
 * When the view is shown: waits until the workbench has fetched its items, then collapses them
 * all. The sets and categories start expanded, so after a re-render the workbench keeps fetching
 * their children in the background; collapsed, a reveal expands each ancestor and waits for its
 * children, instead of racing that background fetch.
 */
export async function settleRegistryView(api: EsshExtensionApi): Promise<void> {
	if (!api.registryTree.view.visible) {
		return;
	}
	await api.registryTree.whenRendered(60_000);
	await vscode.commands.executeCommand('workbench.actions.treeView.essh.registry.collapseAll');
}

/** Closes every editor so one test's editors do not change the next one's active editor. */
export async function closeAllEditors(): Promise<void> {
	await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Replaces `typo` by `fix` in an open document and waits until `code` goes, then restores the typo,
 * waits until `code` is back, and saves, so the workspace copy ends as it started.
 */
export async function fixTypoAndUndo(document: vscode.TextDocument, typo: string, fix: string, code: string): Promise<void> {
	const range = rangeOf(document, typo);
	const edit = new vscode.WorkspaceEdit();
	edit.replace(document.uri, range, fix);
	assert.ok(await vscode.workspace.applyEdit(edit));
	await waitForNoDiagnostic(document.uri, code);
	const undo = new vscode.WorkspaceEdit();
	undo.replace(document.uri, new vscode.Range(range.start, range.start.translate(0, fix.length)), typo);
	assert.ok(await vscode.workspace.applyEdit(undo));
	await waitForDiagnostic(document.uri, code);
	await document.save();
}
