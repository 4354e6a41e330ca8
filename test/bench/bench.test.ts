/**
 * Keeps the benchmark from rotting: runs the generator, the floor and core measurements and a
 * short server measurement at 200 hosts, and checks the shape of the result and that the numbers are
 * sane (positive, every file reported, no stale result). No timing assertions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { formatPerHost, formatTable, runBench } from './bench';
import { FILE_COUNT, FLEET_MODULES, generateWorkspace } from './generate';
import { latency, measureCore, measureFloor, processCpuMs } from './measure';
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

test('fleet generator: one project of 100 modules holding every host, the edit and the task it decides in other modules', () => {
	const root = makeTempDir('bench-fleet');
	try {
		const workspace = generateWorkspace(root, 1000, 'fleet');
		assert.equal(workspace.shape, 'fleet');
		assert.equal(workspace.files.length, FLEET_MODULES + 1);
		assert.equal(workspace.hosts, 1000);
		assert.ok(workspace.tasks >= 200, `tasks: ${workspace.tasks}`);
		const project = workspace.files.filter(file => file.endsWith('.esshconfig.lua'));
		assert.equal(project.length, 1);
		const requires = fs.readFileSync(project[0], 'utf8').match(/^require "m\d{3}"$/gm) ?? [];
		assert.equal(requires.length, FLEET_MODULES);
		assert.match(workspace.edit.file, /\.essh\/lib\/m\d{3}\.lua$/);
		assert.match(workspace.dependent.file, /\.essh\/lib\/m\d{3}\.lua$/);
		assert.notEqual(workspace.edit.file, workspace.dependent.file);
		const core = measureCore(workspace.files);
		assert.equal(core.sets, 1);
		assert.equal(core.hosts, 1000);
		assert.equal(core.tasks, workspace.tasks);
		assert.equal(core.diagnostics, 0);
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

test('processCpuMs: the CPU time this process has used, from /proc (undefined without /proc)', () => {
	const used = processCpuMs(process.pid);
	if (process.platform !== 'linux') {
		assert.equal(used, undefined);
		return;
	}
	assert.equal(typeof used, 'number');
	assert.ok(used! > 0);
	assert.equal(processCpuMs(-1), undefined);
});

test('latency: median and p95 of a series', () => {
	assert.deepEqual(latency([5, 1, 4, 2, 3]), { median: 3, p95: 5, count: 5 });
	assert.deepEqual(latency([]), { median: 0, p95: 0, count: 0 });
});

test('runBench at 200 hosts, both shapes: child measurements and a short stdio server run, JSON shape, table and cost per host', async () => {
	const result = await runBench({ shapes: ['mixed', 'fleet'], hosts: [200], edits: 6, requests: 3, coreEdits: 4, startupDelayMs: 50 });
	assert.deepEqual(result.runs.map(run => `${run.shape} ${run.hosts}`), ['mixed 200', 'fleet 200']);
	assert.ok(result.machine.cpus > 0 && result.machine.node.startsWith('v'));
	const [run, fleet] = result.runs;
	assert.equal(run.hosts, 200);
	assert.equal(run.files, FILE_COUNT);
	assert.equal(fleet.files, FLEET_MODULES + 1);
	assert.equal(fleet.server.reportedFiles, FLEET_MODULES + 1);
	assert.equal(fleet.server.staleResults, 0);
	for (const each of result.runs) {
		assert.ok(each.perHost.floorUs > 0 && each.perHost.coreUs > 0 && each.perHost.serverUs > 0);
		assert.equal(each.perHost.serverUs, Math.round(each.server.coldMs * 1000 / each.hosts * 100) / 100);
	}
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
	for (const each of result.runs) {
		const inProcess = each.inProcess;
		assert.equal(inProcess.edits.wall.count, 4);
		assert.equal(inProcess.edits.cpu.count, 4);
		assert.ok(inProcess.edits.cpu.median >= 0 && inProcess.edits.wall.median > 0);
		assert.equal(inProcess.staleResults, 0);
		assert.equal(inProcess.completion.cpu.count, 3);
		assert.ok(inProcess.completion.items > 0);
		assert.ok(inProcess.cold.cpuMs > 0 && inProcess.heapUsedMb > 0);
	}
	// The fleet's toggle is patched, not replayed (one set, one patch per edit).
	assert.equal(fleet.inProcess.patchedSets, 4);
	if (process.platform === 'linux') {
		assert.ok((server.memoryAfterCold.rssMb ?? 0) > 0 && (server.memoryAfterEdits.peakMb ?? 0) > 0);
		assert.equal(typeof server.rssGrowthPercent, 'number');
		assert.ok((server.cpu.coldMs ?? 0) > 0, 'the server used CPU for its cold index');
		assert.ok((server.cpu.editMs ?? -1) >= 0 && (server.cpu.completionMs ?? -1) >= 0);
	}
	for (const each of result.runs) {
		// The warm start (issue 16): the fill parses everything, an unchanged start nothing, one changed file alone.
		const warm = each.warm;
		assert.equal(warm.fill.parsed, each.files);
		assert.ok(warm.fill.savedBytes > 0 && warm.cacheBytes > 0);
		assert.deepEqual([warm.unchanged.parsed, warm.unchanged.restoredFiles, warm.unchanged.reportedFiles], [0, each.files, each.files]);
		assert.ok(warm.unchanged.restoredSets > 0);
		assert.deepEqual([warm.oneChanged.parsed, warm.oneChanged.restoredFiles, warm.oneChanged.reportedFiles], [1, each.files - 1, each.files]);
		assert.ok(warm.unchanged.ms > 0 && warm.ratio > 0 && warm.oneChangedRatio > 0);
	}
	const table = formatTable(result);
	for (const label of ['core cold', 'server cold', 'incremental', 'completion', 'definition', 'RSS growth', 'µs per host', 'fleet 200', 'server CPU', 'in-process edit CPU', 'server warm, unchanged', 'server warm, one file changed']) {
		assert.ok(table.includes(label), label);
	}
	const perHost = formatPerHost(result).split('\n');
	assert.equal(perHost.length, 2);
	assert.match(perHost[1], /^fleet cold µs per host \(floor \/ core \/ server\): 200: /);
});
