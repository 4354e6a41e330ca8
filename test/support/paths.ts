/**
 * Where the tests find things on disk: the repository root (the directory holding package.json,
 * found by walking up from the compiled test file in `out/`), the shared material beside it
 * (`../shared`: the ESSH examples and the corpus), the bundled CLI, and throw-away directories
 * under the system temp folder that a test removes when it ends.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

let cachedRoot: string | undefined;

/** The directory holding package.json, above the running test file. */
export function repoRoot(): string {
	if (cachedRoot !== undefined) {
		return cachedRoot;
	}
	let directory = __dirname;
	while (!fs.existsSync(path.join(directory, 'package.json'))) {
		const parent = path.dirname(directory);
		if (parent === directory) {
			throw new Error(`No package.json above ${__dirname}`);
		}
		directory = parent;
	}
	cachedRoot = directory;
	return cachedRoot;
}

/** The shared folder beside the repository (essh-examples/, corpus/, the reference). */
export function sharedDir(): string {
	return path.join(repoRoot(), '..', 'shared');
}

/** A fresh directory under os.tmpdir(); remove it with `removeTempDir`. */
export function makeTempDir(prefix: string): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), `essh-tools-${prefix}-`));
}

/** Removes a directory made by `makeTempDir`. */
export function removeTempDir(directory: string): void {
	fs.rmSync(directory, { recursive: true, force: true });
}

/** Writes files (paths relative to `root`, POSIX separators) and creates their folders. */
export function writeTree(root: string, files: Record<string, string>): void {
	for (const [relative, text] of Object.entries(files)) {
		const full = path.join(root, ...relative.split('/'));
		fs.mkdirSync(path.dirname(full), { recursive: true });
		fs.writeFileSync(full, text);
	}
}
