/**
 * Protocol round-trip of navigation on globals (core/ide/globals.ts through the handlers): a helper
 * defined in a required module and read in the project file, on a line with non-ASCII text before
 * the name, so the UTF-16 conversion of definition, references, hover and rename is proved once.
 */
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hover, Location, LocationLink, MarkupContent, WorkspaceEdit } from 'vscode-languageserver/node';
import { startInBand, uri, type InBand } from '../support/inBand';

const MAIN = '/ws/.esshconfig.lua';
const HELPERS = '/ws/.essh/lib/helpers.lua';
const TASK_LINE = 'task "t" { description = "é🚀 ship", prepare = select_host, script = "x" }';
const MAIN_TEXT = `require "helpers"\n${TASK_LINE}\n`;
const HELPERS_TEXT = '-- ünïcode 😀\nfunction select_host(t) return true end\n';

let server: InBand;

before(async () => {
	server = await startInBand({ files: { [MAIN]: MAIN_TEXT, [HELPERS]: HELPERS_TEXT } });
	await server.open(MAIN, MAIN_TEXT);
	await server.open(HELPERS, HELPERS_TEXT);
});

after(async () => {
	await server.dispose();
});

const READ = { line: 1, character: TASK_LINE.indexOf('select_host') + 3 };
const READ_RANGE = { start: { line: 1, character: TASK_LINE.indexOf('select_host') }, end: { line: 1, character: TASK_LINE.indexOf('select_host') + 11 } };
const WRITE_RANGE = { start: { line: 1, character: 9 }, end: { line: 1, character: 20 } };

test('definition of a global read goes to the module that assigns it', async () => {
	const result = await server.request<LocationLink[]>('textDocument/definition', { textDocument: { uri: uri(MAIN) }, position: READ });
	assert.deepEqual(result.map(link => [link.targetUri, link.targetSelectionRange]), [[uri(HELPERS), WRITE_RANGE]]);
});

test('references of a global list both files', async () => {
	const result = await server.request<Location[]>('textDocument/references', { textDocument: { uri: uri(MAIN) }, position: READ, context: { includeDeclaration: true } });
	assert.deepEqual(result.map(location => [location.uri, location.range]).sort(), [[uri(HELPERS), WRITE_RANGE], [uri(MAIN), READ_RANGE]].sort());
});

test('hover on a global says what it holds and where', async () => {
	const result = await server.request<Hover>('textDocument/hover', { textDocument: { uri: uri(MAIN) }, position: READ });
	assert.equal((result.contents as MarkupContent).value, '**global** `select_host`\n\na function, assigned at .essh/lib/helpers.lua:2');
	assert.deepEqual(result.range, READ_RANGE);
});

test('rename of a global edits both files, and a keyword is refused with the reason', async () => {
	const edit = await server.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: uri(MAIN) }, position: READ, newName: 'pick_host' });
	assert.deepEqual(edit.changes, {
		[uri(MAIN)]: [{ range: READ_RANGE, newText: 'pick_host' }],
		[uri(HELPERS)]: [{ range: WRITE_RANGE, newText: 'pick_host' }],
	});
	await assert.rejects(
		server.request('textDocument/rename', { textDocument: { uri: uri(MAIN) }, position: READ, newName: 'end' }),
		(error: { message: string }) => error.message.includes('"end" is a Lua keyword'),
	);
});
