/**
 * The `ServerHost` of the language server in a browser Worker, which has no file system: the
 * extension reads the files through VS Code (`essh/readFiles`, any URI scheme) when the server
 * asks (`load`, before each rescan and for each watched change), and the synchronous calls answer
 * from what it sent. There is no user directory in a browser. No Node import.
 */
import type { FileId } from '../core/diagnostic';
import { matchesGlobs, type FileGlobs, type HostStat, type ReadResult, type ServerHost, type SkippedFile } from '../host';
import type { ReadFilesParams, ReadFilesResult } from '../lsp/ext';
import { fileOfUri, relativeToFolder } from '../lsp/uri';

interface CachedFile {
	size: number;
	/** Absent when the client did not send the text (too large, unreadable). */
	text?: string;
	reason?: string;
}

/** True when `relative` (a path under a searched folder) is selected by the globs, as files.ts walks: no excluded directory on the way. */
export function selectedByGlobs(relative: string, globs: FileGlobs): boolean {
	const parts = relative.split('/');
	for (let index = 1; index < parts.length; index++) {
		const directory = parts.slice(0, index).join('/');
		if (matchesGlobs(directory, globs.exclude) || matchesGlobs(`${directory}/`, globs.exclude)) {
			return false;
		}
	}
	return matchesGlobs(relative, globs.include) && !matchesGlobs(relative, globs.exclude);
}

export class WebHost implements ServerHost {
	private readonly files = new Map<FileId, CachedFile>();
	private readonly directories = new Set<FileId>();

	/** `request` sends `essh/readFiles` to the client. */
	constructor(private readonly request: (params: ReadFilesParams) => Promise<ReadFilesResult>) {}

	async load(uris: string[], globs: FileGlobs, maxSize: number, directoriesOnly: string[] = []): Promise<SkippedFile[]> {
		const result = await this.request({ uris, directoriesOnly, include: globs.include, exclude: globs.exclude, maxSize });
		const skipped: SkippedFile[] = [];
		for (const entry of Array.isArray(result?.entries) ? result.entries : []) {
			const file = fileOfUri(entry.uri);
			if (file === undefined) {
				continue;
			}
			if (entry.kind === 'missing') {
				this.forget(file);
			} else if (entry.kind === 'directory') {
				// The files found under it follow: what is cached under it now may be gone.
				this.forget(file);
				this.directories.add(file);
			} else if (entry.kind === 'file') {
				this.files.set(file, { size: entry.size, text: typeof entry.text === 'string' ? entry.text : undefined, reason: entry.reason });
				if (typeof entry.text !== 'string' && entry.size <= maxSize) {
					skipped.push({ path: file, reason: entry.reason ?? 'could not be read' });
				}
			}
		}
		return skipped;
	}

	listFiles(folder: string, globs: FileGlobs): string[] {
		const result: string[] = [];
		for (const file of this.files.keys()) {
			const relative = relativeToFolder(folder, file);
			if (relative !== undefined && relative !== '' && selectedByGlobs(relative, globs)) {
				result.push(file);
			}
		}
		return result.sort();
	}

	listUserFiles(): string[] {
		return [];
	}

	readFile(file: string, maxSize: number): ReadResult {
		const cached = this.files.get(file);
		if (cached === undefined) {
			return { ok: false, reason: 'does not exist' };
		}
		if (cached.size > maxSize) {
			return { ok: false, reason: `is ${cached.size} bytes, over the ${maxSize}-byte limit` };
		}
		return cached.text === undefined ? { ok: false, reason: cached.reason ?? 'could not be read' } : { ok: true, text: cached.text };
	}

	stat(file: string): HostStat | undefined {
		const cached = this.files.get(file);
		if (cached !== undefined) {
			return { isFile: true, isDirectory: false, size: cached.size };
		}
		if (this.directories.has(file) || [...this.files.keys()].some(known => relativeToFolder(file, known) !== undefined)) {
			return { isFile: false, isDirectory: true, size: 0 };
		}
		return undefined;
	}

	homeDirectory(): undefined {
		return undefined;
	}

	/** Drops a file, or a directory with everything under it. */
	private forget(file: FileId): void {
		for (const known of [...this.files.keys()]) {
			if (relativeToFolder(file, known) !== undefined) {
				this.files.delete(known);
			}
		}
		for (const known of [...this.directories]) {
			if (relativeToFolder(file, known) !== undefined) {
				this.directories.delete(known);
			}
		}
	}
}
