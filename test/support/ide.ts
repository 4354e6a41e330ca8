/**
 * The `check*` helpers of the editor features (core/ide): each builds a workspace from a fixture
 * through `analyse()`, runs one feature at the fixture's `$0` cursor or range, and compares the
 * result with the fixture's unlabelled `^^^` annotations or with an expected text rendered one item
 * per line (docs/architecture.md). Tests of core/ide go through these helpers only.
 */
import * as assert from 'node:assert/strict';
import type { Analysis } from '../../server/src/core/analysis';
import { codeActions } from '../../server/src/core/ide/actions';
import { completions } from '../../server/src/core/ide/completion';
import { hover } from '../../server/src/core/ide/hover';
import { codeLenses, inlayHints } from '../../server/src/core/ide/lens';
import { documentLinks } from '../../server/src/core/ide/links';
import { definition, documentHighlights, prepareRename, references, rename, renameRefusal } from '../../server/src/core/ide/navigation';
import { documentSymbols, workspaceSymbols } from '../../server/src/core/ide/symbols';
import type { DocumentSymbolNode, FileEdit } from '../../server/src/core/ide/types';
import type { TextRange } from '../../server/src/core/text';
import { analyse, configFor, type CheckOptions } from './check';
import { dedent, expectText } from './expect';
import type { Fixture } from './fixture';

function cursorOf(fixture: Fixture): { path: string; offset: number } {
	if (!fixture.cursor) {
		throw new Error('The fixture needs one `$0` cursor.');
	}
	return fixture.cursor;
}

function rangeOf(fixture: Fixture): { path: string; range: TextRange } {
	if (fixture.range) {
		return { path: fixture.range.path, range: { start: fixture.range.start, end: fixture.range.end } };
	}
	const cursor = cursorOf(fixture);
	return { path: cursor.path, range: { start: cursor.offset, end: cursor.offset } };
}

function textOf(fixture: Fixture, path: string): string {
	return fixture.files.find(file => file.path === path)?.text ?? '';
}

/** `path:line:column "text"` of a range, for readable failures (1-based). */
function describeRange(fixture: Fixture, path: string, range: TextRange): string {
	const text = textOf(fixture, path);
	const before = text.slice(0, range.start).split('\n');
	return `${path}:${before.length}:${before[before.length - 1].length + 1} ${JSON.stringify(text.slice(range.start, range.end))}`;
}

/** Compares sites with the unlabelled annotations of the fixture, as sorted readable lines. */
function compareWithAnnotations(fixture: Fixture, actual: Array<{ file: string; range: TextRange }>): void {
	const render = (items: Array<{ file: string; range: TextRange }>): string => items
		.map(item => ({ item, line: describeRange(fixture, item.file, item.range) }))
		.sort((a, b) => (a.item.file < b.item.file ? -1 : a.item.file > b.item.file ? 1 : a.item.range.start - b.item.range.start))
		.map(entry => entry.line).join('\n');
	const expected = fixture.annotations.filter(annotation => annotation.label === '').map(annotation => ({ file: annotation.path, range: { start: annotation.start, end: annotation.end } }));
	assert.equal(render(actual), render(expected));
}

/** Go to definition at `$0` must land exactly on the unlabelled annotations (name ranges, quotes included). */
export function checkDefinition(source: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const cursor = cursorOf(fixture);
	compareWithAnnotations(fixture, definition(analysis, cursor.path, cursor.offset).map(target => ({ file: target.file, range: target.nameRange })));
}

/** The definition targets at `$0` as `path:line:column "text"` lines (for file links and empty answers). */
export function checkDefinitionText(source: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const cursor = cursorOf(fixture);
	const lines = definition(analysis, cursor.path, cursor.offset).map(target => `${target.file}:${target.nameRange.start}${target.link ? ` (${target.link})` : ''}`);
	expectText(lines.join('\n'), expected);
}

/** Find references at `$0` (declarations included unless told) must match the unlabelled annotations. */
export function checkReferences(source: string, options: CheckOptions & { includeDeclaration?: boolean } = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const cursor = cursorOf(fixture);
	compareWithAnnotations(fixture, references(analysis, cursor.path, cursor.offset, options.includeDeclaration ?? true).map(target => ({ file: target.file, range: target.nameRange })));
}

/** Document highlights at `$0` as `read|write "text"` lines. */
export function checkHighlights(source: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const cursor = cursorOf(fixture);
	const text = textOf(fixture, cursor.path);
	expectText(documentHighlights(analysis, cursor.path, cursor.offset).map(entry => `${entry.kind} ${text.slice(entry.range.start, entry.range.end)}`).join('\n'), expected);
}

/** Applies edits to texts (edits of one file must not overlap). */
function applyEdits(fixture: Fixture, edits: FileEdit[]): Map<string, string> {
	const result = new Map<string, string>();
	for (const file of fixture.files) {
		const fileEdits = edits.filter(edit => edit.file === file.path).sort((a, b) => b.range.start - a.range.start);
		let text = file.text;
		for (const edit of fileEdits) {
			text = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
		}
		result.set(file.path, text);
	}
	return result;
}

function renderFiles(fixture: Fixture, texts: Map<string, string>): string {
	if (fixture.files.length === 1 && fixture.files[0].path === '/main.lua') {
		return texts.get('/main.lua') ?? '';
	}
	return fixture.files.map(file => `--- ${file.path}\n${texts.get(file.path) ?? ''}`).join('').replace(/\n$/, '');
}

/** Renames at `$0` to `newName` and compares every file afterwards (or `error: …` when prepareRename refuses). */
export function checkRename(source: string, newName: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const cursor = cursorOf(fixture);
	const prepared = prepareRename(analysis, cursor.path, cursor.offset);
	if ('error' in prepared) {
		expectText(`error: ${prepared.error}`, expected);
		return;
	}
	const text = textOf(fixture, cursor.path);
	assert.equal(text.slice(prepared.range.start, prepared.range.end), prepared.placeholder, 'prepareRename range must cover the name');
	const refusal = renameRefusal(analysis, cursor.path, cursor.offset, newName);
	if (refusal !== undefined) {
		assert.deepEqual(rename(analysis, cursor.path, cursor.offset, newName), [], 'a refused rename must not edit');
		expectText(`error: ${refusal}`, expected);
		return;
	}
	expectText(renderFiles(fixture, applyEdits(fixture, rename(analysis, cursor.path, cursor.offset, newName))), expected);
}

/** The hover markdown at `$0` (`(none)` when there is no hover). */
export function checkHover(source: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const cursor = cursorOf(fixture);
	const result = hover(analysis, cursor.path, cursor.offset);
	expectText(result ? result.contents : '(none)', expected);
}

export interface CompletionCheckOptions extends CheckOptions {
	kinds?: string[];
	labelPrefix?: string;
	/** A text of the cursor file analysed first, so its symbols are the last good ones when the fixture's text does not parse. */
	lastGood?: string;
}

/** Like `analyse`, but the cursor file first holds `options.lastGood` (an earlier, parsable text). */
function analyseEdited(source: string, options: CompletionCheckOptions): { fixture: Fixture; analysis: Analysis } {
	const { fixture, workspace } = analyse(source, options);
	const cursor = cursorOf(fixture);
	if (options.lastGood !== undefined) {
		const current = workspace.text(cursor.path)!;
		workspace.setFile(cursor.path, dedent(options.lastGood) + '\n');
		workspace.analysis(configFor(options)).diagnostics(cursor.path);
		workspace.setFile(cursor.path, current);
	}
	return { fixture, analysis: workspace.analysis(configFor(options)) };
}

/** Completions at `$0` as sorted `kind label detail` lines; `kinds` and `labelPrefix` (case-insensitive, as a client filters) keep only some. */
export function checkCompletions(source: string, expected: string, options: CompletionCheckOptions = {}): void {
	const { fixture, analysis } = analyseEdited(source, options);
	const cursor = cursorOf(fixture);
	const entries = completions(analysis, cursor.path, cursor.offset)
		.filter(entry => !options.kinds || options.kinds.includes(entry.kind))
		.filter(entry => !options.labelPrefix || entry.label.toLowerCase().startsWith(options.labelPrefix.toLowerCase()));
	const lines = entries.map(entry => `${entry.kind} ${entry.label}${entry.detail ? ` ${entry.detail}` : ''}`).sort();
	expectText(lines.join('\n'), expected);
}

/** The replace range of the completions at `$0`, as the text it covers; every entry must agree. */
export function checkCompletionRange(source: string, expected: string, options: CompletionCheckOptions = {}): void {
	const { fixture, analysis } = analyseEdited(source, options);
	const cursor = cursorOf(fixture);
	const text = textOf(fixture, cursor.path);
	const ranges = new Set(completions(analysis, cursor.path, cursor.offset).map(entry => JSON.stringify(text.slice(entry.replaceRange.start, entry.replaceRange.end))));
	expectText([...ranges].join('\n'), expected);
}

function renderSymbols(nodes: DocumentSymbolNode[], fixture: Fixture, path: string, indent: string): string[] {
	return nodes.flatMap(node => [
		`${indent}${node.kind} ${node.name}${node.detail ? ` (${node.detail})` : ''} ${JSON.stringify(textOf(fixture, path).slice(node.nameRange.start, node.nameRange.end))}`,
		...renderSymbols(node.children, fixture, path, `${indent}  `),
	]);
}

/** Document symbols of the cursor file (or the only/first file) as an indented outline. */
export function checkSymbols(source: string, expected: string, options: CheckOptions & { file?: string } = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const path = options.file ?? fixture.files[0].path;
	expectText(renderSymbols(documentSymbols(analysis, path), fixture, path, '').join('\n'), expected);
}

/** Workspace symbols for a query, in rank order, as `kind name file` lines. */
export function checkWorkspaceSymbols(source: string, query: string, expected: string, options: CheckOptions = {}): void {
	const { analysis } = analyse(source, options);
	expectText(workspaceSymbols(analysis, query).map(entry => `${entry.kind} ${entry.name} ${entry.file}`).join('\n'), expected);
}

/** Code actions for the `$0` range or cursor: title, then each edit as `path@line: "old" -> "new"`. */
export function checkCodeActions(source: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const { path, range } = rangeOf(fixture);
	const lines: string[] = [];
	for (const action of codeActions(analysis, path, range)) {
		lines.push(`${action.kind}${action.isPreferred ? '*' : ''} ${action.title} [${action.diagnosticCodes.join(',')}]`);
		for (const edit of action.edits) {
			const text = textOf(fixture, edit.file);
			const line = text.slice(0, edit.range.start).split('\n').length;
			lines.push(`  ${edit.file}:${line} ${JSON.stringify(text.slice(edit.range.start, edit.range.end))} -> ${JSON.stringify(edit.newText)}`);
		}
	}
	expectText(lines.join('\n'), expected);
}

/** Code lenses of the first file: `line: title command args`. */
export function checkLenses(source: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const path = fixture.files[0].path;
	const text = textOf(fixture, path);
	expectText(codeLenses(analysis, path).map(lens => `${text.slice(0, lens.range.start).split('\n').length}: ${lens.title} ${lens.command} ${JSON.stringify(lens.arguments)}`).join('\n'), expected);
}

/** Inlay hints of the first file (whole file): `line:column label`, 1-based. */
export function checkInlayHints(source: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const path = fixture.files[0].path;
	const text = textOf(fixture, path);
	expectText(inlayHints(analysis, path, { start: 0, end: text.length }).map(hint => {
		const before = text.slice(0, hint.offset).split('\n');
		return `${before.length}:${before[before.length - 1].length + 1} ${hint.label}`;
	}).join('\n'), expected);
}

/** Document links of the first file: `"text" -> target (tooltip)`. */
export function checkLinks(source: string, expected: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const path = fixture.files[0].path;
	const text = textOf(fixture, path);
	expectText(documentLinks(analysis, path).map(link => `${JSON.stringify(text.slice(link.range.start, link.range.end))} -> ${link.target ?? '(unresolved)'} (${link.tooltip})`).join('\n'), expected);
}

export type { Analysis };
