#!/usr/bin/env node
// What `npm run test:e2e` runs after setup, build and compile: the extension-host suite (run.js,
// both passes) and then the UI check (ui-check.js), even when the suite failed, so one CI log shows
// both. Ends with one plain closing line that counts the UI check as one more test.
// Exit code: 0 when everything passed, else the worst of the two (1 a test failed, 2 harness error).
'use strict';

const { runSuite, closingLine } = require('./run.js');
const { runUiCheck } = require('./ui-check.js');

async function main() {
	const started = Date.now();
	const suite = await runSuite();
	console.log('[e2e] UI check');
	const uiPassed = await runUiCheck();
	const total = {
		passed: suite.passed + (uiPassed ? 1 : 0),
		failed: suite.failed + (uiPassed ? 0 : 1),
		pending: suite.pending,
	};
	console.log(`[e2e] suite + UI check ${((Date.now() - started) / 1000).toFixed(1)} s`);
	console.log(closingLine('e2e', total));
	return Math.max(suite.code, uiPassed ? 0 : 1);
}

main().then(code => process.exit(code), error => {
	console.error(error);
	process.exit(2);
});
