/**
 * Expectation helpers for the test layer, standing in for a snapshot library (`node:test` on
 * Node 20 has none): `dedent` normalises template-literal fixtures and expectations,
 * `expectText` compares rendered output with an inline expectation and prints the actual text
 * ready to paste, and `expectFile` compares with a golden file under `test/data/` in the source
 * tree, rewriting it when `UPDATE_EXPECT=1` is set.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from './paths';

/**
 * Strips the indentation common to all non-blank lines, and the leading and trailing blank
 * lines. Line endings become `\n`, whitespace-only lines become empty, and the result has no
 * trailing newline.
 */
export function dedent(text: string): string {
	const lines = text.replace(/\r\n?/g, '\n').split('\n').map(line => (line.trim() === '' ? '' : line));
	while (lines.length > 0 && lines[0] === '') {
		lines.shift();
	}
	while (lines.length > 0 && lines[lines.length - 1] === '') {
		lines.pop();
	}
	// The common prefix is taken as a string, not a count, so a tab never strips a space.
	let common: string | undefined;
	for (const line of lines) {
		if (line === '') {
			continue;
		}
		const indent = /^[ \t]*/.exec(line)![0];
		if (common === undefined) {
			common = indent;
			continue;
		}
		let length = 0;
		while (length < common.length && length < indent.length && common[length] === indent[length]) {
			length++;
		}
		common = common.slice(0, length);
	}
	const prefixLength = common?.length ?? 0;
	return lines.map(line => line.slice(prefixLength)).join('\n');
}

/**
 * Asserts that `actual` equals the dedented `expected`, ignoring one trailing newline on each.
 * On mismatch the error keeps the usual diff and adds `actual` as a template literal that can be
 * pasted over the expectation.
 */
export function expectText(actual: string, expected: string): void {
	const actualText = trimTrailingNewline(actual);
	const expectedText = trimTrailingNewline(dedent(expected));
	if (actualText === expectedText) {
		return;
	}
	fail(actualText, expectedText, `Actual text, ready to paste:\n\`\n${escapeTemplateLiteral(actualText)}\n\``, expectText);
}

/**
 * Asserts that `actual` equals the golden file `test/data/<relPath>` of the source tree.
 * With `UPDATE_EXPECT=1` the file is (re)written instead. A missing file is written when run
 * locally and is a failure when `CI` is set, so a forgotten golden file cannot pass CI.
 */
export function expectFile(actual: string, relPath: string): void {
	const filePath = path.join(repoRoot(), 'test', 'data', relPath);
	const exists = fs.existsSync(filePath);
	if (isSet('UPDATE_EXPECT') || (!exists && !isSet('CI'))) {
		if (!exists || readNormalized(filePath) !== actual) {
			fs.mkdirSync(path.dirname(filePath), { recursive: true });
			fs.writeFileSync(filePath, actual);
		}
		return;
	}
	if (!exists) {
		throw new assert.AssertionError({
			message: `Golden file test/data/${relPath} is missing; run the tests locally or with UPDATE_EXPECT=1 and commit it.`,
			actual,
			expected: undefined,
			operator: 'expectFile',
			stackStartFn: expectFile,
		});
	}
	const expected = readNormalized(filePath);
	if (actual === expected) {
		return;
	}
	fail(actual, expected, `Golden file test/data/${relPath} differs; rerun with UPDATE_EXPECT=1 to accept the actual text.`, expectFile);
}

/** Throws an assertion error carrying `assert.equal`'s diff followed by `note`. */
function fail(actual: string, expected: string, note: string, stackStartFn: (...args: never[]) => unknown): never {
	let diff = '';
	try {
		assert.equal(actual, expected);
	} catch (error) {
		diff = (error as Error).message;
	}
	throw new assert.AssertionError({
		message: `${diff}\n\n${note}`,
		actual,
		expected,
		// A custom operator: with `strictEqual`, Node 20 would append a second copy of the diff.
		operator: stackStartFn.name,
		stackStartFn,
	});
}

function trimTrailingNewline(text: string): string {
	return text.endsWith('\n') ? text.slice(0, -1) : text;
}

function escapeTemplateLiteral(text: string): string {
	return text.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

/** Reads a golden file with `\n` line endings, so a Windows checkout compares equal. */
function readNormalized(filePath: string): string {
	return fs.readFileSync(filePath, 'utf8').replace(/\r\n/g, '\n');
}

/** True when the environment variable is set to something other than empty, `0` or `false`. */
function isSet(name: string): boolean {
	const value = process.env[name];
	return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

