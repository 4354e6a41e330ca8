/**
 * Tidy test: the diagnostic codes the core can produce and the table of implemented checks in
 * `docs/diagnostics.md` must name the same IDs. Codes are found by scanning the core's source for
 * the shapes that set a code (`code: '…'`, `this.error(…, '…'`, `makeDiag(…, severity, '…'`, …),
 * so a new check without documentation, or a documented check that no longer exists, fails here.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

/** The repository root: the nearest directory above this file that holds a package.json. */
function repoRoot(): string {
	let directory = __dirname;
	while (!fs.existsSync(path.join(directory, 'package.json'))) {
		const parent = path.dirname(directory);
		if (parent === directory) {
			throw new Error(`no package.json above ${__dirname}`);
		}
		directory = parent;
	}
	return directory;
}

/** Every `.ts` file below `directory`. */
function sourceFiles(directory: string): string[] {
	return fs.readdirSync(directory, { withFileTypes: true }).flatMap(entry => {
		const full = path.join(directory, entry.name);
		return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
	});
}

const CODE = String.raw`[a-z][a-z0-9]*(?:-[a-z0-9]+)+`;
/** Shapes that name a diagnostic code; group 1 holds one code, or several joined by `|` or `? :`. */
const CODE_PATTERNS: RegExp[] = [
	new RegExp(String.raw`\bcode:\s*('${CODE}'(?:\s*\|\s*'${CODE}')*)`, 'g'),
	new RegExp(String.raw`\bcode\s*[!=]==\s*('${CODE}')`, 'g'),
	new RegExp(String.raw`\bconst code = ([^;\n]*);`, 'g'),
	new RegExp(String.raw`this\.error\([^;'\`]*?,\s*('${CODE}')`, 'g'),
	new RegExp(String.raw`makeDiag\([^;]*?'(?:error|warning|information|hint)',\s*('${CODE}')`, 'g'),
];
/** `${kind}-field-type` in properties.ts stands for the host and task variants. */
const KIND_TEMPLATE = /\bcode:\s*`\$\{kind\}-([a-z-]+)`/g;

function codesInSource(root: string): Map<string, string> {
	const result = new Map<string, string>();
	for (const file of sourceFiles(path.join(root, 'server', 'src', 'core'))) {
		const text = fs.readFileSync(file, 'utf8');
		const where = path.relative(root, file);
		for (const pattern of CODE_PATTERNS) {
			for (const match of text.matchAll(pattern)) {
				for (const literal of match[1].matchAll(new RegExp(`'(${CODE})'`, 'g'))) {
					result.set(literal[1], where);
				}
			}
		}
		for (const match of text.matchAll(KIND_TEMPLATE)) {
			result.set(`host-${match[1]}`, where);
			result.set(`task-${match[1]}`, where);
		}
	}
	return result;
}

/** The IDs in the first column of the tables under the "Implemented checks" heading. */
function codesInDoc(root: string): Set<string> {
	const text = fs.readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8');
	const start = text.indexOf('## Implemented checks');
	assert.ok(start >= 0, 'docs/diagnostics.md has no "## Implemented checks" section');
	const next = text.indexOf('\n## ', start + 1);
	const section = text.slice(start, next < 0 ? undefined : next);
	const result = new Set<string>();
	for (const match of section.matchAll(/^\|\s*`([a-z0-9-]+)`/gm)) {
		result.add(match[1]);
	}
	return result;
}

test('every diagnostic code of the core is documented in docs/diagnostics.md', () => {
	const root = repoRoot();
	const documented = codesInDoc(root);
	const missing = [...codesInSource(root)].filter(([code]) => !documented.has(code)).map(([code, file]) => `${code} (${file})`);
	assert.deepEqual(missing, [], 'codes used in server/src/core but missing from docs/diagnostics.md');
});

test('every documented check exists in the core', () => {
	const root = repoRoot();
	const used = codesInSource(root);
	const stale = [...codesInDoc(root)].filter(code => !used.has(code));
	assert.deepEqual(stale, [], 'codes in docs/diagnostics.md that server/src/core never produces');
});

test('the scan finds codes of every producing shape', () => {
	// Guards the patterns themselves: one code per shape, so a refactor that hides codes from the scan fails.
	const used = codesInSource(repoRoot());
	for (const code of ['lua-bom', 'removed-builtin', 'host-field-type', 'task-field-type', 'host-redefined', 'template-field', 'target-unresolved', 'both-config-names']) {
		assert.ok(used.has(code), `the scan no longer finds ${code}`);
	}
});
