/**
 * Protocol tests of the server's lifecycle: the capabilities it advertises, the progress it reports
 * while the first index builds, the file watchers it registers, and the settings it pulls.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver/node';
import { startInBand, uri } from '../support/inBand';

test('initialize advertises pull diagnostics with inter-file dependencies and the navigation features', async () => {
	const server = await startInBand({ files: { '/ws/.esshconfig.lua': 'host "a" {}\n' } });
	try {
		const capabilities = server.initializeResult.capabilities;
		assert.deepEqual(capabilities.diagnosticProvider, { identifier: 'essh', interFileDependencies: true, workspaceDiagnostics: true });
		assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
		assert.equal(capabilities.definitionProvider, true);
		assert.equal(capabilities.declarationProvider, true);
		assert.equal(capabilities.referencesProvider, true);
		assert.equal(capabilities.documentHighlightProvider, true);
		assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
		assert.equal(server.initializeResult.serverInfo?.name, 'essh-language-server');
	} finally {
		await server.dispose();
	}
});

test('the first index reports work-done progress and registers file watchers', async () => {
	const server = await startInBand({ files: { '/ws/.esshconfig.lua': 'host "a" {}\n', '/ws/sub/esshconfig.lua': 'host "b" {}\n' } });
	try {
		const methods = server.serverRequests.map(message => message.method);
		assert.ok(methods.includes('workspace/configuration'), methods.join(','));
		assert.ok(methods.includes('window/workDoneProgress/create'), methods.join(','));
		const registration = server.serverRequests.find(message => message.method === 'client/registerCapability'
			&& JSON.stringify(message.params).includes('workspace/didChangeWatchedFiles'));
		assert.ok(registration, 'watchers registered');
		const watchers = (registration.params as { registrations: Array<{ registerOptions: { watchers: Array<{ globPattern: unknown }> } }> }).registrations[0].registerOptions.watchers;
		assert.ok(watchers.some(watcher => watcher.globPattern === '**/.esshconfig.lua'));
		const progress = server.notifications.filter(message => message.method === '$/progress').map(message => (message.params as { value: { kind: string } }).value.kind);
		assert.equal(progress[0], 'begin');
		assert.equal(progress[progress.length - 1], 'end');
		const indexed = server.notifications.find(message => message.method === 'window/logMessage' && JSON.stringify(message.params).includes('indexed 2 files'));
		assert.ok(indexed, 'log says how many files were indexed');
	} finally {
		await server.dispose();
	}
});

test('onFirstIndex runs once, after the first index and before the first diagnostics answer, not when files change later', async () => {
	const events: string[] = [];
	const server = await startInBand({
		files: { '/ws/.esshconfig.lua': 'host "a" {}\n' },
		onFirstIndex: () => events.push('first index'),
	});
	try {
		const report = await server.request<{ items: unknown[] }>('workspace/diagnostic', { previousResultIds: [] });
		events.push('diagnostics');
		assert.equal(report.items.length, 1);
		server.host.write('/ws/sub/.esshconfig.lua', 'host "b" {}\n');
		await server.diskChanged([{ path: '/ws/sub/.esshconfig.lua', type: 'created' }]);
		await server.request('workspace/diagnostic', { previousResultIds: [] });
		assert.deepEqual(events, ['first index', 'diagnostics']);
	} finally {
		await server.dispose();
	}
});

test('files over essh.files.maxSize are skipped with a warning naming them', async () => {
	const big = `-- ${'x'.repeat(200)}\nhost "big" {}\n`;
	const server = await startInBand({
		files: { '/ws/.esshconfig.lua': 'task "t" { targets = { "big" }, script = "x" }\n', '/ws/big/.esshconfig.lua': big },
		settings: { userConfig: { enabled: false }, files: { maxSize: 100 } },
	});
	try {
		const warning = await server.waitFor(message => message.method === 'window/showMessage');
		const params = warning.params as { type: number; message: string };
		assert.equal(params.type, 2);
		assert.match(params.message, /skipped 1 file larger than essh\.files\.maxSize \(100 bytes\): \/ws\/big\/\.esshconfig\.lua/);
	} finally {
		await server.dispose();
	}
});

test('an essh.version that names no ESSH release warns once with the known versions and falls back to 3.4', async () => {
	const server = await startInBand({
		// `task(1)` is valid in the fork (3.5+) and an error in 3.4, so the diagnostics show which version is used.
		files: { '/ws/.esshconfig.lua': 'task(1) { script = "x" }\n' },
		settings: { userConfig: { enabled: false }, version: '9.9' },
	});
	try {
		const warning = await server.waitFor(message => message.method === 'window/showMessage');
		const params = warning.params as { type: number; message: string };
		assert.equal(params.type, 2);
		assert.match(params.message, /essh\.version "9\.9" is not an ESSH release, so 3\.4 is used\. Known versions: .*3\.4.*3\.8\.3/);
		const report = await server.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uri('/ws/.esshconfig.lua') } });
		assert.deepEqual(report.items.map(item => item.code), ['call-arg-type']);
		// Reading the same settings again does not repeat the warning; a valid fork version is used as given.
		const mark = server.mark();
		await server.changeSettings({ userConfig: { enabled: false }, version: '9.9', codeLens: { enabled: false } });
		const refreshMark = server.mark();
		await server.changeSettings({ userConfig: { enabled: false }, version: '3.8' });
		await server.waitFor(message => message.method === 'workspace/diagnostic/refresh', { from: refreshMark });
		const after = await server.request<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: uri('/ws/.esshconfig.lua') } });
		assert.deepEqual(after.items.map(item => item.code), []);
		assert.deepEqual(server.since(mark).filter(message => message.method === 'window/showMessage'), []);
	} finally {
		await server.dispose();
	}
});
