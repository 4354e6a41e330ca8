/**
 * Code actions: quick fixes for the diagnostics in a range that carry fix data
 * (`data.edit`: quote a number ssh value, change to the nearest target/driver/backend;
 * `data.suggestions`: did-you-mean for unknown fields, keyword case, proxy hosts) and "add missing
 * host" for an unresolved target, which appends `host "X" {}` to the file. Pure.
 */
import type { Analysis } from '../analysis';
import type { FileDiag, FileId } from '../diagnostic';
import type { TextRange } from '../text';
import { literalContents } from './locate';
import type { CodeActionEntry } from './types';

/** Codes whose suggestions are not replacements of the diagnostic's range. */
const SUGGESTIONS_NOT_REPLACEMENTS = new Set(['override-redefinition']);

function overlaps(a: TextRange, b: TextRange): boolean {
	return a.start <= b.end && b.start <= a.end;
}

/** Quick fixes for the diagnostics of `file` that overlap `range`. */
export function codeActions(analysis: Analysis, file: FileId, range: TextRange): CodeActionEntry[] {
	const text = analysis.text(file);
	if (text === undefined) {
		return [];
	}
	const result: CodeActionEntry[] = [];
	for (const diag of analysis.diagnostics(file)) {
		if (!overlaps(diag.range, range)) {
			continue;
		}
		result.push(...fixesFor(diag, file, text));
	}
	return result;
}

function fixesFor(diag: FileDiag, file: FileId, text: string): CodeActionEntry[] {
	const result: CodeActionEntry[] = [];
	const edit = diag.data?.edit;
	if (edit) {
		result.push({ title: edit.title, kind: 'quickfix', diagnosticCodes: [diag.code], edits: [{ file, range: edit.range, newText: edit.newText }], isPreferred: true });
	}
	if (!SUGGESTIONS_NOT_REPLACEMENTS.has(diag.code)) {
		for (const suggestion of diag.data?.suggestions ?? []) {
			if (edit && (edit.newText === suggestion || edit.newText === JSON.stringify(suggestion))) {
				continue;
			}
			result.push({
				title: `Change to \`${suggestion}\``, kind: 'quickfix', diagnosticCodes: [diag.code],
				edits: [{ file, range: diag.range, newText: suggestion }], isPreferred: !edit && result.length === 0,
			});
		}
	}
	if (diag.code === 'target-unresolved') {
		const contents = literalContents(text, diag.range);
		const name = contents ? text.slice(contents.start, contents.end) : undefined;
		if (name !== undefined && !name.includes('\\')) {
			const prefix = text.length === 0 || text.endsWith('\n') ? '\n' : '\n\n';
			result.push({
				title: `Add missing host "${name}"`, kind: 'quickfix', diagnosticCodes: [diag.code],
				edits: [{ file, range: { start: text.length, end: text.length }, newText: `${prefix}host ${JSON.stringify(name)} {}\n` }],
			});
		}
	}
	return result;
}
