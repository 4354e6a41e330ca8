#!/usr/bin/env node
// UI check in a real VS Code workbench (headless Chromium through playwright-core), the way a person
// uses the extension: open the ESSH view from the activity bar, expand the tree, click a host (the
// editor opens at its definition), filter the view by a pattern, open the Problems panel. Each step
// waits for what it expects on screen and saves a screenshot.
// Screenshots go to test/e2e/.work/screenshots (not tracked); --update writes the committed ones in
// test/e2e/screenshots that the README shows. Exit code: 0 passed, 1 a step failed.
// test/e2e/all.js runs it after the suite.
//
// usage: node test/e2e/ui-check.js [--update] [--timeout SECONDS]
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const harness = require('./harness/vscode.js');

const UPDATE = process.argv.includes('--update');
const timeoutIndex = process.argv.indexOf('--timeout');
const TIMEOUT_S = timeoutIndex > 0 ? Number(process.argv[timeoutIndex + 1]) : 300;
const OUT_DIR = UPDATE ? path.join(harness.E2E_DIR, 'screenshots') : path.join(harness.E2E_DIR, '.work', 'screenshots');
const STEP_MS = 30_000;

/** A tree row of the ESSH view by its label (exact text of the label name). */
function treeRow(page, label) {
	return page.locator('.pane-body .monaco-list-row').filter({
		has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
	}).first();
}

async function shoot(page, name) {
	// Park the pointer on empty editor space, where it raises no tooltip or hover.
	await page.mouse.move(760, 480);
	await page.waitForTimeout(400);
	const file = path.join(OUT_DIR, `${name}.png`);
	await page.screenshot({ path: file });
	console.log(`[ui] screenshot ${path.relative(process.cwd(), file)}`);
}

async function check(page) {
	// 1. The activity-bar entry of the view container (its title is "ESSH").
	await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
	const container = page.locator('.activitybar .action-item a[aria-label^="ESSH"], .activitybar .action-item[aria-label^="ESSH"]').first();
	await container.waitFor({ timeout: 60_000 });
	await container.click();
	console.log('[ui] ESSH view opened from the activity bar');

	// 2. Sets are expanded; expand the web set's Hosts category and check the hosts listed.
	await treeRow(page, 'web').waitFor({ timeout: STEP_MS });
	const hostsCategories = page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Hosts$/ }) });
	await hostsCategories.first().waitFor({ timeout: STEP_MS });
	// Expand the Hosts of the web set: the first Hosts row after the "web" row.
	const rows = page.locator('.pane-body .monaco-list-row');
	const labels = await rows.locator('.label-name').allInnerTexts();
	const webIndex = labels.indexOf('web');
	const hostsIndex = labels.findIndex((label, index) => index > webIndex && label === 'Hosts');
	if (webIndex < 0 || hostsIndex < 0) {
		throw new Error(`no Hosts under the web set in ${JSON.stringify(labels)}`);
	}
	const hostsRow = rows.nth(hostsIndex);
	if ((await hostsRow.getAttribute('aria-expanded')) !== 'true') {
		await hostsRow.click();
	}
	for (const host of ['web01', 'web02', 'db01', 'cache01', 'bastion']) {
		await treeRow(page, host).waitFor({ timeout: STEP_MS });
	}
	console.log(`[ui] tree rows: ${JSON.stringify(await rows.locator('.label-name').allInnerTexts())}`);
	await shoot(page, 'registry-tree');

	// 3. Clicking a host opens its definition in the other file of the set, cursor on the host.
	await treeRow(page, 'db01').click();
	await page.locator('.tabs-container .tab', { hasText: '.esshconfig_override.lua' }).first().waitFor({ timeout: STEP_MS });
	const cursor = page.locator('.statusbar-item', { hasText: /Ln \d+, Col \d+/ }).first();
	await cursor.waitFor({ timeout: STEP_MS });
	const position = await cursor.innerText();
	if (!/Ln 2, Col/.test(position)) {
		throw new Error(`db01 is defined on line 2 of .esshconfig_override.lua, the cursor is at ${position}`);
	}
	console.log(`[ui] clicking db01 opened .esshconfig_override.lua at ${position.trim()}`);
	await shoot(page, 'host-definition');

	// 4. Filter by pattern from the view's title bar: only matching items stay, the view says so.
	// With a single view in the container its actions sit in the side bar's title bar.
	const sidebar = page.locator('.part.sidebar');
	await sidebar.hover();
	await sidebar.locator('.action-label[aria-label^="Filter Registry by Pattern"]').first().click();
	const input = page.locator('.quick-input-widget input').first();
	await input.waitFor({ timeout: STEP_MS });
	await input.fill('web0*');
	await input.press('Enter');
	await sidebar.getByText(/Filtered by pattern/).first().waitFor({ timeout: STEP_MS });
	await treeRow(page, 'web01').waitFor({ timeout: STEP_MS });
	await treeRow(page, 'db01').waitFor({ state: 'detached', timeout: STEP_MS });
	console.log(`[ui] filtered rows: ${JSON.stringify(await rows.locator('.label-name').allInnerTexts())}`);
	await shoot(page, 'filter-by-pattern');

	// 5. The Problems panel lists the server's diagnostics, unopened files included.
	await page.keyboard.press('Escape');
	await page.keyboard.press('Control+Shift+M');
	const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'must be a string' }).first();
	try {
		await problem.waitFor({ timeout: STEP_MS / 2 });
	} catch {
		await page.locator('#status\\.problems').first().click();
		await problem.waitFor({ timeout: STEP_MS });
	}
	await page.locator('.markers-panel .monaco-list-row', { hasText: 'weeb01' }).first().waitFor({ timeout: STEP_MS });
	const problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
	console.log(`[ui] problems panel: ${problems.length} rows, e.g. ${JSON.stringify(problems.slice(0, 4).map(row => row.replace(/\s+/g, ' ')))}`);
	await shoot(page, 'problems-panel');
}

async function main() {
	fs.mkdirSync(OUT_DIR, { recursive: true });
	return harness.runPageCheck({ tag: 'ui', logName: 'ui', what: 'the UI check', timeoutMs: TIMEOUT_S * 1000, check, env: { ESSH_E2E: '1' } });
}

module.exports = { runUiCheck: main };

if (require.main === module) {
	main().then(passed => {
		console.log(`ui: ${passed ? 1 : 0} passed, ${passed ? 0 : 1} failed`);
		process.exit(passed ? 0 : 1);
	}, error => {
		console.error(error);
		process.exit(2);
	});
}
