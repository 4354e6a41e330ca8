#!/usr/bin/env node
// Runs the browser build of the extension (package.json's `browser`: dist/web/extension.js, and its
// language server in a Worker) in VS Code 1.100.3's web worker extension host: the same VS Code
// server and headless Chromium as run.js, with the workspace setting `remote.extensionKind` forcing
// the extension into the browser, and the browser test bundle out/test/e2e/web-bundle/index.js (built here
// with `node scripts/build.mjs --e2e-web`) as the tests. The worker has no file system, so the
// counts come from one marked console line. Exit code: 0 all passed, 1 a test failed, 2 harness error.
//
// usage: node test/e2e/web.js [--timeout SECONDS] [--verbose]
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const harness = require('./harness/vscode.js');

const TESTS_INDEX = path.join(harness.REPO_ROOT, 'out', 'test', 'e2e', 'web-bundle', 'index.js');
const RESULT_MARKER = '[essh-e2e-web-result]';
const VERBOSE = process.argv.includes('--verbose');
const timeoutIndex = process.argv.indexOf('--timeout');
const TIMEOUT_S = timeoutIndex > 0 ? Number(process.argv[timeoutIndex + 1]) : 300;
const NOISE = /open-vsx\.org|ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|Failed to load resource|DEBOUNCE: |connection token|serviceWorker|\[Service Worker\]|ChatSessionStore|No search provider registered|Comments: URIs|^Creation of workbench contribution|vscode-cdn\.net|vsda|\[Extension Host\] Debugger/i;

/** The fixture copy's settings plus the one that moves the extension into the web worker extension host. */
function forceWebExtensionHost(workspaceDir) {
	const manifest = JSON.parse(fs.readFileSync(path.join(harness.REPO_ROOT, 'package.json'), 'utf8'));
	const settingsFile = path.join(workspaceDir, '.vscode', 'settings.json');
	const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
	settings['remote.extensionKind'] = { [`${manifest.publisher}.${manifest.name}`]: ['web'] };
	fs.writeFileSync(settingsFile, `${JSON.stringify(settings, null, '\t')}\n`);
}

/** Runs the web suite once; resolves to { code, passed, failed, pending }. */
async function runWebSuite() {
	const build = childProcess.spawnSync(process.execPath, ['scripts/build.mjs', '--e2e-web'], { cwd: harness.REPO_ROOT, encoding: 'utf8' });
	if (build.status !== 0 || !fs.existsSync(TESTS_INDEX)) {
		console.error(`[e2e:web] cannot build the browser test bundle:\n${build.stdout}${build.stderr}`);
		return { code: 2, passed: 0, failed: 1, pending: 0 };
	}
	const log = harness.createRunLog('suite-web');
	const workspace = harness.copyWorkspace();
	forceWebExtensionHost(workspace.dir);
	let server;
	let browser;
	let code = 2;
	let result;
	const started = Date.now();
	try {
		server = await harness.startServer({ log });
		console.log(`[e2e:web] VS Code server pid ${server.pid} on ${server.url} (${server.startMs} ms)`);
		browser = await harness.launchBrowser();
		const { page } = browser;
		const exited = new Promise(resolve => {
			void page.exposeFunction('codeAutomationExit', exitCode => resolve(exitCode));
		});
		await page.exposeFunction('codeAutomationLog', (type, args) => {
			const text = util.format(...(Array.isArray(args) ? args : [args]));
			log.write('page.log', `[${type}] ${text}`);
			const marked = text.indexOf(RESULT_MARKER);
			if (marked >= 0) {
				result = JSON.parse(text.slice(marked + RESULT_MARKER.length));
			} else if (VERBOSE || !NOISE.test(text)) {
				console.log(text);
			}
		});
		page.on('console', message => log.write('browser-console.log', `[${message.type()}] ${message.text()}`));
		page.on('pageerror', error => log.write('browser-console.log', `[pageerror] ${error.stack || error}`));
		await page.goto(harness.workbenchUrl(server, { folder: workspace.dir, extensionPath: harness.REPO_ROOT, testsPath: TESTS_INDEX }));
		const limit = harness.deadline(TIMEOUT_S * 1000, 'the web suite');
		try {
			code = await Promise.race([exited, limit.promise]);
		} finally {
			limit.clear();
		}
		if (code === 0 && (!result || result.passed === 0)) {
			console.error('[e2e:web] the extension host reported success but no test ran');
			code = 1;
		}
		console.log(`[e2e:web] ${code === 0 ? 'PASS' : 'FAIL'} (exit ${code}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	} catch (error) {
		console.error(`[e2e:web] harness error: ${error && error.stack || error}`);
		if (browser) {
			await browser.page.screenshot({ path: path.join(log.dir, 'failure.png') }).catch(() => undefined);
		}
		code = 2;
	} finally {
		if (browser) {
			await browser.close().catch(() => undefined);
		}
		if (server) {
			await server.stop();
		}
		workspace.dispose();
		await log.finish(code === 0);
	}
	for (const failure of result ? result.failures : []) {
		console.log(`[e2e:web] FAILED ${failure.title}: ${failure.message}`);
	}
	return {
		code,
		passed: result ? result.passed : 0,
		failed: result ? result.failed : (code === 0 ? 0 : 1),
		pending: result ? result.pending : 0,
	};
}

module.exports = { runWebSuite };

if (require.main === module) {
	runWebSuite().then(summary => {
		console.log(`e2e web: ${summary.passed} passed, ${summary.failed} failed${summary.pending ? `, ${summary.pending} skipped` : ''}`);
		process.exit(summary.code);
	}, error => {
		console.error(error);
		process.exit(2);
	});
}
