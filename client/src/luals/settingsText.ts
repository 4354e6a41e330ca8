/**
 * Removes one entry from a list setting in the text of a VS Code `settings.json` (JSON with
 * comments and trailing commas), for the extension's uninstall script, which runs without the
 * `vscode` API (client layer, pure, no imports). Only the entry's own characters (and one comma)
 * are cut, so the user's comments and formatting stay; the result is checked by parsing both
 * texts, and anything unexpected leaves the text alone (`undefined`), never risking the file.
 */

interface Token {
	kind: 'string' | 'punctuation' | 'literal';
	start: number;
	end: number;
	/** The decoded value of a string, or the character of a punctuation token. */
	value: string;
}

/** The tokens of a JSONC text, comments and whitespace skipped; undefined when it cannot be read. */
function tokenize(text: string): Token[] | undefined {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const char = text[index];
		if (/\s/.test(char)) {
			index++;
		} else if (text.startsWith('//', index)) {
			const end = text.indexOf('\n', index);
			index = end < 0 ? text.length : end;
		} else if (text.startsWith('/*', index)) {
			const end = text.indexOf('*/', index + 2);
			if (end < 0) {
				return undefined;
			}
			index = end + 2;
		} else if (char === '"') {
			let end = index + 1;
			while (end < text.length && text[end] !== '"') {
				end += text[end] === '\\' ? 2 : 1;
			}
			if (end >= text.length) {
				return undefined;
			}
			let value: string;
			try {
				value = JSON.parse(text.slice(index, end + 1)) as string;
			} catch {
				return undefined;
			}
			tokens.push({ kind: 'string', start: index, end: end + 1, value });
			index = end + 1;
		} else if ('{}[]:,'.includes(char)) {
			tokens.push({ kind: 'punctuation', start: index, end: index + 1, value: char });
			index++;
		} else {
			const match = /^[^\s{}[\]:,"/]+/.exec(text.slice(index));
			if (!match) {
				return undefined;
			}
			tokens.push({ kind: 'literal', start: index, end: index + match[0].length, value: match[0] });
			index += match[0].length;
		}
	}
	return tokens;
}

/** Parses JSONC: comments dropped, trailing commas dropped. */
export function parseJsonc(text: string): unknown {
	const tokens = tokenize(text);
	if (!tokens) {
		throw new SyntaxError('unreadable JSONC');
	}
	const kept = tokens.filter((token, index) => !(token.value === ',' && token.kind === 'punctuation' && (tokens[index + 1]?.value === '}' || tokens[index + 1]?.value === ']')));
	return JSON.parse(kept.map(token => text.slice(token.start, token.end)).join(''));
}

/** The index of the token closing the bracket opened at `open`. */
function closing(tokens: readonly Token[], open: number): number {
	let depth = 0;
	for (let index = open; index < tokens.length; index++) {
		const token = tokens[index];
		if (token.kind !== 'punctuation') {
			continue;
		}
		if (token.value === '[' || token.value === '{') {
			depth++;
		} else if (token.value === ']' || token.value === '}') {
			depth--;
			if (depth === 0) {
				return index;
			}
		}
	}
	return -1;
}

/**
 * The end of a comma plus the whitespace after it, up to the next token, so the next entry takes the
 * removed one's place on its line; just the comma's end when a comment follows it.
 */
function throughSpace(text: string, tokens: readonly Token[], comma: number): number {
	const next = tokens[comma + 1];
	const end = tokens[comma].end;
	return next && /^\s*$/.test(text.slice(end, next.start)) ? next.start : end;
}

/** Cuts the given token ranges out of the text (ranges do not overlap). */
function cut(text: string, ranges: { start: number; end: number }[]): string {
	let result = text;
	for (const range of [...ranges].sort((a, b) => b.start - a.start)) {
		result = result.slice(0, range.start) + result.slice(range.end);
	}
	return result;
}

/**
 * The settings text without `entry` in the top-level list setting `key`, the key removed when the
 * list ends up empty. Undefined when there is nothing to remove or the text is not what we expect.
 */
export function removeListEntry(text: string, key: string, entry: string): string | undefined {
	const tokens = tokenize(text);
	if (!tokens || tokens[0]?.value !== '{') {
		return undefined;
	}
	const rootEnd = closing(tokens, 0);
	let keyIndex = -1;
	for (let index = 1; index < rootEnd; index++) {
		const token = tokens[index];
		if (token.kind === 'string' && token.value === key && tokens[index + 1]?.value === ':') {
			keyIndex = index;
			break;
		}
		if (token.value === '{' || token.value === '[') {
			index = closing(tokens, index);
		}
	}
	if (keyIndex < 0 || tokens[keyIndex + 2]?.value !== '[') {
		return undefined;
	}
	const open = keyIndex + 2;
	const close = closing(tokens, open);
	// The list's elements, each with the comma that follows it (if any).
	const elements: { first: number; last: number; comma: number }[] = [];
	for (let index = open + 1; index < close; index++) {
		const first = index;
		if (tokens[index].value === '[' || tokens[index].value === '{') {
			index = closing(tokens, index);
		}
		const comma = tokens[index + 1]?.value === ',' ? index + 1 : -1;
		elements.push({ first, last: index, comma });
		if (comma >= 0) {
			index = comma;
		}
	}
	const ours = elements.filter(element => element.first === element.last && tokens[element.first].kind === 'string' && tokens[element.first].value === entry);
	if (ours.length === 0) {
		return undefined;
	}
	let result: string;
	if (ours.length === elements.length) {
		// The whole property goes, with the comma after it, or else the one before it.
		const after = tokens[close + 1]?.value === ',' ? close + 1 : -1;
		const before = tokens[keyIndex - 1]?.value === ',' ? keyIndex - 1 : -1;
		const start = after < 0 && before >= 0 ? tokens[before].start : tokens[keyIndex].start;
		const end = after >= 0 ? throughSpace(text, tokens, after) : tokens[close].end;
		result = cut(text, [{ start, end: end }]);
	} else {
		const ranges = ours.map(element => {
			if (element.comma >= 0) {
				return { start: tokens[element.first].start, end: throughSpace(text, tokens, element.comma) };
			}
			// The last element: take the comma before it instead.
			const previous = elements[elements.indexOf(element) - 1];
			return { start: tokens[previous.comma].start, end: tokens[element.last].end };
		});
		result = cut(text, ranges);
	}
	return checked(text, result, key, entry) ? result : undefined;
}

/** True when `after` parses to exactly `before` minus `entry` in `key`. */
function checked(before: string, after: string, key: string, entry: string): boolean {
	try {
		const expected = parseJsonc(before) as Record<string, unknown>;
		const list = (expected[key] as unknown[]).filter(item => item !== entry);
		if (list.length > 0) {
			expected[key] = list;
		} else {
			delete expected[key];
		}
		return JSON.stringify(parseJsonc(after)) === JSON.stringify(expected);
	} catch {
		return false;
	}
}
