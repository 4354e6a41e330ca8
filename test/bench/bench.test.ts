/**
 * Keeps the benchmark from rotting: runs the generator, the floor and core measurements and a
 * short server measurement at 200 hosts, and checks the shape of the result and that the numbers are
 * sane (positive, every file reported, no stale result). No timing assertions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { formatTable, runBench } from './bench';
import { FILE_COUNT, generateWorkspace } from './generate';
import { latency, measureCore, measureFloor } from './measure';
import { makeTempDir, removeTempDir } from '../support/paths';

test('generator: 100 files, the hosts asked for, 20% tasks, groups and the edit spots', () => {
	const root = makeTempDir('bench-gen');
	try {
		const workspace = generateWorkspace(root, 1000);
		assert.equal(workspace.files.length, FILE_COUNT);
		assert.equal(workspace.hosts, 1000);
		assert.ok(workspace.tasks >= 200, `tasks: ${workspace.tasks}`);
		assert.ok(workspace.groups > 0);
		const edited = fs.readFileSync(workspace.edit.file, 'utf8').split('\n')[workspace.edit.line];
		assert.equal(edited.slice(workspace.edit.character, workspace.edit.character + workspace.edit.length), 'hot1');
		assert.notEqual(workspace.edit.file, workspace.dependent.file);
		const definition = fs.readFileSync(workspace.definition.file, 'utf8').split('\n')[workspace.definition.line];
		assert.match(definition, /targets = \{ "rack-\d+" \}/);
	} finally {
		removeTempDir(root);
	}
});

test('floor and core at 200 hosts: every file parsed, every host and task registered, no diagnostics', () => {
	const root = makeTempDir('bench-core');
	try {
		const workspace = generateWorkspace(root, 200);
		const floor = measureFloor(workspace.files);
		assert.equal(floor.files, FILE_COUNT);
		assert.ok(floor.ms > 0 && floor.bytes > 0);
		const core = measureCore(workspace.files);
		assert.ok(core.ms > 0);
		assert.equal(core.hosts, workspace.hosts);
		assert.equal(core.tasks, workspace.tasks);
		assert.equal(core.sets, 5);
		assert.equal(core.diagnostics, 0);
	} finally {
		removeTempDir(root);
	}
});

test('latency: median and p95 of a series', () => {
	assert.deepEqual(latency([5, 1, 4, 2, 3]), { median: 3, p95: 5, count: 5 });
	assert.deepEqual(latency([]), { median: 0, p95: 0, count: 0 });
});

test('runBench at 200 hosts: child measurements and a short stdio server run, JSON shape and table', async () => {
	const result = await runBench({ hosts: [200], edits: 6, requests: 3, startupDelayMs: 50 });
	assert.equal(result.runs.length, 1);
	assert.ok(result.machine.cpus > 0 && result.machine.node.startsWith('v'));
	const [run] = result.runs;
	assert.equal(run.hosts, 200);
	assert.equal(run.files, FILE_COUNT);
	assert.ok(run.floor.ms > 0 && run.core.ms > 0 && run.core.ratio > 0);
	assert.equal(run.core.diagnostics, 0);
	const server = run.server;
	assert.ok(server.coldMs > 0 && server.ratio > 0);
	assert.equal(server.reportedFiles, FILE_COUNT);
	assert.equal(server.incremental.count, 6);
	assert.equal(server.staleResults, 0);
	assert.equal(server.completion.count, 3);
	assert.ok(server.completion.items > 0, 'completion offers hosts and tags');
	assert.equal(server.definition.count, 3);
	assert.ok(server.definition.locations > 0, 'definition finds the tag');
	if (process.platform === 'linux') {
		assert.ok((server.memoryAfterCold.rssMb ?? 0) > 0 && (server.memoryAfterEdits.peakMb ?? 0) > 0);
		assert.equal(typeof server.rssGrowthPercent, 'number');
	}
	const table = formatTable(result);
	for (const label of ['core cold', 'server cold', 'incremental', 'completion', 'definition', 'RSS growth']) {
		assert.ok(table.includes(label), label);
	}
});
