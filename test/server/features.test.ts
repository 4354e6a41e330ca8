/**
 * Protocol tests of the editor features wired to core/ide: each proves the wiring and the
 * conversion (URIs, UTF-16 positions, protocol shapes) once, on one small two-file project whose
 * task line carries non-ASCII text before the cursor.
 */
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type {
	CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentHighlight, DocumentLink, DocumentSymbol, Hover, InlayHint, Location, LocationLink, MarkupContent,
	WorkspaceEdit, WorkspaceSymbol,
} from 'vscode-languageserver/node';
import { startInBand, uri, type InBand } from '../support/inBand';

const MAIN = '/ws/.esshconfig.lua';
const HOSTS = '/ws/.essh/lib/hosts.lua';
const TASK_LINE = 'task "deploy" { description = "é🚀 ship", targets = { "web", "db-01" }, driver = "docker", script = "x" }';
const MAIN_TEXT = `require "hosts"\ndriver "docker" { engine = "sh" }\n${TASK_LINE}\n`;
const HOSTS_TEXT = [
	'host "web-01" { HostName = "10.0.0.1", tags = { "web" }, description = "first" }',
	'host "web-02" { HostName = "10.0.0.2", tags = { "web" } }',
	'host "db-01" { HostName = "10.0.0.3", Port = 22 }',
	'',
].join('\n');

let server: InBand;

before(async () => {
	server = await startInBand({ files: { [MAIN]: MAIN_TEXT, [HOSTS]: HOSTS_TEXT } });
	await server.open(MAIN, MAIN_TEXT);
	await server.open(HOSTS, HOSTS_TEXT);
});

after(async () => {
	await server.dispose();
});

/** The position of the n-th occurrence of `needle` in a line of a text, plus `delta` characters (UTF-16). */
function at(text: string, line: number, needle: string, delta = 1): { line: number; character: number } {
	const character = text.split('\n')[line].indexOf(needle);
	assert.ok(character >= 0, `${needle} on line ${line}`);
	return { line, character: character + delta };
}

function nameRange(line: number, text: string, name: string): { start: { line: number; character: number }; end: { line: number; character: number } } {
	const start = text.split('\n')[line].indexOf(`"${name}"`);
	return { start: { line, character: start }, end: { line, character: start + name.length + 2 } };
}

test('definition of a tag in targets goes to every host carrying it (links, UTF-16 columns)', async () => {
	const result = await server.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: uri(MAIN) }, position: at(MAIN_TEXT, 2, '"web"') });
	assert.deepEqual(result.map(link => [link.targetUri, link.targetSelectionRange]), [
		[uri(HOSTS), nameRange(0, HOSTS_TEXT, 'web-01')],
		[uri(HOSTS), nameRange(1, HOSTS_TEXT, 'web-02')],
	]);
});

test('declaration of a driver reference goes to the driver', async () => {
	const result = await server.request<LocationLink[]>('textDocument/declaration', { textDocument: { uri: uri(MAIN) }, position: at(MAIN_TEXT, 2, '"docker"') });
	assert.deepEqual(result.map(link => [link.targetUri, link.targetSelectionRange]), [[uri(MAIN), nameRange(1, MAIN_TEXT, 'docker')]]);
});

test('references of a host include the definition and the target in the other file', async () => {
	const result = await server.request<Location[]>('textDocument/references', { textDocument: { uri: uri(HOSTS) }, position: at(HOSTS_TEXT, 2, '"db-01"'), context: { includeDeclaration: true } });
	const rendered = result.map(location => `${location.uri.slice(location.uri.lastIndexOf('/') + 1)}:${location.range.start.line}:${location.range.start.character}`).sort();
	assert.deepEqual(rendered, [`.esshconfig.lua:2:${TASK_LINE.indexOf('"db-01"')}`, `hosts.lua:2:${HOSTS_TEXT.split('\n')[2].indexOf('"db-01"')}`]);
});

test('document highlights mark the name in the file', async () => {
	const result = await server.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: uri(MAIN) }, position: at(MAIN_TEXT, 1, '"docker"') });
	assert.deepEqual(result.map(highlight => highlight.range.start.line).sort(), [1, 2]);
});

test('prepareRename answers the name inside the quotes, and refuses a key', async () => {
	const ok = await server.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: uri(HOSTS) }, position: at(HOSTS_TEXT, 2, '"db-01"') });
	const start = HOSTS_TEXT.split('\n')[2].indexOf('db-01');
	assert.deepEqual(ok, { range: { start: { line: 2, character: start }, end: { line: 2, character: start + 5 } }, placeholder: 'db-01' });
	await assert.rejects(
		server.request('textDocument/prepareRename', { textDocument: { uri: uri(HOSTS) }, position: at(HOSTS_TEXT, 2, 'HostName') }),
		(error: { code: number }) => error.code === -32803,
	);
});

test('rename edits the host in both files', async () => {
	const edit = await server.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri(HOSTS) }, position: at(HOSTS_TEXT, 2, '"db-01"'), newName: 'db-11' });
	const changes = edit.changes!;
	assert.deepEqual(Object.keys(changes).sort(), [uri(MAIN), uri(HOSTS)].sort());
	assert.deepEqual(changes[uri(MAIN)], [{ range: { start: { line: 2, character: TASK_LINE.indexOf('db-01') }, end: { line: 2, character: TASK_LINE.indexOf('db-01') + 5 } }, newText: 'db-11' }]);
});

test('document symbols outline the hosts of a file', async () => {
	const result = await server.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri(HOSTS) } });
	const names = (symbols: DocumentSymbol[]): string[] => symbols.flatMap(symbol => [symbol.name, ...names(symbol.children ?? [])]);
	assert.deepEqual(names(result).filter(name => !name.startsWith('(')).sort(), ['db-01', 'web-01', 'web-02']);
});

test('workspace symbols match fuzzily across files', async () => {
	const result = await server.request<WorkspaceSymbol[]>('workspace/symbol', { query: 'wb2' });
	assert.ok(result.some(symbol => symbol.name === 'web-02' && 'range' in symbol.location && symbol.location.uri === uri(HOSTS)), JSON.stringify(result.map(symbol => symbol.name)));
});

test('hover on a host shows its generated ssh_config block', async () => {
	const result = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(HOSTS) }, position: at(HOSTS_TEXT, 0, '"web-01"') });
	const value = (result.contents as MarkupContent).value;
	assert.match(value, /HostName 10\.0\.0\.1/);
	assert.equal(result.range?.start.line, 0);
});

test('completion in a half-typed targets string offers hosts and tags', async () => {
	// The file is cut off inside the string: no parse, and completion still works.
	await server.change(MAIN, `${MAIN_TEXT}task "t" { description = "é🚀", targets = { "we`, 2);
	const lines = `${MAIN_TEXT}task "t" { description = "é🚀", targets = { "we`.split('\n');
	const result = await server.request<CompletionItem[] | { items: CompletionItem[] }>('textDocument/completion', {
		textDocument: { uri: uri(MAIN) },
		position: { line: lines.length - 1, character: lines[lines.length - 1].length },
		context: { triggerKind: 1 },
	});
	const items = Array.isArray(result) ? result : result.items;
	const labels = items.map(item => item.label);
	assert.ok(labels.includes('web-01') && labels.includes('web'), labels.join(','));
	const web = items.find(item => item.label === 'web-01')!;
	assert.deepEqual((web.textEdit as { range: unknown }).range, {
		start: { line: lines.length - 1, character: lines[lines.length - 1].length - 2 },
		end: { line: lines.length - 1, character: lines[lines.length - 1].length },
	});
	await server.change(MAIN, MAIN_TEXT, 3);
});

test('code actions offer the quick fix of a diagnostic', async () => {
	const line = HOSTS_TEXT.split('\n')[2];
	const range = { start: { line: 2, character: line.indexOf('22') }, end: { line: 2, character: line.indexOf('22') + 2 } };
	const diagnostic: Diagnostic = { range, code: 'host-ssh-prop-type', source: 'essh', message: 'x', severity: 1 };
	const result = await server.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uri(HOSTS) }, range, context: { diagnostics: [diagnostic] } });
	const fix = result.find(action => action.kind === 'quickfix');
	assert.ok(fix, JSON.stringify(result));
	assert.deepEqual(fix.diagnostics?.map(diag => diag.code), ['host-ssh-prop-type']);
	assert.deepEqual(fix.edit?.changes?.[uri(HOSTS)].map(edit => edit.newText), ['"22"']);
});

test('code lenses show the resolved host count, and follow essh.codeLens.enabled', async () => {
	const lenses = await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri(MAIN) } });
	assert.ok(lenses.some(lens => lens.command?.title === '→ 3 hosts' && lens.range.start.line === 2), JSON.stringify(lenses.map(lens => lens.command?.title)));
	const mark = server.mark();
	await server.changeSettings({ userConfig: { enabled: false }, codeLens: { enabled: false }, inlayHints: { enabled: true } });
	await server.waitFor(message => message.method === 'workspace/codeLens/refresh', { from: mark });
	// A refresh left over from the previous test's edit can arrive first: poll until the settings apply.
	await until('code lenses to be off', async () => (await server.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri(MAIN) } })).length === 0);
	const hintRange = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
	const hints = await server.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uri(MAIN) }, range: hintRange });
	assert.deepEqual(hints.map(hint => [hint.label, hint.position.line]), [['→ 3 hosts', 2]]);
	const mark2 = server.mark();
	await server.changeSettings({ userConfig: { enabled: false } });
	await server.waitFor(message => message.method === 'workspace/inlayHint/refresh', { from: mark2 });
	await until('inlay hints to be off', async () => (await server.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: uri(MAIN) }, range: hintRange })).length === 0);
});

/** Polls `condition` until it holds; fails with `what` after a generous limit (no timing is asserted). */
async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
	const started = Date.now();
	while (!await condition()) {
		assert.ok(Date.now() - started < timeoutMs, `timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

test('document links resolve require to the module file', async () => {
	const result = await server.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: uri(MAIN) } });
	assert.deepEqual(result.map(link => [link.target, link.range.start.line]), [[uri(HOSTS), 0]]);
});
