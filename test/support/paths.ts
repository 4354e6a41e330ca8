/**
 * Where the tests find things on disk: the repository root (the directory holding package.json,
 * found by walking up from the compiled test file in `out/`), optional external reference material
 * in a folder named `shared` beside the repository (extra ESSH configs that some tests also run
 * over when it is there; nothing needs it), and throw-away directories under the system temp
 * folder that a test removes when it ends.
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

/**
 * The optional external reference folder beside the repository. Tests that read it must also pass
 * without it: they ask `referenceSuite` whether to run.
 */
export function sharedDir(): string {
	return path.join(repoRoot(), '..', 'shared');
}

/**
 * node:test options for a suite over optional external reference material: empty when every
 * listed part (relative to `sharedDir()`) exists, otherwise a skip whose reason names what is
 * missing, so the run shows one line instead of a crash. This is the only sanctioned skip
 * (test/tidy checks that no other test is skipped).
 */
export function referenceSuite(...parts: string[]): { skip?: string } {
	const missing = parts.filter(part => !fs.existsSync(path.join(sharedDir(), part)));
	if (missing.length === 0) {
		return {};
	}
	return { skip: `optional external reference material not found: ${missing.map(part => path.join('..', 'shared', part)).join(', ')} (the own fixtures in test/fixtures cover the same behaviours)` };
}

/** True when every listed part of the optional reference material exists. */
export function hasReference(...parts: string[]): boolean {
	return referenceSuite(...parts).skip === undefined;
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
