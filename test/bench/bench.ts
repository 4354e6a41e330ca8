/**
 * `npm run bench`: generates workspaces in a temp folder, by default the `mixed` shape at 1,000 and
 * 10,000 hosts and the `fleet` shape (one evaluation set of 100 modules) at 1,000, 10,000 and
 * 50,000 hosts, and measures each in fresh processes: the strict luaparse floor and the core cold
 * (each in its own child process, so neither warms the other), then the bundled server over stdio
 * (cold, completion, definition, incremental edits, memory), and its warm start from a cache it
 * filled (warm.ts: unchanged, and with one file changed on disk). Prints the results as JSON and as a
 * table with the targets, and the cold cost per host of each shape at every size.
 * A third child measures the same edits and completions in-process (`measureEdits`), timed by CPU
 * time as well as wall clock, since the wall clock is what a loaded machine inflates.
 * Options: --shape mixed|fleet (repeatable), --hosts N (repeatable; every size for every shape
 * asked), --edits N (default 1000), --requests N (default 200), --core-edits N (edits of the
 * in-process measurement, default 200), --node-arg ARG (repeatable: a node or V8 option for the
 * server and the in-process child, to measure a flag such as `--max-semi-space-size=32`), --json (JSON only), --keep (leave
 * the generated folders), --profile DIR (the core child and the server run under
 * `node --cpu-prof`, profiles written to DIR).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace, SHAPES, type GeneratedWorkspace, type Shape } from './generate';
import { measureCore, measureEdits, measureFloor, measureServer, round, type CoreResult, type EditsResult, type FloorResult, type ServerResult } from './measure';
import { measureWarm, type WarmResult } from './warm';

/** The sizes measured when `--hosts` is not given. */
export const DEFAULT_SIZES: Record<Shape, number[]> = { mixed: [1000, 10000], fleet: [1000, 10000, 50000] };

export interface BenchOptions {
	/** Shapes measured, in order (default: both). */
	shapes?: Shape[];
	/** Sizes measured for every shape (default: `DEFAULT_SIZES` of each shape). */
	hosts: number[];
	edits: number;
	requests: number;
	/** Edits of the in-process measurement (default 200). */
	coreEdits?: number;
	/** The bundled server; defaults to dist/server.js of the repository. */
	server?: string;
	keep?: boolean;
	/** Delay before `initialize` (default 500 ms). */
	startupDelayMs?: number;
	/** Writes CPU profiles of the core child and the server here. */
	profile?: string;
	/** Node or V8 options for the server and the in-process child (not the floor and core children). */
	nodeArgs?: string[];
}

/** Cold cost per host in microseconds: the floor, the core cold and the server cold over the hosts. */
export interface PerHost {
	floorUs: number;
	coreUs: number;
	serverUs: number;
}

export interface BenchRun {
	shape: Shape;
	hosts: number;
	tasks: number;
	groups: number;
	files: number;
	bytes: number;
	floor: FloorResult;
	core: CoreResult & { ratio: number };
	server: ServerResult & { ratio: number };
	/** The edits and completions in-process, with CPU time. */
	inProcess: EditsResult;
	/** The warm start from the server's cache (issue 16); `ratio` is the unchanged start over the floor. */
	warm: WarmResult & { ratio: number; oneChangedRatio: number };
	perHost: PerHost;
}

export interface BenchResult {
	machine: { cpus: number; cpu: string; node: string; platform: string };
	runs: BenchRun[];
}

/** The repository root (holding package.json) above this compiled file. */
function repoRoot(): string {
	let directory = __dirname;
	while (!fs.existsSync(path.join(directory, 'package.json'))) {
		const parent = path.dirname(directory);
		if (parent === directory) {
			throw new Error(`No package.json above ${__dirname}`);
		}
		directory = parent;
	}
	return directory;
}

export function machine(): BenchResult['machine'] {
	let cpu = os.cpus()[0]?.model ?? 'unknown';
	try {
		cpu = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
	} catch {
		// Not Linux: os.cpus() it is.
	}
	return { cpus: os.cpus().length, cpu, node: process.version, platform: `${process.platform} ${os.release()}` };
}

/** Runs one measurement (`floor`, `core` or `edits`) in a fresh node process. */
function inChild<T>(kind: 'floor' | 'core' | 'edits', inputFile: string, nodeArgs: string[], extra: string[] = []): T {
	const result = spawnSync(process.execPath, [...nodeArgs, __filename, '--child', kind, inputFile, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
	if (result.status !== 0) {
		throw new Error(`bench child ${kind} failed (${result.status}): ${result.stderr}`);
	}
	return JSON.parse(result.stdout) as T;
}

async function runOne(shape: Shape, hosts: number, options: BenchOptions): Promise<BenchRun> {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `essh-bench-${shape}-${hosts}-`));
	try {
		const workspace: GeneratedWorkspace = generateWorkspace(root, hosts, shape);
		const listFile = path.join(root, 'files.json');
		fs.writeFileSync(listFile, JSON.stringify(workspace.files));
		const profileArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`] : [];
		const floor = inChild<FloorResult>('floor', listFile, []);
		const core = inChild<CoreResult>('core', listFile, profileArgs);
		const workspaceFile = path.join(root, 'workspace.json');
		fs.writeFileSync(workspaceFile, JSON.stringify(workspace));
		const inProcess = inChild<EditsResult>('edits', workspaceFile, [...options.nodeArgs ?? [], ...profileArgs, '--expose-gc'], [String(options.coreEdits ?? 200), String(options.requests)]);
		const server = await measureServer(workspace, {
			server: options.server ?? path.join(repoRoot(), 'dist', 'server.js'),
			edits: options.edits,
			requests: options.requests,
			startupDelayMs: options.startupDelayMs,
			nodeArgs: [...options.nodeArgs ?? [], ...profileArgs],
		});
		const warm = await measureWarm(workspace, {
			server: options.server ?? path.join(repoRoot(), 'dist', 'server.js'),
			startupDelayMs: options.startupDelayMs,
		});
		const perHost = (ms: number): number => round(ms * 1000 / workspace.hosts);
		return {
			shape,
			hosts: workspace.hosts, tasks: workspace.tasks, groups: workspace.groups, files: workspace.files.length, bytes: workspace.bytes,
			floor,
			core: { ...core, ratio: round(core.ms / floor.ms) },
			server: { ...server, ratio: round(server.coldMs / floor.ms) },
			inProcess,
			warm: { ...warm, ratio: round(warm.unchanged.ms / floor.ms), oneChangedRatio: round(warm.oneChanged.ms / floor.ms) },
			perHost: { floorUs: perHost(floor.ms), coreUs: perHost(core.ms), serverUs: perHost(server.coldMs) },
		};
	} finally {
		if (options.keep) {
			process.stderr.write(`kept ${root}\n`);
		} else {
			fs.rmSync(root, { recursive: true, force: true });
		}
	}
}

/** Generates and measures every shape at every size in turn. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
	const runs: BenchRun[] = [];
	for (const shape of options.shapes ?? SHAPES) {
		for (const hosts of options.hosts.length > 0 ? options.hosts : DEFAULT_SIZES[shape]) {
			runs.push(await runOne(shape, hosts, options));
		}
	}
	return { machine: machine(), runs };
}

/**
 * One line per shape: the cold cost per host (floor, core, server, in µs) at each size measured, so
 * a superlinear step shows at a glance.
 */
export function formatPerHost(result: BenchResult): string {
	const lines: string[] = [];
	for (const shape of SHAPES) {
		const runs = result.runs.filter(run => run.shape === shape);
		if (runs.length > 0) {
			const cells = runs.map(run => `${run.hosts}: ${run.perHost.floorUs} / ${run.perHost.coreUs} / ${run.perHost.serverUs}`);
			lines.push(`${shape} cold µs per host (floor / core / server): ${cells.join('  ·  ')}`);
		}
	}
	return lines.join('\n');
}

/** The results as a text table, one column per workspace, with the targets (10,000 and 50,000 hosts) beside. */
export function formatTable(result: BenchResult): string {
	const format = (value: number | undefined, unit = ''): string => value === undefined ? 'n/a' : `${value}${unit}`;
	const rows: Array<[string, (run: BenchRun) => string, string]> = [
		['cold µs per host: floor / core / server', run => `${run.perHost.floorUs} / ${run.perHost.coreUs} / ${run.perHost.serverUs}`, 'linear'],
		['files / bytes', run => `${run.files} / ${run.bytes}`, ''],
		['tasks / groups', run => `${run.tasks} / ${run.groups}`, ''],
		['floor: read + luaparse', run => format(run.floor.ms, ' ms'), ''],
		['core cold', run => `${run.core.ms} ms (${run.core.ratio}×)`, '≤ 1.3× floor'],
		['server cold', run => `${run.server.coldMs} ms (${run.server.ratio}×)`, '≤ 1.5× floor'],
		['incremental median / p95', run => `${run.server.incremental.median} / ${run.server.incremental.p95} ms`, '≤ 20 ms median'],
		['completion median / p95', run => `${run.server.completion.median} / ${run.server.completion.p95} ms`, '≤ 5 ms median'],
		['server CPU: cold / per edit / per completion (means)', run => `${format(run.server.cpu.coldMs, ' ms')} / ${format(run.server.cpu.editMs, ' ms')} / ${format(run.server.cpu.completionMs, ' ms')}`, ''],
		['in-process edit CPU (wall) median / p95', run => `${run.inProcess.edits.cpu.median} (${run.inProcess.edits.wall.median}) / ${run.inProcess.edits.cpu.p95} (${run.inProcess.edits.wall.p95}) ms`, ''],
		['in-process completion CPU (wall) median / p95', run => `${run.inProcess.completion.cpu.median} (${run.inProcess.completion.wall.median}) / ${run.inProcess.completion.cpu.p95} (${run.inProcess.completion.wall.p95}) ms`, ''],
		['definition median / p95', run => `${run.server.definition.median} / ${run.server.definition.p95} ms`, ''],
		['server RSS after cold (peak)', run => `${format(run.server.memoryAfterCold.rssMb, ' MB')} (${format(run.server.memoryAfterCold.peakMb, ' MB')})`, '≤ 150 MB (10k) / 350 MB (50k)'],
		['server RSS after edits (peak)', run => `${format(run.server.memoryAfterEdits.rssMb, ' MB')} (${format(run.server.memoryAfterEdits.peakMb, ' MB')})`, ''],
		['RSS growth over the edits', run => format(run.server.rssGrowthPercent, ' %'), '≤ 10 %'],
		['stale results (server / in-process)', run => `${run.server.staleResults} / ${run.inProcess.staleResults}`, '0'],
		['server warm, unchanged', run => `${run.warm.unchanged.ms} ms (${run.warm.ratio}×), parsed ${run.warm.unchanged.parsed}`, '≤ 0.5× floor, 0 parsed'],
		['server warm, one file changed', run => `${run.warm.oneChanged.ms} ms (${run.warm.oneChangedRatio}×), parsed ${run.warm.oneChanged.parsed}`, '1 parsed'],
		['cache size', run => `${round(run.warm.cacheBytes / 1048576)} MB`, ''],
	];
	const header = ['shape hosts', ...result.runs.map(run => `${run.shape} ${run.hosts}`), 'target (10,000 and 50,000 hosts)'];
	const table = [header, ...rows.map(([label, cell, target]) => [label, ...result.runs.map(cell), target])];
	const widths = header.map((_, column) => Math.max(...table.map(row => row[column].length)));
	const lines = table.map(row => row.map((cell, column) => cell.padEnd(widths[column])).join(' | ').trimEnd());
	lines.splice(1, 0, widths.map(width => '-'.repeat(width)).join('-|-'));
	const { cpus, cpu, node, platform } = result.machine;
	return `${lines.join('\n')}\n\n${formatPerHost(result)}\n\n${cpus} × ${cpu}, node ${node}, ${platform}\n`;
}

function parseArgs(args: string[]): BenchOptions & { json: boolean } {
	const options: BenchOptions & { json: boolean } = { hosts: [], edits: 1000, requests: 200, json: false };
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		const number = (): number => {
			const value = Number(args[++index]);
			if (!Number.isInteger(value) || value < 1) {
				throw new Error(`${arg} needs a positive integer`);
			}
			return value;
		};
		if (arg === '--shape') {
			const shape = args[++index] as Shape;
			if (!SHAPES.includes(shape)) {
				throw new Error(`--shape needs one of ${SHAPES.join(', ')}`);
			}
			(options.shapes ??= []).push(shape);
		} else if (arg === '--hosts') {
			options.hosts.push(number());
		} else if (arg === '--edits') {
			options.edits = number();
		} else if (arg === '--requests') {
			options.requests = number();
		} else if (arg === '--core-edits') {
			options.coreEdits = number();
		} else if (arg === '--node-arg') {
			(options.nodeArgs ??= []).push(args[++index]);
		} else if (arg === '--json') {
			options.json = true;
		} else if (arg === '--profile') {
			options.profile = args[++index];
		} else if (arg === '--keep') {
			options.keep = true;
		} else {
			throw new Error(`unknown option ${arg}`);
		}
	}
	return options;
}

async function main(args: string[]): Promise<void> {
	if (args[0] === '--child') {
		if (args[1] === 'edits') {
			const workspace = JSON.parse(fs.readFileSync(args[2], 'utf8')) as GeneratedWorkspace;
			process.stdout.write(JSON.stringify(measureEdits(workspace, Number(args[3]), Number(args[4]))));
			return;
		}
		const files = JSON.parse(fs.readFileSync(args[2], 'utf8')) as string[];
		const result = args[1] === 'floor' ? measureFloor(files) : measureCore(files);
		process.stdout.write(JSON.stringify(result));
		return;
	}
	const options = parseArgs(args);
	const result = await runBench(options);
	process.stdout.write(`${JSON.stringify(result, null, '\t')}\n`);
	if (!options.json) {
		process.stdout.write(`\n${formatTable(result)}`);
	}
}

if (require.main === module) {
	main(process.argv.slice(2)).catch(error => {
		process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
		process.exit(1);
	});
}
