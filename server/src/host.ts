/**
 * The language server's window on the file system (docs/architecture.md): `ServerHost` lists ESSH files
 * under a workspace folder by the include/exclude globs, reads one file with the size limit, finds
 * the user directory's files and stats paths. Implementations: `nodeHost` (nodeHost.ts, the real
 * disk through files.ts), `WebHost` (browser/webHost.ts, files the extension reads through VS Code
 * in a browser) and a memory host in the protocol tests (test/support/inBand.ts). Paths are
 * absolute POSIX FileIds. No Node import: the browser server shares this module.
 */
import micromatch from 'micromatch';

import type { Analysis, KeptStateSource, Workspace } from './core/analysis';

/** Default globs for ESSH files (`essh.files.include`). */
export const DEFAULT_INCLUDE = ['**/.esshconfig.lua', '**/esshconfig.lua', '**/.esshconfig_override.lua', '**/esshconfig_override.lua', '**/.essh/lib/**/*.lua'];
export const DEFAULT_EXCLUDE = ['**/node_modules/**', '**/.git/**'];
/** Files above this size are skipped with a warning (`essh.files.maxSize`). */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export interface SkippedFile {
	path: string;
	reason: string;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** Include and exclude globs (micromatch, relative to the folder searched). */
export interface FileGlobs {
	include: string[];
	exclude: string[];
}

/** What a path is, or undefined when it does not exist. */
export interface HostStat {
	isFile: boolean;
	isDirectory: boolean;
	size: number;
}

/** Everything the server needs from the file system, so tests can swap in memory. */
export interface ServerHost {
	/** ESSH files under `folder` matching the globs; unreadable directories are recorded in `skipped`. */
	listFiles(folder: string, globs: FileGlobs, skipped: SkippedFile[]): string[];
	/** The files of an ESSH user directory (config.lua, config_override.lua, lib/**). */
	listUserFiles(directory: string): string[];
	/** Reads a file as text; never throws. Files over `maxSize` bytes are refused. */
	readFile(file: string, maxSize: number): ReadResult;
	stat(file: string): HostStat | undefined;
	/** The user's home directory, for `~` in `essh.userConfig.directory`; undefined where there is no user directory at all (the browser). */
	homeDirectory(): string | undefined;
	/**
	 * Hosts that cannot read synchronously (the browser, where the extension reads for the server)
	 * fetch what the synchronous calls will then answer: the ESSH files under these URIs (folders,
	 * or files and directories that changed; a URI that no longer exists drops what was cached under
	 * it), and under `directoriesOnly` when they are directories (created paths no glob selects).
	 * Absent where the synchronous calls read the disk themselves.
	 */
	load?(uris: string[], globs: FileGlobs, maxSize: number, directoriesOnly?: string[]): Promise<SkippedFile[]>;
	/**
	 * Opens the kept state in `directory` (`initializationOptions.cacheDirectory`), reporting problems
	 * through `log`. Absent where nothing can be kept (the browser).
	 */
	openStateCache?(directory: string, log: (message: string) => void): KeptStateStore;
}

/** The kept state as the server uses it (server/src/cache/store.ts on Node). */
export interface KeptStateStore {
	source(): KeptStateSource;
	/** Writes what is not kept yet; never rejects (problems are logged once). */
	save(workspace: Workspace, analysis: Analysis): Promise<{ files: number; sets: number; bytes: number; evicted: number; interrupted: boolean }>;
	setMaxBytes(bytes: number): void;
	/** Deletes the kept state; returns how many files went. */
	clear(): number;
}

/**
 * Expands a leading `~` and makes a configured directory an absolute POSIX path (Windows paths get
 * forward slashes); undefined when the host has no user directory.
 */
export function resolveUserDirectory(host: ServerHost, configured: string): string | undefined {
	const home = host.homeDirectory();
	if (home === undefined) {
		return undefined;
	}
	let result = configured;
	if (result === '~') {
		result = home;
	} else if (result.startsWith('~/') || result.startsWith('~\\')) {
		result = `${home}/${result.slice(2)}`;
	}
	if (/^([a-zA-Z]:|\\\\)/.test(result)) {
		result = result.replace(/\\/g, '/');
	}
	return result.length > 1 ? result.replace(/\/+$/, '') : result;
}

/** Compiled matchers by their globs (a few distinct lists per session: the settings' include and exclude). */
const globMatchers = new Map<string, (path: string) => boolean>();
const GLOB_MATCHER_LIMIT = 64;

/**
 * True when `path` matches one of `globs` (micromatch, `dot: true`), as `micromatch.isMatch(path,
 * globs, { dot: true })` answers, with the globs compiled once: compiling them for every path was
 * about 25 ms of the first index of 100 files.
 */
export function matchesGlobs(path: string, globs: readonly string[]): boolean {
	const key = globs.join('\u0000');
	let matcher = globMatchers.get(key);
	if (matcher === undefined) {
		const each = globs.map(glob => micromatch.matcher(glob, { dot: true }));
		matcher = candidate => each.some(match => match(candidate));
		if (globMatchers.size >= GLOB_MATCHER_LIMIT) {
			globMatchers.clear();
		}
		globMatchers.set(key, matcher);
	}
	return matcher(path);
}
