/**
 * The seeded fuzz harness (robustness, docs/security.md). It mutates the repository's configs
 * (examples/ and the acceptance fixtures of test/fixtures), plus the optional external reference
 * configs when they are present (see test/support/paths.ts): token deletion and duplication,
 * truncation at every offset, random bytes and code units, deep nesting, long and unfinished
 * strings, swapped quotes, unicode, line-end changes, splices. It feeds each result to the core
 * (Workspace, Analysis, diagnostics of every file) and to every editor query of core/ide at several
 * offsets, and reports a failure on any exception, any range outside
 * its document, or any call slower than a generous bound. A failure carries the seed, the case
 * number and a minimized input (delta debugging by lines, then by characters).
 * Run it with `npm run fuzz -- --cases N --seed S`; test/fuzz/fuzz.test.ts runs a short fixed run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workspace, type AnalysisConfig } from '../../server/src/core/analysis';
import type { FileId } from '../../server/src/core/diagnostic';
import type { TextRange } from '../../server/src/core/text';
import { parseLua } from '../../server/src/core/syntax';
import { parseVersion } from '../../server/src/core/version';
import { ideQueries, type IdeQuery } from './queries';
import { mulberry32 } from '../support/random';

/** Random helpers over one PRNG. */
export class Random {
	readonly next: () => number;

	constructor(seed: number) {
		this.next = mulberry32(seed);
	}

	/** An integer in [0, bound). */
	int(bound: number): number {
		return Math.floor(this.next() * bound);
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}
}

/** One input file the mutations start from. */
export interface SeedFile {
	name: string;
	text: string;
}

/** One fuzz input: files of one project (and sometimes a user directory), and the analysis config. */
export interface FuzzInput {
	files: Array<{ path: FileId; text: string }>;
	config: AnalysisConfig;
	/** A short description of how the input was made (mutation names). */
	recipe: string;
}

/** Why a case failed. `kind` is stable across minimization steps (used to keep the same failure). */
export interface Failure {
	kind: 'exception' | 'range' | 'slow' | 'message' | 'differential';
	/** What was being called (e.g. `diagnostics /fuzz/project/.esshconfig.lua`, `hover @12`). */
	where: string;
	message: string;
}

export const PROJECT = '/fuzz/project';
export const MAIN_FILE = `${PROJECT}/.esshconfig.lua`;
const OVERRIDE_FILE = `${PROJECT}/esshconfig_override.lua`;
const MODULE_FILE = `${PROJECT}/.essh/lib/fuzzmod.lua`;
const USER_DIRECTORY = '/fuzz/home/.essh';
const USER_FILE = `${USER_DIRECTORY}/config.lua`;
const VERSIONS = ['3.4', '3.4', '3.4', '2.1', '1.0', '0.86', '2.2'];

/** The repository root (the directory holding package.json), from the compiled or source location. */
export function repoRoot(): string {
	let directory = __dirname;
	while (!fs.existsSync(path.join(directory, 'package.json')) && path.dirname(directory) !== directory) {
		directory = path.dirname(directory);
	}
	return directory;
}

function collectLua(directory: string, acc: string[]): void {
	let entries: fs.Dirent[];
	try {
		entries = fs.readdirSync(directory, { withFileTypes: true });
	} catch {
		return;
	}
	for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) {
			collectLua(full, acc);
		} else if (entry.isFile() && entry.name.endsWith('.lua')) {
			acc.push(full);
		}
	}
}

/** A few inline seeds, always present. */
const BUILTIN_SEEDS: SeedFile[] = [
	{ name: 'builtin-hosts', text: 'host "web01" {\n\tHostName = "192.168.0.11",\n\tPort = "22",\n\tUser = "kohkimakimoto",\n\tdescription = "web server",\n\ttags = { "web" },\n}\n\nhost "db01" { HostName = "10.0.0.3", tags = { "db", "web" }, hidden = true }\n' },
	{ name: 'builtin-tasks', text: 'driver "docker" {\n\tengine = [=[\n\t\tset -e\n\t\t{{template "environment" .}}\n\t]=],\n}\n\ntask "deploy" {\n\tdescription = "deploy",\n\tdriver = "docker",\n\ttargets = { "web" },\n\tprepare = function ()\n\t\treturn true\n\tend,\n\tscript = { "echo hello", "echo $ESSH_HOSTNAME" },\n}\n' },
	{ name: 'builtin-groups', text: 'local g = group {\n\tdefault = { description = "grouped" },\n\thosts = { "a", "b" },\n}\nhost "c" { ["HostName"] = "c.example", tags = { "t" } }\nlocal m = require "fuzzmod"\nessh.debug = true\n' },
];

/**
 * Loads the seeds, sorted so runs are reproducible: the optional external reference configs when
 * present (see test/support/paths.ts), then the repository's examples/ and test/fixtures.
 */
export function loadSeeds(root = repoRoot()): SeedFile[] {
	const files: string[] = [];
	collectLua(path.resolve(root, '..', 'shared', 'essh-examples'), files);
	collectLua(path.resolve(root, '..', 'shared', 'corpus'), files);
	collectLua(path.join(root, 'examples'), files);
	collectLua(path.join(root, 'test', 'fixtures'), files);
	const result = files.map(file => ({ name: path.relative(path.resolve(root, '..'), file), text: fs.readFileSync(file, 'utf8') }));
	return [...result, ...BUILTIN_SEEDS];
}

/** Splits Lua-ish text into token ranges (identifiers, numbers, strings, operators); whitespace is skipped. */
export function roughTokens(text: string): TextRange[] {
	const result: TextRange[] = [];
	const pattern = /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?|\[=*\[|\]=*\]|--|\.\.\.?|[=~<>]=|\S/g;
	for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
		result.push({ start: match.index, end: match.index + match[0].length });
	}
	return result;
}

const UNICODE_SNIPPETS = ['😀', '👨‍👩‍👧', '\u0000', '\uFEFF', '\u2028', '\u2029', 'é', 'e\u0301', '日本語', '\uD83D', '\uDE00', '\uFFFD', '\u200B', '𝔘', '\u0085', '\x7F'];
const TOKEN_SNIPPETS = [
	'host', 'task', 'driver', 'group', 'end', 'function', 'local', '=', '==', '..', '...', '{', '}', '(', ')', '[', ']', ',', ';', '"', "'", '[[', ']]', '[==[', '--', '--[[',
	'require', 'require "fuzzmod"', 'dofile "x.lua"', 'essh.', 'essh.host', 'essh.task', 'essh.driver', 'namespace', 'tags = {', 'targets = "', 'driver = "', 'HostName =', 'script_file = "',
	'hidden = true', 'disabled = function () end', 'prepare = function (ctx) return os.execute("x") end', '#', '\\', '\\u{1F600}', '\\z', '0x', '1e', 'return', 'goto', '::l::', 'nil', 'not',
];

type Mutation = (random: Random, text: string, seeds: SeedFile[]) => string;

function insertAt(text: string, offset: number, insertion: string): string {
	return text.slice(0, offset) + insertion + text.slice(offset);
}

/** Every mutation, by name; each returns a new text. */
export const MUTATIONS: Record<string, Mutation> = {
	deleteToken(random, text) {
		const tokens = roughTokens(text);
		if (tokens.length === 0) {
			return text;
		}
		const first = random.int(tokens.length);
		const last = Math.min(tokens.length - 1, first + (random.chance(0.8) ? 0 : random.int(4)));
		return text.slice(0, tokens[first].start) + text.slice(tokens[last].end);
	},
	duplicateToken(random, text) {
		const tokens = roughTokens(text);
		if (tokens.length === 0) {
			return text;
		}
		const first = random.int(tokens.length);
		const last = Math.min(tokens.length - 1, first + random.int(6));
		const slice = text.slice(tokens[first].start, tokens[last].end);
		const copies = random.chance(0.9) ? 1 : 1 + random.int(20);
		return insertAt(text, tokens[last].end, (random.chance(0.5) ? ' ' : '') + slice.repeat(copies));
	},
	truncate(random, text) {
		return text.slice(0, random.int(text.length + 1));
	},
	randomBytes(random, text) {
		let insertion = '';
		const count = 1 + random.int(12);
		for (let index = 0; index < count; index++) {
			// Mostly ASCII and Latin-1 (what a binary file decodes to), sometimes any UTF-16 unit, lone surrogates included.
			insertion += String.fromCharCode(random.chance(0.7) ? random.int(256) : random.int(0x10000));
		}
		const offset = random.int(text.length + 1);
		const removed = random.chance(0.5) ? random.int(8) : 0;
		return text.slice(0, offset) + insertion + text.slice(offset + removed);
	},
	deepNesting(random, text) {
		const depth = 1 + random.int(random.chance(0.2) ? 400 : 40);
		const [open, close] = random.pick([['{', '}'], ['(', ')'], ['{ a = ', '}'], ['[', ']'], ['f(', ')'], ['function() ', ' end'], ['do ', ' end'], ['"..', ''], ['-(', ')']]);
		const balanced = random.chance(0.6);
		const offset = random.int(text.length + 1);
		const inner = random.pick(['', '1', 'x', '"s"']);
		const insertion = balanced ? open.repeat(depth) + inner + close.repeat(depth) : open.repeat(depth);
		return random.chance(0.5) ? insertAt(text, offset, insertion) : `${text}\nx = ${insertion}\n`;
	},
	longString(random, text) {
		const length = random.pick([100, 1000, 5000, 20000]);
		const body = random.pick(['a', 'ab ', '\\n', '\\"', '{{.Host.Name}} ', 'é😀']).repeat(Math.ceil(length / 2));
		const literal = random.pick([`"${body}"`, `'${body}'`, `[[${body}]]`, `[==[${body}]==]`, `"${body}`, `[[${body}`, `--[[${body}`, body]);
		return insertAt(text, random.int(text.length + 1), literal);
	},
	swapQuotes(random, text) {
		const quotes = [...text.matchAll(/["'[\]]/g)].map(match => match.index!);
		if (quotes.length === 0) {
			return text;
		}
		const offset = random.pick(quotes);
		const replacement = random.pick(['"', "'", '[[', ']]', '`', '']);
		return text.slice(0, offset) + replacement + text.slice(offset + 1);
	},
	insertUnicode(random, text) {
		return insertAt(text, random.int(text.length + 1), random.pick(UNICODE_SNIPPETS).repeat(random.chance(0.8) ? 1 : 1 + random.int(50)));
	},
	insertToken(random, text) {
		const tokens = roughTokens(text);
		const offset = tokens.length > 0 && random.chance(0.7) ? random.pick(tokens)[random.chance(0.5) ? 'start' : 'end'] : random.int(text.length + 1);
		return insertAt(text, offset, random.pick(TOKEN_SNIPPETS) + (random.chance(0.5) ? ' ' : ''));
	},
	lineEnds(random, text) {
		return random.chance(0.5) ? text.replace(/\n/g, random.pick(['\r\n', '\r', '\n\r'])) : insertAt(text, random.int(text.length + 1), random.pick(['\r', '\r\n', '\n\r', '\u2028']));
	},
	splice(random, text, seeds) {
		const other = random.pick(seeds).text;
		const start = random.int(other.length + 1);
		const piece = other.slice(start, start + 1 + random.int(300));
		return insertAt(text, random.int(text.length + 1), piece);
	},
	deleteLines(random, text) {
		const lines = text.split('\n');
		const first = random.int(lines.length);
		lines.splice(first, 1 + random.int(4));
		return lines.join('\n');
	},
	bom(random, text) {
		return random.chance(0.5) ? `\uFEFF${text}` : `#!/usr/bin/env essh\n${text}`;
	},
};

const MUTATION_NAMES = Object.keys(MUTATIONS);

/** A window of up to `maxLines` consecutive lines of a seed, so that inputs stay small and fast. */
function seedWindow(random: Random, seed: SeedFile, maxLines: number): string {
	if (random.chance(0.05) || seed.text.length < 1200) {
		return seed.text;
	}
	const lines = seed.text.split('\n');
	const start = random.int(Math.max(1, lines.length - maxLines));
	return lines.slice(start, start + maxLines).join('\n');
}

function configFor(version: string, userConfig: boolean): AnalysisConfig {
	return { version: parseVersion(version)!, userDirectory: userConfig ? USER_DIRECTORY : undefined, severity: {} };
}

/** The files whose every-offset truncation opens each run (the smallest seeds, for speed). */
export function truncationSeeds(seeds: SeedFile[], count: number): SeedFile[] {
	return [...seeds].filter(seed => seed.text.length > 0).sort((a, b) => a.text.length - b.text.length || (a.name < b.name ? -1 : 1)).slice(0, count);
}

/** Makes the input of case `index` of a run; cases below `sweep.length` are the truncation sweep. */
export function makeInput(random: Random, seeds: SeedFile[], sweep: SeedFile[], index: number): FuzzInput {
	let remaining = index;
	for (const seed of sweep) {
		if (remaining <= seed.text.length) {
			return { files: [{ path: MAIN_FILE, text: seed.text.slice(0, remaining) }], config: configFor('3.4', false), recipe: `truncate ${seed.name} at ${remaining}` };
		}
		remaining -= seed.text.length + 1;
	}
	const base = random.pick(seeds);
	let text = seedWindow(random, base, 30);
	const steps: string[] = [];
	const count = 1 + random.int(random.chance(0.3) ? 6 : 3);
	for (let step = 0; step < count; step++) {
		const name = random.pick(MUTATION_NAMES);
		text = MUTATIONS[name](random, text, seeds);
		steps.push(name);
	}
	const files = [{ path: MAIN_FILE, text }];
	if (random.chance(0.2)) {
		files.push({ path: OVERRIDE_FILE, text: MUTATIONS[random.pick(MUTATION_NAMES)](random, seedWindow(random, random.pick(seeds), 20), seeds) });
	}
	if (random.chance(0.15)) {
		files.push({ path: MODULE_FILE, text: seedWindow(random, random.pick(seeds), 20) });
	}
	const userConfig = random.chance(0.1);
	if (userConfig) {
		files.push({ path: USER_FILE, text: seedWindow(random, random.pick(seeds), 20) });
	}
	return { files, config: configFor(random.pick(VERSIONS), userConfig), recipe: `${base.name}: ${steps.join(', ')}` };
}

function outside(range: TextRange | undefined, length: number): boolean {
	if (range === undefined || typeof range.start !== 'number' || typeof range.end !== 'number') {
		return true;
	}
	return !(Number.isInteger(range.start) && Number.isInteger(range.end)) || range.start < 0 || range.end > length || range.start > range.end;
}

/** Context handed to each editor query: check ranges, time calls. */
export interface QueryContext {
	/** Fails when `range` is not inside `file` (or `file` is unknown). */
	checkRange(file: FileId, range: TextRange | undefined, what: string): void;
}

class CaseFailure extends Error {
	constructor(readonly failure: Failure) {
		super(failure.message);
	}
}

/** Options of one case run. */
export interface CaseOptions {
	/** A call slower than this (ms) fails the case. */
	slowMs: number;
	/** Offsets per file at which each editor query runs. */
	offsetsPerFile: number;
	queries: IdeQuery[];
}

export const DEFAULT_CASE_OPTIONS: CaseOptions = { slowMs: 2000, offsetsPerFile: 6, queries: [] };

/** Offsets to query: both ends, every string literal start when few, and pseudo-random ones. */
function queryOffsets(text: string, count: number, salt: number): number[] {
	const result = new Set<number>([0, text.length]);
	const random = new Random(salt ^ text.length);
	const quotes = [...text.matchAll(/["'{=]/g)].map(match => match.index! + 1);
	while (result.size < count + 2 && result.size < text.length + 1) {
		result.add(quotes.length > 0 && random.chance(0.5) ? random.pick(quotes) : random.int(text.length + 1));
	}
	return [...result].sort((a, b) => a - b);
}

/** Text of a JavaScript error that must never reach a message (an internal failure leaking out). */
export const INTERNAL_ERROR_TEXT = /Cannot read propert|Cannot set propert|is not a function|is not iterable|is not defined|is not a constructor|of undefined|of null|Maximum call stack|TypeError|RangeError|ReferenceError|SyntaxError|\bat [\w.<>]+ \(|internal error/;
/** What a message must not contain raw: control characters and lone surrogates (they are escaped). */
const UNPRINTABLE_TEXT = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Texts parsed between two parses of the same file by the differential oracle: odd first tokens and errors. */
const INTERLEAVED_TEXTS = ['@', '[=', 'x = "unfinished', '\u00e9 = 1', 'host "a" { Port = 22 }', '', 'return return', '~'];

/** Checks one diagnostic message against the message oracle; returns what is wrong, if anything. */
export function badMessage(message: string): string | undefined {
	const internal = message.match(INTERNAL_ERROR_TEXT);
	if (internal) {
		return `contains internal error text ${JSON.stringify(internal[0])}`;
	}
	const unprintable = message.match(UNPRINTABLE_TEXT);
	if (unprintable) {
		return `contains the unescaped character U+${unprintable[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
	}
	return undefined;
}

/** Runs one input on `workspace` (its files replace the previous case's); returns the failure, if any. */
export function runCase(workspace: Workspace, input: FuzzInput, options: CaseOptions = DEFAULT_CASE_OPTIONS): Failure | undefined {
	const texts = new Map(input.files.map(file => [file.path, file.text]));
	for (const file of workspace.fileIds()) {
		if (!texts.has(file)) {
			workspace.removeFile(file);
		}
	}
	let where = 'setFile';
	const timed = <T>(label: string, call: () => T): T => {
		where = label;
		const started = performance.now();
		const result = call();
		const elapsed = performance.now() - started;
		if (elapsed > options.slowMs) {
			throw new CaseFailure({ kind: 'slow', where: label, message: `took ${Math.round(elapsed)} ms (bound ${options.slowMs} ms)` });
		}
		return result;
	};
	const context: QueryContext = {
		checkRange(file, range, what) {
			const text = texts.get(file);
			if (text === undefined) {
				// Targets in files the workspace does not hold (built-ins, user dir) have no text to check against.
				if (workspace.hasFile(file)) {
					throw new CaseFailure({ kind: 'range', where, message: `${what}: file ${file} has no text` });
				}
				return;
			}
			if (outside(range, text.length)) {
				throw new CaseFailure({ kind: 'range', where, message: `${what}: range ${JSON.stringify(range)} outside ${file} (length ${text.length})` });
			}
		},
	};
	try {
		for (const file of input.files) {
			timed(`setFile ${file.path}`, () => workspace.setFile(file.path, file.text));
		}
		const analysis = timed('analysis', () => workspace.analysis(input.config));
		timed('allSets', () => analysis.allSets());
		for (const file of input.files) {
			const diagnostics = timed(`diagnostics ${file.path}`, () => analysis.diagnostics(file.path));
			for (const diag of diagnostics) {
				context.checkRange(file.path, diag.range, `diagnostic ${diag.code}`);
				const wrong = badMessage(diag.message);
				if (wrong !== undefined) {
					throw new CaseFailure({ kind: 'message', where, message: `${diag.code} message ${wrong}: ${JSON.stringify(diag.message)}` });
				}
				for (const related of diag.related ?? []) {
					context.checkRange(related.file, related.range, `related site of ${diag.code}`);
				}
				if (diag.data?.edit) {
					context.checkRange(file.path, diag.data.edit.range, `fix edit of ${diag.code}`);
				}
			}
		}
		// Differential: a file's parse diagnostics do not depend on what was parsed before it.
		for (const [position, file] of input.files.entries()) {
			where = `differential ${file.path}`;
			const first = JSON.stringify(parseLua(file.text).diagnostics);
			const before = position > 0 ? input.files[position - 1].text : INTERLEAVED_TEXTS[file.text.length % INTERLEAVED_TEXTS.length];
			parseLua(before);
			const again = JSON.stringify(parseLua(file.text).diagnostics);
			if (first !== again) {
				throw new CaseFailure({ kind: 'differential', where, message: `diagnostics differ after parsing ${JSON.stringify(before.slice(0, 60))}:\n${first}\n${again}` });
			}
		}
		for (const query of options.queries) {
			for (const file of input.files) {
				if (query.perFile) {
					timed(`${query.name} ${file.path}`, () => query.perFile!(analysis, file.path, context));
				}
				if (query.atOffset) {
					for (const offset of queryOffsets(file.text, options.offsetsPerFile, file.path.length)) {
						timed(`${query.name} ${file.path}@${offset}`, () => query.atOffset!(analysis, { file: file.path, offset }, context));
					}
				}
			}
			if (query.perWorkspace) {
				timed(query.name, () => query.perWorkspace!(analysis, context));
			}
		}
	} catch (error) {
		if (error instanceof CaseFailure) {
			return error.failure;
		}
		const message = error instanceof Error ? `${error.name}: ${error.message}\n${(error.stack ?? '').split('\n').slice(1, 6).join('\n')}` : String(error);
		return { kind: 'exception', where, message };
	}
	return undefined;
}

function sameFailure(a: Failure, b: Failure | undefined): boolean {
	return b !== undefined && a.kind === b.kind && a.where.replace(/@\d+$/, '') === b.where.replace(/@\d+$/, '') && a.message.split('\n')[0].replace(/\d+/g, 'N') === b.message.split('\n')[0].replace(/\d+/g, 'N');
}

/** Classic ddmin over a list of parts: returns a 1-minimal sublist for which `fails` still holds. */
function ddmin<T>(parts: T[], fails: (candidate: T[]) => boolean, budget: { remaining: number }): T[] {
	let current = parts;
	let granularity = 2;
	while (current.length >= 2 && budget.remaining > 0) {
		const chunk = Math.ceil(current.length / granularity);
		let reduced = false;
		for (let start = 0; start < current.length && budget.remaining > 0; start += chunk) {
			const complement = [...current.slice(0, start), ...current.slice(start + chunk)];
			budget.remaining--;
			if (complement.length > 0 && fails(complement)) {
				current = complement;
				granularity = Math.max(granularity - 1, 2);
				reduced = true;
				break;
			}
		}
		if (!reduced) {
			if (granularity >= current.length) {
				break;
			}
			granularity = Math.min(current.length, granularity * 2);
		}
	}
	return current;
}

/**
 * Shrinks the input of a failing case: each file is reduced by lines, then by characters, while a
 * fresh workspace still fails the same way. `budget` bounds the number of re-runs.
 */
export function minimize(input: FuzzInput, failure: Failure, options: CaseOptions, budget = 3000): FuzzInput {
	const remaining = { remaining: budget };
	let current = input;
	const failsWith = (candidate: FuzzInput): boolean => sameFailure(failure, runCase(new Workspace(), candidate, options));
	for (let fileIndex = 0; fileIndex < current.files.length; fileIndex++) {
		const replace = (text: string): FuzzInput => ({ ...current, files: current.files.map((file, index) => (index === fileIndex ? { ...file, text } : file)) });
		const lines = current.files[fileIndex].text.split(/(?<=\n)/);
		const keptLines = ddmin(lines, candidate => failsWith(replace(candidate.join(''))), remaining);
		current = replace(keptLines.join(''));
		const characters = [...current.files[fileIndex].text];
		if (characters.length <= 2000) {
			const keptCharacters = ddmin(characters, candidate => failsWith(replace(candidate.join(''))), remaining);
			current = replace(keptCharacters.join(''));
		}
	}
	// Files that do not matter are dropped last.
	for (const file of [...current.files]) {
		if (current.files.length > 1) {
			const without = { ...current, files: current.files.filter(other => other !== file) };
			if (failsWith(without)) {
				current = without;
			}
		}
	}
	return current;
}

/** The options of a fuzz run. */
export interface FuzzOptions {
	cases: number;
	seed: number;
	/** How many seed files are truncated at every offset at the start of the run. */
	truncationFiles: number;
	slowMs: number;
	/** Offsets per file at which each editor query runs (besides both ends); default 6. */
	offsetsPerFile?: number;
	/** Stop at the first failure (the test does); otherwise collect up to 10. */
	stopAtFirst: boolean;
	/** Run only the core and the message and differential oracles, without the editor queries (the long runs). */
	noQueries?: boolean;
	log?: (line: string) => void;
}

/** A failure with everything needed to reproduce it. */
export interface FuzzFailure {
	seed: number;
	caseIndex: number;
	failure: Failure;
	input: FuzzInput;
	minimized: FuzzInput;
	/** False when a fresh workspace does not fail on the input alone (the previous case's state mattered). */
	reproducibleAlone: boolean;
}

export interface FuzzReport {
	seed: number;
	cases: number;
	elapsedMs: number;
	slowestMs: number;
	slowestRecipe: string;
	queries: string[];
	failures: FuzzFailure[];
}

/** Runs `options.cases` cases from `options.seed`, reusing one workspace as an editor would. */
export function fuzz(options: FuzzOptions, seeds: SeedFile[] = loadSeeds(), queries: IdeQuery[] = ideQueries()): FuzzReport {
	const random = new Random(options.seed);
	const sweep = truncationSeeds(seeds, options.truncationFiles);
	const caseOptions: CaseOptions = { slowMs: options.slowMs, offsetsPerFile: options.offsetsPerFile ?? DEFAULT_CASE_OPTIONS.offsetsPerFile, queries };
	let workspace = new Workspace();
	const failures: FuzzFailure[] = [];
	const started = performance.now();
	let slowestMs = 0;
	let slowestRecipe = '';
	let executed = 0;
	for (let index = 0; index < options.cases; index++) {
		const input = makeInput(random, seeds, sweep, index);
		const caseStarted = performance.now();
		const failure = runCase(workspace, input, caseOptions);
		const elapsed = performance.now() - caseStarted;
		executed++;
		if (elapsed > slowestMs) {
			slowestMs = elapsed;
			slowestRecipe = input.recipe;
		}
		if (failure) {
			const reproducibleAlone = sameFailure(failure, runCase(new Workspace(), input, caseOptions));
			const minimized = reproducibleAlone ? minimize(input, failure, caseOptions) : input;
			failures.push({ seed: options.seed, caseIndex: index, failure, input, minimized, reproducibleAlone });
			options.log?.(formatFailure(failures[failures.length - 1]));
			workspace = new Workspace();
			if (options.stopAtFirst || failures.length >= 10) {
				break;
			}
		}
		if (options.log && (index + 1) % 10000 === 0) {
			options.log(`${index + 1} cases, ${Math.round((performance.now() - started) / 1000)} s`);
		}
	}
	return { seed: options.seed, cases: executed, elapsedMs: performance.now() - started, slowestMs, slowestRecipe, queries: queries.map(query => query.name), failures };
}

/** A failure as text: seed, case, what failed, and the minimized files as JSON strings (exact, escapes included). */
export function formatFailure(failure: FuzzFailure): string {
	const lines = [
		`FUZZ FAILURE (seed ${failure.seed}, case ${failure.caseIndex}): ${failure.failure.kind} in ${failure.failure.where}`,
		failure.failure.message,
		`recipe: ${failure.input.recipe}`,
		`config: version ${JSON.stringify(failure.input.config.version)}, userDirectory ${failure.input.config.userDirectory ?? 'none'}`,
		`reproduce: npm run fuzz -- --seed ${failure.seed} --cases ${failure.caseIndex + 1}`,
		failure.reproducibleAlone ? 'minimized input:' : 'input (fails only after the previous case; not minimized):',
	];
	for (const file of failure.minimized.files) {
		lines.push(`  ${file.path}: ${JSON.stringify(file.text)}`);
	}
	return lines.join('\n');
}

function parseCli(args: string[]): FuzzOptions {
	const options: FuzzOptions = { cases: 200_000, seed: Date.now() % 1_000_000, truncationFiles: 3, slowMs: 2000, stopAtFirst: false };
	for (let index = 0; index < args.length; index++) {
		const [flag, inline] = args[index].includes('=') ? args[index].split('=', 2) : [args[index], undefined];
		const value = (): number => {
			const number = Number(inline ?? args[++index]);
			if (!Number.isFinite(number)) {
				throw new Error(`${flag} needs a number`);
			}
			return number;
		};
		switch (flag) {
			case '--cases': options.cases = value(); break;
			case '--seed': options.seed = value(); break;
			case '--truncation-files': options.truncationFiles = value(); break;
			case '--slow-ms': options.slowMs = value(); break;
			case '--offsets': options.offsetsPerFile = value(); break;
			case '--stop': options.stopAtFirst = true; break;
			case '--no-queries': options.noQueries = true; break;
			default: throw new Error(`unknown option ${args[index]} (use --cases N --seed S [--truncation-files K] [--slow-ms MS] [--offsets N] [--stop] [--no-queries])`);
		}
	}
	return options;
}

if (require.main === module) {
	const options = parseCli(process.argv.slice(2));
	const write = (line: string): void => {
		process.stdout.write(`${line}\n`);
	};
	options.log = write;
	const seeds = loadSeeds();
	const queries = options.noQueries ? [] : ideQueries();
	write(`fuzz: seed ${options.seed}, ${options.cases} cases, ${seeds.length} seed files, queries: ${queries.map(query => query.name).join(', ') || '(none)'}`);
	const report = fuzz(options, seeds, queries);
	write(`fuzz: ${report.cases} cases in ${(report.elapsedMs / 1000).toFixed(1)} s (${(report.elapsedMs / report.cases).toFixed(2)} ms/case), slowest case ${report.slowestMs.toFixed(0)} ms (${report.slowestRecipe}), ${report.failures.length} failure(s)`);
	process.exitCode = report.failures.length > 0 ? 1 : 0;
}
