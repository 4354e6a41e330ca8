/**
 * The fixed fuzz run of `npm test` (issue 8): at least 20,000 seeded cases over the examples and
 * the corpus through the core and every core/ide query, which must produce no exception, no range
 * outside its document and no call slower than the harness bound. On failure the message carries
 * the seed, the case and the minimized input (see test/fuzz/fuzz.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, Workspace } from '../../server/src/core/analysis';
import { formatFailure, fuzz, loadSeeds, MAIN_FILE, runCase } from './fuzz';
import { ideQueries } from './queries';

/** Fixed seeds, so CI runs the same cases every time; `npm run fuzz` explores new ones. */
const RUNS = [
	{ seed: 20240801, cases: 10_000, truncationFiles: 3 },
	{ seed: 8, cases: 10_000, truncationFiles: 0 },
];

for (const run of RUNS) {
	test(`fuzz: ${run.cases} cases from seed ${run.seed} run without failure`, () => {
		const seeds = loadSeeds();
		assert.ok(seeds.length >= 20, 'the harness found its seed files (examples/ and test/fixtures at least)');
		const report = fuzz({ ...run, slowMs: 5000, offsetsPerFile: 3, stopAtFirst: true }, seeds);
		assert.equal(report.failures.length, 0, report.failures.map(formatFailure).join('\n\n'));
		assert.equal(report.cases, run.cases);
	});
}

test('regression: a file that stops parsing keeps every range inside its new, shorter text', () => {
	// Found by the fuzzer: the last good symbols of a file that no longer parses carried ranges of
	// the older text into diagnostics, occurrences, links, lenses, symbols and definition targets.
	const workspace = new Workspace();
	const options = { slowMs: 60_000, offsetsPerFile: 20, queries: ideQueries() };
	const good = 'host "web01" { HostName = "10.0.0.1", Port = 22, tags = { "web" } }\nrequire "fuzzmod"\ntask "deploy" { targets = { "web" }, driver = "nope", script = "make" }\n'.repeat(3);
	const override = { path: '/fuzz/project/esshconfig_override.lua', text: 'host "web01" { User = "deploy" }\ntask "t2" { targets = "web01" }\n' };
	assert.equal(runCase(workspace, { files: [{ path: MAIN_FILE, text: good }, override], config: DEFAULT_CONFIG, recipe: 'good' }, options), undefined);
	const broken = 'host "web01" { HostName = "10.0.0.1",';
	const failure = runCase(workspace, { files: [{ path: MAIN_FILE, text: broken }, override], config: DEFAULT_CONFIG, recipe: 'broken' }, options);
	assert.equal(failure, undefined, JSON.stringify(failure));
});
