/**
 * The editor queries the fuzz harness runs on every case: every function exported by a module of
 * server/src/core/ide, found at run time (the features are added one file at a time) and called by
 * the shape of its parameters (a position, a file, or a workspace query string). Every range found
 * anywhere in a result is checked against its document; `file` fields name the document.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Analysis } from '../../server/src/core/analysis';
import type { FileId } from '../../server/src/core/diagnostic';
import type { TextRange } from '../../server/src/core/text';
import type { QueryContext } from './fuzz';

/** One editor query; exactly one of the call shapes is set. */
export interface IdeQuery {
	name: string;
	atOffset?: (analysis: Analysis, position: { file: FileId; offset: number }, context: QueryContext) => void;
	perFile?: (analysis: Analysis, file: FileId, context: QueryContext) => void;
	perWorkspace?: (analysis: Analysis, context: QueryContext) => void;
}

const RANGE_KEYS = new Set(['range', 'fullRange', 'nameRange', 'replaceRange', 'selectionRange', 'keyRange', 'valueRange']);

/** Fields of helper results that hold registry internals (resources, sets) rather than editor-facing ranges. */
const INTERNAL_KEYS = new Set(['resource', 'set', 'registry', 'resolutions']);

function isRange(value: unknown): value is TextRange {
	return typeof value === 'object' && value !== null && 'start' in value && 'end' in value;
}

/** Walks a result and checks every range field against the nearest enclosing `file` (default `file`). */
export function checkResultRanges(value: unknown, file: FileId, context: QueryContext, what: string, depth = 0): void {
	if (value === null || typeof value !== 'object' || depth > 40) {
		return;
	}
	if (Array.isArray(value)) {
		for (const item of value) {
			checkResultRanges(item, file, context, what, depth + 1);
		}
		return;
	}
	if (value instanceof Map || value instanceof Set) {
		for (const item of value.values()) {
			checkResultRanges(item, file, context, what, depth + 1);
		}
		return;
	}
	const record = value as Record<string, unknown>;
	if ('registry' in record && 'definition' in record) {
		// A whole set analysis (from helpers such as locate.setsFor) is internal state, not a result an
		// editor shows: its stale-file ranges are by design (last good symbols), so it is not walked.
		return;
	}
	const ownFile = typeof record.file === 'string' ? record.file : file;
	for (const [key, field] of Object.entries(record)) {
		if (RANGE_KEYS.has(key) && isRange(field)) {
			context.checkRange(ownFile, field, `${what}.${key}`);
		} else if (key === 'offset' && typeof field === 'number') {
			context.checkRange(ownFile, { start: field, end: field }, `${what}.offset`);
		} else if (typeof field === 'object' && !INTERNAL_KEYS.has(key)) {
			checkResultRanges(field, ownFile, context, what, depth + 1);
		}
	}
}

/** The parameter names of a compiled function, from its source text. */
function parameterNames(fn: (...args: never[]) => unknown): string[] {
	const source = Function.prototype.toString.call(fn);
	const match = /^[^(]*\(([^)]*)\)/.exec(source);
	if (!match) {
		return [];
	}
	return match[1].split(',').map(part => part.replace(/=.*$/s, '').replace(/\/\*.*?\*\//gs, '').trim()).filter(part => part.length > 0);
}

/** The compiled core/ide directory (this file runs from out/test/fuzz). */
function ideDirectory(): string {
	return path.resolve(__dirname, '..', '..', 'server', 'src', 'core', 'ide');
}

/** How to fill one parameter of a feature, by its name; undefined for a parameter the harness cannot fill. */
type ArgumentMaker = (analysis: Analysis, file: FileId, offset: number, query: string) => unknown;

function argumentMaker(parameter: string, hasFileParameter: boolean): ArgumentMaker | undefined {
	if (/^(file|fileId|uri|document)$/i.test(parameter)) {
		return (_analysis, file) => file;
	}
	if (/^(offset|pos)$/i.test(parameter)) {
		return (_analysis, _file, offset) => offset;
	}
	if (/^(position|filePosition|at)$/i.test(parameter)) {
		return hasFileParameter ? (_analysis, _file, offset) => offset : (_analysis, file, offset) => ({ file, offset });
	}
	if (/range$/i.test(parameter)) {
		// From the offset to the end: the whole file at offset 0, a tail (or an empty range at the end) elsewhere.
		return (analysis, file, offset) => ({ start: offset, end: Math.max(offset, (analysis.text(file) ?? '').length) });
	}
	if (/^include/i.test(parameter)) {
		return () => true;
	}
	if (/name$/i.test(parameter)) {
		return () => 'renamed-x';
	}
	if (/^(query|pattern|text|prefix)$/i.test(parameter)) {
		return (_analysis, _file, _offset, query) => query;
	}
	if (/^(config|options|settings|context|_\w*)$/i.test(parameter)) {
		return () => undefined;
	}
	return undefined;
}

const WORKSPACE_QUERIES = ['', 'w', 'web', '*', '😀', 'x'.repeat(200)];

/**
 * Every exported function of core/ide whose first parameter is the analysis, called with arguments
 * chosen by parameter name (file, offset or position, range, includeDeclaration, newName, query,
 * config). A feature with an offset runs at each query offset; one with a file only, once per file;
 * one with neither, once per case (with a few query strings when it takes one). Functions with
 * parameters the harness cannot fill (internal helpers taking symbol keys, registries…) are listed
 * in `skipped`.
 */
export function ideQueries(skipped: string[] = []): IdeQuery[] {
	const directory = ideDirectory();
	let names: string[];
	try {
		names = fs.readdirSync(directory).filter(name => name.endsWith('.js')).sort();
	} catch {
		return [];
	}
	const result: IdeQuery[] = [];
	for (const moduleName of names) {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exports = require(path.join(directory, moduleName)) as Record<string, unknown>;
		for (const [exportName, value] of Object.entries(exports)) {
			if (typeof value !== 'function' || /^[A-Z]/.test(exportName)) {
				continue;
			}
			const fn = value as (...args: unknown[]) => unknown;
			const parameters = parameterNames(fn);
			const name = `${moduleName.replace(/\.js$/, '')}.${exportName}`;
			if (!/^analysis$/i.test(parameters[0] ?? '')) {
				skipped.push(`${name}(${parameters.join(', ')})`);
				continue;
			}
			const rest = parameters.slice(1);
			const hasFile = rest.some(parameter => /^(file|fileId|uri|document)$/i.test(parameter));
			const makers = rest.map(parameter => argumentMaker(parameter, hasFile));
			if (makers.some(maker => maker === undefined)) {
				skipped.push(`${name}(${parameters.join(', ')})`);
				continue;
			}
			const call = (analysis: Analysis, file: FileId, offset: number, query: string): unknown => fn(analysis, ...makers.map(maker => maker!(analysis, file, offset, query)));
			const hasOffset = rest.some(parameter => /^(offset|pos|position|filePosition|at)$|range$/i.test(parameter));
			const hasQuery = rest.some(parameter => /^(query|pattern|text|prefix)$/i.test(parameter));
			if (hasOffset) {
				result.push({ name, atOffset: (analysis, position, context) => checkResultRanges(call(analysis, position.file, position.offset, ''), position.file, context, name) });
			} else if (hasFile) {
				result.push({ name, perFile: (analysis, file, context) => checkResultRanges(call(analysis, file, 0, ''), file, context, name) });
			} else {
				result.push({
					name, perWorkspace: (analysis, context) => {
						for (const query of hasQuery ? WORKSPACE_QUERIES : ['']) {
							checkResultRanges(call(analysis, '', 0, query), '', context, name);
						}
					},
				});
			}
		}
	}
	return result;
}
