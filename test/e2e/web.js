#!/usr/bin/env node
// Runs the browser build of the extension (package.json's `browser`: dist/web/extension.js, and its
// language server in a Worker) in VS Code 1.100.3's web worker extension host: the same VS Code
// server and headless Chromium as run.js, with the workspace setting `remote.extensionKind` forcing
// the extension into the browser, and the browser test bundle out/test/e2e/web-bundle/index.js (built here
// with `node scripts/build.mjs --e2e-web`) as the tests. The worker has no file system, so the
// counts come from one marked console line. Then a UI check in the same host: the ESSH view shows
// the sets and hosts, and the Problems panel the mistakes of a file nobody opened.
// Exit code: 0 all passed, 1 a test or the UI check failed, 2 harness error.
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

const STEP_MS = 30_000;

/** A row of the ESSH tree by its exact label. */
function treeRow(page, label) {
	return page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label}$`) }) }).first();
}

/** What a person sees with the browser build: the registry view and the Problems panel. */
async function checkUi(page) {
	await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
	const container = page.locator('.activitybar .action-item a[aria-label^="ESSH"], .activitybar .action-item[aria-label^="ESSH"]').first();
	await container.waitFor({ timeout: 60_000 });
	await container.click();
	for (const set of ['web', 'ops', 'legacy']) {
		await treeRow(page, set).waitFor({ timeout: STEP_MS });
	}
	const rows = page.locator('.pane-body .monaco-list-row');
	const labels = await rows.locator('.label-name').allInnerTexts();
	const hostsIndex = labels.findIndex((label, index) => index > labels.indexOf('web') && label === 'Hosts');
	if (hostsIndex < 0) {
		throw new Error(`no Hosts under the web set in ${JSON.stringify(labels)}`);
	}
	if ((await rows.nth(hostsIndex).getAttribute('aria-expanded')) !== 'true') {
		await rows.nth(hostsIndex).click();
	}
	for (const host of ['web01', 'db01', 'cache01']) {
		await treeRow(page, host).waitFor({ timeout: STEP_MS });
	}
	console.log(`[e2e:web:ui] tree rows: ${JSON.stringify(await rows.locator('.label-name').allInnerTexts())}`);
	await page.keyboard.press('Control+Shift+M');
	const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'must be a string' }).first();
	try {
		await problem.waitFor({ timeout: STEP_MS / 2 });
	} catch {
		await page.locator('#status\\.problems').first().click();
		await problem.waitFor({ timeout: STEP_MS });
	}
	console.log('[e2e:web:ui] the Problems panel lists the mistakes of ops/.esshconfig.lua, which nobody opened');
	const screenshots = path.join(harness.E2E_DIR, '.work', 'screenshots');
	fs.mkdirSync(screenshots, { recursive: true });
	await page.mouse.move(760, 480);
	await page.screenshot({ path: path.join(screenshots, 'web-registry-problems.png') });
}

/** The UI check in the web worker extension host; resolves true when it passed. */
async function runWebUiCheck() {
	return harness.runPageCheck({ tag: 'e2e:web:ui', logName: 'ui-web', what: 'the web UI check', timeoutMs: TIMEOUT_S * 1000, check: checkUi, prepare: forceWebExtensionHost });
}

/** Runs the web suite once, then the UI check; resolves to { code, passed, failed, pending } (the UI check counts as one test). */
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
		await harness.screenshotFailure(browser, log, 'failure.png');
		code = 2;
	} finally {
		await harness.tearDown({ browser, server, workspace, log, passed: code === 0 });
	}
	for (const failure of result ? result.failures : []) {
		console.log(`[e2e:web] FAILED ${failure.title}: ${failure.message}`);
	}
	const uiPassed = await runWebUiCheck();
	return {
		code: Math.max(code, uiPassed ? 0 : 1),
		passed: (result ? result.passed : 0) + (uiPassed ? 1 : 0),
		failed: (result ? result.failed : (code === 0 ? 0 : 1)) + (uiPassed ? 0 : 1),
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
