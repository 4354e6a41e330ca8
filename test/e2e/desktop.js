#!/usr/bin/env node
// Runs the same extension-host suite in desktop VS Code through @vscode/test-electron, for machines
// that can download VS Code (this project's CI cannot: it uses test/e2e/run.js instead). Same two
// passes as run.js: "trusted" (workspace trust disabled) and "restricted" (trust on, folder untrusted),
// each on a fresh copy of test/e2e/workspace.
// Environment: ESSH_E2E_VSCODE_VERSION (default 1.100.3), ESSH_E2E_VSCODE_EXECUTABLE (an installed
// VS Code to use instead of a download). Linux without a display needs xvfb-run.
//
// usage: npm run test:desktop   (or: node test/e2e/desktop.js [--pass trusted|restricted])
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');
const { REPO_ROOT, copyWorkspace } = require('./harness/vscode.js');

const SUITE_DIR = path.join(REPO_ROOT, 'out', 'test', 'e2e', 'suite');
const passIndex = process.argv.indexOf('--pass');
const ONLY_PASS = passIndex > 0 ? process.argv[passIndex + 1] : '';

async function runPass(name, trust) {
	const workspace = copyWorkspace();
	const resultDir = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-e2e-result-'));
	const resultFile = path.join(resultDir, 'result.json');
	const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-e2e-desktop-user-'));
	try {
		const launchArgs = [workspace.dir, '--disable-extensions', '--skip-welcome', '--skip-release-notes', `--user-data-dir=${userData}`];
		if (!trust) {
			launchArgs.push('--disable-workspace-trust');
		}
		const code = await runTests({
			version: process.env.ESSH_E2E_VSCODE_VERSION || '1.100.3',
			vscodeExecutablePath: process.env.ESSH_E2E_VSCODE_EXECUTABLE || undefined,
			extensionDevelopmentPath: REPO_ROOT,
			extensionTestsPath: path.join(SUITE_DIR, 'index.js'),
			launchArgs,
			extensionTestsEnv: { ESSH_E2E: '1', ESSH_E2E_PASS: name, ESSH_E2E_RESULT_FILE: resultFile },
		});
		const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
		return { code, result };
	} catch (error) {
		// runTests rejects when VS Code exits non-zero (a test failed) or cannot be downloaded.
		console.error(`[desktop:${name}] ${error && error.message || error}`);
		const result = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : undefined;
		return { code: result ? 1 : 2, result };
	} finally {
		workspace.dispose();
		fs.rmSync(resultDir, { recursive: true, force: true });
		fs.rmSync(userData, { recursive: true, force: true });
	}
}

async function main() {
	if (!fs.existsSync(path.join(SUITE_DIR, 'index.js'))) {
		console.error('[desktop] out/test/e2e/suite/index.js is missing: run npm run build && npm run compile first');
		return 2;
	}
	let worst = 0;
	const totals = { passed: 0, failed: 0, pending: 0 };
	for (const [name, trust] of [['trusted', false], ['restricted', true]]) {
		if (ONLY_PASS && ONLY_PASS !== name) {
			continue;
		}
		const { code, result } = await runPass(name, trust);
		worst = Math.max(worst, code);
		if (result) {
			totals.passed += result.passed;
			totals.failed += result.failed;
			totals.pending += result.pending;
		} else if (code !== 0) {
			totals.failed += 1;
		}
	}
	console.log(`desktop: ${totals.passed} passed, ${totals.failed} failed${totals.pending ? `, ${totals.pending} skipped` : ''}`);
	return worst;
}

main().then(code => process.exit(code), error => {
	console.error(error);
	process.exit(2);
});
