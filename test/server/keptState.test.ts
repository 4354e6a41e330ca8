/**
 * The kept state (server/src/cache/): a warm start answers exactly what a cold one does, over the
 * fixtures, the optional reference examples and corpus, and generated fleets, with files edited
 * while nothing ran, records damaged byte by byte, garbage in the folder, another build, a folder
 * that cannot be written, two writers on one folder and a size limit.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_CONFIG, exportLowered, Workspace, type AnalysisConfig } from '../../server/src/core/analysis';
import { decodeSymbols, encodeSymbols } from '../../server/src/cache/codec';
import { STATE_FOLDER, StateCache } from '../../server/src/cache/store';
import { parseVersion } from '../../server/src/core/version';
import { generateWorkspace } from '../bench/generate';
import { readLuaTree } from '../support/incremental';
import { keepState, renderDiagnostics, warmEqualsCold, workspaceOf } from '../support/keptState';
import { makeTempDir, referenceSuite, removeTempDir, repoRoot, sharedDir } from '../support/paths';

const fixtures = path.join(repoRoot(), 'test', 'fixtures');

/** Every fixture: project folders as they are, one-file fixtures each in a project folder of its own. */
function fixtureTexts(): Map<string, string> {
	const texts = new Map<string, string>();
	for (const entry of fs.readdirSync(fixtures, { withFileTypes: true })) {
		if (entry.isDirectory()) {
			for (const [file, text] of readLuaTree(path.join(fixtures, entry.name), `/fixtures/${entry.name}`)) {
				texts.set(file, text);
			}
		} else if (entry.name.endsWith('.lua')) {
			texts.set(`/fixtures/${entry.name.replace(/\.lua$/, '')}/.esshconfig.lua`, fs.readFileSync(path.join(fixtures, entry.name), 'utf8'));
		}
	}
	return texts;
}

function config(version: string): AnalysisConfig {
	return { ...DEFAULT_CONFIG, version: parseVersion(version)! };
}

function withTemp(prefix: string, body: (directory: string) => void): void {
	const directory = makeTempDir(prefix);
	try {
		body(directory);
	} finally {
		removeTempDir(directory);
	}
}

function recordFiles(directory: string): string[] {
	return fs.readdirSync(path.join(directory, STATE_FOLDER)).filter(name => name.endsWith('.rec')).sort();
}

/** Warm equals cold over these texts: unchanged (nothing parsed), and with one file edited while "stopped" (only it parsed). */
function checkTexts(texts: Map<string, string>, context: string, versions: string[] = ['3.4']): void {
	for (const version of versions) {
		withTemp('kept', directory => {
			keepState(texts, directory, config(version));
			const warm = warmEqualsCold(texts, directory, `${context} (${version})`, config(version));
			assert.equal(warm.counters.parsed, 0, `${context}: nothing is parsed on an unchanged warm start`);
			assert.equal(warm.counters.restoredFiles, texts.size);
			assert.deepEqual(warm.log, []);
			const edited = new Map(texts);
			const file = [...texts.keys()].sort()[Math.floor(texts.size / 2)];
			edited.set(file, `${texts.get(file)!}\nhost "kept-state-added" { HostName = "10.9.9.9", tags = { "kept" } }\n`);
			const after = warmEqualsCold(edited, directory, `${context}, ${file} edited while stopped (${version})`, config(version));
			assert.equal(after.counters.parsed, 1, `${context}: only the edited file is parsed`);
		});
	}
}

describe('kept state: warm answers equal cold ones', () => {
	test('the codec gives back every fixture lowering exactly', () => {
		const texts = fixtureTexts();
		for (const version of ['3.4', '2.1', '0.9', '3.8']) {
			const workspace = workspaceOf(texts);
			for (const file of texts.keys()) {
				const symbols = workspace.lowered(file, parseVersion(version)!)?.symbols;
				if (symbols) {
					assert.ok(isDeepStrictEqual(decodeSymbols(encodeSymbols(symbols)), symbols), `${file} under ${version}`);
				}
			}
		}
	});

	test('the fixtures, under several ESSH versions', () => {
		checkTexts(fixtureTexts(), 'fixtures', ['3.4', '2.1', '0.9', '3.8']);
	});

	test('the examples', () => {
		checkTexts(readLuaTree(path.join(repoRoot(), 'examples'), '/examples'), 'examples');
	});

	test('the reference examples', referenceSuite('essh-examples'), () => {
		checkTexts(readLuaTree(path.join(sharedDir(), 'essh-examples'), '/essh-examples'), 'reference examples');
	});

	test('the corpus', referenceSuite('corpus'), () => {
		checkTexts(readLuaTree(path.join(sharedDir(), 'corpus'), '/corpus'), 'corpus');
	});

	for (const shape of ['mixed', 'fleet'] as const) {
		test(`a generated ${shape} workspace`, () => {
			withTemp('kept-gen', root => {
				const generated = generateWorkspace(root, 400, shape);
				const texts = new Map(generated.files.map(file => [file, fs.readFileSync(file, 'utf8')] as const));
				checkTexts(texts, `generated ${shape}`);
				withTemp('kept', directory => {
					// The benchmark's edit: the tag a task in another module targets.
					keepState(texts, directory);
					const edited = new Map(texts);
					const text = texts.get(generated.edit.file)!;
					const lines = text.split('\n');
					const line = lines[generated.edit.line];
					lines[generated.edit.line] = line.slice(0, generated.edit.character) + generated.edit.off + line.slice(generated.edit.character + generated.edit.length);
					assert.notEqual(lines.join('\n'), text);
					edited.set(generated.edit.file, lines.join('\n'));
					const warm = warmEqualsCold(edited, directory, `generated ${shape}, the benchmark's edit`);
					assert.equal(warm.counters.parsed, 1);
				});
			});
		});
	}

	test('lowerings computed elsewhere (a worker) are handed in through a source and give the cold answers', () => {
		const texts = fixtureTexts();
		const version = parseVersion('3.4')!;
		// What a worker would send back: plain data for each text, through a structured clone.
		const computed = new Map([...texts].map(([file, text]) => [file, structuredClone(exportLowered(Workspace.lowerText(text, version)))] as const));
		const workspace = new Workspace();
		workspace.restoreFrom({
			lowered: (file, text) => {
				const result = computed.get(file);
				return result && texts.get(file) === text ? { diagnostics: result.diagnostics, parsed: result.parsed, hasSymbols: result.symbols !== undefined, symbols: () => result.symbols } : undefined;
			},
			set: () => undefined,
		});
		for (const [file, text] of texts) {
			workspace.setFile(file, text);
		}
		assert.equal(renderDiagnostics(workspace, DEFAULT_CONFIG), renderDiagnostics(workspaceOf(texts), DEFAULT_CONFIG));
		assert.equal(workspace.counters.parsed, 0);
		assert.equal(workspace.counters.restoredFiles, texts.size);
	});

	test('a file that does not parse, and one the lowering gives up on, restore as they were', () => {
		const texts = new Map([
			['/p/.esshconfig.lua', 'host "a" { HostName = "x", tags = { "t" } }\ntask "t" { targets = { "t" }, script = "true" }\nrequire "m"\n'],
			['/p/.essh/lib/m.lua', 'host "b" {\n'],
			['/p/.essh/lib/deep.lua', `local x = ${'{'.repeat(3000)}${'}'.repeat(3000)}\n`],
		]);
		checkTexts(texts, 'broken files');
	});
});

describe('kept state: restoration never trusts blindly', () => {
	const texts = fixtureTexts();
	const small = new Map([...texts].filter(([file]) => file.startsWith('/fixtures/name-clashes/') || file.startsWith('/fixtures/drivers/')));

	test('a record damaged byte by byte, or truncated, changes no answer and is replaced', () => {
		assert.ok(small.size >= 2);
		withTemp('kept-damage', directory => {
			keepState(small, directory);
			const folder = path.join(directory, STATE_FOLDER);
			const names = recordFiles(directory);
			assert.ok(names.some(name => name.startsWith('s-')) && names.some(name => name.startsWith('f-')));
			for (const name of names) {
				const file = path.join(folder, name);
				const pristine = fs.readFileSync(file);
				// Every byte of the smallest records, a spread of positions in the others.
				const step = pristine.length <= 1200 ? 1 : Math.ceil(pristine.length / 300);
				const positions: number[] = [];
				for (let position = 0; position < pristine.length; position += step) {
					positions.push(position);
				}
				positions.push(pristine.length - 1);
				for (const position of positions) {
					const damaged = Buffer.from(pristine);
					damaged[position] ^= 0x20;
					fs.writeFileSync(file, damaged);
					const warm = warmEqualsCold(small, directory, `${name} byte ${position} flipped`);
					assert.equal(warm.log.filter(line => line.includes(name)).length, 1, `${name} byte ${position}: said once`);
				}
				for (const length of [0, 1, Math.floor(pristine.length / 3), pristine.indexOf(0x0a), pristine.indexOf(0x0a) + 1, pristine.length - 1]) {
					fs.writeFileSync(file, pristine.subarray(0, length));
					warmEqualsCold(small, directory, `${name} truncated to ${length} bytes`);
				}
				fs.writeFileSync(file, Buffer.concat([pristine, Buffer.from('x')]));
				warmEqualsCold(small, directory, `${name} with a byte more`);
				// The next save replaces the damaged record with the same bytes a fresh save writes.
				const log: string[] = [];
				const cache = new StateCache({ directory, log: message => log.push(message) });
				const warm = new Workspace();
				warm.restoreFrom(cache.source());
				for (const [path_, text] of small) {
					warm.setFile(path_, text);
				}
				renderDiagnostics(warm, DEFAULT_CONFIG);
				cache.saveSync(warm, warm.analysis());
				assert.ok(pristine.equals(fs.readFileSync(file)), `${name} is written again`);
			}
		});
	});

	test('a folder full of garbage changes no answer, and files that are not ours are never deleted', () => {
		withTemp('kept-garbage', directory => {
			const folder = path.join(directory, STATE_FOLDER);
			fs.mkdirSync(folder, { recursive: true });
			fs.writeFileSync(path.join(directory, 'notes.txt'), 'mine');
			fs.writeFileSync(path.join(folder, 'README'), 'not a record');
			keepState(small, directory);
			for (const name of recordFiles(directory)) {
				fs.writeFileSync(path.join(folder, name), Buffer.from(name.split('').map((_, index) => (index * 37) % 256)));
			}
			fs.writeFileSync(path.join(folder, `f-${'0'.repeat(64)}.rec`), '{"magic":"essh-state"}\n');
			const warm = warmEqualsCold(small, directory, 'garbage records');
			assert.equal(warm.counters.restoredFiles, 0);
			assert.equal(warm.counters.restoredSets, 0);
			const cache = new StateCache({ directory, log: () => undefined });
			assert.ok(cache.clear() > 0);
			assert.equal(fs.readFileSync(path.join(directory, 'notes.txt'), 'utf8'), 'mine');
			assert.equal(fs.readFileSync(path.join(folder, 'README'), 'utf8'), 'not a record');
		});
	});

	test('records of another build are not used', () => {
		withTemp('kept-build', directory => {
			keepState(small, directory, DEFAULT_CONFIG, { build: 'build-a' });
			const other = warmEqualsCold(small, directory, 'another build', DEFAULT_CONFIG, 'build-b');
			assert.equal(other.counters.restoredFiles, 0);
			assert.equal(other.counters.parsed, small.size);
			const same = warmEqualsCold(small, directory, 'the same build', DEFAULT_CONFIG, 'build-a');
			assert.equal(same.counters.parsed, 0);
		});
	});

	test('a set kept under one configuration is not used under another', () => {
		withTemp('kept-config', directory => {
			keepState(texts, directory, config('3.4'));
			const warm = warmEqualsCold(texts, directory, 'kept under 3.4, read under 2.1', config('2.1'));
			assert.equal(warm.counters.restoredSets, 0);
			const user = { ...config('3.4'), userDirectory: '/home/someone/.essh' };
			assert.equal(warmEqualsCold(texts, directory, 'another user directory', user).counters.restoredSets, 0);
		});
	});

	test('a file added or removed while stopped invalidates the sets (module resolution may change)', () => {
		withTemp('kept-files', directory => {
			keepState(small, directory);
			const added = new Map(small);
			added.set('/fixtures/drivers/.essh/lib/extra.lua', 'host "extra" { HostName = "1.2.3.4" }\n');
			assert.equal(warmEqualsCold(added, directory, 'a file added').counters.restoredSets, 0);
			const removed = new Map([...small].slice(1));
			warmEqualsCold(removed, directory, 'a file removed');
		});
	});

	test('a folder that cannot be written is said once and changes nothing', () => {
		withTemp('kept-unwritable', directory => {
			const blocked = path.join(directory, 'blocked');
			fs.writeFileSync(blocked, 'a file where the cache folder would be');
			const log: string[] = [];
			const cache = keepState(small, blocked, DEFAULT_CONFIG, { log });
			assert.equal(log.filter(line => line.includes('cannot write')).length, 1, log.join('\n'));
			const workspace = workspaceOf(small);
			const report = cache.saveSync(workspace, workspace.analysis());
			assert.equal(report.files, 0);
			assert.equal(log.filter(line => line.includes('cannot write')).length, 1, 'said once per session');
			assert.equal(fs.readFileSync(blocked, 'utf8'), 'a file where the cache folder would be');
		});
	});

	test('two writers on one folder leave records both can use', () => {
		withTemp('kept-two', directory => {
			const first = new StateCache({ directory, log: () => undefined });
			const second = new StateCache({ directory, log: () => undefined });
			const other = new Map([...small].map(([file, text]) => [file, `${text}\n-- second window\n`]));
			const a = workspaceOf(small);
			const b = workspaceOf(other);
			// Interleaved: both read the (empty) folder first, then both write the same set slots.
			a.restoreFrom(first.source());
			b.restoreFrom(second.source());
			first.saveSync(a, a.analysis());
			second.saveSync(b, b.analysis());
			first.saveSync(a, a.analysis());
			assert.equal(fs.readdirSync(path.join(directory, STATE_FOLDER)).filter(name => name.endsWith('.tmp')).length, 0);
			warmEqualsCold(small, directory, 'the first window');
			warmEqualsCold(other, directory, 'the second window');
		});
	});

	test('the folder stays under its size limit, the least recently used records going first', () => {
		withTemp('kept-lru', root => {
			const generated = generateWorkspace(path.join(root, 'ws'), 200, 'fleet');
			const texts = new Map(generated.files.map(file => [file, fs.readFileSync(file, 'utf8')] as const));
			const directory = path.join(root, 'cache');
			const full = keepState(texts, directory);
			const total = (): number => recordFiles(directory).reduce((sum, name) => sum + fs.statSync(path.join(directory, STATE_FOLDER, name)).size, 0);
			const size = total();
			assert.ok(size > 0);
			full.clear();
			const limit = Math.floor(size * 0.6);
			const log: string[] = [];
			keepState(texts, directory, DEFAULT_CONFIG, { maxBytes: limit, log });
			assert.ok(total() <= limit, `${total()} bytes over the ${limit}-byte limit`);
			// What is left still answers correctly (partly warm).
			const warm = warmEqualsCold(texts, directory, 'after eviction');
			assert.ok(warm.counters.parsed > 0 && warm.counters.parsed < texts.size, `${warm.counters.parsed} parsed`);
		});
	});
});
