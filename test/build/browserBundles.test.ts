/**
 * The browser bundles (dist/web/, built by `npm run build`, which `npm test` runs first) hold no
 * Node built-in: VS Code for the Web loads them in a Worker where only `vscode` can be required. The
 * scan looks for `require(…)`, static and dynamic `import` of built-in modules (with or without the
 * `node:` prefix), and for any module the extension bundle requires besides `vscode`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/paths';

const BUILTINS = new Set(builtinModules.flatMap(name => [name, `node:${name}`]));

/** Every module specifier a bundle loads: `require("x")`, `import … from "x"`, `import("x")`, `import "x"`. */
export function loadedModules(source: string): string[] {
	const result: string[] = [];
	const name = '[\\w@./:-]+';
	const pattern = new RegExp([
		`\\brequire\\s*\\(\\s*(["'\`])(${name})\\1\\s*\\)`,
		`\\bimport\\s*\\(\\s*(["'\`])(${name})\\3\\s*\\)`,
		`(?:^|[;}\\n])\\s*import\\s*(?:[\\w*{}\\s,$]+\\sfrom\\s*)?(["'])(${name})\\5`,
	].join('|'), 'g');
	for (const match of source.matchAll(pattern)) {
		result.push(match[2] ?? match[4] ?? match[6]);
	}
	return result;
}

function isBuiltin(name: string): boolean {
	return name.startsWith('node:') || BUILTINS.has(name) || BUILTINS.has(name.split('/')[0]);
}

const bundles = ['dist/web/extension.js', 'dist/web/server.js'];

test('the scan finds built-ins however they are loaded', () => {
	const sample = 'const a=require("fs"),b=require(\'node:path\');import("os");import x from "node:url";import "util";require("vscode");';
	assert.deepEqual(loadedModules(sample).filter(isBuiltin).sort(), ['fs', 'node:path', 'node:url', 'os', 'util']);
	assert.deepEqual(loadedModules(sample).filter(name => !isBuiltin(name)), ['vscode']);
});

for (const bundle of bundles) {
	test(`${bundle} loads no Node built-in`, () => {
		const file = path.join(repoRoot(), bundle);
		assert.ok(fs.existsSync(file), `${bundle} is built (npm run build)`);
		const loaded = loadedModules(fs.readFileSync(file, 'utf8'));
		assert.deepEqual(loaded.filter(isBuiltin), [], `${bundle} loads Node built-ins`);
		// The extension may load `vscode` only; the server Worker loads nothing at all.
		const allowed = bundle.endsWith('extension.js') ? ['vscode'] : [];
		assert.deepEqual([...new Set(loaded)].filter(name => !allowed.includes(name)), [], `${bundle} loads only ${allowed.join(', ') || 'nothing'}`);
	});
}

test('the manifest\'s browser entry is the browser extension bundle', () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { browser?: string };
	assert.equal(manifest.browser, './dist/web/extension.js');
});
