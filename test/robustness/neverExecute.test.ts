/**
 * Never execute (docs/security.md): configs whose code would write marker files if
 * anything ran it (`os.execute`, `io.popen`, `io.open`, `require("sh")`, a `dofile` of a writing
 * script, a required module, hooks, `prepare`, a driver engine function) go through the bundled CLI
 * (a child process), the CLI in-process, the core with every editor query, the in-band language
 * server and the stdio server. No marker may appear; in-process, spies on child_process, net, http
 * and https must see no call; the stdio server's process must have no children.
 */
import * as assert from 'node:assert/strict';
import * as childProcess from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type FullDocumentDiagnosticReport } from 'vscode-languageserver/node';
import { runCli } from '../../server/src/cli/commands';
import { Workspace, type AnalysisConfig } from '../../server/src/core/analysis';
import { DEFAULT_VERSION } from '../../server/src/core/version';
import { runCase } from '../fuzz/fuzz';
import { ideQueries } from '../fuzz/queries';
import { startInBand } from '../support/inBand';
import { NetworkAndProcessSpy, withoutProcessesOrSockets } from '../support/spy';
import { makeTempDir, removeTempDir, repoRoot, writeTree } from '../support/paths';

let temp: string;
let project: string;
let markers: string;
let home: string;
let files: Record<string, string>;

/** Lua that would create `markers/<name>` if it ran, by several routes. */
function writerLua(name: string): string {
	const target = JSON.stringify(path.join(markers, name));
	return `os.execute("touch " .. ${target}); local f = io.open(${target}, "w"); if f then f:write("ran") f:close() end`;
}

function buildFiles(): Record<string, string> {
	const marker = (name: string): string => JSON.stringify(path.join(markers, name));
	return {
		'.esshconfig.lua': [
			`os.execute("touch " .. ${marker('os-execute')})`,
			`local pipe = io.popen("touch " .. ${marker('io-popen')}); if pipe then pipe:close() end`,
			`local handle = io.open(${marker('io-open')}, "w"); if handle then handle:write("ran"); handle:close() end`,
			'local sh = require("sh")',
			`sh.touch(${marker('require-sh')})`,
			'dofile("writer.lua")',
			'local evil = require "evil"',
			`loadstring("os.execute('touch ' .. ${marker('loadstring').replace(/"/g, '\\"')})")()`,
			'host "web01" {',
			'    HostName = "10.0.0.1",',
			`    hooks_before_connect = { function () ${writerLua('hook-before-connect')} end, "touch ${path.join(markers, 'hook-command')}" },`,
			`    hooks_after_disconnect = { function () ${writerLua('hook-after-disconnect')} end },`,
			'    tags = { "web" },',
			'}',
			'driver "evil" {',
			`    engine = function (driver) ${writerLua('driver-engine')} return "true" end,`,
			'}',
			'task "deploy" {',
			'    targets = { "web" },',
			'    driver = "evil",',
			`    prepare = function (ctx) ${writerLua('task-prepare')} return true end,`,
			`    script = { "touch ${path.join(markers, 'task-script')}" },`,
			'}',
			'task "local" {',
			`    prepare = function () ${writerLua('task-prepare-local')} end,`,
			'    script_file = "writer.lua",',
			'}',
			'',
		].join('\n'),
		'writer.lua': `${writerLua('dofile')}\n`,
		'.essh/lib/evil.lua': `${writerLua('require-module')}\nreturn {}\n`,
		'esshconfig_override.lua': `${writerLua('override')}\nhost "web01" { User = "deploy" }\n`,
	};
}

function assertNoMarkers(): void {
	assert.deepEqual(fs.readdirSync(markers), [], 'config code ran: marker files appeared');
}

before(() => {
	temp = makeTempDir('never-execute');
	project = path.join(temp, 'project');
	markers = path.join(temp, 'markers');
	home = path.join(temp, 'home');
	fs.mkdirSync(markers);
	fs.mkdirSync(path.join(home, '.essh'), { recursive: true });
	files = buildFiles();
	writeTree(project, files);
	// The user directory holds hostile code too, so reading ~/.essh is covered.
	fs.writeFileSync(path.join(home, '.essh', 'config_override.lua'), `${writerLua('user-override')}\n`);
});

after(() => {
	removeTempDir(temp);
});

test('the spy itself sees a child process (control)', async () => {
	const spy = new NetworkAndProcessSpy();
	spy.install();
	try {
		childProcess.spawnSync(process.execPath, ['-e', '0']);
	} finally {
		spy.restore();
	}
	assert.equal(spy.calls.length, 1);
	assert.match(spy.calls[0], /^child_process\.spawnSync\(/);
});

describe('the bundled CLI (a child process)', () => {
	const cli = path.join(repoRoot(), 'dist', 'cli.js');
	for (const args of [['check', '.'], ['check', '.esshconfig.lua', 'writer.lua'], ['hosts'], ['tasks'], ['tags'], ['drivers'], ['show', 'deploy'], ['show', 'web01'], ['ssh-config']]) {
		test(`essh-registry ${args.join(' ')} runs no config code`, () => {
			const result = childProcess.spawnSync(process.execPath, [cli, ...args], {
				cwd: project,
				env: { PATH: process.env.PATH ?? '', HOME: home },
				encoding: 'utf8',
				timeout: 30_000,
			});
			assert.notEqual(result.status, null, `timed out or killed: ${result.stderr}`);
			assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
			assert.doesNotMatch(result.stderr, /internal error/);
			assertNoMarkers();
		});
	}
});

describe('in-process', () => {
	test('runCli (every command) starts no process and opens no socket', async () => {
		await withoutProcessesOrSockets(() => {
			for (const args of [['check', '.'], ['hosts'], ['tasks'], ['tags'], ['drivers'], ['show', 'deploy'], ['ssh-config']]) {
				const status = runCli([...args, '--user-dir', path.join(home, '.essh')], { out: () => undefined, err: () => undefined, cwd: project, env: { HOME: home } });
				assert.ok(status === 0 || status === 1, `${args.join(' ')} exited ${status}`);
			}
		});
		assertNoMarkers();
	});

	test('the core and every editor query at every offset start no process and open no socket', async () => {
		const queries = ideQueries();
		assert.ok(queries.length > 0, 'the editor queries were found');
		const config: AnalysisConfig = { version: DEFAULT_VERSION, userDirectory: undefined, severity: {} };
		await withoutProcessesOrSockets(() => {
			const input = { files: Object.entries(files).map(([relative, text]) => ({ path: `${project}/${relative}`, text })), config, recipe: 'never-execute' };
			const text = files['.esshconfig.lua'];
			const failure = runCase(new Workspace(), input, { slowMs: 60_000, offsetsPerFile: Math.min(text.length, 400), queries });
			assert.equal(failure, undefined, JSON.stringify(failure));
		});
		assertNoMarkers();
	});

	test('the in-band language server starts no process and opens no socket', async () => {
		await withoutProcessesOrSockets(async () => {
			const inBandFiles: Record<string, string> = {};
			for (const [relative, text] of Object.entries(files)) {
				inBandFiles[`/ws/${relative}`] = text;
			}
			const server = await startInBand({ files: inBandFiles });
			try {
				const uri = pathToFileURL('/ws/.esshconfig.lua').href;
				await server.open('/ws/.esshconfig.lua', files['.esshconfig.lua']);
				const report = await server.request<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
				assert.ok(Array.isArray(report.items));
				const lines = files['.esshconfig.lua'].split('\n');
				for (let line = 0; line < lines.length; line += 3) {
					const position = { line, character: Math.floor(lines[line].length / 2) };
					for (const method of ['textDocument/hover', 'textDocument/definition', 'textDocument/completion', 'textDocument/references']) {
						await server.request(method, { textDocument: { uri }, position, context: { includeDeclaration: true } });
					}
				}
				await server.request('textDocument/codeLens', { textDocument: { uri } });
				await server.request('textDocument/documentLink', { textDocument: { uri } });
				await server.request('workspace/symbol', { query: '' });
				await server.request('essh/registry', {});
			} finally {
				await server.dispose();
			}
		});
		assertNoMarkers();
	});
});

/** The children of a process (every thread's `children` file under /proc). */
function childrenOf(pid: number): number[] {
	const result: number[] = [];
	for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
		const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
		result.push(...text.split(/\s+/).filter(part => part.length > 0).map(Number));
	}
	return result;
}

test('the stdio server runs no config code and has no child process', async () => {
	const serverPath = path.join(repoRoot(), 'dist', 'server.js');
	assert.ok(fs.existsSync(serverPath), `${serverPath} is missing: run "npm run build" first (npm test does)`);
	const child = childProcess.spawn(process.execPath, [serverPath, '--stdio'], {
		cwd: project,
		env: { PATH: process.env.PATH ?? '', HOME: home },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.on('data', chunk => {
		stderr += String(chunk);
	});
	const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
	client.onRequest('workspace/configuration', () => [{ userConfig: { enabled: true, directory: path.join(home, '.essh') } }]);
	client.onRequest(() => null);
	client.listen();
	const observedChildren: number[] = [];
	try {
		const uri = pathToFileURL(path.join(project, '.esshconfig.lua')).href;
		await client.sendRequest('initialize', {
			processId: process.pid,
			rootUri: pathToFileURL(project).href,
			workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
			capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true, diagnostics: { refreshSupport: true } } },
		});
		await client.sendNotification('initialized', {});
		observedChildren.push(...childrenOf(child.pid!));
		await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lua', version: 1, text: files['.esshconfig.lua'] } });
		const report = await client.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
		assert.ok(Array.isArray(report.items));
		observedChildren.push(...childrenOf(child.pid!));
		for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition']) {
			await client.sendRequest(method, { textDocument: { uri }, position: { line: 20, character: 10 } });
		}
		await client.sendRequest('workspace/diagnostic', { previousResultIds: [] });
		observedChildren.push(...childrenOf(child.pid!));
		await client.sendRequest('shutdown');
		await client.sendNotification('exit');
		assert.equal(await exited, 0, stderr);
	} finally {
		client.dispose();
		if (child.exitCode === null) {
			child.kill();
		}
	}
	assert.deepEqual(observedChildren, [], 'the server started a child process');
	assertNoMarkers();
});
