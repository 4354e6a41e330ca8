/**
 * The benchmark's measurements. `measureFloor` reads and parses every file with luaparse alone
 * (`FLOOR_OPTIONS`, the strict floor); `measureCore` builds a `Workspace`, its analysis and every file's diagnostics
 * in-process; `measureServer` spawns `node dist/server.js --stdio` and drives it as an LSP client:
 * cold index to every file's diagnostics (`workspace/diagnostic`), completion and definition
 * latency, edits that change what a task in another file targets (until both files' pulled
 * diagnostics are current), and the server's memory from /proc.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as luaparse from 'luaparse';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type FullDocumentDiagnosticReport, type MessageConnection, type WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { DEFAULT_CONFIG, Workspace } from '../../server/src/core/analysis';
import { completionList } from '../../server/src/core/ide/completion';
import type { GeneratedWorkspace, Spot } from './generate';

/** Median and 95th percentile of a series, in milliseconds. */
export interface Latency {
	median: number;
	p95: number;
	count: number;
}

export function latency(samples: number[]): Latency {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (fraction: number): number => sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
	return { median: round(at(0.5)), p95: round(at(0.95)), count: sorted.length };
}

export function round(value: number): number {
	return Math.round(value * 100) / 100;
}

export interface FloorResult {
	ms: number;
	files: number;
	bytes: number;
}

/**
 * The strict floor's options: the least luaparse can do and still give the ranges the core needs
 * (no scope tracking, no comments, no callback). Deliberately not the core's own options, so the
 * floor does not move when the core changes how it calls luaparse.
 */
export const FLOOR_OPTIONS = { luaVersion: '5.1', comments: false, locations: false, ranges: true, scope: false } as const;

/** Reads every file and parses it with luaparse and `FLOOR_OPTIONS`, nothing else. */
export function measureFloor(files: string[]): FloorResult {
	const started = performance.now();
	let bytes = 0;
	for (const file of files) {
		const text = fs.readFileSync(file, 'utf8');
		bytes += text.length;
		luaparse.parse(text, FLOOR_OPTIONS);
	}
	return { ms: round(performance.now() - started), files: files.length, bytes };
}

export interface CoreResult {
	ms: number;
	sets: number;
	hosts: number;
	tasks: number;
	diagnostics: number;
}

/** Reads every file into a `Workspace` and computes the registries and every file's diagnostics. */
export function measureCore(files: string[]): CoreResult {
	const started = performance.now();
	const workspace = new Workspace();
	for (const file of files) {
		workspace.setFile(file, fs.readFileSync(file, 'utf8'));
	}
	const analysis = workspace.analysis(DEFAULT_CONFIG);
	let diagnostics = 0;
	for (const file of files) {
		diagnostics += analysis.diagnostics(file).length;
	}
	const ms = performance.now() - started;
	let hosts = 0;
	let tasks = 0;
	for (const set of analysis.allSets()) {
		hosts += set.registry.hosts.size;
		tasks += set.registry.tasks.size;
	}
	return { ms: round(ms), sets: analysis.sets.length, hosts, tasks, diagnostics };
}

/** CPU time (user + system) of this process since `since`, in milliseconds. */
function cpuMs(since: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(since);
	return (used.user + used.system) / 1000;
}

/** Wall clock and CPU time of one series of operations, each a median and p95. */
export interface TimedSeries {
	wall: Latency;
	cpu: Latency;
}

export interface EditsResult {
	/** The cold index (read, analysis, every file's diagnostics) that the edits start from. */
	cold: { wallMs: number; cpuMs: number };
	/** The benchmark toggle: the edit, the analysis and both files' diagnostics. */
	edits: TimedSeries;
	/** Edits whose dependent file's diagnostics did not follow the edit (must be 0). */
	staleResults: number;
	/** Set analyses made by patching instead of a full replay. */
	patchedSets: number;
	/** `completionList` inside the dependent task's `targets`. */
	completion: TimedSeries & { items: number };
	/** V8 heap used after the edits, after a full collection when `global.gc` is exposed (MB). */
	heapUsedMb: number;
}

/**
 * The server's work without its transport: in this process, builds the workspace's analysis, then
 * measures `requests` completions inside the dependent task's `targets` and `edits` benchmark toggles
 * (each: the new text, the analysis, both files' diagnostics), timing each by wall clock and by this
 * process's CPU time, which waiting for a core on a loaded machine does not inflate.
 */
export function measureEdits(workspace: GeneratedWorkspace, edits: number, requests: number): EditsResult {
	const coldCpu = process.cpuUsage();
	const coldStarted = performance.now();
	const core = new Workspace();
	for (const file of workspace.files) {
		core.setFile(file, fs.readFileSync(file, 'utf8'));
	}
	let analysis = core.analysis(DEFAULT_CONFIG);
	for (const file of workspace.files) {
		analysis.diagnostics(file);
	}
	const cold = { wallMs: round(performance.now() - coldStarted), cpuMs: round(cpuMs(coldCpu)) };

	const offsetOf = (spot: Spot): number => core.lineIndex(spot.file)!.lineStarts[spot.line] + spot.character;
	const completionOffset = offsetOf(workspace.completion);
	const completionWall: number[] = [];
	const completionCpu: number[] = [];
	let items = 0;
	for (let index = 0; index < requests; index++) {
		const cpu = process.cpuUsage();
		const begin = performance.now();
		items = completionList(analysis, workspace.completion.file, completionOffset, 200).entries.length;
		completionWall.push(performance.now() - begin);
		completionCpu.push(cpuMs(cpu));
	}

	const editOffset = offsetOf(workspace.edit);
	const { length } = workspace.edit;
	let text = core.text(workspace.edit.file)!;
	const editWall: number[] = [];
	const editCpu: number[] = [];
	let staleResults = 0;
	const patchedBefore = core.patchedSets;
	for (let index = 0; index < edits; index++) {
		const on = index % 2 === 1;
		const cpu = process.cpuUsage();
		const begin = performance.now();
		text = text.slice(0, editOffset) + (on ? workspace.edit.on : workspace.edit.off) + text.slice(editOffset + length);
		core.setFile(workspace.edit.file, text);
		analysis = core.analysis(DEFAULT_CONFIG);
		analysis.diagnostics(workspace.edit.file);
		const dependent = analysis.diagnostics(workspace.dependent.file);
		editWall.push(performance.now() - begin);
		editCpu.push(cpuMs(cpu));
		const dependentLine = core.lineIndex(workspace.dependent.file)!.lineStarts[workspace.dependent.line];
		const unresolved = dependent.some(diag => diag.code === 'target-unresolved' && diag.range.start >= dependentLine && diag.range.start < dependentLine + 200);
		if (unresolved === on) {
			staleResults++;
		}
	}
	const gc = (globalThis as { gc?: () => void }).gc;
	gc?.();
	return {
		cold,
		edits: { wall: latency(editWall), cpu: latency(editCpu) },
		staleResults,
		patchedSets: core.patchedSets - patchedBefore,
		completion: { wall: latency(completionWall), cpu: latency(completionCpu), items },
		heapUsedMb: round(process.memoryUsage().heapUsed / 1048576),
	};
}

/** Resident memory of a process from /proc, in MB (undefined off Linux). */
export interface Memory {
	rssMb: number | undefined;
	peakMb: number | undefined;
}

export function processMemory(pid: number): Memory {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name: string): number | undefined => {
			const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
			return match ? round(Number(match[1]) / 1024) : undefined;
		};
		return { rssMb: field('VmRSS'), peakMb: field('VmHWM') };
	} catch {
		return { rssMb: undefined, peakMb: undefined };
	}
}

/**
 * CPU time (user + system) a process has used so far, in milliseconds, from /proc/<pid>/stat
 * (fields 14 and 15, in clock ticks of 10 ms: Linux reports them in USER_HZ, which is 100);
 * undefined off Linux.
 */
export function processCpuMs(pid: number): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces: count from after it.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return undefined;
	}
}

/** The server's CPU time per phase, from /proc (undefined off Linux): what a loaded machine does not inflate. */
export interface ServerCpu {
	/** From `initialize` to the workspace's diagnostics. */
	coldMs: number | undefined;
	/** Mean per completion request (ticks of 10 ms, so only a mean over many requests means anything). */
	completionMs: number | undefined;
	/** Mean per edit, the two diagnostic pulls included. */
	editMs: number | undefined;
}

export interface ServerOptions {
	/** Path of the bundled server (dist/server.js). */
	server: string;
	/** Edits measured (and applied before the second memory reading). */
	edits: number;
	/** Completion and definition requests each. */
	requests: number;
	/** Time the process gets to load before `initialize` is sent (the clock starts at `initialize`). */
	startupDelayMs?: number;
	/** Extra node options for the server process (e.g. `--cpu-prof`). */
	nodeArgs?: string[];
}

export interface ServerResult {
	/** From `initialize` until `workspace/diagnostic` returned a full report for every file. */
	coldMs: number;
	initializeMs: number;
	reportedFiles: number;
	incremental: Latency;
	/** Edits after which the dependent file's diagnostics did not match the edit (must be 0). */
	staleResults: number;
	completion: Latency & { items: number };
	definition: Latency & { locations: number };
	memoryAfterCold: Memory;
	memoryAfterEdits: Memory;
	/** VmRSS after the edits over VmRSS after the cold index, minus one, in percent. */
	rssGrowthPercent: number | undefined;
	cpu: ServerCpu;
}

function uriOf(file: string): string {
	return pathToFileURL(file).href;
}

function position(spot: Spot): { line: number; character: number } {
	return { line: spot.line, character: spot.character };
}

/** The bundled server started over stdio in `root`, with an LSP connection to it (not yet listening) and its stderr kept for errors. */
export function spawnServer(root: string, server: string, nodeArgs: string[] | undefined): { child: ChildProcessWithoutNullStreams; client: MessageConnection; exited: Promise<number | null>; stderr: () => string } {
	const child = spawn(process.execPath, [...nodeArgs ?? [], server, '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', chunk => {
		stderr += String(chunk);
	});
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
	return { child, client, exited, stderr: () => stderr };
}

/** Spawns the server on the workspace and measures it as a stdio LSP client. */
export async function measureServer(workspace: GeneratedWorkspace, options: ServerOptions): Promise<ServerResult> {
	const { child, client, exited, stderr } = spawnServer(workspace.root, options.server, options.nodeArgs);
	client.onRequest(() => null);
	client.onNotification(() => undefined);
	client.listen();
	try {
		await new Promise(resolve => setTimeout(resolve, options.startupDelayMs ?? 500));
		const rootUri = uriOf(workspace.root);
		const cpuAtStart = processCpuMs(child.pid!);
		const started = performance.now();
		await client.sendRequest('initialize', {
			processId: process.pid,
			rootUri,
			workspaceFolders: [{ uri: rootUri, name: 'bench' }],
			capabilities: { textDocument: { diagnostic: {}, completion: { completionItem: { snippetSupport: true } } } },
			initializationOptions: { settings: { userConfig: { enabled: false } } },
		});
		const initializeMs = performance.now() - started;
		await client.sendNotification('initialized', {});
		const report = await client.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
		const coldMs = performance.now() - started;
		const reportedFiles = report.items.filter(item => item.kind === 'full').length;
		const memoryAfterCold = processMemory(child.pid!);
		const cpuAfterCold = processCpuMs(child.pid!);

		const editUri = uriOf(workspace.edit.file);
		const dependentUri = uriOf(workspace.dependent.file);
		const editText = fs.readFileSync(workspace.edit.file, 'utf8');
		await client.sendNotification('textDocument/didOpen', { textDocument: { uri: editUri, languageId: 'lua', version: 1, text: editText } });
		if (dependentUri !== editUri) {
			await client.sendNotification('textDocument/didOpen', { textDocument: { uri: dependentUri, languageId: 'lua', version: 1, text: fs.readFileSync(workspace.dependent.file, 'utf8') } });
		}
		const pull = (uri: string): Promise<FullDocumentDiagnosticReport> => client.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
		await Promise.all([pull(editUri), pull(dependentUri)]);

		const cpuBeforeCompletion = processCpuMs(child.pid!);
		const completionSamples: number[] = [];
		let items = 0;
		for (let index = 0; index < options.requests; index++) {
			const begin = performance.now();
			const result = await client.sendRequest<{ items: unknown[] } | unknown[] | null>('textDocument/completion', { textDocument: { uri: dependentUri }, position: position(workspace.completion) });
			completionSamples.push(performance.now() - begin);
			items = Array.isArray(result) ? result.length : result?.items.length ?? 0;
		}
		const cpuAfterCompletion = processCpuMs(child.pid!);
		const definitionSamples: number[] = [];
		let locations = 0;
		for (let index = 0; index < options.requests; index++) {
			const begin = performance.now();
			const result = await client.sendRequest<unknown[] | null>('textDocument/definition', { textDocument: { uri: dependentUri }, position: position(workspace.definition) });
			definitionSamples.push(performance.now() - begin);
			locations = Array.isArray(result) ? result.length : result ? 1 : 0;
		}

		const cpuBeforeEdits = processCpuMs(child.pid!);
		const editSamples: number[] = [];
		let staleResults = 0;
		const { line, character, length } = workspace.edit;
		for (let index = 0; index < options.edits; index++) {
			const on = index % 2 === 1;
			const begin = performance.now();
			await client.sendNotification('textDocument/didChange', {
				textDocument: { uri: editUri, version: index + 2 },
				contentChanges: [{ range: { start: { line, character }, end: { line, character: character + length } }, text: on ? workspace.edit.on : workspace.edit.off }],
			});
			const [, dependent] = await Promise.all([pull(editUri), pull(dependentUri)]);
			editSamples.push(performance.now() - begin);
			const unresolved = dependent.items.some(diag => diag.code === 'target-unresolved' && diag.range.start.line === workspace.dependent.line);
			if (unresolved === on) {
				staleResults++;
			}
		}
		const memoryAfterEdits = processMemory(child.pid!);
		const cpuAfterEdits = processCpuMs(child.pid!);
		const perOperation = (before: number | undefined, after: number | undefined, count: number): number | undefined =>
			before === undefined || after === undefined || count === 0 ? undefined : round((after - before) / count);
		await client.sendRequest('shutdown');
		await client.sendNotification('exit');
		const code = await exited;
		if (code !== 0) {
			throw new Error(`server exited with ${code}: ${stderr()}`);
		}
		const growth = memoryAfterCold.rssMb !== undefined && memoryAfterEdits.rssMb !== undefined ? round((memoryAfterEdits.rssMb / memoryAfterCold.rssMb - 1) * 100) : undefined;
		return {
			coldMs: round(coldMs),
			initializeMs: round(initializeMs),
			reportedFiles,
			incremental: latency(editSamples),
			staleResults,
			completion: { ...latency(completionSamples), items },
			definition: { ...latency(definitionSamples), locations },
			memoryAfterCold,
			memoryAfterEdits,
			rssGrowthPercent: growth,
			cpu: {
				coldMs: perOperation(cpuAtStart, cpuAfterCold, 1),
				completionMs: perOperation(cpuBeforeCompletion, cpuAfterCompletion, options.requests),
				editMs: perOperation(cpuBeforeEdits, cpuAfterEdits, options.edits),
			},
		};
	} finally {
		client.dispose();
		if (child.exitCode === null) {
			child.kill();
		}
	}
}
