#!/usr/bin/env node
// The packaging check of issue 5: `npm run package` makes the VSIX (bundled, under 1 MB, with the
// files the marketplace page needs), and the VS Code server of the e2e harness installs it into a
// throw-away extensions folder. Runs after the suite in all.js; also runnable alone.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { REPO_ROOT } = require('./harness/vscode.js');

const VSIX = path.join(REPO_ROOT, 'essh-tools.vsix');
const SERVER_MAIN = path.join(REPO_ROOT, 'test', 'e2e', '.work', 'runner', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const MAX_BYTES = 1024 * 1024;

function run(command, args, options) {
	const result = childProcess.spawnSync(command, args, { encoding: 'utf8', timeout: 5 * 60_000, ...options });
	if (result.status !== 0) {
		throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
	}
	return result.stdout;
}

/** Packages, inspects and installs the VSIX; resolves true when every check passed. */
async function runVsixCheck() {
	const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-vsix-'));
	try {
		fs.rmSync(VSIX, { force: true });
		const listing = run('npm', ['run', 'package'], { cwd: REPO_ROOT });
		const size = fs.statSync(VSIX).size;
		if (size >= MAX_BYTES) {
			throw new Error(`the VSIX is ${size} bytes, over 1 MB`);
		}
		// vsce's listing names files by their base name (README.md as readme.md, LICENSE as LICENSE.txt).
		const lower = listing.toLowerCase();
		for (const entry of ['extension.js', 'server.js', 'readme.md', 'changelog.md', 'license', 'icon.png', 'essh.injection.tmlanguage.json', 'essh.code-snippets', 'essh.lua', 'config.json']) {
			if (!lower.includes(entry)) {
				throw new Error(`the VSIX listing does not show ${entry}:\n${listing}`);
			}
		}
		for (const unwanted of [/node_modules/, /\.ts \[/, /\.map \[/, /\bsrc\//]) {
			if (unwanted.test(listing)) {
				throw new Error(`the VSIX contains ${unwanted}:\n${listing}`);
			}
		}
		const extensions = path.join(temp, 'extensions');
		const output = run(process.execPath, [SERVER_MAIN, '--install-extension', VSIX, '--extensions-dir', extensions,
			'--server-data-dir', path.join(temp, 'data'), '--user-data-dir', path.join(temp, 'user'), '--accept-server-license-terms'], {
			env: { ...process.env, VSCODE_AGENT_FOLDER: path.join(temp, 'agent') },
		});
		if (!/successfully installed/.test(output)) {
			throw new Error(`the VS Code server did not install the VSIX:\n${output}`);
		}
		const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
		const installed = path.join(extensions, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
		for (const file of ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/web/extension.js', 'dist/web/server.js', 'dist/uninstall.js', 'dist/luals-addon/essh/config.json', 'dist/luals-addon/essh/library/essh.lua']) {
			if (!fs.existsSync(path.join(installed, file))) {
				throw new Error(`the installed extension lacks ${file} (${installed})`);
			}
		}
		console.log(`[vsix] PASS: ${(size / 1024).toFixed(0)} KB, installed into VS Code ${require(path.join(path.dirname(SERVER_MAIN), '..', 'package.json')).version}`);
		return true;
	} catch (error) {
		console.error(`[vsix] FAIL: ${error instanceof Error ? error.message : String(error)}`);
		return false;
	} finally {
		fs.rmSync(temp, { recursive: true, force: true });
	}
}

module.exports = { runVsixCheck };

if (require.main === module) {
	runVsixCheck().then(passed => process.exit(passed ? 0 : 1));
}
