/**
 * Lua syntax for the core layer: the only caller of luaparse. `parseLua` parses a config file
 * as ESSH's embedded gopher-lua would (essh-semantics.md, The Lua dialect): it runs a linear lexical pre-scan for
 * the checks luaparse does not make, applies same-length text adjustments where luaparse rejects
 * what gopher-lua accepts, re-parses, and returns the tree plus diagnostics as data. It never
 * throws. `decodeLuaString` turns a string literal's raw text into its value, since luaparse
 * leaves `StringLiteral.value` null in the `'none'` encoding mode.
 */
import * as luaparse from 'luaparse';
import type { Diag, Severity } from './diagnostic';
import type { TextRange } from './text';

/** The outcome of parsing one file. */
export interface ParseResult {
	/** The syntax tree, or undefined when the text could not be parsed even after the dialect adjustments. */
	chunk: luaparse.Chunk | undefined;
	/** Syntax and dialect diagnostics, ranges are UTF-16 offsets into the ORIGINAL text. */
	diagnostics: Diag[];
}

/**
 * Receives each top-level statement of a chunk as soon as luaparse has completed it, in source
 * order (`parseLua`'s third argument). The statement is whole when `statement` runs; afterwards
 * its children are dropped, so the returned chunk's body holds only each statement's `type` and
 * `range`, and a file's syntax tree never has to be alive all at once. A parse may be attempted
 * again after a dialect workaround: `reset` is called before every attempt. When the parse
 * finally fails (`chunk` undefined), what the sink received is to be discarded.
 */
export interface StatementSink {
	reset(): void;
	statement(node: luaparse.Statement): void;
}

/**
 * A part of the text that holds whole top-level statements, for parsing only those (`parseLua`'s
 * fourth argument): luaparse sees the text before `start` and from `end` on as blanks (line breaks
 * kept, so offsets hold), while the pre-scan still reads the whole text. Only the caller can know
 * that this is what a whole-file parse would do there (analysis.ts, `lowerWindow`): that the
 * parser and the lowering start `start` in their initial state, and that a statement ends at `end`.
 */
export interface ParseWindow {
	start: number;
	end: number;
}

/** `text` with every character but line breaks replaced by a space. */
function blankOut(text: string): string {
	return text.replace(/[^\r\n]/g, ' ');
}

/**
 * The Lua dialect a file is parsed in: `'gopher-2018'` is the gopher-lua of upstream ESSH (strict
 * Lua 5.1), `'gopher-1.1'` the gopher-lua v1.1.1 of the sevir/essh fork (3.5+): `goto` and labels,
 * unknown escapes decoded as the escaped character, `break` still last in its block.
 */
export type LuaDialect = 'gopher-2018' | 'gopher-1.1';

/** How many times a luaparse error may be worked around and the text re-parsed before giving up. */
const MAX_WORKAROUNDS = 200;

/** luaparse options of every parse (exported for the benchmark's floor). */
export const PARSE_OPTIONS = {
	luaVersion: '5.1',
	comments: false,
	locations: false,
	ranges: true,
	scope: true,
	extendedIdentifiers: false,
	encodingMode: 'none',
} as const;

const CHAR_TAB = 9;
const CHAR_LF = 10;
const CHAR_VT = 11;
const CHAR_FF = 12;
const CHAR_CR = 13;
const CHAR_SPACE = 32;
const CHAR_DOUBLE_QUOTE = 34;
const CHAR_SINGLE_QUOTE = 39;
const CHAR_PLUS = 43;
const CHAR_MINUS = 45;
const CHAR_DOT = 46;
const CHAR_ZERO = 48;
const CHAR_NINE = 57;
const CHAR_EQUALS = 61;
const CHAR_BRACKET_OPEN = 91;
const CHAR_BACKSLASH = 92;
const CHAR_BOM = 0xfeff;

/** Operators of two or three characters, so that token starts match luaparse's. */
const MULTI_CHAR_SYMBOLS = ['...', '..', '==', '~=', '<=', '>=', '//', '::', '<<', '>>'];
/** The multi-character symbols by their first character. */
const SYMBOLS_BY_FIRST = new Map<number, string[]>();
for (const symbol of MULTI_CHAR_SYMBOLS) {
	const first = symbol.charCodeAt(0);
	SYMBOLS_BY_FIRST.set(first, [...SYMBOLS_BY_FIRST.get(first) ?? [], symbol]);
}

/** The length of the symbol token at `index`: a multi-character symbol, a surrogate pair or one unit. */
function symbolLength(text: string, index: number): number {
	for (const symbol of SYMBOLS_BY_FIRST.get(text.charCodeAt(index)) ?? []) {
		if (text.startsWith(symbol, index)) {
			return symbol.length;
		}
	}
	return isHighSurrogatePair(text, index) ? 2 : 1;
}

/** Tokens after which a `;` starts an empty statement rather than following a statement. */
const BLOCK_OPENERS = new Set([';', 'do', 'then', 'else', 'repeat', ')']);

/** A significant token found by the pre-scan (comments and whitespace are not tokens). */
interface Token {
	start: number;
	end: number;
	/** True when a line break lies between the previous token and this one. */
	newlineBefore: boolean;
	/** True once the token has been blanked out of the text handed to luaparse. */
	removed: boolean;
}

/**
 * The pre-scan's tokens as objects, built on first use (after a parse error) by scanning the text
 * again: most files parse at once, and recording half a million tokens that no one reads cost the
 * cold index more than scanning the one failing file twice. The second scan reports into a scratch
 * context, so nothing is reported twice.
 */
function tokensOf(context: ParseContext): Token[] {
	if (!context.tokenObjects) {
		const data: number[] = [];
		const scratch: ParseContext = { original: context.original, text: context.text, scanText: context.scanText, scanStart: context.scanStart, diagnostics: [], literalsEdited: false, dialect: context.dialect, sink: undefined };
		scanLexical(context.scanText, context.scanStart, scratch, data);
		const tokens: Token[] = [];
		for (let at = 0; at < data.length; at += 3) {
			tokens.push({ start: data[at], end: data[at + 1], newlineBefore: data[at + 2] === 1, removed: false });
		}
		context.tokenObjects = tokens;
	}
	return context.tokenObjects;
}

/** A same-length replacement inside the text handed to luaparse. */
interface Edit {
	start: number;
	replacement: string;
}

/** Mutable state of one `parseLua` call. */
interface ParseContext {
	readonly original: string;
	/** The text luaparse sees; always the same length as `original`. */
	text: string;
	/** The text the pre-scan read (after the BOM and `#` line adjustments) and where it started. */
	scanText: string;
	scanStart: number;
	/** The pre-scan's tokens, made by `tokensOf` when a parse error needs them (most files have none). */
	tokenObjects?: Token[];
	readonly diagnostics: Diag[];
	/** True when an adjustment changed the inside of a literal, so `raw` values must be restored. */
	literalsEdited: boolean;
	readonly dialect: LuaDialect;
	/**
	 * The first character outside strings and comments that no Lua token starts with (gopher-lua's
	 * 'Invalid token'), with its diagnostic. luaparse never sees it: it is blanked in `text`.
	 */
	invalidToken?: Diag;
	/** The error luaparse stopped on (also in `diagnostics`) and the offset where its lexer was. */
	parseFailure?: { diag: Diag; index: number };
	readonly sink: StatementSink | undefined;
}

/** A luaparse SyntaxError reduced to what we use. */
interface LuaparseError {
	/** The message without luaparse's `[line:col] ` prefix. */
	message: string;
	/** UTF-16 offset where luaparse stopped. */
	index: number;
}

/** The literal nodes whose `raw` may need restoring after an in-token adjustment. */
type LiteralNode = luaparse.StringLiteral | luaparse.NumericLiteral;

/**
 * Parses a config file the way ESSH's gopher-lua would, and never throws. The returned tree is
 * luaparse's (with `ranges`), parsed from a same-length adjusted copy of the text, so node ranges
 * are offsets into the original text. `raw` of string and number literals is the original text.
 */
export function parseLua(text: string, dialect: LuaDialect = 'gopher-2018', sink?: StatementSink, window?: ParseWindow): ParseResult {
	const context: ParseContext = { original: text, text, scanText: text, scanStart: 0, diagnostics: [], literalsEdited: false, dialect, sink };
	let chunk: luaparse.Chunk | undefined;
	try {
		prepareText(context);
		if (window) {
			const adjusted = context.text;
			context.text = blankOut(adjusted.slice(0, window.start)) + adjusted.slice(window.start, window.end) + blankOut(adjusted.slice(window.end));
		}
		chunk = runParser(context);
		if (chunk && dialect === 'gopher-1.1' && !sink) {
			checkBreakPlacement(chunk.body, context.diagnostics);
		}
	} catch {
		// Defensive: the pre-scan is plain string code, but "never throws" is an invariant. The
		// error's own text means nothing to a user, so it is not shown.
		chunk = undefined;
		context.diagnostics.push(makeDiag(fallbackRange(text), 'error', 'lua-syntax', INTERNAL_FAILURE_MESSAGE));
	}
	context.diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
	const notText = notTextReason(text);
	if (notText !== undefined) {
		const stop = context.diagnostics.find(diag => diag.severity === 'error');
		if (stop !== undefined) {
			// Diagnostic: lua-syntax, a file that is not text (NUL bytes, mostly bytes that are not
			// UTF-8): one diagnostic in place of the hundreds a binary file would give.
			const where = lineAndColumn(text, stop.range.start);
			return {
				chunk: undefined,
				diagnostics: [makeDiag({ start: 0, end: 0 }, 'error', 'lua-syntax',
					`This file is not text (${notText}), so it is not an ESSH config: ESSH stops loading it with a syntax error at line ${where.line}, column ${where.column}`)],
			};
		}
	}
	return { chunk, diagnostics: context.diagnostics };
}

/** The message of a parse that failed for a reason of ours, not of the file. */
const INTERNAL_FAILURE_MESSAGE = 'ESSH Config Tools could not parse this file (an internal error, please report it); ESSH itself may accept it';

/**
 * Why `text` is not text, or undefined when it is: it holds a NUL, or at least an eighth of it
 * (and 4 or more characters) are control characters or bytes that are not UTF-8 (U+FFFD from an
 * editor's decoding, or the U+DC80-U+DCFF escapes of `files.ts`'s decoding).
 */
function notTextReason(text: string): string | undefined {
	if (text.includes('\u0000')) {
		return 'it contains NUL bytes';
	}
	// Nearly every file has none of the characters counted below: one native search says so.
	if (!SUSPICIOUS_CHARACTER.test(text)) {
		return undefined;
	}
	let count = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if ((code < CHAR_SPACE && code !== CHAR_TAB && code !== CHAR_LF && code !== CHAR_CR && code !== CHAR_FF && code !== CHAR_VT) || code === 0xfffd || (code >= 0xdc80 && code <= 0xdcff && !isLowSurrogateOfPair(text, index))) {
			count++;
		}
	}
	return count >= 4 && count * 8 >= text.length ? `${count} of its ${text.length} characters are control characters or bytes that are not UTF-8` : undefined;
}

/** A character `notTextReason` counts, or any U+DC80-U+DCFF unit (the loop skips those that end a surrogate pair). */
const SUSPICIOUS_CHARACTER = /[\x01-\x08\x0e-\x1f\ufffd\udc80-\udcff]/;

function isLowSurrogateOfPair(text: string, index: number): boolean {
	return index > 0 && isHighSurrogatePair(text, index - 1);
}

/** The 1-based line and UTF-16 column of `offset` (CR, LF and CRLF end lines, as in `LineIndex`). */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
	let line = 1;
	let lineStart = 0;
	for (let index = 0; index < offset; index++) {
		const code = text.charCodeAt(index);
		if (code === CHAR_LF || (code === CHAR_CR && text.charCodeAt(index + 1) !== CHAR_LF)) {
			line++;
			lineStart = index + 1;
		}
	}
	return { line, column: offset - lineStart + 1 };
}

/** Applies the up-front adjustments (BOM, `#` line) and runs the lexical pre-scan. */
function prepareText(context: ParseContext): void {
	const text = context.original;
	let scanStart = 0;
	let adjusted = text;
	if (text.charCodeAt(0) === CHAR_BOM) {
		// Diagnostic: lua-bom, a UTF-8 byte order mark, which gopher-lua's lexer rejects.
		context.diagnostics.push(makeDiag({ start: 0, end: 1 }, 'error', 'lua-bom', "UTF-8 byte order mark: ESSH fails with 'Invalid token' at line 1"));
		// U+FEFF is one UTF-16 unit, so a space keeps every offset in place.
		adjusted = ' ' + text.slice(1);
		scanStart = 1;
	} else if (text.charCodeAt(0) === 0x23 /* # */) {
		// gopher-lua's LoadFile skips everything up to the first LF when the first byte is `#`.
		let lineEnd = text.indexOf('\n');
		if (lineEnd < 0) {
			lineEnd = text.length;
		}
		const visibleEnd = lineEnd > 0 && text.charCodeAt(lineEnd - 1) === CHAR_CR ? lineEnd - 1 : lineEnd;
		// Diagnostic: lua-hash-line, a first line starting with `#`, which ESSH skips.
		context.diagnostics.push(makeDiag({ start: 0, end: visibleEnd }, 'hint', 'lua-hash-line', "ESSH skips this first line because it starts with '#'"));
		adjusted = ' '.repeat(lineEnd) + text.slice(lineEnd);
		scanStart = lineEnd;
	}
	context.scanText = adjusted;
	context.scanStart = scanStart;
	if (isPlainText(adjusted)) {
		context.text = adjusted;
		context.literalsEdited = false;
		return;
	}
	const edits = scanLexical(adjusted, scanStart, context, undefined);
	context.text = applyEdits(adjusted, edits);
	context.literalsEdited = edits.length > 0;
}

/**
 * Characters outside what a plain file holds: anything but tab, line ends and printable ASCII, and
 * the printable characters no Lua token starts with: `!`, `$`, `&`, `?`, `@`, the backquote, `|`
 * and the backslash (which also starts every escape).
 */
const NOT_PLAIN_CHARACTER = /[^\t\n\r "#%'-/0->A-[\]-_a-{}~]/;
/** A `~` that is not `~=`. */
const LONE_TILDE = /~(?!=)/;
/** What may start a hexadecimal float (`0x1.8`, `0x1p4`). */
const HEX_PREFIX = /0[xX]/;
/** What may end a number with an empty exponent (`1e`, `2.5E+`). */
const EMPTY_EXPONENT = /[0-9]\.?[eE][+-]?(?![0-9])/;

/**
 * True when the pre-scan cannot find anything in `text`, wherever the characters sit (in code,
 * strings or comments): nothing to report and no adjustment for luaparse. Every finding of
 * `scanLexical` needs one of these: a form feed or vertical tab, a character no token starts with,
 * a lone `~`, a `[=` (an invalid long bracket), a backslash (escapes), a hexadecimal prefix (hex
 * floats) or a digit before an exponent mark (an empty exponent). Plain files, generated
 * inventories among them, skip the character-by-character scan; five native searches are several
 * times faster. A false alarm (such a character inside a string) only costs the full scan.
 */
function isPlainText(text: string): boolean {
	return !NOT_PLAIN_CHARACTER.test(text) && !text.includes('[=') && !LONE_TILDE.test(text) && !HEX_PREFIX.test(text) && !EMPTY_EXPONENT.test(text);
}

/** Runs luaparse, working around the errors gopher-lua does not make, until it succeeds or a real error remains. */
function runParser(context: ParseContext): luaparse.Chunk | undefined {
	const chunk = runLuaparse(context);
	const invalid = context.invalidToken;
	if (invalid === undefined) {
		return chunk;
	}
	// ESSH stops at the first error: luaparse's when it lies before the invalid character, else ours.
	const failure = context.parseFailure;
	if (failure !== undefined && failure.index < invalid.range.start) {
		return undefined;
	}
	if (failure !== undefined) {
		context.diagnostics.splice(context.diagnostics.indexOf(failure.diag), 1);
	}
	context.diagnostics.push(invalid);
	return undefined;
}

/**
 * luaparse keeps its lexer's tokens in module variables, and its first token's errors read them
 * (`near` the previous parse's lookahead, or a TypeError on the very first parse). Parsing an empty
 * chunk first leaves them in the same state before every parse, so a file's diagnostics never
 * depend on what was parsed before it.
 */
function resetLuaparse(): void {
	luaparse.parse('', PARSE_OPTIONS);
}

function runLuaparse(context: ParseContext): luaparse.Chunk | undefined {
	const { sink } = context;
	for (let attempt = 0; ; attempt++) {
		let lastNodeType = '';
		const literals: LiteralNode[] = [];
		const collectLiterals = context.literalsEdited;
		// With a sink: how deep in blocks luaparse is (1: the chunk's own block), and the
		// `break`-placement diagnostics of the fork's dialect, kept until the parse succeeds.
		let depth = 0;
		const breakDiagnostics: Diag[] = [];
		sink?.reset();
		try {
			resetLuaparse();
			const chunk = luaparse.parse(context.text, {
				...PARSE_OPTIONS,
				// The fork's gopher-lua has goto and labels (Lua 5.2), which luaparse checks in its 5.2 mode.
				luaVersion: context.dialect === 'gopher-1.1' ? '5.2' : '5.1',
				onCreateScope: sink && (() => {
					depth++;
				}),
				onDestroyScope: sink && (() => {
					depth--;
				}),
				onCreateNode: node => {
					lastNodeType = node.type;
					if (collectLiterals && (node.type === 'StringLiteral' || node.type === 'NumericLiteral')) {
						literals.push(node);
					}
					if (sink && depth === 1 && isTopLevelStatement(node)) {
						// The statement's literals first, so that the sink reads the original `raw`.
						restoreLiterals(context, literals);
						literals.length = 0;
						// A `break` among the chunk's own statements is a syntax error of luaparse's, so only
						// the blocks inside the statement need the fork's placement check.
						if (context.dialect === 'gopher-1.1') {
							checkBreakPlacement([node], breakDiagnostics);
						}
						sink.statement(node);
						dropChildren(node);
					}
				},
			});
			restoreLiterals(context, literals);
			context.diagnostics.push(...breakDiagnostics);
			return chunk;
		} catch (error) {
			const syntaxError = asLuaparseError(error);
			if (syntaxError === undefined) {
				const message = error instanceof RangeError
					? 'The file is too deeply nested to be parsed (ESSH may accept it)'
					: INTERNAL_FAILURE_MESSAGE;
				context.parseFailure = { diag: makeDiag(fallbackRange(context.original), 'error', 'lua-syntax', message), index: context.original.length };
				context.diagnostics.push(context.parseFailure.diag);
				return undefined;
			}
			const workaround = findWorkaround(context, syntaxError, lastNodeType);
			if (workaround !== undefined && attempt < MAX_WORKAROUNDS) {
				workaround();
				continue;
			}
			// Diagnostic: lua-syntax, anything luaparse (5.1) still rejects after the dialect adjustments.
			const suffix = workaround === undefined ? '' : ` (parsing stopped after ${MAX_WORKAROUNDS} dialect workarounds)`;
			context.parseFailure = { diag: makeDiag(errorRange(context, syntaxError), 'error', 'lua-syntax', syntaxError.message + suffix), index: syntaxError.index };
			context.diagnostics.push(context.parseFailure.diag);
			return undefined;
		}
	}
}

/**
 * Decides whether a luaparse error is one gopher-lua does not make, and if so returns the
 * same-length text adjustment (and its diagnostic) that lets luaparse continue.
 */
function findWorkaround(context: ParseContext, error: LuaparseError, lastNodeType: string): (() => void) | undefined {
	const text = context.text;
	if (/^unexpected symbol ';' near /.test(error.message) && text.charCodeAt(error.index) === 0x3b) {
		const position = findTokenIndex(tokensOf(context), error.index);
		const previous = position > 0 ? tokensOf(context)[position - 1] : undefined;
		// A stray `;` follows another `;` or opens a block; after `return` (the last statement) it is a real error.
		const opensStatement = previous === undefined || BLOCK_OPENERS.has(context.original.slice(previous.start, previous.end));
		if (position < 0 || !opensStatement || lastNodeType === 'ReturnStatement') {
			return undefined;
		}
		return () => {
			// Diagnostic: lua-empty-stmt, a `;` that gopher-lua takes as an empty statement and standard Lua 5.1 rejects.
			context.diagnostics.push(makeDiag({ start: error.index, end: error.index + 1 }, 'warning', 'lua-empty-stmt',
				"Empty statement ';': ESSH (gopher-lua) accepts it, standard Lua 5.1 rejects it"));
			removeToken(context, position);
		};
	}
	if (/^'[a-z]+' expected near ';'$/.test(error.message) && text.charCodeAt(error.index) === 0x3b) {
		// luaparse 5.1 rejects the optional `;` after `break`, which Lua 5.1 itself allows: fix it silently.
		const position = findTokenIndex(tokensOf(context), error.index);
		const previous = position > 0 ? tokensOf(context)[position - 1] : undefined;
		if (position < 0 || previous === undefined || context.original.slice(previous.start, previous.end) !== 'break') {
			return undefined;
		}
		return () => removeToken(context, position);
	}
	if (error.message.startsWith('ambiguous syntax')) {
		const found = findAmbiguousParen(context, error.index);
		if (found === undefined) {
			return undefined;
		}
		const paren = tokensOf(context)[found.position];
		const previous = found.previous;
		if (!paren.newlineBefore) {
			// luaparse dates a string by its first line, so `f[[a<newline>b]](y)` (or a quoted string with
			// an escaped line break) looks ambiguous to it though no line break precedes the `(`. Lua
			// accepts it: silently flatten the string's line breaks for luaparse (its `raw` is restored
			// from the original text afterwards).
			return () => {
				const flattened = context.text.slice(previous.start, previous.end).replace(/[\r\n]/g, ' ');
				context.text = context.text.slice(0, previous.start) + flattened + context.text.slice(previous.end);
				context.literalsEdited = true;
			};
		}
		return () => {
			// Diagnostic: lua-ambiguous-call, a `(` on a new line that gopher-lua takes as a call of the expression before it.
			context.diagnostics.push(makeDiag({ start: paren.start, end: paren.end }, 'warning', 'lua-ambiguous-call',
				"'(' at the start of a line calls the expression before it: ESSH (gopher-lua) accepts this, standard Lua 5.1 reports 'ambiguous syntax'"));
			// Blanking the whole gap (comments included) puts the `(` on the previous token's line.
			context.text = context.text.slice(0, previous.end) + ' '.repeat(paren.start - previous.end) + context.text.slice(paren.start);
			paren.newlineBefore = false;
		};
	}
	return undefined;
}

/**
 * Finds the `(` luaparse complained about, and the token before it. luaparse reports the lexer
 * position, which is past the token after the `(` (its lookahead), or at the end of the text when
 * the `(` is last. The `(` either follows a line break or a string literal spanning lines.
 */
function findAmbiguousParen(context: ParseContext, index: number): { position: number; previous: Token } | undefined {
	const tokens = tokensOf(context);
	const candidates: number[] = [];
	for (let position = lastTokenStartingBefore(tokens, index); position >= 0 && candidates.length < 2; position--) {
		if (!tokens[position].removed) {
			candidates.unshift(position);
		}
	}
	for (const position of candidates) {
		const token = tokens[position];
		const previous = previousLiveToken(tokens, position);
		if (previous === undefined || context.text.charCodeAt(token.start) !== 0x28 /* ( */ || token.end !== token.start + 1) {
			continue;
		}
		if (token.newlineBefore) {
			return { position, previous };
		}
		const previousText = context.text.slice(previous.start, previous.end);
		if (/^["'[]/.test(previousText) && /[\r\n]/.test(previousText)) {
			return { position, previous };
		}
	}
	return undefined;
}

/** Blanks a token out of the parser's text and marks it removed. */
function removeToken(context: ParseContext, position: number): void {
	const token = tokensOf(context)[position];
	token.removed = true;
	context.text = context.text.slice(0, token.start) + ' '.repeat(token.end - token.start) + context.text.slice(token.end);
}

/** Puts the original `raw` back on literals whose text was adjusted; an adjusted number is gopher-lua's NaN. */
function restoreLiterals(context: ParseContext, literals: LiteralNode[]): void {
	for (const literal of literals) {
		const range = (literal as { range?: [number, number] }).range;
		if (range === undefined) {
			continue;
		}
		const raw = context.original.slice(range[0], range[1]);
		if (raw === literal.raw) {
			continue;
		}
		literal.raw = raw;
		if (literal.type === 'NumericLiteral') {
			literal.value = Number.NaN;
		}
	}
}

/**
 * The lexical pre-scan. It walks the text once, reports the lexical differences between luaparse
 * and gopher-lua, and returns the in-token edits that let luaparse accept what gopher-lua accepts.
 * With `tokens`, it also records the significant tokens there as flat triples (start, end, 1 when
 * a line break precedes the token), for error ranges and workarounds (`tokensOf`).
 */
function scanLexical(text: string, start: number, context: ParseContext, tokens: number[] | undefined): Edit[] {
	const edits: Edit[] = [];
	const length = text.length;
	let index = start;
	let newlineBefore = false;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code === CHAR_SPACE || code === CHAR_TAB) {
			index++;
			continue;
		}
		if (code === CHAR_LF || code === CHAR_CR) {
			newlineBefore = true;
			index++;
			continue;
		}
		if (code === CHAR_FF || code === CHAR_VT) {
			const name = code === CHAR_FF ? 'Form feed' : 'Vertical tab';
			// Diagnostic: lua-ff-vt, a form feed or vertical tab outside strings, which gopher-lua's lexer rejects.
			context.diagnostics.push(makeDiag({ start: index, end: index + 1 }, 'error', 'lua-ff-vt',
				`${name} character outside a string: ESSH fails with 'Invalid token'`));
			index++;
			continue;
		}
		if (code === CHAR_MINUS && text.charCodeAt(index + 1) === CHAR_MINUS) {
			const commentStart = index;
			index += 2;
			const level = longBracketLevel(text, index);
			if (level < 0) {
				index = skipToLineEnd(text, index);
				continue;
			}
			index = skipLongBracket(text, index, level);
			// luaparse compares token lines, so a line break inside a long comment separates tokens too.
			if (/[\r\n]/.test(text.slice(commentStart, index))) {
				newlineBefore = true;
			}
			continue;
		}
		const tokenStart = index;
		if (isIdentifierStart(code)) {
			index++;
			while (index < length && isIdentifierPart(text.charCodeAt(index))) {
				index++;
			}
		} else if (isDecimalDigit(code) || (code === CHAR_DOT && isDecimalDigit(text.charCodeAt(index + 1)))) {
			index = scanNumber(text, index, context, edits);
		} else if (code === CHAR_DOUBLE_QUOTE || code === CHAR_SINGLE_QUOTE) {
			index = scanQuotedString(text, index, context, edits);
		} else if (code === CHAR_BRACKET_OPEN && longBracketLevel(text, index) >= 0) {
			index = skipLongBracket(text, index, longBracketLevel(text, index));
		} else {
			const invalidLength = invalidTokenLength(text, index);
			if (invalidLength > 0) {
				reportInvalidToken(text, index, invalidLength, context, edits);
				index += invalidLength;
				continue;
			}
			index += symbolLength(text, index);
		}
		if (tokens !== undefined) {
			tokens.push(tokenStart, index, newlineBefore ? 1 : 0);
		}
		newlineBefore = false;
	}
	return edits;
}

/** Characters that start a Lua symbol token (besides `[`, `-`, `~` and `.`, handled apart). */
const SYMBOL_STARTS = new Set([...'+*/%^#(){}];,:<>='].map(character => character.charCodeAt(0)));

/**
 * The length of the invalid token at `index` (a character no Lua token starts with, a `~` not
 * followed by `=`, or a `[=` that does not open a long bracket), or 0 when a token starts there.
 * Identifiers, numbers, strings and comments are handled before this is asked.
 */
function invalidTokenLength(text: string, index: number): number {
	const code = text.charCodeAt(index);
	if (SYMBOL_STARTS.has(code) || code === CHAR_MINUS || code === CHAR_DOT) {
		return 0;
	}
	if (code === CHAR_BRACKET_OPEN) {
		let end = index + 1;
		while (text.charCodeAt(end) === CHAR_EQUALS) {
			end++;
		}
		return end === index + 1 ? 0 : end - index;
	}
	if (code === 0x7e /* ~ */) {
		return text.charCodeAt(index + 1) === CHAR_EQUALS ? 0 : 1;
	}
	return isHighSurrogatePair(text, index) ? 2 : 1;
}

/**
 * Reports the first invalid token of the file (ESSH stops there) and blanks every one of them
 * for luaparse, whose own error for them reads state left by earlier parses.
 */
function reportInvalidToken(text: string, index: number, length: number, context: ParseContext, edits: Edit[]): void {
	edits.push({ start: index, replacement: ' '.repeat(length) });
	if (context.invalidToken !== undefined) {
		return;
	}
	const code = text.charCodeAt(index);
	let message: string;
	if (code === CHAR_BRACKET_OPEN) {
		message = `'${text.slice(index, index + length)}' does not open a long string ('${text.slice(index, index + length)}[' expected): ESSH fails with 'invalid multiline string'`;
	} else if (code === 0x7e /* ~ */) {
		message = "'~' without '=': ESSH fails with \"Invalid '~' token\"";
	} else if (code >= 0xdc80 && code <= 0xdcff) {
		// files.ts decodes each byte that is not UTF-8 to U+DC80 + byte, so the byte can be named.
		message = `Byte 0x${(code - 0xdc00).toString(16).toUpperCase()} is not UTF-8 text (is the file saved in another encoding?): ESSH fails with 'Invalid token'`;
	} else if (code === 0xfffd) {
		message = "A byte that is not UTF-8 text (shown as U+FFFD): ESSH fails with 'Invalid token'";
	} else {
		message = `Unexpected ${describeCharacter(text, index)} outside a string: ESSH fails with 'Invalid token'`;
	}
	// Diagnostic: lua-syntax, a character no Lua token starts with (gopher-lua's 'Invalid token').
	context.invalidToken = makeDiag({ start: index, end: index + length }, 'error', 'lua-syntax', message);
}

/** A character for a message: `'@'`, `'é' (U+00E9)`, or `control character U+0001`. */
function describeCharacter(text: string, index: number): string {
	const codePoint = text.codePointAt(index) ?? 0;
	const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
	if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) {
		return `control character ${hex}`;
	}
	if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
		return `lone surrogate ${hex}`;
	}
	if (codePoint < 0x7f) {
		return `character '${String.fromCodePoint(codePoint)}'`;
	}
	return `character '${String.fromCodePoint(codePoint)}' (${hex})`;
}

/** Scans a number token starting at `index` and returns its end. */
function scanNumber(text: string, index: number, context: ParseContext, edits: Edit[]): number {
	const start = index;
	const next = text.charCodeAt(index + 1);
	if (text.charCodeAt(index) === CHAR_ZERO && (next === 0x78 || next === 0x58) /* x X */) {
		index += 2;
		while (isHexDigit(text.charCodeAt(index))) {
			index++;
		}
		let isFloat = false;
		if (text.charCodeAt(index) === CHAR_DOT && text.charCodeAt(index + 1) !== CHAR_DOT) {
			isFloat = true;
			index++;
			while (isHexDigit(text.charCodeAt(index))) {
				index++;
			}
		}
		const exponent = text.charCodeAt(index);
		if (exponent === 0x70 || exponent === 0x50 /* p P */) {
			isFloat = true;
			index = skipExponent(text, index);
		}
		if (isFloat) {
			// Diagnostic: lua-syntax, a hexadecimal float, which gopher-lua's lexer does not read (luaparse accepts it).
			context.diagnostics.push(makeDiag({ start, end: index }, 'error', 'lua-syntax',
				`Hexadecimal float '${text.slice(start, index)}': ESSH (gopher-lua) rejects it (only hexadecimal integers are allowed)`));
		}
		return index;
	}
	while (isDecimalDigit(text.charCodeAt(index))) {
		index++;
	}
	if (text.charCodeAt(index) === CHAR_DOT) {
		index++;
		while (isDecimalDigit(text.charCodeAt(index))) {
			index++;
		}
	}
	const exponent = text.charCodeAt(index);
	if (exponent === 0x65 || exponent === 0x45 /* e E */) {
		const exponentStart = index;
		index++;
		if (text.charCodeAt(index) === CHAR_PLUS || text.charCodeAt(index) === CHAR_MINUS) {
			index++;
		}
		if (!isDecimalDigit(text.charCodeAt(index))) {
			return acceptEmptyExponent(text, start, exponentStart, index, context, edits);
		}
		while (isDecimalDigit(text.charCodeAt(index))) {
			index++;
		}
	}
	return index;
}

/**
 * Handles `1e` / `1e+`: gopher-lua's lexer then swallows one more character and any digits after
 * it, and the number is NaN. Only a following space, tab, line break or end of text keeps the
 * rest of the line intact, so only that case is rewritten (to zeros, through any swallowed
 * digits) and downgraded; any other case is left to luaparse's "malformed number" error.
 */
function acceptEmptyExponent(text: string, start: number, exponentStart: number, index: number, context: ParseContext, edits: Edit[]): number {
	const after = text.charCodeAt(index);
	let swallowedEnd = index;
	if (after === CHAR_SPACE || after === CHAR_TAB) {
		swallowedEnd++;
	} else if (after === CHAR_LF || after === CHAR_CR) {
		swallowedEnd++;
		const pair = text.charCodeAt(swallowedEnd);
		if ((pair === CHAR_LF || pair === CHAR_CR) && pair !== after) {
			swallowedEnd++;
		}
	} else if (!Number.isNaN(after)) {
		return index;
	}
	const digitsStart = swallowedEnd;
	while (isDecimalDigit(text.charCodeAt(swallowedEnd))) {
		swallowedEnd++;
	}
	if (swallowedEnd === digitsStart) {
		// Nothing but the separator is swallowed: keep it, so the number's range ends at the `e`.
		swallowedEnd = index;
	}
	edits.push({ start: exponentStart, replacement: '0'.repeat(swallowedEnd - exponentStart) });
	// Diagnostic: lua-syntax (as a warning), a number with an empty exponent, which gopher-lua reads as NaN.
	context.diagnostics.push(makeDiag({ start, end: index }, 'warning', 'lua-syntax',
		`Malformed number '${text.slice(start, index)}': ESSH (gopher-lua) accepts it as NaN, standard Lua rejects it`));
	return swallowedEnd;
}

/** Skips `p`/`e`, an optional sign and digits, returning the end. */
function skipExponent(text: string, index: number): number {
	index++;
	if (text.charCodeAt(index) === CHAR_PLUS || text.charCodeAt(index) === CHAR_MINUS) {
		index++;
	}
	while (isDecimalDigit(text.charCodeAt(index))) {
		index++;
	}
	return index;
}

/**
 * Scans a quoted string starting at its quote, checking every escape, and returns its end (past
 * the closing quote, or at the line break or end of text of an unfinished string).
 */
function scanQuotedString(text: string, index: number, context: ParseContext, edits: Edit[]): number {
	const quote = text.charCodeAt(index);
	const length = text.length;
	index++;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code === quote) {
			return index + 1;
		}
		if (code === CHAR_LF || code === CHAR_CR) {
			return index;
		}
		if (code !== CHAR_BACKSLASH) {
			index++;
			continue;
		}
		const escapeStart = index;
		const escaped = text.charCodeAt(index + 1);
		if (Number.isNaN(escaped)) {
			return index + 1;
		}
		if (isSimpleEscape(escaped)) {
			index += 2;
		} else if (escaped === CHAR_LF || escaped === CHAR_CR) {
			index += 2;
			const pair = text.charCodeAt(index);
			if ((pair === CHAR_LF || pair === CHAR_CR) && pair !== escaped) {
				index++;
			}
		} else if (isDecimalDigit(escaped)) {
			index++;
			const digitsStart = index;
			while (index - digitsStart < 3 && isDecimalDigit(text.charCodeAt(index))) {
				index++;
			}
			const value = Number(text.slice(digitsStart, index));
			if (value > 255) {
				edits.push({ start: digitsStart, replacement: '255' });
				// Diagnostic: lua-decimal-escape-large, a `\ddd` above 255, which gopher-lua wraps and luaparse rejects.
				context.diagnostics.push(makeDiag({ start: escapeStart, end: index }, 'warning', 'lua-decimal-escape-large',
					`Decimal escape '${text.slice(escapeStart, index)}' is above 255: ESSH (gopher-lua) accepts it as byte ${value % 256}, standard Lua rejects it`));
			}
		} else if (context.dialect === 'gopher-1.1') {
			// The fork's gopher-lua reads an unknown escape as the character itself (`\x41` is `x41`):
			// hide the backslash from luaparse, whose 5.2 mode would decode or reject it.
			edits.push({ start: escapeStart, replacement: ' ' });
			index += 1 + (isHighSurrogatePair(text, index + 1) ? 2 : 1);
		} else {
			const width = isHighSurrogatePair(text, index + 1) ? 2 : 1;
			index += 1 + width;
			// Diagnostic: lua-bad-escape, an escape gopher-lua's lexer does not know (`\x`, `\z`, `\u`, `\q`, ...).
			context.diagnostics.push(makeDiag({ start: escapeStart, end: index }, 'error', 'lua-bad-escape',
				`Invalid escape sequence '${text.slice(escapeStart, index)}': ESSH (gopher-lua) rejects it`));
		}
	}
	return index;
}

/**
 * Diagnostic: lua-syntax, a `break` with more statements after it in its block, which gopher-lua
 * rejects in every version and luaparse's 5.2 mode accepts.
 */
function checkBreakPlacement(statements: luaparse.Statement[], diagnostics: Diag[]): void {
	const pending: unknown[] = [statements];
	while (pending.length > 0) {
		const node = pending.pop();
		if (Array.isArray(node)) {
			for (let index = 0; index < node.length; index++) {
				const item = node[index] as { type?: string; range?: [number, number] };
				if (item?.type === 'BreakStatement' && index < node.length - 1) {
					diagnostics.push(breakDiagnostic(node[index + 1] as { range?: [number, number] }));
				}
				pending.push(item);
			}
		} else if (typeof node === 'object' && node !== null) {
			for (const value of Object.values(node)) {
				if (typeof value === 'object' && value !== null) {
					pending.push(value);
				}
			}
		}
	}
}

/** Diagnostic: lua-syntax, a statement after `break` in the same block (the fork's gopher-lua). */
function breakDiagnostic(next: { range?: [number, number] }): Diag {
	const range = next.range ? { start: next.range[0], end: next.range[1] } : { start: 0, end: 0 };
	return makeDiag(range, 'error', 'lua-syntax', '`break` must be the last statement of its block: ESSH fails with "syntax error" here.');
}

/**
 * True for a statement completed while luaparse is in the chunk's own block: the blocks of `do`,
 * loops, `if` clauses and function bodies open a scope of their own, so a statement finished at
 * depth 1 is one of the chunk's. Expressions finished at that depth (a call's arguments, an
 * anonymous function) are not statements.
 */
function isTopLevelStatement(node: luaparse.Node): node is luaparse.Statement {
	switch (node.type) {
		case 'CallStatement':
		case 'LocalStatement':
		case 'AssignmentStatement':
		case 'IfStatement':
		case 'ForNumericStatement':
		case 'ForGenericStatement':
		case 'DoStatement':
		case 'WhileStatement':
		case 'RepeatStatement':
		case 'ReturnStatement':
		case 'BreakStatement':
		case 'GotoStatement':
		case 'LabelStatement':
			return true;
		case 'FunctionDeclaration':
			// Only with a name (`function f()`, `local function f()`); without one it is an expression.
			return node.identifier !== null;
		default:
			return false;
	}
}

/** Drops a statement's children once lowered, keeping its `type` and `range`. */
function dropChildren(node: luaparse.Node): void {
	const record = node as unknown as Record<string, unknown>;
	for (const key of Object.keys(record)) {
		if (key !== 'type' && key !== 'range' && typeof record[key] === 'object') {
			record[key] = null;
		}
	}
}

/** The level of a long bracket `[==[` opening at `index`, or -1 when there is none. */
function longBracketLevel(text: string, index: number): number {
	if (text.charCodeAt(index) !== CHAR_BRACKET_OPEN) {
		return -1;
	}
	let cursor = index + 1;
	while (text.charCodeAt(cursor) === CHAR_EQUALS) {
		cursor++;
	}
	return text.charCodeAt(cursor) === CHAR_BRACKET_OPEN ? cursor - index - 1 : -1;
}

/** Skips a long string or comment body opening at `index`; an unfinished one runs to the end of the text. */
function skipLongBracket(text: string, index: number, level: number): number {
	const closer = ']' + '='.repeat(level) + ']';
	const found = text.indexOf(closer, index + level + 2);
	return found < 0 ? text.length : found + closer.length;
}

function skipToLineEnd(text: string, index: number): number {
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code === CHAR_LF || code === CHAR_CR) {
			break;
		}
		index++;
	}
	return index;
}

/** Applies same-length edits (sorted by position, non-overlapping) in one pass. */
function applyEdits(text: string, edits: Edit[]): string {
	if (edits.length === 0) {
		return text;
	}
	const parts: string[] = [];
	let cursor = 0;
	for (const edit of edits) {
		parts.push(text.slice(cursor, edit.start), edit.replacement);
		cursor = edit.start + edit.replacement.length;
	}
	parts.push(text.slice(cursor));
	return parts.join('');
}

/** The range to report a luaparse error on: the token at, containing or just before the error index. */
function errorRange(context: ParseContext, error: LuaparseError): TextRange {
	const tokens = tokensOf(context);
	const length = context.original.length;
	const index = error.index;
	// The lexer reports a malformed number at its end, where the next token may already start.
	const malformed = error.message.match(/^malformed number near '(.+)'$/);
	if (malformed !== null && context.text.slice(index - malformed[1].length, index) === malformed[1]) {
		return { start: index - malformed[1].length, end: index };
	}
	let position = lastTokenStartingBefore(tokens, index + 1);
	while (position >= 0 && tokens[position].removed) {
		position--;
	}
	if (position >= 0) {
		const token = tokens[position];
		if (token.start === index || index < token.end || token.end === index || index >= length) {
			return { start: token.start, end: Math.max(token.end, token.start + 1) };
		}
	}
	if (index >= length) {
		return fallbackRange(context.original);
	}
	return { start: index, end: index + (isHighSurrogatePair(context.original, index) ? 2 : 1) };
}

/** A one-character range at the start of the text (empty for an empty text), for errors without a place. */
function fallbackRange(text: string): TextRange {
	return { start: 0, end: Math.min(1, text.length) };
}

/** The position of the last token whose start is below `index`, or -1. */
function lastTokenStartingBefore(tokens: Token[], index: number): number {
	let low = 0;
	let high = tokens.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (tokens[middle].start < index) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return low - 1;
}

/** The position of the token starting exactly at `index`, or -1. */
function findTokenIndex(tokens: Token[], index: number): number {
	const position = lastTokenStartingBefore(tokens, index + 1);
	return position >= 0 && tokens[position].start === index && !tokens[position].removed ? position : -1;
}

function previousLiveToken(tokens: Token[], position: number): Token | undefined {
	for (let cursor = position - 1; cursor >= 0; cursor--) {
		if (!tokens[cursor].removed) {
			return tokens[cursor];
		}
	}
	return undefined;
}

function asLuaparseError(error: unknown): LuaparseError | undefined {
	if (!(error instanceof SyntaxError)) {
		return undefined;
	}
	const index = (error as { index?: unknown }).index;
	if (typeof index !== 'number' || !Number.isFinite(index)) {
		return undefined;
	}
	return { message: error.message.replace(/^\[\d+:\d+\] /, ''), index };
}

function makeDiag(range: TextRange, severity: Severity, code: string, message: string): Diag {
	return { range, severity, code, message };
}

function isIdentifierStart(code: number): boolean {
	return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f;
}

function isIdentifierPart(code: number): boolean {
	return isIdentifierStart(code) || isDecimalDigit(code);
}

function isDecimalDigit(code: number): boolean {
	return code >= CHAR_ZERO && code <= CHAR_NINE;
}

function isHexDigit(code: number): boolean {
	return isDecimalDigit(code) || (code >= 0x61 && code <= 0x66) || (code >= 0x41 && code <= 0x46);
}

/** The escapes gopher-lua maps to one character: `\a \b \f \n \r \t \v \\ \" \'`. */
function isSimpleEscape(code: number): boolean {
	return SIMPLE_ESCAPES.has(code);
}

function isHighSurrogatePair(text: string, index: number): boolean {
	const high = text.charCodeAt(index);
	const low = text.charCodeAt(index + 1);
	return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}

const SIMPLE_ESCAPE_VALUES: Record<string, string> = {
	a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', '\'': '\'',
};

const SIMPLE_ESCAPES = new Set(Object.keys(SIMPLE_ESCAPE_VALUES).map(key => key.charCodeAt(0)));

/**
 * Decodes a Lua string literal's raw source text (quoted with ' or ", or a long bracket
 * `[[..]]` / `[==[..]==]`) to its JS string value the way gopher-lua does: escapes
 * `\a \b \f \n \r \t \v \\ \" \'`, a backslash before a line break, and `\ddd` (values above 255
 * wrap modulo 256; bytes above 127 become the code unit of the same number). Line breaks (LF, CR,
 * CRLF, LFCR) in long strings become `\n`, and one leading line break is dropped. Returns
 * undefined when `raw` is not a well-formed literal. In the fork's dialect (`'gopher-1.1'`) an
 * unknown escape is the escaped character (`\q` is `q`, `\x41` is `x41`).
 */
export function decodeLuaString(raw: string, dialect: LuaDialect = 'gopher-2018'): string | undefined {
	const first = raw.charCodeAt(0);
	if (first === CHAR_DOUBLE_QUOTE || first === CHAR_SINGLE_QUOTE) {
		return decodeQuotedString(raw, first, dialect === 'gopher-1.1');
	}
	if (first === CHAR_BRACKET_OPEN) {
		return decodeLongString(raw);
	}
	return undefined;
}

function decodeQuotedString(raw: string, quote: number, unknownEscapeIsCharacter: boolean): string | undefined {
	const last = raw.length - 1;
	if (last < 1 || raw.charCodeAt(last) !== quote) {
		return undefined;
	}
	// Most literals have no escape: one slice, no parts to join.
	let parts: string[] | undefined;
	let index = 1;
	let runStart = 1;
	while (index < last) {
		const code = raw.charCodeAt(index);
		if (code === quote || code === CHAR_LF || code === CHAR_CR) {
			return undefined;
		}
		if (code !== CHAR_BACKSLASH) {
			index++;
			continue;
		}
		parts ??= [];
		parts.push(raw.slice(runStart, index));
		const escaped = raw.charCodeAt(index + 1);
		const simple = SIMPLE_ESCAPE_VALUES[raw.charAt(index + 1)];
		if (simple !== undefined && index + 1 < last) {
			parts.push(simple);
			index += 2;
		} else if (escaped === CHAR_LF || escaped === CHAR_CR) {
			parts.push('\n');
			index += 2;
			const pair = raw.charCodeAt(index);
			if ((pair === CHAR_LF || pair === CHAR_CR) && pair !== escaped && index < last) {
				index++;
			}
		} else if (isDecimalDigit(escaped)) {
			const digitsStart = index + 1;
			index = digitsStart;
			while (index - digitsStart < 3 && index < last && isDecimalDigit(raw.charCodeAt(index))) {
				index++;
			}
			parts.push(String.fromCharCode(Number(raw.slice(digitsStart, index)) % 256));
		} else if (unknownEscapeIsCharacter && index + 1 < last) {
			const width = isHighSurrogatePair(raw, index + 1) ? 2 : 1;
			parts.push(raw.slice(index + 1, index + 1 + width));
			index += 1 + width;
		} else {
			return undefined;
		}
		runStart = index;
	}
	if (index !== last) {
		return undefined;
	}
	if (!parts) {
		return raw.slice(1, last);
	}
	parts.push(raw.slice(runStart, last));
	return parts.join('');
}

function decodeLongString(raw: string): string | undefined {
	const level = longBracketLevel(raw, 0);
	if (level < 0) {
		return undefined;
	}
	const openLength = level + 2;
	const closer = ']' + '='.repeat(level) + ']';
	const closeAt = raw.indexOf(closer, openLength);
	if (closeAt < 0 || closeAt !== raw.length - closer.length) {
		return undefined;
	}
	let content = raw.slice(openLength, closeAt);
	const leading = content.match(/^(?:\r\n|\n\r|\r|\n)/);
	if (leading !== null) {
		content = content.slice(leading[0].length);
	}
	return content.replace(/\r\n|\n\r|\r|\n/g, '\n');
}
