/**
 * Protocol → core conversions for the language server: LSP positions (zero-based line, UTF-16
 * character) to core offsets through the file's `LineIndex`. URIs become FileIds in uri.ts (any
 * scheme, no Node), through `ServerState.fileOf`, which remembers the client's spelling.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { Analysis } from '../core/analysis';
import type { FileId } from '../core/diagnostic';
import type { TextRange } from '../core/text';

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
