#!/usr/bin/env node
// Runs the extension-host suite (out/test/e2e/suite) inside a real VS Code 1.100.3: the VS Code
// server from code-server's npm package hosts the Node extension host, and headless Chromium loads
// the workbench with a payload that names the extension (the repo root) and the suite's index.
// Two passes: "trusted" (workspace trust disabled: everything allowed) and "restricted" (trust on,
// the folder never trusted: only the restricted-mode tests run). Each pass gets a fresh copy of
// test/e2e/workspace, so tests may edit, create and delete files.
// Exit code: 0 all passed, 1 a test failed, 2 the harness failed or timed out.
//
// usage: node test/e2e/run.js [--pass trusted|restricted] [--grep TEXT] [--timeout SECONDS] [--verbose]
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const util = require('node:util');
const harness = require('./harness/vscode.js');

function option(name, fallback) {
	const index = process.argv.indexOf(`--${name}`);
	if (index < 0) {
		return fallback;
	}
	const value = process.argv[index + 1];
	return value === undefined || value.startsWith('--') ? true : value;
}

const SUITE_INDEX = path.join(harness.REPO_ROOT, 'out', 'test', 'e2e', 'suite', 'index.js');
const TIMEOUT_S = Number(option('timeout', 900));
const VERBOSE = Boolean(option('verbose', false));
const GREP = option('grep', '');
const ONLY_PASS = option('pass', '');

// Workbench chatter that is expected on an offline machine; it still goes to the log file.
const NOISE = [
	/open-vsx\.org|ENOTFOUND|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/,
	/Failed to load resource/,
	/DEBOUNCE: /,
	/connection token/i,
	/Creating a socket/,
	/Updating additional builtin extensions cache/,
	/\[Service Worker\]|serviceWorker/,
	/ChatSessionStore|No search provider registered|Comments: URIs/,
	/^Creation of workbench contribution/,
	/vscode-cdn\.net|vsda/,
	/\[Extension Host\] Debugger/,
];

const PASSES = [
	{ name: 'trusted', trust: false },
	{ name: 'restricted', trust: true },
].filter(pass => !ONLY_PASS || pass.name === ONLY_PASS);

/** One suite run in a fresh server, browser and workspace copy; resolves to { code, result }. */
async function runPass(pass, overall) {
	const log = harness.createRunLog(`suite-${pass.name}`);
	const workspace = harness.copyWorkspace();
	const resultFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'essh-e2e-result-')), 'result.json');
	let server;
	let browser;
	let code = 2;
	let result;
	const timings = { start: Date.now() };
	try {
		server = await harness.startServer({
			log,
			trust: pass.trust,
			env: {
				ESSH_E2E: '1',
				ESSH_E2E_PASS: pass.name,
				ESSH_E2E_RESULT_FILE: resultFile,
				ESSH_E2E_GREP: GREP === true ? '' : GREP,
			},
		});
		timings.server = Date.now();
		console.log(`[e2e:${pass.name}] VS Code server pid ${server.pid} on ${server.url} (${server.startMs} ms)`);
		browser = await harness.launchBrowser();
		const { page } = browser;
		// Both functions must exist before the workbench loads: it looks them up once, at start.
		const exited = new Promise(resolve => {
			void page.exposeFunction('codeAutomationExit', exitCode => resolve(exitCode));
		});
		await page.exposeFunction('codeAutomationLog', (type, args) => {
			// The workbench forwards console calls with their format string first (mocha's spec lines).
			const text = util.format(...(Array.isArray(args) ? args : [args]));
			log.write('page.log', `[${type}] ${text}`);
			if (VERBOSE || !NOISE.some(pattern => pattern.test(text))) {
				console.log(text);
			}
		});
		page.on('console', message => log.write('browser-console.log', `[${message.type()}] ${message.text()}`));
		page.on('pageerror', error => log.write('browser-console.log', `[pageerror] ${error.stack || error}`));
		page.on('crash', () => console.error(`[e2e:${pass.name}] the page crashed`));
		await page.goto(harness.workbenchUrl(server, {
			folder: workspace.dir,
			extensionPath: harness.REPO_ROOT,
			testsPath: path.dirname(SUITE_INDEX),
		}));
		const remaining = overall.endsAt - Date.now();
		const limit = harness.deadline(remaining, `the ${pass.name} suite`);
		try {
			code = await Promise.race([exited, limit.promise]);
		} finally {
			limit.clear();
		}
		timings.done = Date.now();
		if (fs.existsSync(resultFile)) {
			result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
		}
		if (code === 0 && (!result || result.passed === 0)) {
			console.error(`[e2e:${pass.name}] the extension host reported success but no test ran`);
			code = 1;
		}
		console.log(`[e2e:${pass.name}] ${code === 0 ? 'PASS' : 'FAIL'} (exit ${code}); server ${timings.server - timings.start} ms, ` +
			`browser + workbench + tests ${timings.done - timings.server} ms`);
	} catch (error) {
		console.error(`[e2e:${pass.name}] harness error: ${error && error.stack || error}`);
		await harness.screenshotFailure(browser, log, 'failure.png');
		code = 2;
	} finally {
		fs.rmSync(path.dirname(resultFile), { recursive: true, force: true });
		await harness.tearDown({ browser, server, workspace, log, passed: code === 0 });
	}
	return { code, result };
}

/** Runs the passes; resolves to the worst exit code and the summed counts. */
async function runSuite() {
	if (!fs.existsSync(SUITE_INDEX)) {
		console.error(`[e2e] ${SUITE_INDEX} is missing: run npm run build && npm run compile first`);
		return { code: 2, passed: 0, failed: 1, pending: 0 };
	}
	const overall = { endsAt: Date.now() + TIMEOUT_S * 1000 };
	const started = Date.now();
	const summary = { code: 0, passed: 0, failed: 0, pending: 0 };
	for (const pass of PASSES) {
		const { code, result } = await runPass(pass, overall);
		summary.code = Math.max(summary.code, code);
		if (result) {
			summary.passed += result.passed;
			summary.failed += result.failed;
			summary.pending += result.pending;
			for (const failure of result.failures) {
				console.log(`[e2e:${pass.name}] FAILED ${failure.title}: ${failure.message}`);
			}
		} else if (code !== 0) {
			summary.failed += 1;
		}
		if (Date.now() >= overall.endsAt) {
			break;
		}
	}
	console.log(`[e2e] suite total ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return summary;
}

/** The plain closing line CI log readers understand. */
function closingLine(label, { passed, failed, pending }) {
	return `${label}: ${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`;
}

module.exports = { runSuite, closingLine };

if (require.main === module) {
	runSuite().then(summary => {
		console.log(closingLine('e2e', summary));
		process.exit(summary.code);
	}, error => {
		console.error(error);
		process.exit(2);
	});
}
