/**
 * Diagnostics as VS Code shows them (`vscode.languages.getDiagnostics`): for files nobody opened
 * and for open ones, with the reference check IDs as codes and ranges on the offending token; and
 * kept current after an edit, a file created and deleted on disk, and a settings change
 * (`essh.diagnostics.severity`, and `essh.version` for the namespace-era folder, which a window-scoped
 * setting cannot give its own value).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, teardown, test } from 'mocha';
import { makeDirectory, readText, remove, writeText } from './disk';
import {
	closeAllEditors, codeOf, diagnosticsOf, esshApi, fileUri, fixTypoAndUndo, openDoc, rangeOf, setSetting, waitFor, waitForDiagnostic, waitForNoDiagnostic, within, workspaceRoot,
} from './util';

/** How long a disk-event check waits: far longer than the server's debounce. */
const DISK_EVENT_WAIT_MS = 30_000;

suite('diagnostics', () => {
	suiteSetup(async () => {
		await esshApi();
	});

	teardown(async () => {
		await closeAllEditors();
	});

	test('an unopened file gets its diagnostics with codes, severities and token ranges', async () => {
		const uri = fileUri('ops/.esshconfig.lua');
		assert.ok(!vscode.workspace.textDocuments.some(document => document.uri.toString() === uri.toString()), 'ops/.esshconfig.lua is not open');
		const port = await waitForDiagnostic(uri, 'host-ssh-prop-type');
		const field = await waitForDiagnostic(uri, 'host-unknown-field');
		const text = await readText(uri);
		const lines = text.split('\n');
		assert.equal(port.severity, vscode.DiagnosticSeverity.Error);
		assert.equal(lines[port.range.start.line].trim(), 'Port = 22,');
		assert.equal(lines[port.range.start.line].slice(port.range.start.character, port.range.end.character), '22');
		assert.match(port.message, /must be a string/);
		assert.equal(field.severity, vscode.DiagnosticSeverity.Error);
		assert.equal(lines[field.range.start.line].slice(field.range.start.character, field.range.end.character), 'tag');
		assert.match(field.message, /tags/, 'suggests the nearest field');
	});

	test('a file that does not parse reports the syntax error', async () => {
		const uri = fileUri('ops/.esshconfig_override.lua');
		const syntax = await waitForDiagnostic(uri, 'lua-syntax');
		assert.equal(syntax.severity, vscode.DiagnosticSeverity.Error);
		assert.match(syntax.message, /expected/);
	});

	test('an open file gets cross-file diagnostics: a target that names nothing', async () => {
		const document = await openDoc('web/.esshconfig.lua', true);
		const unresolved = await waitForDiagnostic(document.uri, 'target-unresolved');
		assert.equal(unresolved.severity, vscode.DiagnosticSeverity.Warning);
		const expected = rangeOf(document, 'weeb01');
		assert.ok(unresolved.range.contains(expected) && unresolved.range.start.line === expected.start.line,
			`range ${JSON.stringify(unresolved.range)} covers "weeb01" at ${JSON.stringify(expected)}`);
		assert.match(unresolved.message, /web01/, 'suggests the nearest host');
		// db01 (override file) and cache01 (required module) resolve: no other unresolved target.
		assert.equal(diagnosticsOf(document.uri, 'target-unresolved').length, 1);
		assert.deepEqual(diagnosticsOf(fileUri('web/.esshconfig_override.lua')).map(codeOf), []);
	});

	test('an edit updates the diagnostics, and undoing it brings them back', async () => {
		const document = await openDoc('web/.esshconfig.lua', true);
		await waitForDiagnostic(document.uri, 'target-unresolved');
		await fixTypoAndUndo(document, 'weeb01', 'web01', 'target-unresolved');
	});

	test('a file created on disk gets diagnostics, and they go when it is deleted', async () => {
		const uri = fileUri('fresh/.esshconfig.lua');
		const folder = fileUri('fresh');
		// Let the folder's own event pass first (VS Code's file watcher, which the server's watch
		// requests share, reports it): this test is about the file's events.
		const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(workspaceRoot(), 'fresh'));
		const folderSeen = new Promise<void>(resolve => {
			watcher.onDidCreate(() => resolve());
		});
		try {
			await makeDirectory(folder);
			await within('the file watcher to report the new folder', folderSeen, DISK_EVENT_WAIT_MS);
		} finally {
			watcher.dispose();
		}
		await writeText(uri, 'host "new01" {\n\tHostName = "10.9.9.9",\n\tPort = 2222,\n}\n');
		try {
			const port = await waitForDiagnostic(uri, 'host-ssh-prop-type');
			assert.equal(port.range.start.line, 2);
			await remove(uri);
			await waitFor('the deleted file to lose its diagnostics', () => diagnosticsOf(uri).length === 0 || undefined, DISK_EVENT_WAIT_MS);
		} finally {
			await remove(folder);
		}
	});

	test('a folder created and deleted on disk in one step brings and takes its files', async () => {
		const uri = fileUri('gone/.esshconfig.lua');
		const folder = fileUri('gone');
		await writeText(uri, 'host "gone01" {\n\tPort = 2222,\n}\n');
		try {
			await waitForDiagnostic(uri, 'host-ssh-prop-type', undefined, DISK_EVENT_WAIT_MS);
		} finally {
			await remove(folder);
		}
		await waitFor('the deleted folder\'s file to lose its diagnostics', () => diagnosticsOf(uri).length === 0 || undefined, DISK_EVENT_WAIT_MS);
	});

	test('deleting a file on disk updates the files that depend on it, and restoring it clears them', async () => {
		const project = fileUri('web/.esshconfig.lua');
		const override = fileUri('web/.esshconfig_override.lua');
		const saved = await readText(override);
		await remove(override);
		try {
			// db01 lived only in the override file: the deploy task's "db01" now names nothing.
			await waitForDiagnostic(project, 'target-unresolved', diagnostic => /db01/.test(diagnostic.message));
		} finally {
			await writeText(override, saved);
		}
		await waitFor('"db01" to resolve again', () => !diagnosticsOf(project, 'target-unresolved').some(diagnostic => /db01/.test(diagnostic.message)) || undefined);
	});

	test('essh.diagnostics.severity turns a check off and changes its severity', async () => {
		const uri = fileUri('web/.esshconfig.lua');
		await waitForDiagnostic(uri, 'target-unresolved');
		try {
			await setSetting('diagnostics.severity', { 'target-unresolved': 'off' });
			await waitForNoDiagnostic(uri, 'target-unresolved');
			await setSetting('diagnostics.severity', { 'target-unresolved': 'error' });
			await waitForDiagnostic(uri, 'target-unresolved', diagnostic => diagnostic.severity === vscode.DiagnosticSeverity.Error);
		} finally {
			await setSetting('diagnostics.severity', undefined);
		}
		await waitForDiagnostic(uri, 'target-unresolved', diagnostic => diagnostic.severity === vscode.DiagnosticSeverity.Warning);
	});

	test('essh.version 2.1 accepts the namespace-era folder that 3.4 rejects', async () => {
		const uri = fileUri('legacy/.esshconfig.lua');
		const removed = await waitForDiagnostic(uri, 'removed-builtin');
		assert.equal(removed.severity, vscode.DiagnosticSeverity.Error);
		try {
			await setSetting('version', '2.1');
			await waitForNoDiagnostic(uri, 'removed-builtin');
			assert.deepEqual(diagnosticsOf(uri).filter(diagnostic => diagnostic.severity === vscode.DiagnosticSeverity.Error).map(codeOf), []);
		} finally {
			await setSetting('version', undefined);
		}
		await waitForDiagnostic(uri, 'removed-builtin');
	});
});
