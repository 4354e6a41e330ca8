/**
 * Protocol tests of diagnostics: pull for open and unopened files, UTF-16 ranges on a non-ASCII
 * line, related information across files, refresh when another file changes on disk or the
 * settings change, push for clients without pull support (debounced, never stale), the user
 * directory (a memory path, never the real home), and open documents overriding the disk.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport, WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { PUSH_CLIENT, startInBand, uri, type InBand } from '../support/inBand';

async function pull(server: InBand, path: string): Promise<Diagnostic[]> {
	const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uri(path) } });
	assert.equal(report.kind, 'full');
	return (report as FullDocumentDiagnosticReport).items;
}

function codes(diagnostics: Diagnostic[]): string[] {
	return diagnostics.map(diag => String(diag.code)).sort();
}

const isRefresh = (message: { method: string }): boolean => message.method === 'workspace/diagnostic/refresh';

test('an open file pulls diagnostics with the check ID as code and UTF-16 columns on a non-ASCII line', async () => {
	const line = 'host "web-01" { description = "café 🚀 ☕", Port = 22 }';
	const server = await startInBand();
	try {
		await server.open('/ws/.esshconfig.lua', `-- é\n${line}\n`);
		const items = await pull(server, '/ws/.esshconfig.lua');
		assert.equal(items.length, 1);
		const [diag] = items;
		assert.equal(diag.code, 'host-ssh-prop-type');
		assert.equal(diag.source, 'essh');
		assert.equal(diag.severity, 1);
		const character = line.indexOf('22');
		// The emoji is two UTF-16 code units: the column counts it twice, as LSP's default encoding does.
		assert.equal(character, [...line.slice(0, line.indexOf('22'))].length + 1);
		assert.deepEqual(diag.range, { start: { line: 1, character }, end: { line: 1, character: character + 2 } });
	} finally {
		await server.dispose();
	}
});

test('unopened files get diagnostics through workspace/diagnostic', async () => {
	const server = await startInBand({
		files: {
			'/ws/a/.esshconfig.lua': 'host "ok" { HostName = "h" }\n',
			'/ws/b/.esshconfig.lua': 'task "t" { targets = { "nowhere" }, script = "x" }\n',
		},
	});
	try {
		const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
		const byUri = new Map(report.items.map(item => [item.uri, item]));
		assert.deepEqual([...byUri.keys()].sort(), [uri('/ws/a/.esshconfig.lua'), uri('/ws/b/.esshconfig.lua')]);
		const b = byUri.get(uri('/ws/b/.esshconfig.lua'))!;
		assert.equal(b.kind, 'full');
		assert.equal(b.version, null);
		assert.deepEqual(codes((b as FullDocumentDiagnosticReport).items), ['target-empty', 'target-unresolved']);
		// Asking again with the result ids answers "unchanged".
		const again = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: report.items.map(item => ({ uri: item.uri, value: (item as FullDocumentDiagnosticReport).resultId })) });
		assert.deepEqual(again.items.map(item => item.kind), ['unchanged', 'unchanged']);
	} finally {
		await server.dispose();
	}
});

test('a file deleted on disk gets one empty workspace report, so the client drops its diagnostics', async () => {
	const server = await startInBand({
		files: {
			'/ws/a/.esshconfig.lua': 'host "ok" { HostName = "h" }\n',
			'/ws/b/.esshconfig.lua': 'host "bad" { Port = 22 }\n',
		},
	});
	try {
		const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
		const previousResultIds = report.items.map(item => ({ uri: item.uri, value: (item as FullDocumentDiagnosticReport).resultId }));
		server.host.delete('/ws/b/.esshconfig.lua');
		await server.diskChanged([{ path: '/ws/b/.esshconfig.lua', type: 'deleted' }]);
		const after = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds });
		const deleted = after.items.find(item => item.uri === uri('/ws/b/.esshconfig.lua'));
		assert.equal(deleted?.kind, 'full');
		assert.deepEqual((deleted as FullDocumentDiagnosticReport).items, []);
		assert.equal(after.items.length, 2);
	} finally {
		await server.dispose();
	}
});

test('cross-file: a host renamed on disk in a module updates the diagnostics of the file targeting it', async () => {
	const server = await startInBand({
		files: {
			'/ws/.esshconfig.lua': 'require "hosts"\ntask "deploy" { targets = { "db-01" }, script = "x" }\n',
			'/ws/.essh/lib/hosts.lua': 'host "db-01" { HostName = "10.0.0.2" }\n',
		},
	});
	try {
		await server.open('/ws/.esshconfig.lua', server.host.files.get('/ws/.esshconfig.lua')!);
		assert.deepEqual(codes(await pull(server, '/ws/.esshconfig.lua')), []);
		const mark = server.mark();
		server.host.write('/ws/.essh/lib/hosts.lua', 'host "db-02" { HostName = "10.0.0.2" }\n');
		await server.diskChanged([{ path: '/ws/.essh/lib/hosts.lua', type: 'changed' }]);
		await server.waitFor(isRefresh, { from: mark });
		assert.deepEqual(codes(await pull(server, '/ws/.esshconfig.lua')), ['target-empty', 'target-unresolved']);
		// The module deleted on disk: the target stays unresolved (the set is open now, so less is certain).
		const mark2 = server.mark();
		server.host.delete('/ws/.essh/lib/hosts.lua');
		await server.diskChanged([{ path: '/ws/.essh/lib/hosts.lua', type: 'deleted' }]);
		await server.waitFor(isRefresh, { from: mark2 });
		const after = codes(await pull(server, '/ws/.esshconfig.lua'));
		assert.ok(after.includes('target-unresolved'), after.join(','));
	} finally {
		await server.dispose();
	}
});

test('cross-file diagnostics carry related information pointing at the other file', async () => {
	const server = await startInBand({
		files: {
			'/ws/.esshconfig.lua': 'require "hosts"\ntask "web" { script = "x" }\n',
			'/ws/.essh/lib/hosts.lua': 'host "web" { HostName = "h" }\n',
		},
	});
	try {
		const items = await pull(server, '/ws/.esshconfig.lua');
		const clash = items.find(diag => diag.code === 'task-host-clash');
		assert.ok(clash, codes(items).join(','));
		assert.deepEqual(clash.relatedInformation?.map(info => info.location), [
			{ uri: uri('/ws/.essh/lib/hosts.lua'), range: { start: { line: 0, character: 5 }, end: { line: 0, character: 10 } } },
		]);
	} finally {
		await server.dispose();
	}
});

test('a settings change (severity off, then hint) asks the client to refresh and changes the results', async () => {
	const server = await startInBand({ files: { '/ws/.esshconfig.lua': 'host "a" { Port = 22 }\n' } });
	try {
		assert.deepEqual(codes(await pull(server, '/ws/.esshconfig.lua')), ['host-ssh-prop-type']);
		let mark = server.mark();
		await server.changeSettings({ userConfig: { enabled: false }, diagnostics: { severity: { 'host-ssh-prop-type': 'off' } } });
		await server.waitFor(isRefresh, { from: mark });
		assert.deepEqual(codes(await pull(server, '/ws/.esshconfig.lua')), []);
		mark = server.mark();
		await server.changeSettings({ userConfig: { enabled: false }, diagnostics: { severity: { 'host-ssh-prop-type': 'hint' } } });
		await server.waitFor(isRefresh, { from: mark });
		const items = await pull(server, '/ws/.esshconfig.lua');
		assert.deepEqual(items.map(diag => diag.severity), [4]);
	} finally {
		await server.dispose();
	}
});

test('the user directory comes from settings (a memory path here) and joins every project set', async () => {
	const server = await startInBand({
		files: {
			'/ws/.esshconfig.lua': 'task "t" { targets = { "bastion" }, script = "x" }\n',
			'/home/tester/.essh/config_override.lua': 'host "bastion" { HostName = "b" }\n',
		},
		settings: { userConfig: { enabled: true, directory: '~/.essh' } },
	});
	try {
		assert.deepEqual(codes(await pull(server, '/ws/.esshconfig.lua')), []);
		const mark = server.mark();
		await server.changeSettings({ userConfig: { enabled: false } });
		await server.waitFor(isRefresh, { from: mark });
		assert.deepEqual(codes(await pull(server, '/ws/.esshconfig.lua')), ['target-empty', 'target-unresolved']);
	} finally {
		await server.dispose();
	}
});

test('an open document overrides the disk, and closing it falls back to the disk text', async () => {
	const server = await startInBand({ files: { '/ws/.esshconfig.lua': 'host "a" { HostName = "h" }\n' } });
	try {
		await server.open('/ws/.esshconfig.lua', 'host "a" { Port = 22 }\n');
		assert.deepEqual(codes(await pull(server, '/ws/.esshconfig.lua')), ['host-ssh-prop-type']);
		await server.close('/ws/.esshconfig.lua');
		const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
		assert.deepEqual(report.items.map(item => codes((item as FullDocumentDiagnosticReport).items)), [[]]);
	} finally {
		await server.dispose();
	}
});

test('push clients get publishDiagnostics for every known file, and a burst of edits publishes only the final text', async () => {
	const server = await startInBand({
		capabilities: PUSH_CLIENT,
		debounceMs: 50,
		files: {
			'/ws/.esshconfig.lua': 'host "a" { HostName = "h" }\n',
			'/ws/other/.esshconfig.lua': 'host "b" { Port = 22 }\n',
		},
	});
	const published = (path: string) => server.notifications
		.filter(message => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri(path))
		.map(message => message.params as { version?: number; diagnostics: Diagnostic[] });
	try {
		await server.waitFor(message => message.method === 'textDocument/publishDiagnostics' && JSON.stringify(message.params).includes('other'));
		assert.deepEqual(published('/ws/other/.esshconfig.lua').map(params => codes(params.diagnostics)), [['host-ssh-prop-type']]);
		await server.open('/ws/.esshconfig.lua', 'host "a" { HostName = "h" }\n', 1);
		const mark = server.mark();
		for (let version = 2; version <= 21; version++) {
			await server.change('/ws/.esshconfig.lua', `host "a" { Port = ${version} }\n`, version);
		}
		await server.waitFor(message => message.method === 'textDocument/publishDiagnostics' && (message.params as { version?: number }).version === 21, { from: mark });
		const burst = published('/ws/.esshconfig.lua').filter(params => params.version !== undefined && params.version > 1);
		assert.ok(burst.length <= 3, `debounced: ${burst.length} publications for 20 edits`);
		const last = burst[burst.length - 1];
		assert.deepEqual(codes(last.diagnostics), ['host-ssh-prop-type']);
		assert.match(String(last.diagnostics[0].message), /Port/);
		assert.equal(last.diagnostics[0].range.start.character, 'host "a" { Port = '.length);
		assert.equal(last.diagnostics[0].range.end.character, 'host "a" { Port = 21'.length);
		// Deleting a file on disk clears its diagnostics.
		const mark2 = server.mark();
		server.host.delete('/ws/other/.esshconfig.lua');
		await server.diskChanged([{ path: '/ws/other', type: 'deleted' }]);
		const cleared = await server.waitFor(message => message.method === 'textDocument/publishDiagnostics' && (message.params as { uri: string }).uri === uri('/ws/other/.esshconfig.lua'), { from: mark2 });
		assert.deepEqual((cleared.params as { diagnostics: unknown[] }).diagnostics, []);
	} finally {
		await server.dispose();
	}
});

test('a module required beside the project file (./drivers.lua) is read though no include glob selects it, and followed on disk', async () => {
	const server = await startInBand({
		files: {
			'/ws/esshconfig.lua': 'pcall(require, "drivers")\ntask "t" { driver = "lua", script = "x" }\n',
			'/ws/drivers.lua': 'driver "lua" { engine = "lua" }\n',
		},
	});
	try {
		assert.deepEqual(codes(await pull(server, '/ws/esshconfig.lua')), []);
		// The module changed on disk: the driver is gone, so the task's driver is unknown (a warning: the set is closed).
		const mark = server.mark();
		server.host.write('/ws/drivers.lua', 'driver "other" { engine = "lua" }\n');
		await server.diskChanged([{ path: '/ws/drivers.lua', type: 'changed' }]);
		await server.waitFor(isRefresh, { from: mark });
		const items = await pull(server, '/ws/esshconfig.lua');
		assert.deepEqual(items.map(item => `${item.severity} ${String(item.code)}`), ['2 task-driver-unknown']);
	} finally {
		await server.dispose();
	}
});
