/**
 * The fixed fuzz run of `npm test` (issue 8): at least 20,000 seeded cases over the examples and
 * the corpus through the core and every core/ide query, which must produce no exception, no range
 * outside its document and no call slower than the harness bound. On failure the message carries
 * the seed, the case and the minimized input (see test/fuzz/fuzz.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFailure, fuzz, loadSeeds } from './fuzz';

/** Fixed seeds, so CI runs the same cases every time; `npm run fuzz` explores new ones. */
const RUNS = [
	{ seed: 20240801, cases: 10_000, truncationFiles: 3 },
	{ seed: 8, cases: 10_000, truncationFiles: 0 },
];

for (const run of RUNS) {
	test(`fuzz: ${run.cases} cases from seed ${run.seed} run without failure`, () => {
		const seeds = loadSeeds();
		assert.ok(seeds.length >= 3, 'the harness found its seed files');
		const report = fuzz({ ...run, slowMs: 5000, offsetsPerFile: 3, stopAtFirst: true }, seeds);
		assert.equal(report.failures.length, 0, report.failures.map(formatFailure).join('\n\n'));
		assert.equal(report.cases, run.cases);
	});
}
