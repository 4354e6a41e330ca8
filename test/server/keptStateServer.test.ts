/**
 * The kept state through the language server (`initializationOptions.cacheDirectory`) and the CLI
 * (`check --cache DIR`): a second start answers the same diagnostics without parsing, a file changed
 * while the server was down is the only one parsed (the server's log says how many), garbage in the
 * folder changes no answer, a relative folder is refused with a message, and `essh/clearCache`
 * deletes the records.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { WorkspaceDiagnosticReport } from 'vscode-languageserver';
import { STATE_FOLDER } from '../../server/src/cache/store';
import type { ClearCacheResult } from '../../server/src/lsp/ext';
import { startInBand, type InBand } from '../support/inBand';
import { makeTempDir, removeTempDir, repoRoot, writeTree } from '../support/paths';

const FILES: Record<string, string> = {
	'/ws/.esshconfig.lua': 'require "web"\nhost "db01" { HostName = "10.0.0.1", tags = { "db" } }\ntask "deploy" { targets = { "web", "nowhere" }, script = "true" }\n',
	'/ws/.essh/lib/web.lua': 'host "web01" { HostName = "10.0.0.2", tags = { "web" } }\nhost "web02" { HostName = 22 }\n',
	'/ws/.essh/lib/other.lua': 'host "db01" { HostName = "10.0.0.3" }\n',
};

function logLines(server: InBand): string[] {
	return server.notifications.filter(message => message.method === 'window/logMessage').map(message => String((message.params as { message: string }).message));
}

async function keptLine(server: InBand): Promise<string> {
	const message = await server.waitFor(candidate => candidate.method === 'window/logMessage' && String((candidate.params as { message: string }).message).startsWith('[info] kept state:'), { timeoutMs: 10_000 });
	return String((message.params as { message: string }).message);
}

async function saved(server: InBand): Promise<void> {
	await server.waitFor(message => message.method === 'window/logMessage' && String((message.params as { message: string }).message).startsWith('[info] kept state saved'), { timeoutMs: 10_000 });
}

async function diagnostics(server: InBand): Promise<string> {
	const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
	return JSON.stringify(report.items.map(item => ({ uri: item.uri, items: 'items' in item ? item.items : [] })).sort((a, b) => (a.uri < b.uri ? -1 : 1)));
}

async function run(files: Record<string, string>, cacheDirectory: string, body: (server: InBand) => Promise<void>): Promise<void> {
	const server = await startInBand({ files, cacheDirectory, saveDelayMs: 50 });
	try {
		await body(server);
	} finally {
		await server.dispose();
	}
}

test('a second start restores everything, parses nothing and answers the same diagnostics', async () => {
	const directory = makeTempDir('kept-server');
	try {
		let cold = '';
		await run(FILES, directory, async server => {
			assert.match(await keptLine(server), /0 file\(s\) and 0 set\(s\) restored, 3 file\(s\) parsed/);
			cold = await diagnostics(server);
			await saved(server);
		});
		assert.ok(cold.includes('target-unresolved') || cold.length > 50, cold);
		assert.ok(fs.readdirSync(path.join(directory, STATE_FOLDER)).length > 0);
		await run(FILES, directory, async server => {
			assert.match(await keptLine(server), /3 file\(s\) and 1 set\(s\) restored, 0 file\(s\) parsed/);
			assert.equal(await diagnostics(server), cold);
			// The restored set's registry is built after the answers, from the kept symbols: still nothing parsed.
			await server.waitFor(message => message.method === 'window/logMessage' && String((message.params as { message: string }).message).startsWith('[info] kept state: registries of 1 set(s) built'), { timeoutMs: 10_000 });
			const hover = await server.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: server.uri('/ws/.essh/lib/web.lua') }, position: { line: 0, character: 7 } });
			assert.match(JSON.stringify(hover), /web01/);
			assert.ok(!logLines(server).some(line => line.includes('[error]')), logLines(server).join('\n'));
		});
		const changed = { ...FILES, '/ws/.essh/lib/web.lua': 'host "web01" { HostName = "10.0.0.2", tags = { "web" } }\n' };
		let coldChanged = '';
		await run(changed, makeTempDir('kept-server-cold'), async server => {
			coldChanged = await diagnostics(server);
		});
		await run(changed, directory, async server => {
			assert.match(await keptLine(server), /2 file\(s\) and 0 set\(s\) restored, 1 file\(s\) parsed/);
			assert.equal(await diagnostics(server), coldChanged);
			await saved(server);
			const cleared = await server.request<ClearCacheResult>('essh/clearCache', null);
			assert.equal(cleared.enabled, true);
			assert.ok(cleared.removed >= 5, `${cleared.removed} removed`);
		});
		assert.equal(fs.existsSync(path.join(directory, STATE_FOLDER)), false);
	} finally {
		removeTempDir(directory);
	}
});

test('garbage in the cache folder changes no answer and is said once', async () => {
	const directory = makeTempDir('kept-server-garbage');
	try {
		let cold = '';
		await run(FILES, directory, async server => {
			cold = await diagnostics(server);
			await saved(server);
		});
		const folder = path.join(directory, STATE_FOLDER);
		for (const name of fs.readdirSync(folder)) {
			fs.writeFileSync(path.join(folder, name), 'garbage');
		}
		await run(FILES, directory, async server => {
			assert.match(await keptLine(server), /0 file\(s\) and 0 set\(s\) restored, 3 file\(s\) parsed/);
			assert.equal(await diagnostics(server), cold);
			const damaged = logLines(server).filter(line => line.includes('damaged record'));
			assert.equal(damaged.length, fs.readdirSync(folder).length, damaged.join('\n'));
		});
	} finally {
		removeTempDir(directory);
	}
});

test('a relative cacheDirectory is refused with a message; without one nothing is kept', async () => {
	const server = await startInBand({ files: FILES, cacheDirectory: 'relative/cache' });
	try {
		assert.ok(logLines(server).some(line => line.includes('cacheDirectory must be an absolute path')), logLines(server).join('\n'));
		const cleared = await server.request<ClearCacheResult>('essh/clearCache', null);
		assert.deepEqual(cleared, { removed: 0, enabled: false });
	} finally {
		await server.dispose();
	}
});

test('check --cache DIR: the same output warm, with a changed file, and over a damaged cache', () => {
	const temp = makeTempDir('kept-cli');
	try {
		const cli = path.join(repoRoot(), 'dist', 'cli.js');
		writeTree(temp, Object.fromEntries(Object.entries(FILES).map(([file, text]) => [`project${file.slice(3)}`, text])));
		const check = (...extra: string[]): { status: number | null; stdout: string; stderr: string } => {
			const result = spawnSync(process.execPath, [cli, 'check', 'project', '--no-user-config', '--format', 'json', ...extra], { cwd: temp, encoding: 'utf8', timeout: 30_000 });
			return { status: result.status, stdout: result.stdout, stderr: result.stderr };
		};
		const cold = check();
		const first = check('--cache', 'cache');
		const warm = check('--cache', 'cache');
		assert.deepEqual(first, cold);
		assert.deepEqual(warm, cold);
		const folder = path.join(temp, 'cache', STATE_FOLDER);
		assert.ok(fs.readdirSync(folder).length >= 4);
		fs.writeFileSync(path.join(temp, 'project/.essh/lib/web.lua'), 'host "web01" { HostName = "10.0.0.2", tags = { "web" } }\n');
		const coldChanged = check();
		assert.deepEqual(check('--cache', 'cache'), coldChanged);
		for (const name of fs.readdirSync(folder)) {
			const bytes = fs.readFileSync(path.join(folder, name));
			bytes[Math.floor(bytes.length / 2)] ^= 1;
			fs.writeFileSync(path.join(folder, name), bytes);
		}
		const damaged = check('--cache', 'cache');
		assert.equal(damaged.stdout, coldChanged.stdout);
		assert.equal(damaged.status, coldChanged.status);
		assert.match(damaged.stderr, /damaged record/);
		fs.writeFileSync(path.join(temp, 'blocked'), 'not a folder');
		const blocked = check('--cache', 'blocked');
		assert.equal(blocked.stdout, coldChanged.stdout);
		assert.equal(blocked.status, coldChanged.status);
		assert.equal(blocked.stderr.match(/cannot write/g)?.length, 1, blocked.stderr);
	} finally {
		removeTempDir(temp);
	}
});
