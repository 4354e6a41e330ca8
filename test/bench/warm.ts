/**
 * The benchmark's warm start (issue 16): the bundled server started with
 * `initializationOptions.cacheDirectory` on a generated workspace. A first (cold) run fills the
 * cache and waits until the server says it saved it; then a fresh server on the unchanged workspace
 * is timed from `initialize` until `workspace/diagnostic` returned every file (as the cold start is),
 * and again after one file changed on disk while no server ran. The server's log line
 * `[info] kept state: F file(s) and S set(s) restored, P file(s) parsed` gives what each start
 * restored and parsed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import type { GeneratedWorkspace } from './generate';
import { round, spawnServer } from './measure';

/** What one start restored and parsed, from the server's log. */
export interface KeptCounts {
	restoredFiles: number;
	restoredSets: number;
	parsed: number;
}

export interface WarmStart extends KeptCounts {
	/** From `initialize` until `workspace/diagnostic` returned a full report for every file. */
	ms: number;
	reportedFiles: number;
	/** What the save after the start wrote (0 when the run did not wait for it). */
	savedBytes: number;
}

export interface WarmResult {
	/** The first start, which fills the cache (its time is the cold start again). */
	fill: WarmStart;
	/** Every file unchanged. */
	unchanged: WarmStart;
	/** One file (the benchmark's edit file) changed on disk before the start. */
	oneChanged: WarmStart & { changedFile: string };
	/** Size of the cache folder after the runs. */
	cacheBytes: number;
}

export interface WarmOptions {
	server: string;
	startupDelayMs?: number;
	nodeArgs?: string[];
}

const KEPT_LINE = /kept state: (\d+) file\(s\) and (\d+) set\(s\) restored, (\d+) file\(s\) parsed/;
const SAVED_LINE = /kept state saved: \d+ file\(s\), \d+ set\(s\), (\d+) bytes/;

/** One server start with the cache: time to every file's diagnostics, the counts, and (when asked) the save that follows. */
async function start(workspace: GeneratedWorkspace, cacheDirectory: string, options: WarmOptions, waitForSave: boolean): Promise<WarmStart> {
	const { child, client, exited, stderr } = spawnServer(workspace.root, options.server, options.nodeArgs);
	let resolveCounts: (counts: KeptCounts) => void = () => undefined;
	let resolveSaved: (bytes: number) => void = () => undefined;
	const counts = new Promise<KeptCounts>(resolve => {
		resolveCounts = resolve;
	});
	const saved = new Promise<number>(resolve => {
		resolveSaved = resolve;
	});
	client.onRequest(() => null);
	client.onNotification('window/logMessage', (params: { message: string }) => {
		const kept = KEPT_LINE.exec(params.message);
		if (kept) {
			resolveCounts({ restoredFiles: Number(kept[1]), restoredSets: Number(kept[2]), parsed: Number(kept[3]) });
		}
		const save = SAVED_LINE.exec(params.message);
		if (save) {
			resolveSaved(Number(save[1]));
		}
	});
	client.listen();
	try {
		await new Promise(resolve => setTimeout(resolve, options.startupDelayMs ?? 500));
		const rootUri = pathToFileURL(workspace.root).href;
		const started = performance.now();
		await client.sendRequest('initialize', {
			processId: process.pid,
			rootUri,
			workspaceFolders: [{ uri: rootUri, name: 'bench' }],
			capabilities: { textDocument: { diagnostic: {} } },
			initializationOptions: { settings: { userConfig: { enabled: false } }, cacheDirectory },
		});
		await client.sendNotification('initialized', {});
		const report = await client.sendRequest<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
		const ms = performance.now() - started;
		const reportedFiles = report.items.filter(item => item.kind === 'full').length;
		const found = await withTimeout(counts, 60_000, 'the kept state log line');
		const savedBytes = waitForSave ? await withTimeout(saved, 120_000, 'the kept state save') : 0;
		await client.sendRequest('shutdown');
		await client.sendNotification('exit');
		const code = await exited;
		if (code !== 0) {
			throw new Error(`server exited with ${code}: ${stderr()}`);
		}
		return { ms: round(ms), reportedFiles, ...found, savedBytes };
	} finally {
		client.dispose();
		if (child.exitCode === null) {
			child.kill();
		}
	}
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	return Promise.race([
		promise.finally(() => clearTimeout(timer)),
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
		}),
	]);
}

function folderBytes(directory: string): number {
	let total = 0;
	for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
		const full = path.join(directory, entry.name);
		total += entry.isDirectory() ? folderBytes(full) : fs.statSync(full).size;
	}
	return total;
}

/** Fills a cache, then measures a warm start on the unchanged workspace and one with the edit file changed on disk (restored afterwards). */
export async function measureWarm(workspace: GeneratedWorkspace, options: WarmOptions): Promise<WarmResult> {
	const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-bench-cache-'));
	const file = workspace.edit.file;
	const original = fs.readFileSync(file, 'utf8');
	try {
		const fill = await start(workspace, cacheDirectory, options, true);
		const unchanged = await start(workspace, cacheDirectory, options, false);
		const lines = original.split('\n');
		const { line, character, length } = workspace.edit;
		lines[line] = lines[line].slice(0, character) + workspace.edit.off + lines[line].slice(character + length);
		fs.writeFileSync(file, lines.join('\n'));
		const changed = await start(workspace, cacheDirectory, options, false);
		return { fill, unchanged, oneChanged: { ...changed, changedFile: path.relative(workspace.root, file) }, cacheBytes: folderBytes(cacheDirectory) };
	} finally {
		fs.writeFileSync(file, original);
		fs.rmSync(cacheDirectory, { recursive: true, force: true });
	}
}
