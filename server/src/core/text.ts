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
