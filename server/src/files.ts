/**
 * Disk access for the CLI and the language server: finding ESSH files under directories with the
 * include/exclude globs, reading them safely (size limit, not-a-file, vanished files, invalid
 * UTF-8), and the user directory. This is the only module besides the server host that touches
 * the file system; the core receives texts only.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_EXCLUDE, DEFAULT_MAX_FILE_SIZE, matchesGlobs, type ReadResult, type SkippedFile } from './host';

export { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_MAX_FILE_SIZE, type ReadResult, type SkippedFile } from './host';

export interface FindOptions {
	include: string[];
	exclude: string[];
	/** Stop after this many files (a guard for huge trees). */
	maxFiles?: number;
}

/** Converts a native path to the core's POSIX FileId form. */
export function toFileId(nativePath: string): string {
	const resolved = path.resolve(nativePath);
	return path.sep === '/' ? resolved : resolved.split(path.sep).join('/');
}

/** Walks `root` (without following symlinked directories, so loops cannot trap it) and returns matching files. */
export function findEsshFiles(root: string, options: FindOptions, skipped: SkippedFile[] = []): string[] {
	const result: string[] = [];
	const maxFiles = options.maxFiles ?? 100_000;
	const visited = new Set<string>();
	const walk = (directory: string): void => {
		let realDirectory: string;
		try {
			realDirectory = fs.realpathSync(directory);
		} catch {
			return;
		}
		if (visited.has(realDirectory)) {
			return;
		}
		visited.add(realDirectory);
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(directory, { withFileTypes: true });
		} catch (error) {
			skipped.push({ path: directory, reason: `cannot list the directory (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
			return;
		}
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			if (result.length >= maxFiles) {
				return;
			}
			const full = path.join(directory, entry.name);
			const relative = path.relative(root, full).split(path.sep).join('/');
			if (matchesGlobs(relative, options.exclude) || matchesGlobs(`${relative}/`, options.exclude)) {
				continue;
			}
			if (entry.isDirectory()) {
				walk(full);
			} else if ((entry.isFile() || entry.isSymbolicLink()) && matchesGlobs(relative, options.include)) {
				result.push(toFileId(full));
			}
		}
	};
	walk(root);
	return result;
}

/**
 * Reads a config file as text; never throws. A byte that is not part of valid UTF-8 becomes the
 * lone surrogate U+DC80 + byte (`decodeUtf8`), so the core can name it in its message.
 */
export function readTextFile(filePath: string, maxSize = DEFAULT_MAX_FILE_SIZE): ReadResult {
	try {
		const stat = fs.statSync(filePath);
		if (!stat.isFile()) {
			return { ok: false, reason: stat.isDirectory() ? 'is a directory' : 'is not a regular file' };
		}
		if (stat.size > maxSize) {
			return { ok: false, reason: `is ${stat.size} bytes, over the ${maxSize}-byte limit` };
		}
		return { ok: true, text: decodeUtf8(fs.readFileSync(filePath)) };
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return { ok: false, reason: code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'is not readable (permission denied)' : `cannot be read (${code ?? String(error)})` };
	}
}

/** The default user directory, `~/.essh`: under `home` when given (the CLI passes its $HOME), else the OS home. */
export function defaultUserDirectory(home?: string): string {
	return path.join(home || os.homedir(), '.essh');
}

/** ESSH files of the user directory: config.lua, config_override.lua and lib modules. */
export function findUserFiles(userDirectory: string): string[] {
	const result: string[] = [];
	for (const name of ['config.lua', 'config_override.lua']) {
		const full = path.join(userDirectory, name);
		if (fs.existsSync(full)) {
			result.push(toFileId(full));
		}
	}
	const lib = path.join(userDirectory, 'lib');
	if (fs.existsSync(lib)) {
		result.push(...findEsshFiles(lib, { include: ['**/*.lua'], exclude: DEFAULT_EXCLUDE }).map(file => file));
	}
	return result;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Decodes UTF-8 bytes, keeping a BOM, with each byte that is not part of a valid sequence decoded
 * to the lone surrogate U+DC80 + byte (as Python's "surrogateescape" does). Valid UTF-8 never
 * decodes to a lone surrogate, so the core can tell such a byte from text, and offsets stay one
 * UTF-16 unit per bad byte. Valid files take the fast path.
 */
export function decodeUtf8(bytes: Uint8Array): string {
	try {
		return strictUtf8.decode(bytes);
	} catch {
		// Not valid UTF-8: decode by hand below.
	}
	const units: number[] = [];
	const parts: string[] = [];
	const flush = (): void => {
		parts.push(String.fromCharCode(...units));
		units.length = 0;
	};
	let index = 0;
	while (index < bytes.length) {
		if (units.length > 8192) {
			flush();
		}
		const first = bytes[index];
		if (first < 0x80) {
			units.push(first);
			index++;
			continue;
		}
		const length = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
		let codePoint = length === 2 ? first & 0x1f : length === 3 ? first & 0x0f : first & 0x07;
		let valid = length > 0 && index + length <= bytes.length;
		for (let offset = 1; valid && offset < length; offset++) {
			const next = bytes[index + offset];
			valid = (next & 0xc0) === 0x80;
			codePoint = (codePoint << 6) | (next & 0x3f);
		}
		// Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
		if (valid && ((length === 3 && (codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff))) || (length === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff)))) {
			valid = false;
		}
		if (!valid) {
			units.push(0xdc00 + first);
			index++;
			continue;
		}
		if (codePoint >= 0x10000) {
			units.push(0xd800 + ((codePoint - 0x10000) >> 10), 0xdc00 + ((codePoint - 0x10000) & 0x3ff));
		} else {
			units.push(codePoint);
		}
		index += length;
	}
	flush();
	return parts.join('');
}
