/**
 * The language server's window on the file system (style.md §4.2 #2): `ServerHost` lists ESSH files
 * under a workspace folder by the include/exclude globs, reads one file with the size limit, finds
 * the user directory's files and stats paths. `nodeHost` is the real disk (through files.ts); the
 * protocol tests use a memory host (test/support/inBand.ts). Paths are absolute POSIX FileIds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findEsshFiles, findUserFiles, readTextFile, toFileId, type ReadResult, type SkippedFile } from './files';

export type { ReadResult, SkippedFile };

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
	/** The user's home directory, for `~` in `essh.userConfig.directory`. */
	homeDirectory(): string;
}

/** The real file system. */
export const nodeHost: ServerHost = {
	listFiles(folder, globs, skipped) {
		return findEsshFiles(folder, { include: globs.include, exclude: globs.exclude }, skipped);
	},
	listUserFiles(directory) {
		return findUserFiles(directory);
	},
	readFile(file, maxSize) {
		return readTextFile(file, maxSize);
	},
	stat(file) {
		try {
			const stat = fs.statSync(file);
			return { isFile: stat.isFile(), isDirectory: stat.isDirectory(), size: stat.size };
		} catch {
			return undefined;
		}
	},
	homeDirectory() {
		return toFileId(os.homedir());
	},
};

/** Expands a leading `~` and makes a configured directory an absolute POSIX path. */
export function resolveUserDirectory(host: ServerHost, configured: string): string {
	const home = host.homeDirectory();
	let result = configured;
	if (result === '~') {
		result = home;
	} else if (result.startsWith('~/') || result.startsWith('~\\')) {
		result = `${home}/${result.slice(2)}`;
	}
	result = result.split(path.sep).join('/');
	return result.length > 1 ? result.replace(/\/+$/, '') : result;
}
