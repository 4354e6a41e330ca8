/**
 * The one format of the kept state (docs/architecture.md, "Kept state"): how a record file is laid
 * out, how a file's lowering and a set's result become bytes and back, and the format version that
 * every record carries. A change to what a record holds (the lowered form of core/lower.ts, the
 * diagnostics, the set result) only needs `FORMAT_VERSION` bumped: older records are then ignored.
 *
 * A record is one header line of JSON, then its sections back to back:
 *     {"magic":"essh-state","format":1,"kind":"file","build":"…","key":"…","sections":[[length, sha256], …]}\n<section 0><section 1>…
 * Every section carries its own checksum, so a flipped or missing byte anywhere is detected, and a
 * reader can check and decode the first section (a file's diagnostics) without the second (its symbols).
 * Sections are JSON: measured against V8's serializer on the 10,000-host fleet (docs/performance.md),
 * JSON encodes and decodes the lowered form faster and is exact for it (no `undefined` member, no
 * non-finite number; test/server/cache.test.ts checks the round trip over every fixture). Two
 * operations sharing one value come back as two equal values, which the replay does not mind.
 */
import { createHash } from 'node:crypto';
import type { Diag, FileDiag, FileId } from '../core/diagnostic';
import type { FileSymbols } from '../core/lower';

/** Bump when anything a record holds changes shape or meaning. */
export const FORMAT_VERSION = 1;
const MAGIC = 'essh-state';
/** A header longer than this is not ours. */
export const MAX_HEADER_BYTES = 4096;

export type RecordKind = 'file' | 'set';

export interface RecordHeader {
	magic: string;
	format: number;
	kind: RecordKind;
	build: string;
	key: string;
	sections: Array<[number, string]>;
}

/** What a file record says about one text: its diagnostics, whether it parsed, and (separately) its symbols. */
export interface FileRecordHead {
	diagnostics: Diag[];
	parsed: boolean;
	hasSymbols: boolean;
}

/** What a set record says: the inputs it was computed from, and the result. */
export interface SetRecord {
	/** `JSON.stringify` of the set's definition. */
	definition: string;
	/** Hash of the known files list (`Workspace.knownFiles`). */
	knownFiles: string;
	/** Every loaded file with the hash of the text it had ('' when it was not a known file). */
	files: Array<[FileId, string]>;
	loadedFiles: FileId[];
	diagnostics: FileDiag[];
	requiredModules: string[];
}

export function sha256(data: string | Buffer, encoding: 'utf8' | 'utf16le' = 'utf8'): string {
	return typeof data === 'string' ? createHash('sha256').update(data, encoding).digest('hex') : createHash('sha256').update(data).digest('hex');
}

/**
 * The hash of a text. Hashed as UTF-16 code units, so texts that differ only in lone surrogates (how
 * files.ts keeps bytes that are not UTF-8) never share a hash.
 */
export function textHash(text: string): string {
	return sha256(text, 'utf16le');
}

/** A whole record: header line and sections. */
export function encodeRecord(kind: RecordKind, build: string, key: string, sections: string[]): Buffer {
	const bodies = sections.map(section => Buffer.from(section, 'utf8'));
	const header: RecordHeader = { magic: MAGIC, format: FORMAT_VERSION, kind, build, key, sections: bodies.map(body => [body.length, sha256(body)]) };
	return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), ...bodies]);
}

/**
 * The header of a record, when it is one of ours for exactly this kind, build and key and its
 * length adds up to `fileSize`; otherwise what is wrong with it.
 */
export function decodeHeader(head: Buffer, fileSize: number, kind: RecordKind, build: string, key: string): { header: RecordHeader; bodyStart: number } | { problem: string } {
	const newline = head.indexOf(0x0a);
	if (newline < 0) {
		return { problem: 'no header' };
	}
	let header: RecordHeader;
	try {
		header = JSON.parse(head.subarray(0, newline).toString('utf8')) as RecordHeader;
	} catch {
		return { problem: 'unreadable header' };
	}
	if (typeof header !== 'object' || header === null || header.magic !== MAGIC || !Array.isArray(header.sections)
		|| !header.sections.every(section => Array.isArray(section) && Number.isSafeInteger(section[0]) && section[0] >= 0 && typeof section[1] === 'string')) {
		return { problem: 'not a state record' };
	}
	if (header.format !== FORMAT_VERSION || header.build !== build) {
		// Its name carries the format and the build, so a header that disagrees is damage too.
		return { problem: 'another format or build' };
	}
	if (header.kind !== kind || header.key !== key) {
		return { problem: 'a record of another key' };
	}
	const bodyStart = newline + 1;
	const total = header.sections.reduce((sum, section) => sum + section[0], bodyStart);
	if (total !== fileSize) {
		return { problem: `${fileSize} bytes where the header promises ${total}` };
	}
	return { header, bodyStart };
}

/** The text of a section when its checksum holds; undefined when it does not. */
export function checkedSection(body: Buffer, expected: [number, string]): string | undefined {
	if (body.length !== expected[0] || sha256(body) !== expected[1]) {
		return undefined;
	}
	return body.toString('utf8');
}

/** A file record's sections: the head (diagnostics) and the symbols. */
export function encodeFileSections(diagnostics: Diag[], parsed: boolean, symbols: FileSymbols | undefined): string[] {
	const head: FileRecordHead = { diagnostics, parsed, hasSymbols: symbols !== undefined };
	return [JSON.stringify(head), symbols === undefined ? '' : encodeSymbols(symbols)];
}

export function decodeFileHead(text: string): FileRecordHead | undefined {
	const head = parseJson(text) as FileRecordHead | undefined;
	return head && Array.isArray(head.diagnostics) && typeof head.parsed === 'boolean' && typeof head.hasSymbols === 'boolean' ? head : undefined;
}

/** The lowered form of one file as text. */
export function encodeSymbols(symbols: FileSymbols): string {
	return JSON.stringify(symbols);
}

export function decodeSymbols(text: string): FileSymbols | undefined {
	const symbols = parseJson(text) as FileSymbols | undefined;
	return symbols && Array.isArray(symbols.ops) && Array.isArray(symbols.diagnostics) && Array.isArray(symbols.openReasons) ? symbols : undefined;
}

export function encodeSet(record: SetRecord): string[] {
	return [JSON.stringify(record)];
}

export function decodeSet(text: string): SetRecord | undefined {
	const record = parseJson(text) as SetRecord | undefined;
	return record && typeof record.definition === 'string' && typeof record.knownFiles === 'string' && Array.isArray(record.files)
		&& Array.isArray(record.loadedFiles) && Array.isArray(record.diagnostics) && Array.isArray(record.requiredModules) ? record : undefined;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
