/**
 * Hostile files (docs/security.md): a 10 MB config, 10,000 levels of nested tables
 * and parentheses, random bytes, invalid UTF-8, a BOM, CRLF and lone CR line ends, a symlink loop,
 * a file that vanishes between listing and reading, a directory and a FIFO named like a config, and
 * 5,000 small files. Each goes through the disk layer (files.ts), the core with every core/ide query
 * (the fuzz harness's `runCase`, which fails on exceptions and out-of-document ranges) and, where
 * it matters, the CLI in-process. Temporary trees live under os.tmpdir() and are removed.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
// The module object itself (not an interop copy), so a test can mock one of its functions.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import nodeFs = require('node:fs');
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli } from '../../server/src/cli/commands';
import { DEFAULT_CONFIG, Workspace } from '../../server/src/core/analysis';
import { LineIndex } from '../../server/src/core/text';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_MAX_FILE_SIZE, findEsshFiles, readTextFile, toFileId, type SkippedFile } from '../../server/src/files';
import { MAIN_FILE, Random, runCase, type Failure } from '../fuzz/fuzz';
import { ideQueries } from '../fuzz/queries';
import { makeTempDir, removeTempDir, writeTree } from '../support/paths';

const QUERIES = ideQueries();

/** Runs one text through the core and every editor query; returns the failure, if any. */
function coreFailure(text: string, slowMs = 60_000): Failure | undefined {
	return runCase(new Workspace(), { files: [{ path: MAIN_FILE, text }], config: DEFAULT_CONFIG, recipe: 'hostile' }, { slowMs, offsetsPerFile: 6, queries: QUERIES });
}

function diagnosticsOf(text: string): Array<{ code: string; severity: string; start: number; end: number }> {
	const workspace = new Workspace();
	workspace.setFile(MAIN_FILE, text);
	return workspace.analysis().diagnostics(MAIN_FILE).map(diag => ({ code: diag.code, severity: diag.severity, start: diag.range.start, end: diag.range.end }));
}

/** Runs the CLI in-process without the user directory; returns status and output. */
function cli(args: string[], cwd: string): { status: number; out: string; err: string } {
	let out = '';
	let err = '';
	const status = runCli([...args, '--no-user-config'], { out: text => { out += text; }, err: text => { err += text; }, cwd, env: {} });
	return { status, out, err };
}

let temp: string;

before(() => {
	temp = makeTempDir('hostile');
});

after(() => {
	removeTempDir(temp);
});

describe('size', () => {
	/** About 10 MB of ordinary host definitions (77,000 hosts). */
	function tenMegabytes(): string {
		const parts: string[] = [];
		let size = 0;
		for (let index = 0; size < 10 * 1024 * 1024; index++) {
			const part = `host "web${index}" {\n\tHostName = "10.0.${index % 256}.${index % 200}",\n\tUser = "deploy",\n\tdescription = "web server number ${index}",\n\ttags = { "web", "rack${index % 40}" },\n}\n`;
			parts.push(part);
			size += part.length;
		}
		return parts.join('');
	}

	test('the CLI skips a 10 MB config past the size limit and says so', () => {
		const directory = path.join(temp, 'big');
		writeTree(directory, { '.esshconfig.lua': tenMegabytes(), 'small/.esshconfig.lua': 'host "a" { HostName = "a" }\n' });
		const result = cli(['check', '.'], directory);
		assert.equal(result.status, 0, result.err);
		assert.match(result.err, new RegExp(`skipped \\.esshconfig\\.lua: is \\d+ bytes, over the ${DEFAULT_MAX_FILE_SIZE}-byte limit`));
		assert.match(result.out, /in 1 file\n$/);
	});

	test('the core analyses a 10 MB text without crashing', t => {
		const text = tenMegabytes();
		const started = performance.now();
		const workspace = new Workspace();
		workspace.setFile(MAIN_FILE, text);
		const analysis = workspace.analysis();
		const diagnostics = analysis.diagnostics(MAIN_FILE);
		const hosts = analysis.allSets().reduce((count, set) => count + set.registry.hosts.size, 0);
		t.diagnostic(`10 MB core analysis: ${Math.round(performance.now() - started)} ms, ${hosts} hosts, rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
		assert.deepEqual(diagnostics, []);
		assert.ok(hosts > 70_000);
	});
});

describe('nesting', () => {
	for (const [name, open, close] of [['tables', '{', '}'], ['parentheses', '(', ')'], ['table fields', '{ a = ', '}'], ['function bodies', 'function() ', ' end']]) {
		test(`10,000 levels of nested ${name} give an error diagnostic, not a crash`, () => {
			const text = `local x = ${open.repeat(10_000)}1${close.repeat(10_000)}\nhost "a" {}\n`;
			assert.equal(coreFailure(text), undefined);
			const errors = diagnosticsOf(text).filter(diag => diag.severity === 'error');
			assert.ok(errors.length > 0, 'an error diagnostic');
		});
	}

	test('10,000 unclosed braces give an error diagnostic', () => {
		const text = `host "a" ${'{'.repeat(10_000)}`;
		assert.equal(coreFailure(text), undefined);
		assert.ok(diagnosticsOf(text).some(diag => diag.code === 'lua-syntax'));
	});
});

describe('bytes and encodings', () => {
	test('a file of random bytes is read and analysed', () => {
		const random = new Random(4242);
		const bytes = Buffer.alloc(64 * 1024);
		for (let index = 0; index < bytes.length; index++) {
			bytes[index] = random.int(256);
		}
		const file = path.join(temp, 'random.lua');
		fs.writeFileSync(file, bytes);
		const read = readTextFile(file);
		assert.ok(read.ok);
		assert.equal(coreFailure(read.text), undefined);
		assert.ok(diagnosticsOf(read.text).some(diag => diag.severity === 'error'));
	});

	test('each byte that is not UTF-8 decodes to U+DC80 + byte and positions stay in UTF-16 units', () => {
		const file = path.join(temp, 'latin1.lua');
		// `host "caf\xe9" { Port = 22 }` in Latin-1: 0xE9 alone is not UTF-8.
		fs.writeFileSync(file, Buffer.concat([Buffer.from('host "caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from('" { Port = 22 }\n')]));
		const read = readTextFile(file);
		assert.ok(read.ok);
		assert.equal(read.text, 'host "caf\uDCE9\uDCFF\uDCC3" { Port = 22 }\n');
		assert.equal(coreFailure(read.text), undefined);
		const port = diagnosticsOf(read.text).find(diag => diag.code === 'host-ssh-prop-type');
		assert.ok(port, 'the Port number is reported');
		assert.equal(read.text.slice(port.start, port.end), '22');
	});

	test('a BOM is reported and does not shift later positions', () => {
		const text = '\uFEFFhost "a" { Port = 22 }\n';
		assert.equal(coreFailure(text), undefined);
		const diagnostics = diagnosticsOf(text);
		assert.ok(diagnostics.some(diag => diag.code === 'lua-bom' && diag.start === 0 && diag.end === 1));
		const port = diagnostics.find(diag => diag.code === 'host-ssh-prop-type');
		if (port) {
			assert.equal(text.slice(port.start, port.end), '22');
		}
	});

	for (const [name, lineEnd] of [['LF', '\n'], ['CRLF', '\r\n'], ['lone CR', '\r']]) {
		test(`${name} line ends give the same line and column`, () => {
			const text = ['-- first line', 'host "a" {', '    Port = 22,', '}', ''].join(lineEnd);
			assert.equal(coreFailure(text), undefined);
			const port = diagnosticsOf(text).find(diag => diag.code === 'host-ssh-prop-type');
			assert.ok(port);
			assert.equal(text.slice(port.start, port.end), '22');
			assert.deepEqual(new LineIndex(text).position(port.start), { line: 2, character: 11 });
			const directory = path.join(temp, `ends-${name.replace(' ', '-')}`);
			writeTree(directory, { '.esshconfig.lua': text });
			const result = cli(['check', '.'], directory);
			assert.match(result.out, /^\.esshconfig\.lua:3:12: error host-ssh-prop-type: /m);
		});
	}
});

describe('the file system', () => {
	test('a symlink loop in the workspace does not trap the walk', () => {
		const directory = path.join(temp, 'loop');
		writeTree(directory, { '.esshconfig.lua': 'host "a" {}\n', 'sub/.esshconfig.lua': 'host "b" {}\n' });
		fs.symlinkSync('..', path.join(directory, 'sub', 'up'));
		fs.symlinkSync('.', path.join(directory, 'self'));
		fs.symlinkSync('dangling-target', path.join(directory, 'dangling'));
		fs.symlinkSync('cycle-b', path.join(directory, 'cycle-a'));
		fs.symlinkSync('cycle-a', path.join(directory, 'cycle-b'));
		const files = findEsshFiles(directory, { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE });
		assert.deepEqual(files, [toFileId(path.join(directory, '.esshconfig.lua')), toFileId(path.join(directory, 'sub', '.esshconfig.lua'))]);
		const result = cli(['check', '.'], directory);
		assert.equal(result.status, 0, result.err);
		assert.match(result.out, /in 2 files\n$/);
	});

	test('a file deleted between listing and reading gives a reason, not an exception', () => {
		const directory = path.join(temp, 'vanish');
		writeTree(directory, { '.esshconfig.lua': 'host "a" {}\n' });
		const files = findEsshFiles(directory, { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE });
		assert.equal(files.length, 1);
		fs.rmSync(files[0]);
		assert.deepEqual(readTextFile(files[0]), { ok: false, reason: 'does not exist' });
	});

	test('a directory named .esshconfig.lua is walked, not read', () => {
		const directory = path.join(temp, 'dirname');
		writeTree(directory, { '.esshconfig.lua/inner/.esshconfig.lua': 'host "inner" {}\n' });
		const files = findEsshFiles(directory, { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE });
		assert.deepEqual(files, [toFileId(path.join(directory, '.esshconfig.lua', 'inner', '.esshconfig.lua'))]);
		assert.deepEqual(readTextFile(path.join(directory, '.esshconfig.lua')), { ok: false, reason: 'is a directory' });
		const result = cli(['check', '.'], directory);
		assert.equal(result.status, 0, result.err);
		const explicit = cli(['check', '.esshconfig.lua'], directory);
		assert.equal(explicit.status, 0, explicit.err);
	});

	test('a FIFO or a device behind a config name is refused without blocking', () => {
		const directory = path.join(temp, 'special');
		fs.mkdirSync(directory);
		execFileSync('mkfifo', [path.join(directory, 'fifo.lua')]);
		fs.symlinkSync(path.join(directory, 'fifo.lua'), path.join(directory, '.esshconfig.lua'));
		fs.mkdirSync(path.join(directory, 'dev'));
		fs.symlinkSync('/dev/zero', path.join(directory, 'dev', '.esshconfig.lua'));
		assert.deepEqual(readTextFile(path.join(directory, '.esshconfig.lua')), { ok: false, reason: 'is not a regular file' });
		assert.deepEqual(readTextFile(path.join(directory, 'dev', '.esshconfig.lua')), { ok: false, reason: 'is not a regular file' });
		const result = cli(['check', '.'], directory);
		assert.match(result.err, /skipped \.esshconfig\.lua: is not a regular file/);
		assert.match(result.err, /skipped dev\/\.esshconfig\.lua: is not a regular file/);
	});

	test('an unreadable directory is reported as skipped', t => {
		const directory = path.join(temp, 'locked');
		writeTree(directory, { 'ok/.esshconfig.lua': 'host "a" {}\n', 'closed/.esshconfig.lua': 'host "b" {}\n' });
		// Root reads every directory whatever its mode, so the refusal is simulated where listing happens.
		const closed = path.join(directory, 'closed');
		const realReaddir = nodeFs.readdirSync;
		t.mock.method(nodeFs, 'readdirSync', (...args: Parameters<typeof nodeFs.readdirSync>) => {
			if (String(args[0]) === closed) {
				throw Object.assign(new Error(`EACCES: permission denied, scandir '${closed}'`), { code: 'EACCES' });
			}
			return realReaddir(...args);
		});
		const skipped: SkippedFile[] = [];
		const files = findEsshFiles(directory, { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE }, skipped);
		assert.equal(files.length, 1);
		assert.equal(skipped.length, 1);
		assert.match(skipped[0].reason, /cannot list the directory \(EACCES\)/);
	});

	test('5,000 small files are checked', t => {
		const directory = path.join(temp, 'many');
		const files: Record<string, string> = {};
		for (let index = 0; index < 5000; index++) {
			files[`p${String(index).padStart(4, '0')}/.esshconfig.lua`] = `host "h${index}" { HostName = "10.0.${index % 256}.1", tags = { "web" } }\ntask "t${index}" { targets = "web", script = "true" }\n`;
		}
		writeTree(directory, files);
		const started = performance.now();
		const result = cli(['check', '.'], directory);
		t.diagnostic(`check of 5,000 files: ${Math.round(performance.now() - started)} ms`);
		assert.equal(result.status, 0, result.err);
		assert.match(result.out, /^0 errors, 0 warnings, 0 information, 0 hints in 5000 files\n$/m);
	});
});
