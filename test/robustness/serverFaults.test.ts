/**
 * Faults at the protocol level (docs/security.md): the in-band server receives requests for
 * unknown documents, out-of-range positions, malformed params, non-file URIs, a didChange for a
 * closed document, unknown methods, hostile documents (10 MB, deep nesting, binary) and a burst of
 * 1,000 changes. Each failure answers an error or an empty result for that request only, and the
 * server keeps answering the next request. A spy checks that none of it starts a process or opens
 * a connection (an https URI is never fetched).
 */
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FullDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { startInBand, uri, type InBand } from '../support/inBand';
import { NetworkAndProcessSpy } from '../support/spy';

const MAIN = '/ws/.esshconfig.lua';
const MAIN_TEXT = 'host "web01" { HostName = "10.0.0.1", tags = { "web" } }\ntask "deploy" { targets = { "web" }, script = "make" }\n';

/** Every position request the server handles, with the extra params each needs. */
const POSITION_METHODS: Array<[string, Record<string, unknown>]> = [
	['textDocument/hover', {}],
	['textDocument/definition', {}],
	['textDocument/declaration', {}],
	['textDocument/references', { context: { includeDeclaration: true } }],
	['textDocument/documentHighlight', {}],
	['textDocument/prepareRename', {}],
	['textDocument/rename', { newName: 'web02' }],
	['textDocument/completion', {}],
];

/** Every document request without a position. */
const DOCUMENT_METHODS: Array<[string, Record<string, unknown>]> = [
	['textDocument/diagnostic', {}],
	['textDocument/documentSymbol', {}],
	['textDocument/codeLens', {}],
	['textDocument/documentLink', {}],
	['textDocument/codeAction', { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } }, context: { diagnostics: [] } }],
	['textDocument/inlayHint', { range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } } }],
];

let server: InBand;
const spy = new NetworkAndProcessSpy();

before(async () => {
	spy.install();
	server = await startInBand({ files: { [MAIN]: MAIN_TEXT } });
	await server.open(MAIN, MAIN_TEXT);
});

after(async () => {
	spy.restore();
	await server.dispose();
});

/** The answer to a request: its result, or the error it failed with (never a hang: bounded by a timer). */
async function answer(method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string } }> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${method} did not answer`)), 10_000);
	});
	try {
		return { result: await Promise.race([server.request(method, params), timeout]) };
	} catch (error) {
		if (error instanceof Error && error.message.endsWith('did not answer')) {
			throw error;
		}
		return { error: error as { code: number; message: string } };
	} finally {
		clearTimeout(timer);
	}
}

/** The server still answers a real request correctly. */
async function assertHealthy(): Promise<void> {
	const hover = await answer('textDocument/hover', { textDocument: { uri: uri(MAIN) }, position: { line: 1, character: 31 } });
	assert.equal(hover.error, undefined, `the server stopped answering: ${JSON.stringify(hover.error)}`);
	const report = await answer('textDocument/diagnostic', { textDocument: { uri: uri(MAIN) } });
	assert.equal(report.error, undefined);
	assert.equal((report.result as FullDocumentDiagnosticReport).kind, 'full');
}

/** Empty means null, undefined, [], an empty completion list or an empty diagnostic report. */
function isEmptyOrError(outcome: { result?: unknown; error?: unknown }): boolean {
	if (outcome.error !== undefined) {
		return true;
	}
	const result = outcome.result as { items?: unknown[]; kind?: string } | unknown[] | null | undefined;
	if (result === null || result === undefined) {
		return true;
	}
	if (Array.isArray(result)) {
		return result.length === 0;
	}
	return Array.isArray(result.items) && result.items.length === 0;
}

test('requests for unknown documents answer empty or an error, and the server keeps answering', async () => {
	for (const target of ['/ws/missing.lua', '/elsewhere/.esshconfig.lua']) {
		for (const [method, extra] of POSITION_METHODS) {
			const outcome = await answer(method, { textDocument: { uri: uri(target) }, position: { line: 0, character: 3 }, ...extra });
			assert.ok(isEmptyOrError(outcome), `${method} on ${target}: ${JSON.stringify(outcome)}`);
		}
		for (const [method, extra] of DOCUMENT_METHODS) {
			const outcome = await answer(method, { textDocument: { uri: uri(target) }, ...extra });
			assert.ok(isEmptyOrError(outcome), `${method} on ${target}: ${JSON.stringify(outcome)}`);
		}
	}
	await assertHealthy();
});

test('non-file URIs (untitled, https, garbage) are answered without fetching anything', async () => {
	const documents = ['untitled:Untitled-1', 'https://example.invalid/.esshconfig.lua', 'not a uri at all', 'file://', ''];
	for (const documentUri of documents) {
		await server.notify('textDocument/didOpen', { textDocument: { uri: documentUri, languageId: 'lua', version: 1, text: 'host "x" { Port = 22 }\n' } });
		for (const [method, extra] of [...POSITION_METHODS, ...DOCUMENT_METHODS]) {
			// Any answer is fine (an untitled document may well get diagnostics); the point is that there is one.
			await answer(method, { textDocument: { uri: documentUri }, position: { line: 0, character: 7 }, ...extra });
		}
		await server.notify('textDocument/didClose', { textDocument: { uri: documentUri } });
	}
	await assertHealthy();
});

test('out-of-range positions answer empty or clamped results', async () => {
	const positions = [
		{ line: 10_000, character: 0 },
		{ line: 0, character: 10_000 },
		{ line: 1, character: 1e9 },
		{ line: -1, character: -1 },
		{ line: 2 ** 31, character: 2 ** 31 },
		{ line: 0.5, character: 1.5 },
	];
	for (const position of positions) {
		for (const [method, extra] of POSITION_METHODS) {
			const outcome = await answer(method, { textDocument: { uri: uri(MAIN) }, position, ...extra });
			if (outcome.error) {
				assert.notEqual(outcome.error.code, undefined, `${method} at ${JSON.stringify(position)} failed without a code`);
			}
		}
		const range = { start: position, end: { line: position.line + 5, character: position.character } };
		for (const method of ['textDocument/codeAction', 'textDocument/inlayHint']) {
			await answer(method, { textDocument: { uri: uri(MAIN) }, range, context: { diagnostics: [] } });
		}
	}
	await assertHealthy();
});

test('malformed params fail that request only', async () => {
	const malformed: unknown[] = [
		undefined,
		null,
		{},
		{ textDocument: null },
		{ textDocument: 5, position: 'here' },
		{ textDocument: { uri: 42 }, position: { line: 'a', character: {} } },
		{ textDocument: { uri: uri(MAIN) } },
		{ textDocument: { uri: uri(MAIN) }, position: null },
		{ textDocument: { uri: uri(MAIN) }, position: { line: null, character: null } },
		{ textDocument: { uri: uri(MAIN) }, range: 'all', context: null },
		[1, 2, 3],
		'text',
	];
	for (const params of malformed) {
		for (const [method] of [...POSITION_METHODS, ...DOCUMENT_METHODS, ['workspace/symbol'], ['essh/registry'], ['essh/lookup'], ['workspace/diagnostic'], ['codeLens/resolve'], ['completionItem/resolve']]) {
			await answer(method, params);
		}
	}
	await assertHealthy();
});

test('a position request without a usable position answers InvalidParams', async () => {
	for (const params of [null, { textDocument: { uri: uri(MAIN) } }, { textDocument: { uri: uri(MAIN) }, position: { line: 'a', character: 0 } }]) {
		const outcome = await answer('textDocument/hover', params);
		assert.equal(outcome.error?.code, -32602, JSON.stringify(params));
	}
	const valid = await answer('textDocument/hover', { textDocument: { uri: uri(MAIN) }, position: { line: 0, character: 0 } });
	assert.equal(valid.error, undefined);
});

test('unknown methods answer MethodNotFound; unknown notifications are ignored', async () => {
	const outcome = await answer('essh/noSuchRequest', { anything: true });
	assert.equal(outcome.error?.code, -32601);
	await server.notify('essh/noSuchNotification', { anything: true });
	await server.notify('$/noSuchThing', null);
	await assertHealthy();
});

test('notifications for closed or unknown documents are ignored', async () => {
	const closed = '/ws/closed/.esshconfig.lua';
	await server.notify('textDocument/didChange', { textDocument: { uri: uri(closed), version: 2 }, contentChanges: [{ text: 'host "x" {}' }] });
	await server.notify('textDocument/didChange', { textDocument: { uri: uri(MAIN), version: 1 }, contentChanges: [{ range: { start: { line: 99, character: 0 }, end: { line: 120, character: 3 } }, text: 'x' }] });
	await server.notify('textDocument/didClose', { textDocument: { uri: uri(closed) } });
	await server.notify('textDocument/didSave', { textDocument: { uri: uri(closed) } });
	await server.notify('textDocument/didChange', null);
	await server.notify('textDocument/didOpen', { textDocument: null });
	await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 7 }] });
	await server.notify('workspace/didChangeConfiguration', { settings: { essh: 'not an object' } });
	// The edit at an out-of-range position appended 'x' (clamped); put the real text back.
	await server.change(MAIN, MAIN_TEXT, 3);
	await assertHealthy();
});

test('a burst of 1,000 changes ends with the final text analysed', async () => {
	const burstFile = '/ws/burst/.esshconfig.lua';
	await server.open(burstFile, 'host "h0" {}\n', 1);
	const sent: Array<Promise<void>> = [];
	for (let version = 2; version <= 1001; version++) {
		// Every other edit leaves the file unparsable, so stale handling is exercised too.
		const text = version % 2 === 0 ? `host "h${version}" { Port = ${version} }\n` : `host "h${version}" { Port = "${version}`;
		sent.push(server.change(burstFile, text, version));
	}
	await Promise.all(sent);
	const final = 'host "final" { HostName = "h", Port = 22 }\n';
	await server.change(burstFile, final, 1002);
	const report = await answer('textDocument/diagnostic', { textDocument: { uri: uri(burstFile) } });
	assert.equal(report.error, undefined);
	const items = (report.result as FullDocumentDiagnosticReport).items;
	assert.deepEqual(items.map(item => [item.code, item.range.start.line, item.range.start.character]), [['host-ssh-prop-type', 0, final.indexOf('22')]]);
	await server.close(burstFile);
	await assertHealthy();
});

test('hostile documents (10 MB, deep nesting, binary, lone surrogates, BOM and CR) are answered', async () => {
	const big = 'host "h" { HostName = "x" }\n'.repeat(400_000);
	const hostile: Array<[string, string]> = [
		['/ws/big/.esshconfig.lua', big],
		['/ws/tables/.esshconfig.lua', `x = ${'{'.repeat(10_000)}${'}'.repeat(10_000)}\nhost "a" { Port = 22 }\n`],
		['/ws/parens/.esshconfig.lua', `x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}\n`],
		['/ws/binary/.esshconfig.lua', Array.from({ length: 4096 }, (_, index) => String.fromCharCode((index * 7919) % 65536)).join('')],
		['/ws/bom/.esshconfig.lua', '\uFEFFhost "a" {\r  Port = 22,\r\n}\r'],
	];
	const mark = server.mark();
	for (const [path, text] of hostile) {
		await server.open(path, text);
		for (const [method, extra] of [...POSITION_METHODS, ...DOCUMENT_METHODS]) {
			await answer(method, { textDocument: { uri: uri(path) }, position: { line: 1, character: 3 }, ...extra });
		}
	}
	const warning = await server.waitFor(message => message.method === 'window/showMessage' && String((message.params as { message: string }).message).includes('not analysing'), { from: mark, timeoutMs: 10_000 });
	assert.match(String((warning.params as { message: string }).message), /big/);
	const bom = await answer('textDocument/diagnostic', { textDocument: { uri: uri('/ws/bom/.esshconfig.lua') } });
	const codes = (bom.result as FullDocumentDiagnosticReport).items.map(item => [item.code, item.range.start.line, item.range.start.character]);
	assert.deepEqual(codes, [['lua-bom', 0, 0], ['host-ssh-prop-type', 1, 9]]);
	for (const [path] of hostile) {
		await server.close(path);
	}
	await assertHealthy();
});

test('no fault above made the server start a process or open a connection', () => {
	assert.deepEqual(spy.calls, []);
});
