// Bundles every entry point into dist/ with esbuild (what the VSIX and the npm bin ship).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';

const entries = [
	{ in: 'server/src/cli.ts', out: 'cli' },
	{ in: 'server/src/main.ts', out: 'server' },
	{ in: 'client/src/extension.ts', out: 'extension' },
].filter(entry => existsSync(entry.in));

await build({
	entryPoints: entries,
	outdir: 'dist',
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['vscode'],
	sourcemap: true,
	minify: process.argv.includes('--minify'),
	logLevel: 'warning',
});
