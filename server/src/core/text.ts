/**
 * Text positions for the core layer: offset ranges (UTF-16 code units, as JavaScript string
 * indices and luaparse ranges are) and a line index that converts offsets to zero-based
 * line/character pairs and back. Nothing here knows LSP; the converters in `lsp/` and the CLI
 * use `LineIndex` to talk to the outside world.
 */

/** A half-open range of UTF-16 offsets into one file's text. */
export interface TextRange {
	start: number;
	end: number;
}

export namespace TextRange {
	/** True when `offset` lies inside the range, its end included (a cursor right after a name still touches it). */
	export function touches(range: TextRange, offset: number): boolean {
		return range.start <= offset && offset <= range.end;
	}

	/** True when the range contains `offset`, end excluded. */
	export function contains(range: TextRange, offset: number): boolean {
		return range.start <= offset && offset < range.end;
	}

	export function equals(a: TextRange, b: TextRange): boolean {
		return a.start === b.start && a.end === b.end;
	}
}

/** A zero-based line and UTF-16 character, the shape LSP and the CLI both derive from. */
export interface LineCharacter {
	line: number;
	character: number;
}

/** Maps offsets to lines and back. Line ends are `\n`, `\r\n` and a lone `\r`, as Lua's lexer counts them. */
export class LineIndex {
	/** Offsets at which each line starts; `lineStarts[0]` is always 0. */
	readonly lineStarts: number[];

	constructor(readonly text: string) {
		const starts = [0];
		if (!text.includes('\r')) {
			// Most files end lines with LF only: the engine's own search finds them several times faster.
			for (let found = text.indexOf('\n'); found >= 0; found = text.indexOf('\n', found + 1)) {
				starts.push(found + 1);
			}
			this.lineStarts = starts;
			return;
		}
		for (let index = 0; index < text.length; index++) {
			const code = text.charCodeAt(index);
			if (code === 10) {
				starts.push(index + 1);
			} else if (code === 13) {
				if (text.charCodeAt(index + 1) === 10) {
					index++;
				}
				starts.push(index + 1);
			}
		}
		this.lineStarts = starts;
	}

	get lineCount(): number {
		return this.lineStarts.length;
	}

	/** The line/character of an offset; offsets past the end clamp to the end of the text. */
	position(offset: number): LineCharacter {
		const clamped = Math.max(0, Math.min(offset, this.text.length));
		let low = 0;
		let high = this.lineStarts.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >> 1;
			if (this.lineStarts[middle] <= clamped) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}
		return { line: low, character: clamped - this.lineStarts[low] };
	}

	/** The offset of a line/character; out-of-range values clamp to the line or the text. */
	offset(position: LineCharacter): number {
		if (position.line < 0) {
			return 0;
		}
		if (position.line >= this.lineStarts.length) {
			return this.text.length;
		}
		const lineStart = this.lineStarts[position.line];
		const lineEnd = position.line + 1 < this.lineStarts.length ? this.lineStarts[position.line + 1] : this.text.length;
		return Math.min(lineStart + Math.max(0, position.character), lineEnd);
	}
}

/** Control characters, and lone surrogates (`files.ts` decodes a byte that is not UTF-8 to U+DC80 + byte). */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * A message safe to print on one line: control characters become `\n`, `\t`, `\r` or `\xNN`, a
 * byte that is not UTF-8 (U+DC80 + byte) becomes `\xNN`, and any other lone surrogate `\u{XXXX}`.
 */
export function escapeControlCharacters(message: string): string {
	return message.replace(UNPRINTABLE, character => {
		const code = character.charCodeAt(0);
		if (code === 0x0a) {
			return '\\n';
		}
		if (code === 0x09) {
			return '\\t';
		}
		if (code === 0x0d) {
			return '\\r';
		}
		const byte = code >= 0xdc80 && code <= 0xdcff ? code - 0xdc00 : code;
		return byte <= 0xff ? `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`;
	});
}
