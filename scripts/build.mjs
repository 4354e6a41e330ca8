// Bundles every entry point with esbuild: dist/ for Node (the VSIX's `main` and server, the npm
// bin) and dist/web/ for the browser (the VSIX's `browser` entry and its server Worker). With
// --e2e-web it builds only the browser test bundle of test/e2e (out/test/e2e/web-bundle/index.js, never
// shipped), which test/e2e/web.js runs in VS Code's web worker extension host.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeLualsAddon } from './lualsAddon.mjs';

const minify = process.argv.includes('--minify');
const e2eWeb = process.argv.includes('--e2e-web');

const entries = [
	{ in: 'server/src/cli.ts', out: 'cli' },
	{ in: 'server/src/library.ts', out: 'library' },
	{ in: 'server/src/main.ts', out: 'server' },
	{ in: 'client/src/extension.ts', out: 'extension' },
	{ in: 'client/src/uninstall.ts', out: 'uninstall' },
].filter(entry => existsSync(entry.in));

if (!e2eWeb) {
	await build({
		entryPoints: entries,
		outdir: 'dist',
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
		sourcemap: true,
		minify,
		logLevel: 'warning',
	});
	// The LuaLS addon the extension registers with sumneko.lua (see client/src/luals/).
	await writeLualsAddon('dist/luals-addon');
}

/**
 * Browser bundles hold no Node built-in (test/build/browserBundles.test.ts checks): micromatch's
 * `path` and `util` come from small shims, and the two `process` fields picomatch reads are
 * constants, so `typeof process` stays honest.
 */
const browser = {
	bundle: true,
	platform: 'browser',
	target: 'es2022',
	external: ['vscode'],
	alias: { path: './server/src/browser/shims/path.ts', util: './server/src/browser/shims/util.ts' },
	define: { 'process.platform': '"browser"', 'process.version': '"v20.0.0"' },
	sourcemap: true,
	minify,
	logLevel: 'warning',
};

if (!e2eWeb) {
	await build({ ...browser, entryPoints: ['client/src/web/extension.ts'], outfile: 'dist/web/extension.js', format: 'cjs' });
	await build({ ...browser, entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/web/server.js', format: 'iife' });
} else {
	// The suite files are shared with the desktop suite: what they take from Node comes from test/e2e/web.
	const swaps = [
		{ filter: /^mocha$/, path: 'test/e2e/web/mochaGlobals.ts' },
		{ filter: /^node:assert\/strict$/, path: 'test/e2e/web/assert.ts' },
		{ filter: /^\.\/disk$/, path: 'test/e2e/web/disk.ts' },
	];
	const testSwaps = {
		name: 'e2e-web-swaps',
		setup(builder) {
			for (const swap of swaps) {
				builder.onResolve({ filter: swap.filter }, () => ({ path: resolve(swap.path) }));
			}
		},
	};
	await build({ ...browser, entryPoints: ['test/e2e/web/index.ts'], outfile: 'out/test/e2e/web-bundle/index.js', format: 'cjs', plugins: [testSwaps] });
}

