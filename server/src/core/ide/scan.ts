/**
 * The text scan behind completion and key hovers (docs/architecture.md): a small Lua tokenizer run
 * over the text before the cursor, which keeps a stack of open brackets and knows what each table
 * is (`host "x" {`, `task "x" {`, `group {`, `hosts = {`, `targets = {`, `select_hosts(` …) and
 * which field of it the cursor is in. It never fails, so it works in half-typed files that
 * luaparse rejects (`driver = "do`). Pure string work.
 */
import type { TextRange } from '../text';

/** What an open bracket is, as far as ESSH is concerned. */
export type FrameKind =
	| 'host' | 'task' | 'driver' | 'group' | 'namespace'
	| 'hostsTable' | 'tasksTable' | 'driversTable'
	| 'targets' | 'filters' | 'tags' | 'select'
	| 'selectCall' | 'filterCall' | 'resourceCall' | 'call' | 'index' | 'other';

export type MemberKind = 'host' | 'task' | 'driver';

/** One open bracket. */
export interface Frame {
	kind: FrameKind;
	/** For `resourceCall`: which DSL function was called. */
	resourceKind?: MemberKind | 'namespace';
	/** For namespace tables: the namespace's name. */
	namespace?: string;
	/** For groups: the member kinds seen anywhere in the table (before or after the cursor). */
	memberKinds: Set<MemberKind>;
	/** The key of the current field, once its `=` has been seen. */
	key: string | undefined;
	/** Tokens of the current field so far: of the key while `key` is unset (0 means a key position), then of the value (0 means right after `=`). */
	fieldTokens: number;
	start: number;
}

/** Where the cursor is, for completion and hover. */
export type ScanContext =
	| {
		kind: 'string';
		/** The enclosing frames, innermost last. */
		frames: Frame[];
		/** The string's contents: after the opening quote up to the closing quote (or the cursor's line end when unterminated). */
		contents: TextRange;
	}
	| {
		kind: 'word';
		frames: Frame[];
		/** The identifier around the cursor (may be empty). */
		word: TextRange;
		/** The token before the word, if any (`=`, `.`, `,` …). */
		previous: string | undefined;
	}
	| { kind: 'none' };

interface Token {
	type: 'name' | 'string' | 'number' | 'punct';
	start: number;
	end: number;
	/** Names and punctuation: the text; strings: the raw contents. */
	value: string;
	terminated?: boolean;
	contentStart?: number;
	contentEnd?: number;
}

const DSL_NAMES = new Set(['host', 'task', 'driver', 'namespace']);

/**
 * A point of a scan where no bracket is open (between top-level statements), with the last tokens
 * seen: the scan of any text that starts with the same `position + 1` characters can resume there.
 */
interface Checkpoint {
	position: number;
	recent: Token[];
}

/** Checkpoints of a text's scan, in position order. */
interface ScanMemo {
	text: string;
	checkpoints: Checkpoint[];
}

/** Checkpoints are recorded this many characters apart at least. */
const CHECKPOINT_SPACING = 2048;
/** The texts whose checkpoints are kept (the most recent first): a few open files being edited. */
const MEMO_SIZE = 4;
const memos: ScanMemo[] = [];

/** The number of leading characters `a` and `b` share. */
function commonPrefixLength(a: string, b: string): number {
	const length = Math.min(a.length, b.length);
	let index = 0;
	// Compared in blocks by the engine, then character by character.
	for (let block = 4096; block >= 16; block >>= 2) {
		while (index + block <= length && a.slice(index, index + block) === b.slice(index, index + block)) {
			index += block;
		}
	}
	while (index < length && a.charCodeAt(index) === b.charCodeAt(index)) {
		index++;
	}
	return index;
}

/** The latest checkpoint before `offset` that holds for `text`, with the memo it came from. */
function findCheckpoint(text: string, offset: number): { memo: ScanMemo; checkpoint: Checkpoint; index: number } | undefined {
	let best: { memo: ScanMemo; checkpoint: Checkpoint; index: number } | undefined;
	for (const memo of memos) {
		const shared = memo.text === text ? text.length : commonPrefixLength(memo.text, text);
		// The checkpoint's position must lie before the cursor, and the character there (which ended the last token) be shared.
		const limit = Math.min(shared - 1, offset - 1);
		let low = 0;
		let high = memo.checkpoints.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (memo.checkpoints[middle].position <= limit) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}
		if (low > 0 && (!best || memo.checkpoints[low - 1].position > best.checkpoint.position)) {
			best = { memo, checkpoint: memo.checkpoints[low - 1], index: low - 1 };
		}
	}
	return best;
}

/**
 * Scans `text` up to `offset` and answers the context there. Text after the cursor is read only to
 * learn group member kinds. The scan resumes from the latest checkpoint an earlier scan of a text
 * with the same beginning left before the cursor (typing changes a file at the cursor, so what
 * precedes the current statement is not scanned again); the answer is the same as from the start.
 */
export function scanContext(text: string, offset: number): ScanContext {
	const resumed = findCheckpoint(text, offset);
	const checkpoints = resumed ? resumed.memo.checkpoints.slice(0, resumed.index + 1) : [];
	const result = scanFrom(text, offset, resumed?.checkpoint, checkpoints);
	// A scan records checkpoints only up to its cursor: of two lists for the same text, the one reaching further is kept.
	const existing = memos.findIndex(memo => memo.text === text);
	let kept = checkpoints;
	if (existing >= 0) {
		const previous = memos[existing].checkpoints;
		if (previous.length > 0 && (kept.length === 0 || previous[previous.length - 1].position > kept[kept.length - 1].position)) {
			kept = previous;
		}
		memos.splice(existing, 1);
	}
	memos.unshift({ text, checkpoints: kept });
	memos.length = Math.min(memos.length, MEMO_SIZE);
	return result;
}

/** `scanContext` from the start of the text, without checkpoints (what the checkpoints must reproduce). */
export function scanContextFromStart(text: string, offset: number): ScanContext {
	return scanFrom(text, offset, undefined, []);
}

function scanFrom(text: string, offset: number, start: Checkpoint | undefined, checkpoints: Checkpoint[]): ScanContext {
	const scanner = new Scanner(text, start?.position ?? 0);
	const frames: Frame[] = [];
	const recent: Token[] = start ? [...start.recent] : [];
	let lastCheckpoint = start?.position ?? 0;
	let result: ScanContext | undefined;
	const lookaheadLimit = Math.min(text.length, offset + 20000);
	// Frames are copied at the cursor; only the member kinds of groups keep being learnt afterwards.
	const snapshot = (): Frame[] => frames.map(frame => ({ ...frame }));
	for (;;) {
		const inComment = scanner.skipTrivia(offset);
		if (result === undefined && inComment) {
			result = { kind: 'none' };
		}
		const token = scanner.next();
		if (!token) {
			break;
		}
		if (result === undefined) {
			const previous = recent[recent.length - 1]?.value;
			if (token.type === 'string' && token.start < offset && (offset < token.end || !token.terminated)) {
				const contentStart = token.contentStart ?? token.start + 1;
				const contentEnd = token.terminated ? token.contentEnd ?? token.end - 1 : offset + (text.slice(offset, lineEnd(text, offset)).match(/^[^\s"',;{}()]*/)?.[0].length ?? 0);
				result = offset >= contentStart && offset <= contentEnd ? { kind: 'string', frames: snapshot(), contents: { start: contentStart, end: contentEnd } } : { kind: 'none' };
			} else if (token.type === 'name' && token.start <= offset && offset <= token.end) {
				result = { kind: 'word', frames: snapshot(), word: { start: token.start, end: token.end }, previous };
			} else if (token.start >= offset) {
				result = { kind: 'word', frames: snapshot(), word: { start: offset, end: offset }, previous };
			} else if (token.end > offset) {
				result = { kind: 'none' };
			}
		}
		if (result !== undefined && (token.start > lookaheadLimit || !frames.some(frame => frame.kind === 'group'))) {
			break;
		}
		feed(token, frames, recent);
		if (result === undefined && frames.length === 0 && token.end < offset && token.end - lastCheckpoint >= CHECKPOINT_SPACING) {
			checkpoints.push({ position: token.end, recent: recent.slice() });
			lastCheckpoint = token.end;
		}
	}
	return result ?? { kind: 'word', frames: snapshot(), word: { start: offset, end: offset }, previous: recent[recent.length - 1]?.value };
}

function lineEnd(text: string, offset: number): number {
	let index = offset;
	while (index < text.length && text[index] !== '\n' && text[index] !== '\r') {
		index++;
	}
	return index;
}

function newFrame(kind: FrameKind, start: number): Frame {
	return { kind, memberKinds: new Set(), key: undefined, fieldTokens: 0, start };
}

const TABLE_FRAMES = new Set<FrameKind>(['host', 'task', 'driver', 'group', 'namespace', 'hostsTable', 'tasksTable', 'driversTable', 'targets', 'filters', 'tags', 'select', 'other']);

/** Updates the frame stack with one token. */
function feed(token: Token, frames: Frame[], recent: Token[]): void {
	const top = frames[frames.length - 1];
	const p1 = recent[recent.length - 1];
	const p2 = recent[recent.length - 2];
	const value = token.type === 'punct' ? token.value : '';
	if (value === '{') {
		const frame = newFrame(tableKind(frames, p1, p2), token.start);
		if (frame.kind === 'namespace') {
			frame.namespace = p1?.type === 'string' ? p1.value : 'default';
		}
		noteMember(top, frame.kind);
		if (top) {
			top.fieldTokens++;
		}
		frames.push(frame);
	} else if (value === '(') {
		let kind: FrameKind = 'call';
		let resourceKind: Frame['resourceKind'];
		if (p1?.type === 'name' && p1.value === 'select_hosts') {
			kind = 'selectCall';
		} else if (p1?.type === 'name' && p1.value === 'filter' && p2?.value === ':') {
			kind = 'filterCall';
		} else if (p1?.type === 'name' && DSL_NAMES.has(p1.value)) {
			kind = 'resourceCall';
			resourceKind = p1.value as Frame['resourceKind'];
		}
		if (top) {
			top.fieldTokens++;
		}
		const frame = newFrame(kind, token.start);
		frame.resourceKind = resourceKind;
		frames.push(frame);
	} else if (value === '[') {
		if (top) {
			top.fieldTokens++;
		}
		frames.push(newFrame('index', token.start));
	} else if (value === '}' || value === ')' || value === ']') {
		const opener = value === '}' ? TABLE_FRAMES : value === ')' ? new Set<FrameKind>(['selectCall', 'filterCall', 'resourceCall', 'call']) : new Set<FrameKind>(['index']);
		const index = findLastIndex(frames, frame => opener.has(frame.kind));
		if (index >= 0) {
			frames.length = index;
		}
	} else if (top && TABLE_FRAMES.has(top.kind) && (value === ',' || value === ';')) {
		top.key = undefined;
		top.fieldTokens = 0;
	} else if (top && TABLE_FRAMES.has(top.kind) && value === '=' && top.key === undefined) {
		top.key = p1?.type === 'name' ? p1.value : p1?.value === ']' && p2?.type === 'string' ? p2.value : undefined;
		if (top.key !== undefined && top.kind === 'group' && (top.key === 'hosts' || top.key === 'tasks' || top.key === 'drivers')) {
			top.memberKinds.add(top.key.slice(0, -1) as MemberKind);
		}
		// From here on the tokens count the value.
		top.fieldTokens = top.key === undefined ? top.fieldTokens + 1 : 0;
	} else if (top) {
		if (top.kind === 'group' && top.fieldTokens === 0 && token.type === 'name' && (token.value === 'host' || token.value === 'task' || token.value === 'driver')) {
			top.memberKinds.add(token.value);
		}
		top.fieldTokens++;
	}
	recent.push(token);
	if (recent.length > 4) {
		recent.shift();
	}
}

function noteMember(group: Frame | undefined, kind: FrameKind): void {
	if (group?.kind === 'group' && (kind === 'host' || kind === 'task' || kind === 'driver')) {
		group.memberKinds.add(kind);
	}
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
	for (let index = items.length - 1; index >= 0; index--) {
		if (predicate(items[index])) {
			return index;
		}
	}
	return -1;
}

/** What a `{` opens, from the tokens before it and the enclosing frame. */
function tableKind(frames: Frame[], p1: Token | undefined, p2: Token | undefined): FrameKind {
	const top = frames[frames.length - 1];
	if (p1?.type === 'string' && p2?.type === 'name' && DSL_NAMES.has(p2.value)) {
		return p2.value as FrameKind;
	}
	if (p1?.type === 'name') {
		switch (p1.value) {
			case 'host': return 'hostsTable';
			case 'task':
			case 'driver':
			case 'group':
			case 'namespace': return p1.value;
			default: return 'other';
		}
	}
	if (!top) {
		return 'other';
	}
	if (p1?.value === '=' && top.key !== undefined) {
		const key = top.key;
		switch (top.kind) {
			case 'group':
			case 'namespace':
				if (key === 'hosts' || key === 'tasks' || key === 'drivers') {
					return `${key}Table` as FrameKind;
				}
				return key === 'targets' || key === 'filters' || key === 'tags' ? key : 'other';
			case 'hostsTable': return 'host';
			case 'tasksTable': return 'task';
			case 'driversTable': return 'driver';
			case 'host': return key === 'tags' ? 'tags' : 'other';
			case 'task': return key === 'targets' || key === 'filters' ? key : 'other';
			default: return 'other';
		}
	}
	if ((p1?.value === ',' || p1?.value === '(') && top.kind === 'resourceCall' && top.resourceKind !== undefined) {
		return top.resourceKind === 'host' && p1.value === '(' ? 'hostsTable' : top.resourceKind;
	}
	if ((p1?.value === '(' || p1?.value === ',') && (top.kind === 'selectCall' || top.kind === 'filterCall')) {
		return 'select';
	}
	return 'other';
}

class Scanner {
	constructor(private readonly text: string, private position = 0) {}

	/** Skips whitespace and comments; says whether the cursor lies inside a skipped comment. */
	skipTrivia(cursor: number): 'cursorInComment' | undefined {
		const text = this.text;
		let inComment = false;
		for (;;) {
			while (this.position < text.length && /\s/.test(text[this.position])) {
				this.position++;
			}
			if (!text.startsWith('--', this.position)) {
				break;
			}
			const start = this.position;
			const long = text.slice(this.position + 2, this.position + 2 + 64).match(/^\[(=*)\[/);
			if (long) {
				const close = text.indexOf(`]${long[1]}]`, this.position + 2 + long[0].length);
				this.position = close < 0 ? text.length : close + long[1].length + 2;
			} else {
				this.position = lineEnd(text, this.position);
			}
			if (start < cursor && cursor <= this.position) {
				inComment = true;
			}
		}
		return inComment ? 'cursorInComment' : undefined;
	}

	next(): Token | undefined {
		const text = this.text;
		const start = this.position;
		if (start >= text.length) {
			return undefined;
		}
		const char = text[start];
		if (char === '"' || char === '\'') {
			let index = start + 1;
			let value = '';
			let terminated = false;
			while (index < text.length) {
				const current = text[index];
				if (current === char) {
					terminated = true;
					index++;
					break;
				}
				if (current === '\n' || current === '\r') {
					break;
				}
				if (current === '\\') {
					value += text.slice(index, index + 2);
					index += 2;
					continue;
				}
				value += current;
				index++;
			}
			this.position = Math.min(index, text.length);
			return { type: 'string', start, end: this.position, value, terminated, contentStart: start + 1, contentEnd: terminated ? this.position - 1 : this.position };
		}
		if (char === '[') {
			const long = text.slice(start, start + 64).match(/^\[(=*)\[/);
			if (long) {
				const close = text.indexOf(`]${long[1]}]`, start + long[0].length);
				const end = close < 0 ? text.length : close + long[1].length + 2;
				this.position = end;
				return { type: 'string', start, end, value: text.slice(start + long[0].length, close < 0 ? text.length : close), terminated: close >= 0, contentStart: start + long[0].length, contentEnd: close < 0 ? text.length : close };
			}
		}
		const name = text.slice(start, start + 256).match(/^[A-Za-z_][A-Za-z0-9_]*/);
		if (name) {
			this.position = start + name[0].length;
			return { type: 'name', start, end: this.position, value: name[0] };
		}
		const number = text.slice(start, start + 256).match(/^[0-9][0-9A-Za-z_.]*/);
		if (number) {
			this.position = start + number[0].length;
			return { type: 'number', start, end: this.position, value: number[0] };
		}
		const punct = text.slice(start, start + 3).match(/^(\.\.\.|==|~=|<=|>=|\.\.|::)/);
		const value = punct ? punct[0] : char;
		this.position = start + value.length;
		return { type: 'punct', start, end: this.position, value };
	}
}
