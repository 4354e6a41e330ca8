/**
 * Tidy test: server/src/cli/checkCatalogue.ts (SARIF rules, `--severity` validation) is generated
 * from docs/diagnostics.md by scripts/checkCatalogue.mjs and must be current, so a check added to
 * the document (which diagnosticsDoc.test.ts keeps in step with the core) reaches the CLI too.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../support/paths';

interface Generator {
	readChecks(markdown: string): Array<{ code: string }>;
	renderCatalogue(checks: Array<{ code: string }>): string;
}

test('the check catalogue is generated from the current docs/diagnostics.md', async () => {
	const root = repoRoot();
	// A dynamic import() written as a call tsc leaves alone, so the CommonJS output loads the ES module.
	const load = new Function('url', 'return import(url)') as (url: string) => Promise<Generator>;
	const generator = await load(pathToFileURL(path.join(root, 'scripts', 'checkCatalogue.mjs')).href);
	const checks = generator.readChecks(fs.readFileSync(path.join(root, 'docs', 'diagnostics.md'), 'utf8'));
	assert.ok(checks.length >= 70, `only ${checks.length} checks read from docs/diagnostics.md`);
	const current = fs.readFileSync(path.join(root, 'server', 'src', 'cli', 'checkCatalogue.ts'), 'utf8');
	assert.equal(current, generator.renderCatalogue(checks), 'server/src/cli/checkCatalogue.ts is stale: run "node scripts/checkCatalogue.mjs"');
});
