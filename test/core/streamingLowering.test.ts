/**
 * Tests for lowering while parsing (`StatementSink` of core/syntax.ts, `ChunkLowering` of
 * core/lower.ts): handing each top-level statement to the lowering as soon as luaparse completes
 * it, and dropping its tree, gives exactly the diagnostics and symbols of parsing the whole file
 * and lowering the tree afterwards, for every seed config, generated fleet modules and thousands
 * of mutated texts (syntax errors, dialect workarounds and re-parses included), in both Lua dialects.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as luaparse from 'luaparse';
import { Workspace, type LoweredFile } from '../../server/src/core/analysis';
import { ChunkLowering, lowerChunk, type FileSymbols } from '../../server/src/core/lower';
import { parseLua, type ParseResult } from '../../server/src/core/syntax';
import { luaDialectOf, parseVersion, type EsshVersion } from '../../server/src/core/version';
import { loadSeeds, MUTATIONS, Random } from '../fuzz/fuzz';
import { randomEdit } from '../support/incremental';
import { mulberry32 } from '../support/random';

const VERSIONS: EsshVersion[] = ['3.4.0', '2.1.0', '0.9.0', '3.8.0'].map(text => parseVersion(text)!);

/** Parse, then lower the whole tree: what the core did before lowering while parsing. */
function afterwards(text: string, version: EsshVersion): { parsed: ParseResult; symbols: FileSymbols | undefined } {
	const parsed = parseLua(text, luaDialectOf(version));
	return { parsed, symbols: parsed.chunk ? lowerChunk(parsed.chunk, version) : undefined };
}

/** Lower each statement as it is parsed; `statements` counts what the sink received on the final attempt. */
function whileParsing(text: string, version: EsshVersion): { parsed: ParseResult; symbols: FileSymbols | undefined; statements: number } {
	let lowering = new ChunkLowering(version);
	let statements = 0;
	const parsed = parseLua(text, luaDialectOf(version), {
		reset: () => {
			lowering = new ChunkLowering(version);
			statements = 0;
		},
		statement: node => {
			statements++;
			lowering.statement(node);
		},
	});
	return { parsed, symbols: parsed.chunk ? lowering.finish() : undefined, statements };
}

/** Asserts both ways agree on `text`, and that the streamed tree kept only each statement's type and range. */
function checkSame(text: string, version: EsshVersion, label: string): void {
	const before = afterwards(text, version);
	const after = whileParsing(text, version);
	assert.deepEqual(after.parsed.diagnostics, before.parsed.diagnostics, `diagnostics of ${label}`);
	assert.equal(after.parsed.chunk !== undefined, before.parsed.chunk !== undefined, `tree presence of ${label}`);
	assert.deepEqual(after.symbols, before.symbols, `symbols of ${label}`);
	if (after.parsed.chunk && before.parsed.chunk) {
		assert.equal(after.statements, before.parsed.chunk.body.length, `statements handed over for ${label}`);
		for (const statement of after.parsed.chunk.body) {
			const kept = Object.entries(statement as unknown as Record<string, unknown>).filter(([, value]) => typeof value === 'object' && value !== null);
			assert.deepEqual(kept.map(([key]) => key), ['range'], `children of a ${statement.type} dropped in ${label}`);
		}
	}
}

test('every seed config lowers the same while parsing as after parsing, in every dialect', () => {
	const seeds = loadSeeds();
	assert.ok(seeds.length >= 20, `seeds found: ${seeds.length}`);
	for (const seed of seeds) {
		for (const version of VERSIONS) {
			checkSame(seed.text, version, `${seed.name} at ${version.major}.${version.minor}`);
		}
	}
});

test('mutated configs (syntax errors, workarounds, odd nesting) lower the same both ways', () => {
	const seeds = loadSeeds();
	const mutations = Object.entries(MUTATIONS);
	const random = new Random(20261202);
	let withTree = 0;
	let withoutTree = 0;
	for (let index = 0; index < 1500; index++) {
		let text = random.pick(seeds).text;
		const recipe: string[] = [];
		for (let step = 1 + random.int(3); step > 0; step--) {
			const [name, mutate] = random.pick(mutations);
			recipe.push(name);
			text = mutate(random, text, seeds);
		}
		const version = random.pick(VERSIONS);
		checkSame(text, version, `case ${index} (${recipe.join(', ')})`);
		if (parseLua(text, luaDialectOf(version)).chunk) {
			withTree++;
		} else {
			withoutTree++;
		}
	}
	// Both outcomes must be exercised, or the comparison proves little.
	assert.ok(withTree > 100 && withoutTree > 100, `with a tree ${withTree}, without ${withoutTree}`);
});

test('a re-parse after a dialect workaround starts the lowering again', () => {
	// luaparse (5.1) rejects `break;`, which Lua 5.1 allows: the text is adjusted and parsed again.
	const text = 'host "a" { tags = { "t" } }\nwhile true do break; end\nhost "b" {}\n';
	const version = parseVersion('3.4.0')!;
	const streamed = whileParsing(text, version);
	assert.deepEqual(streamed.parsed.diagnostics, []);
	assert.equal(streamed.symbols?.ops.filter(op => op.op === 'create').length, 2);
	checkSame(text, version, 'break; in a loop');
});

test('the fork dialect reports a statement after `break` in a nested block, as before (at the top level luaparse rejects `break` itself)', () => {
	const version = parseVersion('3.8.0')!;
	for (const text of [
		'for i = 1, 2 do break; host "x" {} end\n',
		'while true do if x then break; y() end end\n',
		'do break end\nhost "a" {}\n',
		'break\nhost "a" {}\n',
		'break\n',
	]) {
		checkSame(text, version, JSON.stringify(text));
	}
	const streamed = whileParsing('host "a" {}\nfor i = 1, 2 do break; host "x" {} end\n', version);
	assert.deepEqual(streamed.parsed.diagnostics.map(diag => diag.message.slice(0, 40)), ['`break` must be the last statement of it']);
});

test('named function statements are statements, anonymous functions at the top level are not', () => {
	const version = parseVersion('3.4.0')!;
	const text = 'function f() host "in" {} end\nlocal function g() end\nhost "a" { prepare = function() return 1 end }\nlocal h = function() end\nf()\n';
	const streamed = whileParsing(text, version);
	assert.equal(streamed.statements, 5);
	checkSame(text, version, 'functions');
	const body = streamed.parsed.chunk!.body as luaparse.Statement[];
	assert.deepEqual(body.map(statement => statement.type), ['FunctionDeclaration', 'FunctionDeclaration', 'CallStatement', 'LocalStatement', 'CallStatement']);
});

/** A file of `count` host blocks, the kind of file an edit touches in one place. */
function hostFile(count: number): string {
	let text = 'local defaults = { User = "deploy" }\n';
	for (let index = 0; index < count; index++) {
		text += `host "h-${index}" {\n\tHostName = "10.0.0.${index}",\n\tPort = "22",\n\ttags = { "rack-${index % 4}", "role-web" },\n}\n`;
	}
	return text;
}

/** A workspace holding one config file at ESSH 3.4, and its current lowering. */
function oneFile(text: string): { workspace: Workspace; file: string; version: EsshVersion; symbols: () => FileSymbols } {
	const version = parseVersion('3.4.0')!;
	const file = '/p/.esshconfig.lua';
	const workspace = new Workspace();
	workspace.setFile(file, text);
	return { workspace, file, version, symbols: () => workspace.lowered(file, version)!.symbols! };
}

test('after an edit, the operations of the statements it did not touch are the previous lowering\'s objects', () => {
	let text = hostFile(40);
	const { workspace, file, version, symbols } = oneFile(text);
	const before = symbols();
	// The same length (a tag renamed) in the middle, then a longer name at the same place.
	for (const replacement of ['role-dbx', 'role-database']) {
		const previous = symbols();
		// The second tag of host h-20 (`"rack-0", "role-…"`).
		const at = text.indexOf('", "', text.indexOf('host "h-20"')) + 4;
		text = text.slice(0, at) + replacement + text.slice(text.indexOf('"', at));
		workspace.setFile(file, text);
		const after = symbols();
		assert.deepEqual(after, whileParsing(text, version).symbols, 'shared symbols equal a fresh lowering');
		const shared = after.ops.filter(op => previous.ops.includes(op)).length;
		const sameLength = replacement.length === 'role-web'.length;
		// Every host block is two operations (create, apply): all but the edited block's `apply` are
		// shared when the length stayed; when it changed, those before it only (the ranges after it moved).
		assert.equal(shared, sameLength ? after.ops.length - 1 : 2 * 20 + 1, `${replacement}: ${shared} of ${after.ops.length} operations shared`);
	}
	assert.notEqual(symbols(), before);
});

test('an edit that changes no operation keeps the previous symbols object', () => {
	const text = hostFile(5);
	const { workspace, file, symbols } = oneFile(text);
	const before = symbols();
	workspace.setFile(file, `${text}-- a comment\n`);
	assert.equal(symbols(), before);
});

test('random edits: the shared lowering always equals a fresh lowering of the same text', () => {
	const seeds = loadSeeds();
	const mutations = Object.entries(MUTATIONS);
	const random = new Random(7);
	const file = '/p/.esshconfig.lua';
	for (let round = 0; round < 60; round++) {
		const version = random.pick(VERSIONS);
		const workspace = new Workspace();
		let text = random.pick(seeds).text;
		for (let step = 0; step < 12; step++) {
			const [name, mutate] = random.pick(mutations);
			text = mutate(random, text, seeds);
			workspace.setFile(file, text);
			const lowered = workspace.lowered(file, version)!;
			if (lowered.stale || !lowered.symbols) {
				continue;
			}
			assert.deepEqual(lowered.symbols, whileParsing(text, version).symbols, `round ${round} step ${step} (${name})`);
		}
	}
});

/** The lowering `workspace` gives `text` after `previous`, beside a fresh workspace's (no previous text). */
function afterEdit(previous: string, text: string, version: EsshVersion): { incremental: LoweredFile; fresh: LoweredFile; partly: number } {
	const file = '/p/.esshconfig.lua';
	const workspace = new Workspace();
	workspace.setFile(file, previous);
	workspace.lowered(file, version);
	workspace.setFile(file, text);
	const incremental = workspace.lowered(file, version)!;
	const other = new Workspace();
	other.setFile(file, text);
	return { incremental, fresh: other.lowered(file, version)!, partly: workspace.counters.partlyParsed };
}

function checkEdit(previous: string, text: string, version: EsshVersion, label: string): number {
	const { incremental, fresh, partly } = afterEdit(previous, text, version);
	assert.deepEqual(incremental.diagnostics, fresh.diagnostics, `diagnostics after ${label}`);
	if (!incremental.stale) {
		assert.deepEqual(incremental.symbols, fresh.symbols, `symbols after ${label}`);
	}
	return partly;
}

test('an edit inside one statement parses only around it, and the result equals a whole parse', () => {
	const version = parseVersion('3.4.0')!;
	const text = hostFile(30).replace('local defaults = { User = "deploy" }\n', '');
	// The same length in the middle: only that host block is parsed again.
	const at = text.indexOf('10.0.0.15');
	assert.equal(checkEdit(text, `${text.slice(0, at)}10.9.9.15${text.slice(at + 9)}`, version, 'same length'), 1);
	// Longer: parsed from that block to the end.
	assert.equal(checkEdit(text, `${text.slice(0, at)}10.0.0.150${text.slice(at + 9)}`, version, 'longer'), 1);
	// A file whose first statement declares a local is parsed whole after an edit below it.
	const withLocal = `local port = "22"\n${text}`;
	const atLocal = withLocal.indexOf('10.0.0.15');
	assert.equal(checkEdit(withLocal, `${withLocal.slice(0, atLocal)}10.9.9.15${withLocal.slice(atLocal + 9)}`, version, 'after a local'), 0);
});

test('a kept statement keeps its lowering diagnostics, and the window reports its own', () => {
	const version = parseVersion('3.4.0')!;
	const base = 'essh.host(1, 2, 3)\nhost "a" { HostName = "x" }\nhost "b" { HostName = "y" }\nessh.host(4, 5, 6)\nhost "c" {}\n';
	// The same length, between the two statements with diagnostics: both are kept.
	assert.equal(checkEdit(base, base.replace('"y"', '"w"'), version, 'between'), 1);
	// The window's own statement gains one; then loses it again.
	const broken = base.replace('host "b" { HostName = "y" }', 'essh.host(7, 8, 9)         ');
	assert.equal(checkEdit(base, broken, version, 'gains one'), 1);
	assert.equal(checkEdit(broken, base, version, 'loses it'), 1);
	const { incremental } = afterEdit(base, broken, version);
	assert.deepEqual(incremental.diagnostics.map(diag => diag.code), ['call-arity', 'call-arity', 'call-arity']);
	// The fork's dialect reports `break` placement per statement while parsing: a previous text with
	// a parse diagnostic there is parsed whole.
	const fork = parseVersion('3.8.0')!;
	const withBreak = `for i = 1, 2 do break; host "x" {} end\n${base}`;
	assert.equal(checkEdit(withBreak, withBreak.replace('"y"', '"w"'), fork, 'fork with a break diagnostic'), 0);
});

test('edits that would make a kept statement differ are parsed whole', () => {
	const version = parseVersion('3.4.0')!;
	const base = 'host "a" { HostName = "x" }\nhost "b" { HostName = "y" }\nhost "c" { HostName = "z" }\nhost "d" {}\n';
	const cases: Array<[string, string]> = [
		// A local read by the statements after the window.
		['host "a" { HostName = "x" }\nlocal y = 1\nhost "c" { HostName = y }\n', 'host "a" { HostName = "x" }\nlocal y = 2\nhost "c" { HostName = y }\n'],
		['host "a" { HostName = "x" }\nhost "b" { HostName = "y" }\nhost "c" { HostName = ip }\n', 'host "a" { HostName = "x" }\nip = "1.2.3.4"\nhost "c" { HostName = ip }\n'],
		// A `return` in the window with statements after it: the whole text is a syntax error.
		[base, base.replace('host "b" { HostName = "y" }', 'return host "e" {}         ')],
		// A statement after the window that starts with `(`: the window's last expression may call it.
		['host "a" {}\nif x then end\n(f)("y")\nhost "b" {}\n', 'host "a" {}\nprint(x, 123)\n(f)("y")\nhost "b" {}\n'],
		// An unfinished long string or comment that swallows what follows.
		[base, base.replace('HostName = "y"', 'HostName = [[y')],
		[base, base.replace('HostName = "y"', '--[[ HostName ')],
		// A label and a goto (the fork's dialect).
		['host "a" {}\n::top::\nhost "b" {}\n', 'host "a" {}\n::top::\nhost "bb" {}\ngoto top\n'],
		// Objects created or removed in the window renumber those after it.
		[base, base.replace('host "b" { HostName = "y" }', 'host "b" {} host "e" {}  ')],
		[base, base.replace('host "b" { HostName = "y" }', '                           ')],
		// A new statement in the gap between two kept ones.
		[base, base.replace('\nhost "c"', '\nhost "q" {}\nhost "c"')],
		// A function body assigning a global.
		[base, base.replace('HostName = "y" ', 'prepare = function() g = 1 end')],
	];
	for (const [previous, text] of cases) {
		// Same-length edits, so that statements after the window may be kept.
		assert.ok(text.length === previous.length || !text.includes('return'), `the return case keeps its length: ${JSON.stringify(text)}`);
		for (const version of [parseVersion('3.4.0')!, parseVersion('3.8.0')!]) {
			checkEdit(previous, text, version, JSON.stringify(text));
		}
	}
	assert.equal(checkEdit(base, base.replace('"y"', '"w"'), version, 'a string retyped'), 1);
});

test('random edits of every seed: parsing around the edit always equals a whole parse', () => {
	const seeds = loadSeeds();
	let partly = 0;
	for (const version of VERSIONS) {
		for (let index = 0; index < seeds.length; index++) {
			const random = mulberry32(index + 1);
			const file = '/p/.esshconfig.lua';
			const workspace = new Workspace();
			let text = seeds[index].text;
			workspace.setFile(file, text);
			workspace.lowered(file, version);
			for (let step = 0; step < 25; step++) {
				text = randomEdit(text, random);
				workspace.setFile(file, text);
				const lowered = workspace.lowered(file, version)!;
				const other = new Workspace();
				other.setFile(file, text);
				const fresh = other.lowered(file, version)!;
				const label = `${seeds[index].name} at ${version.major}.${version.minor}, step ${step}`;
				assert.deepEqual(lowered.diagnostics, fresh.diagnostics, label);
				if (!lowered.stale) {
					assert.deepEqual(lowered.symbols, fresh.symbols, label);
				}
			}
			partly += workspace.counters.partlyParsed;
		}
	}
	// Most edits of clean files take the window: the comparison must cover it.
	assert.ok(partly > 200, `parsed around the edit: ${partly}`);
});
