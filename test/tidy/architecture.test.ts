/**
 * Tidy tests for the architecture invariants of docs/architecture.md (docs/architecture.md): the core stays
 * pure, the server never imports `vscode`, the client never reaches into the core or luaparse, every
 * source file opens with a header comment, no test is focused or skipped, and the custom protocol's
 * method names are documented. They read the source tree as text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/paths';

function sourceFiles(relativeDirectory: string, extension = '.ts'): string[] {
	const result: string[] = [];
	const walk = (directory: string): void => {
		for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				if (entry.name !== 'node_modules' && entry.name !== '.work') {
					walk(full);
				}
			} else if (entry.name.endsWith(extension)) {
				result.push(full);
			}
		}
	};
	walk(path.join(repoRoot(), relativeDirectory));
	return result.sort();
}

/** The module specifiers a TypeScript file imports (static imports, `import x = require`, and require calls). */
function importsOf(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	const result: string[] = [];
	for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'|require\('([^']+)'\)/g)) {
		result.push(match[1] ?? match[2]);
	}
	return result;
}

const relative = (file: string): string => path.relative(repoRoot(), file);

test('the core imports no LSP, editor, file system, path, process or network module', () => {
	const forbidden = /^(vscode|vscode-languageserver.*|vscode-jsonrpc.*|(node:)?(fs|path|child_process|net|http|https|process|os))$|\/lsp\//;
	const offenders = sourceFiles('server/src/core').flatMap(file => importsOf(file).filter(name => forbidden.test(name)).map(name => `${relative(file)}: ${name}`));
	assert.deepEqual(offenders, []);
});

test('nothing under server/ imports vscode', () => {
	const offenders = sourceFiles('server').filter(file => importsOf(file).includes('vscode')).map(relative);
	assert.deepEqual(offenders, []);
});

test('the client imports neither luaparse nor the core', () => {
	const offenders = sourceFiles('client/src').flatMap(file => importsOf(file).filter(name => name === 'luaparse' || name.includes('server/src/core')).map(name => `${relative(file)}: ${name}`));
	assert.deepEqual(offenders, []);
});

test('every source and test-support file opens with a header comment', () => {
	const files = [...sourceFiles('client/src'), ...sourceFiles('server/src'), ...sourceFiles('test/support')];
	const offenders = files.filter(file => !/^(#![^\n]*\n)?\/\*\*/.test(fs.readFileSync(file, 'utf8'))).map(relative);
	assert.deepEqual(offenders, []);
});

test('no test is focused or skipped', () => {
	// The one sanctioned skip is referenceSuite in test/support/paths.ts: suites over optional external material, when it is absent.
	const pattern = /\b(test|it|describe|suite)\.(only|skip)\(|\{\s*(only|skip)\s*:/;
	const allowed = [path.join('tidy', 'architecture.test.ts'), path.join('support', 'paths.ts')];
	const offenders = sourceFiles('test').filter(file => !allowed.some(suffix => file.endsWith(suffix)) && pattern.test(fs.readFileSync(file, 'utf8'))).map(relative);
	assert.deepEqual(offenders, []);
});

test('the custom protocol methods of lsp/ext.ts are documented', () => {
	const ext = fs.readFileSync(path.join(repoRoot(), 'server/src/lsp/ext.ts'), 'utf8');
	const methods = [...ext.matchAll(/Method = '([^']+)'/g)].map(match => match[1]);
	assert.deepEqual(methods.sort(), ['essh/clearCache', 'essh/environment', 'essh/lookup', 'essh/readFiles', 'essh/registry', 'essh/registryChanged']);
	for (const document of ['docs/architecture.md', 'docs/protocol.md']) {
		const text = fs.readFileSync(path.join(repoRoot(), document), 'utf8');
		assert.deepEqual(methods.filter(method => !text.includes(`\`${method}\``)), [], `${document} documents every method`);
	}
});
