#!/usr/bin/env node
// What `npm run test:e2e` runs after setup, build and compile: the extension-host suite (run.js,
// both passes), the browser build's suite in the web worker extension host (web.js), then the UI
// check (ui-check.js) and the VSIX check (vsix.js), even when a suite failed, so one CI log shows all. Ends with one plain closing line that counts each check as a test.
// Exit code: 0 when everything passed, else the worst of the two (1 a test failed, 2 harness error).
'use strict';

const { runSuite, closingLine } = require('./run.js');
const { runUiCheck } = require('./ui-check.js');
const { runVsixCheck } = require('./vsix.js');
const { runWebSuite } = require('./web.js');

async function main() {
	const started = Date.now();
	const desktop = await runSuite();
	console.log('[e2e] the browser build in the web worker extension host');
	const web = await runWebSuite();
	const suite = {
		code: Math.max(desktop.code, web.code),
		passed: desktop.passed + web.passed,
		failed: desktop.failed + web.failed,
		pending: desktop.pending + web.pending,
	};
	console.log('[e2e] UI check');
	const uiPassed = await runUiCheck();
	console.log('[e2e] VSIX package and install');
	const vsixPassed = await runVsixCheck();
	const checks = [uiPassed, vsixPassed];
	const total = {
		passed: suite.passed + checks.filter(Boolean).length,
		failed: suite.failed + checks.filter(passed => !passed).length,
		pending: suite.pending,
	};
	console.log(`[e2e] suite + UI check ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(closingLine('e2e', total));
	return Math.max(suite.code, checks.every(Boolean) ? 0 : 1);
}

main().then(code => process.exit(code), error => {
	console.error(error);
	process.exit(2);
});
