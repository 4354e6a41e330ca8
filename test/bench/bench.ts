/**
 * `npm run bench`: generates workspaces (1,000 and 10,000 hosts by default; `--hosts 50000` for
 * more, repeatable) in a temp folder and measures each in fresh processes: the luaparse floor and
 * the core cold (each in its own child process, so neither warms the other), then the bundled
 * server over stdio (cold, completion, definition, incremental edits, memory). Prints the results
 * as JSON and as a table with the targets of product.md §7.
 * Options: --hosts N (repeatable), --edits N (default 1000), --requests N (default 200),
 * --json (JSON only), --keep (leave the generated folders), --profile DIR (the core child and the
 * server run under `node --cpu-prof`, profiles written to DIR).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace, type GeneratedWorkspace } from './generate';
import { measureCore, measureFloor, measureServer, round, type CoreResult, type FloorResult, type ServerResult } from './measure';

export interface BenchOptions {
	hosts: number[];
	edits: number;
	requests: number;
	/** The bundled server; defaults to dist/server.js of the repository. */
	server?: string;
	keep?: boolean;
	/** Delay before `initialize` (default 500 ms). */
	startupDelayMs?: number;
	/** Writes CPU profiles of the core child and the server here. */
	profile?: string;
}

export interface BenchRun {
	hosts: number;
	tasks: number;
	groups: number;
	files: number;
	bytes: number;
	floor: FloorResult;
	core: CoreResult & { ratio: number };
	server: ServerResult & { ratio: number };
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

/** Runs one measurement (`floor` or `core`) in a fresh node process. */
function inChild<T>(kind: 'floor' | 'core', listFile: string, nodeArgs: string[]): T {
	const result = spawnSync(process.execPath, [...nodeArgs, __filename, '--child', kind, listFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
	if (result.status !== 0) {
		throw new Error(`bench child ${kind} failed (${result.status}): ${result.stderr}`);
	}
	return JSON.parse(result.stdout) as T;
}

async function runOne(hosts: number, options: BenchOptions): Promise<BenchRun> {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), `essh-bench-${hosts}-`));
	try {
		const workspace: GeneratedWorkspace = generateWorkspace(root, hosts);
		const listFile = path.join(root, 'files.json');
		fs.writeFileSync(listFile, JSON.stringify(workspace.files));
		const profileArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.profile)}`] : [];
		const floor = inChild<FloorResult>('floor', listFile, []);
		const core = inChild<CoreResult>('core', listFile, profileArgs);
		const server = await measureServer(workspace, {
			server: options.server ?? path.join(repoRoot(), 'dist', 'server.js'),
			edits: options.edits,
			requests: options.requests,
			startupDelayMs: options.startupDelayMs,
			nodeArgs: profileArgs,
		});
		return {
			hosts: workspace.hosts, tasks: workspace.tasks, groups: workspace.groups, files: workspace.files.length, bytes: workspace.bytes,
			floor,
			core: { ...core, ratio: round(core.ms / floor.ms) },
			server: { ...server, ratio: round(server.coldMs / floor.ms) },
		};
	} finally {
		if (options.keep) {
			process.stderr.write(`kept ${root}\n`);
		} else {
			fs.rmSync(root, { recursive: true, force: true });
		}
	}
}

/** Generates and measures every size in turn. */
export async function runBench(options: BenchOptions): Promise<BenchResult> {
	const runs: BenchRun[] = [];
	for (const hosts of options.hosts) {
		runs.push(await runOne(hosts, options));
	}
	return { machine: machine(), runs };
}

/** The results as a text table, one column per workspace, with the targets (10,000 hosts) beside. */
export function formatTable(result: BenchResult): string {
	const format = (value: number | undefined, unit = ''): string => value === undefined ? 'n/a' : `${value}${unit}`;
	const rows: Array<[string, (run: BenchRun) => string, string]> = [
		['files / bytes', run => `${run.files} / ${run.bytes}`, ''],
		['tasks / groups', run => `${run.tasks} / ${run.groups}`, ''],
		['floor: read + luaparse', run => format(run.floor.ms, ' ms'), ''],
		['core cold', run => `${run.core.ms} ms (${run.core.ratio}×)`, '≤ 1.3× floor'],
		['server cold', run => `${run.server.coldMs} ms (${run.server.ratio}×)`, '≤ 1.5× floor'],
		['incremental median / p95', run => `${run.server.incremental.median} / ${run.server.incremental.p95} ms`, '≤ 20 ms median'],
		['completion median / p95', run => `${run.server.completion.median} / ${run.server.completion.p95} ms`, '≤ 5 ms median'],
		['definition median / p95', run => `${run.server.definition.median} / ${run.server.definition.p95} ms`, ''],
		['server RSS after cold (peak)', run => `${format(run.server.memoryAfterCold.rssMb, ' MB')} (${format(run.server.memoryAfterCold.peakMb, ' MB')})`, '≤ 150 MB'],
		['server RSS after edits (peak)', run => `${format(run.server.memoryAfterEdits.rssMb, ' MB')} (${format(run.server.memoryAfterEdits.peakMb, ' MB')})`, '≤ 150 MB'],
		['RSS growth over the edits', run => format(run.server.rssGrowthPercent, ' %'), '≤ 10 %'],
		['stale results', run => String(run.server.staleResults), '0'],
	];
	const header = ['hosts', ...result.runs.map(run => String(run.hosts)), 'target (10,000 hosts)'];
	const table = [header, ...rows.map(([label, cell, target]) => [label, ...result.runs.map(cell), target])];
	const widths = header.map((_, column) => Math.max(...table.map(row => row[column].length)));
	const lines = table.map(row => row.map((cell, column) => cell.padEnd(widths[column])).join(' | ').trimEnd());
	lines.splice(1, 0, widths.map(width => '-'.repeat(width)).join('-|-'));
	const { cpus, cpu, node, platform } = result.machine;
	return `${lines.join('\n')}\n\n${cpus} × ${cpu}, node ${node}, ${platform}\n`;
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
		if (arg === '--hosts') {
			options.hosts.push(number());
		} else if (arg === '--edits') {
			options.edits = number();
		} else if (arg === '--requests') {
			options.requests = number();
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
	if (options.hosts.length === 0) {
		options.hosts = [1000, 10000];
	}
	return options;
}

async function main(args: string[]): Promise<void> {
	if (args[0] === '--child') {
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
