/**
 * Protocol tests of the server's robustness: cancelled requests answer RequestCancelled, an internal
 * error fails only its request (logged with method and URI) and a failing disk read only its
 * notification, and a burst of edits followed by a request sees the final text.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource, ResponseError, type Diagnostic, type FullDocumentDiagnosticReport, type LocationLink } from 'vscode-languageserver/node';
import { guard } from '../../server/src/lsp/handlers';
import { startInBand, uri } from '../support/inBand';

const FILES = {
	'/ws/.esshconfig.lua': 'host "a" { HostName = "h" }\ntask "t" { targets = { "a" }, script = "x" }\n',
	'/ws/b/.esshconfig.lua': 'host "b" { Port = 22 }\n',
};

test('a cancelled workspace/diagnostic, references or workspace/symbol answers RequestCancelled', async () => {
	const server = await startInBand({ files: FILES });
	try {
		for (const [method, params] of [
			['workspace/diagnostic', { previousResultIds: [] }],
			['textDocument/references', { textDocument: { uri: uri('/ws/.esshconfig.lua') }, position: { line: 0, character: 7 }, context: { includeDeclaration: true } }],
			['workspace/symbol', { query: 'a' }],
		] as const) {
			const source = new CancellationTokenSource();
			const pending = server.request(method, params, source.token);
			source.cancel();
			await assert.rejects(pending, (error: { code: number }) => error.code === -32800, method);
		}
		// The server still answers afterwards.
		const report = await server.request<{ items: unknown[] }>('workspace/diagnostic', { previousResultIds: [] });
		assert.equal(report.items.length, 2);
	} finally {
		await server.dispose();
	}
});

test('an internal error fails only that request, is logged with method and URI, and the server keeps serving', async () => {
	const server = await startInBand({ files: FILES });
	try {
		await server.open('/ws/.esshconfig.lua', FILES['/ws/.esshconfig.lua']);
		const mark = server.mark();
		// Every handler is wrapped by `guard`: a throwing handler answers InternalError and logs method and URI.
		const lines: string[] = [];
		const failing = guard((line: string) => lines.push(line), 'textDocument/definition', (_params: unknown) => {
			throw new Error('simulated handler failure');
		});
		const answer = await failing({ textDocument: { uri: uri('/ws/.esshconfig.lua') }, position: { line: 1, character: 25 } });
		assert.ok(answer instanceof ResponseError);
		assert.equal(answer.code, -32603);
		assert.match(answer.message, /internal error in textDocument\/definition: simulated handler failure/);
		assert.equal(lines.length, 1);
		assert.ok(lines[0].startsWith('[error] textDocument/definition file:///ws/.esshconfig.lua: Error: simulated handler failure'), lines[0]);
		// A malformed request answers InvalidParams without touching the server's state.
		await assert.rejects(
			server.request('textDocument/definition', { textDocument: { uri: uri('/ws/.esshconfig.lua') } }),
			(error: { code: number }) => error.code === -32602,
		);
		assert.deepEqual(server.since(mark).filter(message => message.method === 'window/logMessage' && String((message.params as { message: string }).message).startsWith('[error]')), []);
		const links = await server.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: uri('/ws/.esshconfig.lua') }, position: { line: 1, character: 25 } });
		assert.deepEqual(links.map(link => link.targetSelectionRange.start), [{ line: 0, character: 5 }]);
		// A disk read that throws inside a notification is logged, and later changes still apply.
		server.host.failingReads.add('/ws/b/.esshconfig.lua');
		const mark2 = server.mark();
		await server.diskChanged([{ path: '/ws/b/.esshconfig.lua', type: 'changed' }]);
		await server.waitFor(message => message.method === 'window/logMessage' && String((message.params as { message: string }).message).includes('simulated read failure'), { from: mark2 });
		server.host.failingReads.clear();
		server.host.write('/ws/b/.esshconfig.lua', 'host "b" { HostName = "fixed" }\n');
		const mark3 = server.mark();
		await server.diskChanged([{ path: '/ws/b/.esshconfig.lua', type: 'changed' }]);
		await server.waitFor(message => message.method === 'workspace/diagnostic/refresh', { from: mark3 });
		const report = await server.request<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uri('/ws/b/.esshconfig.lua') } });
		assert.deepEqual(report.items, []);
	} finally {
		await server.dispose();
	}
});

test('a burst of edits followed at once by a pull sees the final text', async () => {
	const server = await startInBand({ files: FILES });
	try {
		await server.open('/ws/b/.esshconfig.lua', FILES['/ws/b/.esshconfig.lua']);
		for (let version = 2; version <= 40; version++) {
			const value = version % 2 === 0 ? `"${version}"` : String(version);
			await server.change('/ws/b/.esshconfig.lua', `host "b" { Port = ${value} }\n`, version);
		}
		const report = await server.request<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: uri('/ws/b/.esshconfig.lua') } });
		// Version 40 quotes the port: no diagnostic.
		assert.deepEqual(report.items.map((diag: Diagnostic) => diag.code), []);
	} finally {
		await server.dispose();
	}
});
