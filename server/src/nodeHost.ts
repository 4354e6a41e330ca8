/**
 * The language server's `ServerHost` on the real disk (Node only; main.ts uses it): listing and
 * reading go through files.ts, the home directory is the OS user's, the kept state is cache/store.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { StateCache } from './cache/store';
import { findEsshFiles, findUserFiles, readTextFile, toFileId } from './files';
import type { ServerHost } from './host';

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
	openStateCache(directory, log) {
		return new StateCache({ directory, log });
	},
};
