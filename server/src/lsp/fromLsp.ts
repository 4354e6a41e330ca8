/**
 * Protocol → core conversions for the language server: a `file://` URI to the core's FileId (an
 * absolute POSIX path) and LSP positions (zero-based line, UTF-16 character) to core offsets through
 * the file's `LineIndex`. The only place besides toLsp.ts that knows how URIs map to files.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Position, Range } from 'vscode-languageserver';
import type { Analysis } from '../core/analysis';
import type { FileId } from '../core/diagnostic';
import type { TextRange } from '../core/text';

/** The FileId of a `file://` URI; undefined for other schemes (untitled, git, …) or malformed URIs. */
export function fileOfUri(uri: string): FileId | undefined {
	if (typeof uri !== 'string' || !uri.startsWith('file:')) {
		return undefined;
	}
	try {
		const native = fileURLToPath(uri);
		return path.sep === '/' ? native : native.split(path.sep).join('/');
	} catch {
		return undefined;
	}
}

/** The core offset of an LSP position in `file`, or undefined when the file is unknown. */
export function offsetOf(analysis: Analysis, file: FileId, position: Position): number | undefined {
	return analysis.lineIndex(file)?.offset(position);
}

/** The core range of an LSP range in `file`. */
export function textRangeOf(analysis: Analysis, file: FileId, range: Range): TextRange | undefined {
	const lineIndex = analysis.lineIndex(file);
	if (!lineIndex) {
		return undefined;
	}
	return { start: lineIndex.offset(range.start), end: lineIndex.offset(range.end) };
}
