/**
 * The core's state and snapshot API. `Workspace` holds the inputs (file texts) and per-file caches
 * (parse and lowering, keyed by text and version); `Analysis` is the view of one revision under one
 * configuration: evaluation sets, their registries (built lazily and reused while none of their files
 * changed), and diagnostics per file. Everything the server, the CLI and the tree show comes from here.
 */
import { runRegistryChecks, type TaskResolution } from './checks';
import type { FileDiag, FileId, SeverityOverrides } from './diagnostic';
import { ChunkLowering, type FileSymbols, type Op, type Value } from './lower';
import type { Registry, Resource } from './model';
import { buildRegistry, patchRegistry, type RegistryInput, type RegistryPatch } from './registry';
import { basename, computeEvaluationSets, dirname, joinPath, moduleCandidates, resolveModule, resolveRelativePath, type EvaluationSetDefinition } from './sets';
import { parseLua, type ParseResult, type ParseWindow } from './syntax';
import { escapeControlCharacters, LineIndex, type TextRange } from './text';
import { DEFAULT_VERSION, formatVersion, isForkVersion, luaDialectOf, type EsshVersion } from './version';
import type { Diag } from './diagnostic';

/** Configuration passed to every analysis; never stored in the workspace. */
export interface AnalysisConfig {
	version: EsshVersion;
	/** Absolute user directory (`~/.essh`) when user config is enabled. */
	userDirectory: string | undefined;
	severity: SeverityOverrides;
}

export const DEFAULT_CONFIG: AnalysisConfig = { version: DEFAULT_VERSION, userDirectory: undefined, severity: {} };

interface FileState {
	text: string;
	/** Bumped on every text change. */
	generation: number;
	/** Cached per version key. */
	lowered: Map<string, LoweredFile>;
	lineIndex: LineIndex | undefined;
}

/** A file's parse and lowering under one version. */
export interface LoweredFile {
	/** Syntax, dialect and per-file lowering diagnostics. */
	diagnostics: Diag[];
	/** The symbols to use: this text's, or the last good ones when this text does not parse. */
	symbols: FileSymbols | undefined;
	/** True when `symbols` come from an earlier text because this one failed to parse. */
	stale: boolean;
	/** True when the text parsed but the lowering gave up (too deep): no symbols, and none from earlier. */
	gaveUp?: boolean;
	/** The text these symbols were lowered from and where its top-level statements lie, for `lowerWindow` and `shareUnchanged`. */
	source?: LoweringSource;
}

/**
 * A lowering's text and, per top-level statement in order, `BOUNDARY_STRIDE` numbers: where the
 * statement starts and ends, how many operations, diagnostics, open reasons and objects the
 * lowering had after it, and 1 when the lowering was still pristine after it (`ChunkLowering.pristine`).
 */
interface LoweringSource {
	text: string;
	boundaries: Int32Array;
}

const BOUNDARY_STRIDE = 7;
const B_START = 0;
const B_END = 1;
const B_OPS = 2;
const B_DIAGNOSTICS = 3;
const B_OPEN = 4;
const B_REFS = 5;
const B_PRISTINE = 6;

/** A registry with its checks run. */
export interface SetAnalysis {
	definition: EvaluationSetDefinition;
	/** The files the replay loaded (`registry.loadedFiles`), readable without building a restored set's registry. */
	loadedFiles: readonly FileId[];
	registry: Registry;
	/** Looked up by task; listed in the order the checks visit the tasks. */
	resolutions: ReadonlyMap<Resource, TaskResolution>;
	/** Every diagnostic of the set (registry replay + checks), before severity overrides. */
	diagnostics: FileDiag[];
}

/**
 * A lowering kept from an earlier run (docs/architecture.md, "Kept state"): the diagnostics at once,
 * the symbols on demand. `symbols()` answers undefined when they cannot be read any more (the
 * workspace then parses the text itself).
 */
export interface KeptLowering {
	diagnostics: Diag[];
	/** False when the text did not parse (a syntax error: the file's last good symbols apply, as after a parse). */
	parsed: boolean;
	/** False when there are no symbols (the text did not parse, or the lowering gave up). */
	hasSymbols: boolean;
	symbols(): FileSymbols | undefined;
}

/** What a set's analysis needs to answer diagnostics without its registry (`exportSet`, `KeptStateSource.set`). */
export interface KeptSet {
	loadedFiles: FileId[];
	/** The set's diagnostics (replay and checks), before severity overrides. */
	diagnostics: FileDiag[];
	/** `./M.lua` paths the set's `require`s may load (`Analysis.requiredModulePaths`). */
	requiredModules: string[];
}

/**
 * Where a workspace finds state kept from an earlier run. The source validates: it answers only
 * for exactly the inputs given (the text; the set's definition, configuration, known files and the
 * texts of the files it loaded), and undefined for anything else. IO and hashing live in the source.
 */
export interface KeptStateSource {
	lowered(file: FileId, text: string, version: EsshVersion): KeptLowering | undefined;
	set(definition: EvaluationSetDefinition, config: AnalysisConfig, knownFiles: string, text: (file: FileId) => string | undefined): KeptSet | undefined;
}

/** How much work the workspace did and how much it took from kept state (for logs, tests and the benchmark). */
export interface WorkspaceCounters {
	/** Texts parsed (`parseLua` calls). */
	parsed: number;
	/** Of those, texts parsed only around an edit (`lowerWindow`), the rest kept from the previous text's lowering. */
	partlyParsed: number;
	/** Lowerings taken from kept state. */
	restoredFiles: number;
	/** Set analyses answered from kept state. */
	restoredSets: number;
	/** Kept symbols that could not be read (the text was parsed instead). */
	unreadableSymbols: number;
}

/** A set's analysis as plain data, to be kept (`KeptStateSource.set` gives it back). */
export function exportSet(set: SetAnalysis): KeptSet {
	const requiredModules = new Set<string>();
	for (const link of set.registry.links) {
		if (link.kind === 'require' && REQUIRE_AS_PATH.test(link.target)) {
			requiredModules.add(joinPath(set.definition.workingDirectory, `${link.target.replace(/\./g, '/')}.lua`));
		}
	}
	return { loadedFiles: [...set.loadedFiles], diagnostics: set.diagnostics, requiredModules: [...requiredModules].sort() };
}

/** A file's lowering as plain data, to be kept (`KeptStateSource.lowered` gives it back); stale symbols are not kept. */
export function exportLowered(lowered: LoweredFile): { diagnostics: Diag[]; parsed: boolean; symbols: FileSymbols | undefined } {
	if (lowered.stale) {
		return { diagnostics: lowered.diagnostics, parsed: false, symbols: undefined };
	}
	return { diagnostics: lowered.diagnostics, parsed: lowered.symbols !== undefined || lowered.gaveUp === true, symbols: lowered.symbols };
}

/** A `require` target that may name a `./M.lua` beside the working directory. */
const REQUIRE_AS_PATH = /^[\w-]+(?:\.[\w-]+)*$/;

/** Parses and lowers one text; `parsed` tells a syntax error (no tree) from a lowering that gave up. */
function lowerFresh(text: string, version: EsshVersion): { result: LoweredFile; parsed: boolean } {
	const { parsed, lowering, boundaries, failure, failed } = parseAndLower(text, version, undefined, 0);
	if (!parsed.chunk) {
		return { result: { diagnostics: parsed.diagnostics, symbols: undefined, stale: false }, parsed: false };
	}
	const diagnostics = [...parsed.diagnostics];
	if (failed) {
		// Lowering recurses over the tree; a pathological nesting depth must not take the server down.
		diagnostics.push({ range: { start: 0, end: 0 }, severity: 'error', code: 'lua-syntax', message: `The file is too deeply nested to analyse (${failure instanceof Error ? failure.message : String(failure)}).` });
		return { result: { diagnostics, symbols: undefined, stale: false, gaveUp: true }, parsed: true };
	}
	const symbols = lowering.finish();
	diagnostics.push(...symbols.diagnostics);
	return { result: { diagnostics, symbols, stale: false, source: { text, boundaries: Int32Array.from(boundaries) } }, parsed: true };
}

/**
 * Parses `text` (or only its `window`) and lowers each top-level statement as soon as it is
 * parsed, dropping its tree (`StatementSink`): allocation that dies young instead of a whole file's
 * tree kept to the end. `firstRef` numbers the first object (see `lowerWindow`).
 */
function parseAndLower(text: string, version: EsshVersion, window: ParseWindow | undefined, firstRef: number): { parsed: ParseResult; lowering: ChunkLowering; boundaries: number[]; failure: unknown; failed: boolean; lastType: string } {
	let lowering = new ChunkLowering(version, firstRef);
	let failure: unknown;
	let failed = false;
	let boundaries: number[] = [];
	let lastType = '';
	const parsed = parseLua(text, luaDialectOf(version), {
		reset: () => {
			lowering = new ChunkLowering(version, firstRef);
			failure = undefined;
			failed = false;
			boundaries = [];
			lastType = '';
		},
		statement: node => {
			lastType = node.type;
			if (failed) {
				return;
			}
			try {
				lowering.statement(node);
				const range = (node as { range?: [number, number] }).range ?? [0, text.length];
				boundaries.push(range[0], range[1], lowering.opCount, lowering.diagnosticCount, lowering.openReasonCount, lowering.refCount, lowering.pristine ? 1 : 0);
			} catch (error) {
				failure = error;
				failed = true;
			}
		},
	}, window);
	return { parsed, lowering, boundaries, failure, failed, lastType };
}

/**
 * The lowering of `text`, made from `previous` (the lowering of another text of the same file) by
 * parsing only the top-level statements an edit touched; undefined when that cannot be exact, and
 * the whole text must be parsed (`lowerFresh`).
 *
 * Exact when the edit lies between two pristine points of the previous lowering
 * (`ChunkLowering.pristine`: nothing a later statement reads was left behind):
 * - before it, the statements known equal (`statementsKnownEqual`: each and the next one end before the
 *   first changed character) are kept as they were, and the parse starts after the last of them
 *   in its initial state, as the lowering does (objects numbered on from there);
 * - after it, when the text kept its length, the statements that lie wholly in the unchanged end
 *   of the text and start with a name or keyword (so no statement before them can reach into them)
 *   are kept as they were too, provided the lowering of the window is pristine again and created as
 *   many objects; otherwise the window runs to the end of the text (parsed again so when the
 *   window's lowering turns out not to allow keeping them).
 * A window that does not parse or lower cleanly gives undefined: the whole text is parsed instead.
 * The pre-scan's diagnostics are made again over the whole text; a kept statement's lowering
 * diagnostics are kept with it (the counts per statement say which); the fork dialect's `break`
 * check is made per statement while parsing, so a previous text with parse diagnostics in that
 * dialect is parsed whole.
 */
function lowerWindow(previous: LoweredFile, text: string, version: EsshVersion, keepAfter = true): { result: LoweredFile; parsed: boolean } | undefined {
	// `source` first: a kept lowering has none, and reading its `symbols` would decode them.
	const { source } = previous;
	const before = source && previous.symbols;
	if (!source || !before || previous.stale || (previous.diagnostics.length > before.diagnostics.length && luaDialectOf(version) === 'gopher-1.1')) {
		return undefined;
	}
	const old = source.text;
	const bounds = source.boundaries;
	const count = bounds.length / BOUNDARY_STRIDE;
	const at = (statement: number, field: number): number => bounds[statement * BOUNDARY_STRIDE + field];
	const prefix = commonPrefixLength(old, text);
	const limit = Math.min(old.length, text.length);
	let suffix = 0;
	while (suffix < limit - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) {
		suffix++;
	}
	// Statements [0, first) are known equal; the lowering must have been pristine after them.
	const first = statementsKnownEqual(bounds, prefix);
	if (first > 0 && at(first - 1, B_PRISTINE) !== 1) {
		return undefined;
	}
	const start = first > 0 ? at(first - 1, B_END) : 0;
	// The first statement kept after the window, if any.
	let next = -1;
	if (keepAfter && text.length === old.length) {
		const unchangedFrom = old.length - suffix;
		for (let statement = first; statement < count; statement++) {
			if (at(statement, B_START) > unchangedFrom) {
				if (/[A-Za-z_]/.test(old[at(statement, B_START)]) && (statement === 0 || at(statement - 1, B_PRISTINE) === 1)) {
					next = statement;
				}
				break;
			}
		}
	}
	const end = next >= 0 ? at(next, B_START) : text.length;
	const firstRef = first > 0 ? at(first - 1, B_REFS) : 0;
	const { parsed, lowering, boundaries, failed, lastType } = parseAndLower(text, version, { start, end }, firstRef);
	// A `return` must end the chunk: with statements kept after it, the whole text does not parse.
	if (!parsed.chunk || failed || (next >= 0 && lastType === 'ReturnStatement')) {
		return undefined;
	}
	if (next >= 0 && (!lowering.pristine || lowering.refCount !== (next > 0 ? at(next - 1, B_REFS) : 0))) {
		// The statements after the window cannot be kept: parse from the same start to the end.
		return lowerWindow(previous, text, version, false);
	}
	const window = lowering.finish();
	const keptOps = first > 0 ? at(first - 1, B_OPS) : 0;
	const keptOpen = first > 0 ? at(first - 1, B_OPEN) : 0;
	const keptDiagnostics = first > 0 ? at(first - 1, B_DIAGNOSTICS) : 0;
	const resumeOps = next > 0 ? at(next - 1, B_OPS) : 0;
	const resumeOpen = next > 0 ? at(next - 1, B_OPEN) : 0;
	const resumeDiagnostics = next > 0 ? at(next - 1, B_DIAGNOSTICS) : 0;
	const symbols: FileSymbols = {
		ops: next >= 0 ? [...before.ops.slice(0, keptOps), ...window.ops, ...before.ops.slice(resumeOps)] : [...before.ops.slice(0, keptOps), ...window.ops],
		diagnostics: next >= 0
			? [...before.diagnostics.slice(0, keptDiagnostics), ...window.diagnostics, ...before.diagnostics.slice(resumeDiagnostics)]
			: [...before.diagnostics.slice(0, keptDiagnostics), ...window.diagnostics],
		openReasons: next >= 0 ? [...before.openReasons.slice(0, keptOpen), ...window.openReasons, ...before.openReasons.slice(resumeOpen)] : [...before.openReasons.slice(0, keptOpen), ...window.openReasons],
		// Pristine before the window (and, with kept statements after it, after it) means that only
		// the statements after the window (or the window itself) assigned globals.
		assignedGlobals: next >= 0 ? before.assignedGlobals : window.assignedGlobals,
		functionGlobals: next >= 0 ? before.functionGlobals : window.functionGlobals,
		objectCount: next >= 0 ? before.objectCount : window.objectCount,
	};
	const kept = Array.from(bounds.subarray(0, first * BOUNDARY_STRIDE));
	const after = next >= 0 ? Array.from(bounds.subarray(next * BOUNDARY_STRIDE)) : [];
	// The kept statements' counts after the window move by what the window changed.
	const opShift = symbols.ops.length - before.ops.length;
	const openShift = symbols.openReasons.length - before.openReasons.length;
	const diagnosticShift = symbols.diagnostics.length - before.diagnostics.length;
	for (let index = 0; index < after.length; index += BOUNDARY_STRIDE) {
		after[index + B_OPS] += opShift;
		after[index + B_OPEN] += openShift;
		after[index + B_DIAGNOSTICS] += diagnosticShift;
	}
	// The window's own counts start from its first statement's.
	for (let index = 0; index < boundaries.length; index += BOUNDARY_STRIDE) {
		boundaries[index + B_OPS] += keptOps;
		boundaries[index + B_OPEN] += keptOpen;
		boundaries[index + B_DIAGNOSTICS] += keptDiagnostics;
	}
	const diagnostics = [...parsed.diagnostics, ...symbols.diagnostics];
	return { result: { diagnostics, symbols, stale: false, source: { text, boundaries: Int32Array.from([...kept, ...boundaries, ...after]) } }, parsed: true };
}

/**
 * `fresh` with each operation, diagnostic and open reason that equals `previous`'s at the same
 * place (counted from the start, or from the end) replaced by `previous`'s object, or `previous`
 * itself when nothing differs. An edit changes a few statements of a file: the rest of its lowering
 * stays the objects the registry already holds, and the fresh copies die young instead of being
 * kept (and promoted) in their place. Unshared, to be safe, when the data is too deep to compare.
 *
 * The statements before the edit are known equal without comparing: when a statement and the one
 * after it lie wholly inside the text both versions start with (ending before the first changed
 * character), luaparse read the same tokens up to the next statement's first one, so it made the
 * same statement, and the lowering, which goes statement by statement in order, was in the same
 * state before it and after it.
 */
function shareUnchanged(previous: LoweredFile, fresh: LoweredFile): FileSymbols {
	const before = previous.symbols!;
	const after = fresh.symbols!;
	try {
		const known = knownEqualCounts(previous.source, fresh.source);
		const ops = shareItems(before.ops, after.ops, known[0], sameOp);
		const diagnostics = shareItems(before.diagnostics, after.diagnostics, known[1], sameData);
		const openReasons = shareItems(before.openReasons, after.openReasons, known[2], sameData);
		if (ops === before.ops && diagnostics === before.diagnostics && openReasons === before.openReasons && before.objectCount === after.objectCount
			&& sameData(before.assignedGlobals, after.assignedGlobals) && sameData(before.functionGlobals, after.functionGlobals)) {
			return before;
		}
		return { ...after, ops, diagnostics, openReasons };
	} catch {
		return after;
	}
}

/** How many operations, diagnostics and open reasons two lowerings share without comparing them (`shareUnchanged`). */
function knownEqualCounts(previous: LoweringSource | undefined, fresh: LoweringSource | undefined): [number, number, number] {
	if (!previous || !fresh) {
		return [0, 0, 0];
	}
	const { boundaries } = previous;
	const known = statementsKnownEqual(boundaries, commonPrefixLength(previous.text, fresh.text));
	const last = (known - 1) * BOUNDARY_STRIDE;
	return known === 0 ? [0, 0, 0] : [boundaries[last + B_OPS], boundaries[last + B_DIAGNOSTICS], boundaries[last + B_OPEN]];
}

/** How many characters two texts start with alike. */
function commonPrefixLength(a: string, b: string): number {
	const limit = Math.min(a.length, b.length);
	let length = 0;
	while (length < limit && a.charCodeAt(length) === b.charCodeAt(length)) {
		length++;
	}
	return length;
}

/**
 * How many of a lowering's first top-level statements are known to lower the same in a text that
 * starts with the same `prefix` characters: statement i is when statement i + 1 also ends before
 * the first changed character (luaparse decided where statement i ends from tokens that did not change).
 */
function statementsKnownEqual(boundaries: Int32Array, prefix: number): number {
	const count = boundaries.length / BOUNDARY_STRIDE;
	let known = 0;
	while (known + 1 < count && boundaries[(known + 1) * BOUNDARY_STRIDE + B_END] < prefix) {
		known++;
	}
	return known;
}

/**
 * `fresh`, its items equal to `previous`'s in the common prefix and suffix replaced by them (the
 * first `known` without comparing); `previous` when all are equal.
 */
function shareItems<T>(previous: T[], fresh: T[], known: number, same: (a: T, b: T) => boolean): T[] {
	const common = Math.min(previous.length, fresh.length);
	let start = 0;
	for (; start < known && start < common; start++) {
		fresh[start] = previous[start];
	}
	while (start < common && same(previous[start], fresh[start])) {
		fresh[start] = previous[start];
		start++;
	}
	if (start === previous.length && start === fresh.length) {
		return previous;
	}
	let previousEnd = previous.length;
	let freshEnd = fresh.length;
	while (previousEnd > start && freshEnd > start && same(previous[previousEnd - 1], fresh[freshEnd - 1])) {
		fresh[--freshEnd] = previous[--previousEnd];
	}
	return fresh;
}

/**
 * `sameData` for two operations, written out for the kinds a host or task block lowers to (the
 * bulk of every file), so that comparing a file's operations costs little more than reading them.
 */
function sameOp(a: Op, b: Op): boolean {
	if (a === b) {
		return true;
	}
	switch (a.op) {
		case 'create': {
			const other = b as typeof a;
			return a.op === b.op && a.ref === other.ref && a.objectKind === other.objectKind && a.form === other.form && a.conditional === other.conditional
				&& sameRange(a.callRange, other.callRange) && sameValue(a.name, other.name);
		}
		case 'apply': {
			const other = b as typeof a;
			return a.op === b.op && a.conditional === other.conditional && sameRange(a.range, other.range) && sameValue(a.target, other.target) && sameValue(a.argument, other.argument);
		}
		case 'assign': {
			const other = b as typeof a;
			return a.op === b.op && a.key === other.key && a.conditional === other.conditional && sameRange(a.keyRange, other.keyRange) && sameRange(a.range, other.range)
				&& sameValue(a.target, other.target) && sameValue(a.value, other.value);
		}
		default:
			return sameData(a, b);
	}
}

/** `sameData` for two lowered values (see `sameOp`). */
function sameValue(a: Value, b: Value): boolean {
	if (a === b) {
		return true;
	}
	if (a.kind !== b.kind || !sameRange(a.range, b.range)) {
		return false;
	}
	switch (a.kind) {
		case 'string':
			return a.value === (b as typeof a).value;
		case 'number':
			return a.raw === (b as typeof a).raw;
		case 'boolean':
			return a.value === (b as typeof a).value;
		case 'nil':
		case 'function':
		case 'unknown':
			return true;
		case 'global':
			return a.name === (b as typeof a).name;
		case 'object':
			return a.objectKind === (b as typeof a).objectKind && a.ref === (b as typeof a).ref;
		case 'table': {
			const other = b as typeof a;
			if (a.items.length !== other.items.length || a.fields.length !== other.fields.length) {
				return false;
			}
			for (let index = 0; index < a.items.length; index++) {
				if (!sameValue(a.items[index], other.items[index])) {
					return false;
				}
			}
			for (let index = 0; index < a.fields.length; index++) {
				const left = a.fields[index];
				const right = other.fields[index];
				if (left.key !== right.key || left.keyKind !== right.keyKind || !sameRange(left.keyRange, right.keyRange) || !sameRange(left.range, right.range) || !sameValue(left.value, right.value)) {
					return false;
				}
			}
			return true;
		}
		default:
			return sameData(a, b);
	}
}

function sameRange(a: TextRange, b: TextRange): boolean {
	return a.start === b.start && a.end === b.end;
}

/** Structural equality of plain data (objects, arrays, primitives), as lowered symbols are. */
function sameData(a: unknown, b: unknown): boolean {
	if (a === b) {
		return true;
	}
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
		return false;
	}
	if (Array.isArray(a)) {
		if (!Array.isArray(b) || a.length !== b.length) {
			return false;
		}
		for (let index = 0; index < a.length; index++) {
			if (!sameData(a[index], b[index])) {
				return false;
			}
		}
		return true;
	}
	if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) {
		return false;
	}
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	// for…in rather than Object.keys: no arrays made for the objects of a whole file's lowering.
	let count = 0;
	for (const key in left) {
		if (!Object.prototype.hasOwnProperty.call(right, key) || !sameData(left[key], right[key])) {
			return false;
		}
		count++;
	}
	for (const key in right) {
		if (--count < 0) {
			return false;
		}
		void key;
	}
	return count === 0;
}

/** A set's analysis, with what it was built from. */
interface SetCacheEntry {
	key: string;
	analysis: SetAnalysis;
	filesKey: string;
	fileSetGeneration: number;
	/** The symbols each loaded file had (`registry.loadedFiles` order). */
	symbols: Array<FileSymbols | undefined>;
}

/** Holds the inputs and caches; every mutation bumps the revision. */
export class Workspace {
	private readonly files = new Map<FileId, FileState>();
	/** The last lowering with symbols per version and file (read lazily: a kept one decodes its symbols on first use). */
	private readonly lastGood = new Map<string, LoweredFile>();
	private keptSource: KeptStateSource | undefined;
	/** Restored set analyses, per kept record (so one record gives one object). */
	private readonly restoredSetObjects = new WeakMap<KeptSet, SetAnalysis>();
	private knownFilesMemo = { generation: -1, key: '' };
	private readonly counterValues: WorkspaceCounters = { parsed: 0, partlyParsed: 0, restoredFiles: 0, restoredSets: 0, unreadableSymbols: 0 };
	private readonly setCache = new Map<string, SetCacheEntry>();
	/** The configuration and file set the set cache was last pruned for. */
	private prunedFor = { prefix: '', fileSetGeneration: -1 };
	/** An id per symbols object, for the set keys. */
	private readonly symbolIds = new WeakMap<FileSymbols, number>();
	private symbolIdCounter = 0;
	private revisionCounter = 0;
	private generationCounter = 0;
	/** Bumped when a file is added or removed (not when one changes). */
	private fileSetGeneration = 0;
	private snapshot: { revision: number; configKey: string; analysis: Analysis } | undefined;
	private patchCounter = 0;

	get revision(): number {
		return this.revisionCounter;
	}

	setFile(file: FileId, text: string): void {
		const existing = this.files.get(file);
		if (existing && existing.text === text) {
			return;
		}
		if (!existing) {
			this.fileSetGeneration++;
		}
		this.files.set(file, { text, generation: ++this.generationCounter, lowered: new Map(), lineIndex: undefined });
		this.revisionCounter++;
	}

	removeFile(file: FileId): void {
		if (this.files.delete(file)) {
			this.fileSetGeneration++;
			this.revisionCounter++;
		}
	}

	/**
	 * Takes lowerings and set results from kept state from now on (undefined: stop). Only what the
	 * source vouches for exactly is taken, so answers are the same as without it.
	 */
	restoreFrom(source: KeptStateSource | undefined): void {
		this.keptSource = source;
	}

	get counters(): Readonly<WorkspaceCounters> {
		return this.counterValues;
	}

	/** The sorted paths of every known file, one per line: module resolution depends on which files exist. */
	knownFiles(): string {
		if (this.knownFilesMemo.generation !== this.fileSetGeneration) {
			this.knownFilesMemo = { generation: this.fileSetGeneration, key: [...this.files.keys()].sort().join('\n') };
		}
		return this.knownFilesMemo.key;
	}

	/**
	 * The parse and lowering of this text as it would be computed now, ignoring kept state and the
	 * last good symbols (for workers or a cache writer: plain data, safe to serialise).
	 */
	static lowerText(text: string, version: EsshVersion): LoweredFile {
		return lowerFresh(text, version).result;
	}

	/** How many set analyses were made by patching the previous one (`patchRegistry`) instead of a full replay. */
	get patchedSets(): number {
		return this.patchCounter;
	}

	hasFile(file: FileId): boolean {
		return this.files.has(file);
	}

	text(file: FileId): string | undefined {
		return this.files.get(file)?.text;
	}

	fileIds(): FileId[] {
		return [...this.files.keys()];
	}

	lineIndex(file: FileId): LineIndex | undefined {
		const state = this.files.get(file);
		if (!state) {
			return undefined;
		}
		state.lineIndex ??= new LineIndex(state.text);
		return state.lineIndex;
	}

	/** The parse and lowering of one file, cached per text and version. */
	lowered(file: FileId, version: EsshVersion): LoweredFile | undefined {
		const state = this.files.get(file);
		if (!state) {
			return undefined;
		}
		const versionKey = formatVersion(version);
		const cached = state.lowered.get(versionKey);
		if (cached) {
			return cached;
		}
		const lastGoodKey = `${versionKey}\u0000${file}`;
		const kept = this.keptSource?.lowered(file, state.text, version);
		if (kept) {
			this.counterValues.restoredFiles++;
			let result: LoweredFile;
			if (kept.hasSymbols) {
				result = this.restoredLowering(kept, state.text, version);
				this.lastGood.set(lastGoodKey, result);
			} else if (kept.parsed) {
				result = { diagnostics: kept.diagnostics, symbols: undefined, stale: false, gaveUp: true };
			} else {
				const previous = this.lastGood.get(lastGoodKey)?.symbols;
				result = { diagnostics: kept.diagnostics, symbols: previous, stale: previous !== undefined };
			}
			state.lowered.set(versionKey, result);
			return result;
		}
		this.counterValues.parsed++;
		const previousGood = this.lastGood.get(lastGoodKey);
		const windowed = previousGood && lowerWindow(previousGood, state.text, version);
		if (windowed) {
			this.counterValues.partlyParsed++;
		}
		const { result: fresh, parsed } = windowed ?? lowerFresh(state.text, version);
		let result: LoweredFile;
		if (fresh.symbols) {
			let symbols = fresh.symbols;
			// An edit that changes no operation, value or range (a comment, trailing whitespace) keeps
			// the previous symbols object, so the sets that load this file are reused as they are;
			// otherwise the unchanged operations are still the previous objects.
			const previous = this.lastGood.get(lastGoodKey);
			if (previous?.symbols) {
				symbols = shareUnchanged(previous, fresh);
			}
			result = { diagnostics: fresh.diagnostics, symbols, stale: false, source: fresh.source };
			this.lastGood.set(lastGoodKey, result);
		} else if (parsed) {
			result = fresh;
		} else {
			const previous = this.lastGood.get(lastGoodKey)?.symbols;
			result = { diagnostics: fresh.diagnostics, symbols: previous, stale: previous !== undefined };
		}
		state.lowered.set(versionKey, result);
		return result;
	}

	/** A kept lowering as a `LoweredFile` whose symbols are read on first use (and parsed from the text when they cannot be). */
	private restoredLowering(kept: KeptLowering, text: string, version: EsshVersion): LoweredFile {
		let symbols: FileSymbols | undefined;
		let loaded = false;
		const counters = this.counterValues;
		return {
			diagnostics: kept.diagnostics,
			stale: false,
			get symbols(): FileSymbols | undefined {
				if (!loaded) {
					loaded = true;
					symbols = kept.symbols();
					if (!symbols) {
						counters.unreadableSymbols++;
						counters.parsed++;
						symbols = Workspace.lowerText(text, version).symbols;
					}
				}
				return symbols;
			},
		};
	}

	/** The analysis of the current revision under `config`; memoised while nothing changes. */
	analysis(config: AnalysisConfig = DEFAULT_CONFIG): Analysis {
		const configKey = JSON.stringify([formatVersion(config.version), config.userDirectory ?? '', config.severity]);
		if (this.snapshot && this.snapshot.revision === this.revisionCounter && this.snapshot.configKey === configKey) {
			return this.snapshot.analysis;
		}
		const analysis = new Analysis(this, config);
		this.snapshot = { revision: this.revisionCounter, configKey, analysis };
		this.pruneSetCache(config, analysis);
		return analysis;
	}

	/**
	 * Keeps the set cache to the sets of the current configuration: entries of another version or
	 * user directory, and of sets that no longer exist (a removed file's), are dropped, so the cache
	 * holds one registry per live set however long the session.
	 */
	private pruneSetCache(config: AnalysisConfig, analysis: Analysis): void {
		const prefix = `${formatVersion(config.version)}\u0000${config.userDirectory ?? ''}\u0000`;
		if (prefix === this.prunedFor.prefix && this.fileSetGeneration === this.prunedFor.fileSetGeneration) {
			return;
		}
		this.prunedFor = { prefix, fileSetGeneration: this.fileSetGeneration };
		const live = new Set(analysis.sets.map(set => `${prefix}${set.id}`));
		for (const key of [...this.setCache.keys()]) {
			if (!live.has(key)) {
				this.setCache.delete(key);
			}
		}
	}

	/**
	 * Builds or reuses the analysis of one set; reused while every file it loaded is unchanged, or
	 * answered from kept state (unless `build`) when the source vouches for exactly these inputs.
	 */
	setAnalysis(definition: EvaluationSetDefinition, config: AnalysisConfig, build = false): SetAnalysis {
		const versionKey = formatVersion(config.version);
		const cacheKey = `${versionKey}\u0000${config.userDirectory ?? ''}\u0000${definition.id}`;
		const cached = this.setCache.get(cacheKey);
		const filesKey = JSON.stringify(definition.files);
		if (build) {
			return cached && cached.key === this.setKey(filesKey, cached.analysis.loadedFiles, config.version) ? cached.analysis : this.buildSet(definition, config, cacheKey, filesKey, cached);
		}
		if (cached && cached.key === this.setKey(filesKey, cached.analysis.loadedFiles, config.version)) {
			return cached.analysis;
		}
		const kept = cached ? undefined : this.keptSource?.set(definition, config, this.knownFiles(), file => this.files.get(file)?.text);
		// A kept result was computed from texts' own symbols: not when a file now stands on an earlier text's symbols.
		if (kept && !kept.loadedFiles.some(file => this.lowered(file, config.version)?.stale === true)) {
			return this.restoredSet(definition, config, kept);
		}
		return this.buildSet(definition, config, cacheKey, filesKey, cached);
	}

	/**
	 * A set analysis answered from kept state: its diagnostics and loaded files at once, its registry
	 * (and resolutions) built on first use by the ordinary path, which then replaces it in the cache.
	 */
	private restoredSet(definition: EvaluationSetDefinition, config: AnalysisConfig, kept: KeptSet): SetAnalysis {
		const existing = this.restoredSetObjects.get(kept);
		if (existing) {
			return existing;
		}
		this.counterValues.restoredSets++;
		let built: SetAnalysis | undefined;
		const build = (): SetAnalysis => {
			built ??= this.setAnalysis(definition, config, true);
			return built;
		};
		const restored: SetAnalysis = {
			definition,
			loadedFiles: kept.loadedFiles,
			diagnostics: kept.diagnostics,
			get registry(): Registry {
				return build().registry;
			},
			get resolutions(): ReadonlyMap<Resource, TaskResolution> {
				return build().resolutions;
			},
		};
		keptRequiredModules.set(restored, kept.requiredModules);
		this.restoredSetObjects.set(kept, restored);
		return restored;
	}

	private buildSet(definition: EvaluationSetDefinition, config: AnalysisConfig, cacheKey: string, filesKey: string, cached: SetCacheEntry | undefined): SetAnalysis {
		const known = (path: string): boolean => this.files.has(path);
		const input: RegistryInput = {
			id: definition.id,
			files: definition.files,
			version: config.version,
			symbols: file => this.lowered(file, config.version)?.symbols,
			resolveModule: name => resolveModule(name, definition, config.userDirectory, known),
			moduleSearchPath: name => moduleCandidates(name, definition, config.userDirectory),
			resolvePath: path => {
				const resolved = resolveRelativePath(path, definition);
				return known(resolved) ? resolved : undefined;
			},
		};
		const patched = cached && cached.filesKey === filesKey && cached.fileSetGeneration === this.fileSetGeneration ? this.patchSet(cached, input, config.version) : undefined;
		const registry = patched?.registry ?? buildRegistry(input);
		if (patched) {
			this.patchCounter++;
		}
		const checks = runRegistryChecks(registry, patched?.patch);
		for (const link of registry.links) {
			if (link.kind === 'script_file' && link.resolved === undefined) {
				const resolved = resolveRelativePath(link.target, definition);
				link.resolved = known(resolved) ? resolved : undefined;
			}
		}
		const analysis: SetAnalysis = { definition, loadedFiles: registry.loadedFiles, registry, resolutions: checks.resolutions, diagnostics: [...registry.diagnostics, ...checks.diagnostics] };
		this.setCache.set(cacheKey, {
			key: this.setKey(filesKey, registry.loadedFiles, config.version), analysis, filesKey, fileSetGeneration: this.fileSetGeneration,
			symbols: registry.loadedFiles.map(file => (this.files.has(file) ? this.lowered(file, config.version)?.symbols : undefined)),
		});
		return analysis;
	}

	/**
	 * The set's registry after an edit of one of its files, patched from the cached one when only
	 * that file's symbols changed and `patchRegistry` can patch exactly; undefined otherwise.
	 */
	private patchSet(cached: SetCacheEntry, input: RegistryInput, version: EsshVersion): { registry: Registry; patch: RegistryPatch } | undefined {
		const loadedFiles = cached.analysis.loadedFiles;
		let changed = -1;
		for (let index = 0; index < loadedFiles.length; index++) {
			const file = loadedFiles[index];
			const symbols = this.files.has(file) ? this.lowered(file, version)?.symbols : undefined;
			if (symbols !== cached.symbols[index]) {
				if (changed >= 0) {
					return undefined;
				}
				changed = index;
			}
		}
		const oldSymbols = cached.symbols[changed];
		const newSymbols = changed >= 0 && this.files.has(loadedFiles[changed]) ? this.lowered(loadedFiles[changed], version)?.symbols : undefined;
		if (!oldSymbols || !newSymbols) {
			return undefined;
		}
		return patchRegistry(cached.analysis.registry, input, loadedFiles[changed], oldSymbols, newSymbols);
	}

	/**
	 * A key that changes when the symbols of any loaded file change (a new symbols object: texts
	 * whose lowering is identical keep the old one), or when the set of known files changes (a module
	 * may appear). The replay reads nothing else, so a set with the same key has the same registry.
	 */
	private setKey(filesKey: string, loadedFiles: readonly FileId[], version: EsshVersion): string {
		const ids = loadedFiles.map(file => `${file}:${this.symbolsId(file, version)}`);
		return `${filesKey}|${ids.join(',')}|${this.fileSetGeneration}`;
	}

	private symbolsId(file: FileId, version: EsshVersion): number {
		if (!this.files.has(file)) {
			return -1;
		}
		const symbols = this.lowered(file, version)?.symbols;
		if (!symbols) {
			return -2;
		}
		let id = this.symbolIds.get(symbols);
		if (id === undefined) {
			id = ++this.symbolIdCounter;
			this.symbolIds.set(symbols, id);
		}
		return id;
	}
}

/** Which sets each file belongs to, built once per analysis (see `Analysis.fileIndex`). */
interface FileIndex {
	/** Set id → its definition. */
	byId: Map<string, EvaluationSetDefinition>;
	/** Top-level file → the sets that list it, in set order. */
	topLevel: Map<FileId, EvaluationSetDefinition[]>;
	/** Working directory → the non-loose sets running there, in set order. */
	byWorkingDirectory: Map<string, EvaluationSetDefinition[]>;
	nonLoose: EvaluationSetDefinition[];
	/** Position of each set in `Analysis.sets`. */
	order: Map<EvaluationSetDefinition, number>;
	/** `.esshconfig.lua` ignored beside `esshconfig.lua` → the sets that ignore it. */
	ignoredProjectFiles: Map<FileId, EvaluationSetDefinition[]>;
	/** True when some project set has a project file (the user config is then shadowed there). */
	anyProjectFile: boolean;
}

/** Per set analysis (shared between analyses while the set is unchanged): its loaded files, and its diagnostics by file. */
const loadedFileSets = new WeakMap<SetAnalysis, Set<FileId>>();
const diagnosticsByFile = new WeakMap<SetAnalysis, Map<FileId, FileDiag[]>>();
/** The `./M.lua` paths of restored sets (whose registries, and so links, are not built yet). */
const keptRequiredModules = new WeakMap<SetAnalysis, string[]>();

/** The diagnostics of one set that lie in `file`; the set's list is split by file once. */
function setDiagnosticsOf(set: SetAnalysis, file: FileId): FileDiag[] {
	let byFile = diagnosticsByFile.get(set);
	if (!byFile) {
		byFile = new Map();
		for (const diag of set.diagnostics) {
			const list = byFile.get(diag.file);
			if (list) {
				list.push(diag);
			} else {
				byFile.set(diag.file, [diag]);
			}
		}
		diagnosticsByFile.set(set, byFile);
	}
	return byFile.get(file) ?? [];
}

/** An immutable view of one revision. */
export class Analysis {
	readonly sets: EvaluationSetDefinition[];
	private readonly setAnalyses = new Map<string, SetAnalysis>();
	private index: FileIndex | undefined;

	constructor(private readonly workspace: Workspace, readonly config: AnalysisConfig) {
		this.sets = computeEvaluationSets(workspace.fileIds(), { version: config.version, userDirectory: config.userDirectory });
	}

	/** The analysis of one set, built on first use. */
	set(id: string): SetAnalysis | undefined {
		const cached = this.setAnalyses.get(id);
		if (cached) {
			return cached;
		}
		const definition = this.fileIndex().byId.get(id);
		if (!definition) {
			return undefined;
		}
		const result = this.workspace.setAnalysis(definition, this.config);
		this.setAnalyses.set(id, result);
		return result;
	}

	allSets(): SetAnalysis[] {
		return this.sets.map(set => this.set(set.id)!);
	}

	/**
	 * The sets a file contributes to (as a top-level file or as a loaded module). A file that some
	 * project loads through `dofile` or `require` (`./m.lua`) is seen only in that project's context:
	 * its own loose set, which lacks the project's hosts and drivers, is then left out.
	 */
	setsOfFile(file: FileId): SetAnalysis[] {
		const index = this.fileIndex();
		const direct = index.topLevel.get(file) ?? [];
		const loadedBy: SetAnalysis[] = [];
		for (const set of this.moduleCandidateSets(file, index)) {
			if (direct.includes(set)) {
				continue;
			}
			const analysis = this.set(set.id)!;
			if (this.loadedFileSet(analysis).has(file)) {
				loadedBy.push(analysis);
			}
		}
		const own = loadedBy.length > 0 ? direct.filter(set => set.kind !== 'loose') : direct;
		return [...own.map(set => this.set(set.id)!), ...loadedBy];
	}

	/**
	 * The sets that may load `file` as a module (`require`, `dofile`), in set order: the non-loose sets
	 * whose working directory holds the file, and every non-loose set for a file of the user's
	 * `lib/` (on every project's search path). Found by walking up the file's directories, so a
	 * lookup costs the file's depth, not the number of sets.
	 */
	private moduleCandidateSets(file: FileId, index: FileIndex): EvaluationSetDefinition[] {
		if (this.config.userDirectory && file.startsWith(`${this.config.userDirectory}/lib/`)) {
			return index.nonLoose;
		}
		const found: EvaluationSetDefinition[] = [];
		for (let directory = dirname(file); ; directory = dirname(directory)) {
			found.push(...(index.byWorkingDirectory.get(directory) ?? []));
			if (directory === '/') {
				break;
			}
		}
		if (found.length <= 1) {
			return found;
		}
		const order = index.order;
		return found.sort((a, b) => order.get(a)! - order.get(b)!);
	}

	/** The file → sets index, built once per analysis. */
	private fileIndex(): FileIndex {
		if (this.index) {
			return this.index;
		}
		const index: FileIndex = { byId: new Map(), topLevel: new Map(), byWorkingDirectory: new Map(), nonLoose: [], order: new Map(), ignoredProjectFiles: new Map(), anyProjectFile: false };
		this.sets.forEach((set, position) => {
			index.order.set(set, position);
			if (!index.byId.has(set.id)) {
				index.byId.set(set.id, set);
			}
			const seen = new Set<FileId>();
			for (const entry of set.files) {
				if (seen.has(entry.file)) {
					continue;
				}
				seen.add(entry.file);
				const list = index.topLevel.get(entry.file);
				if (list) {
					list.push(set);
				} else {
					index.topLevel.set(entry.file, [set]);
				}
			}
			if (set.kind !== 'loose') {
				index.nonLoose.push(set);
				const list = index.byWorkingDirectory.get(set.workingDirectory);
				if (list) {
					list.push(set);
				} else {
					index.byWorkingDirectory.set(set.workingDirectory, [set]);
				}
			}
			if (set.ignoredProjectFile !== undefined) {
				const list = index.ignoredProjectFiles.get(set.ignoredProjectFile) ?? [];
				list.push(set);
				index.ignoredProjectFiles.set(set.ignoredProjectFile, list);
			}
			if (set.kind === 'project' && set.files.some(entry => entry.role === 'project')) {
				index.anyProjectFile = true;
			}
		});
		this.index = index;
		return index;
	}

	/** The files a set's registry loaded (modules included), as a set; built on first use. */
	private loadedFileSet(set: SetAnalysis): Set<FileId> {
		let loaded = loadedFileSets.get(set);
		if (!loaded) {
			loaded = new Set(set.loadedFiles);
			loadedFileSets.set(set, loaded);
		}
		return loaded;
	}

	/**
	 * The `./M.lua` files beside a set's working directory that its `require`s may load (reference
	 * §1.4): no include glob selects them, so the server and the CLI read those that exist on disk
	 * and add them to the workspace. Builds every set's registry.
	 */
	requiredModulePaths(): string[] {
		const result = new Set<string>();
		for (const set of this.allSets()) {
			for (const path of keptRequiredModules.get(set) ?? exportSet(set).requiredModules) {
				result.add(path);
			}
		}
		return [...result].sort();
	}

	lineIndex(file: FileId): LineIndex | undefined {
		return this.workspace.lineIndex(file);
	}

	text(file: FileId): string | undefined {
		return this.workspace.text(file);
	}

	/** Every diagnostic of one file, deduplicated across sets, with severity overrides applied, sorted by position. */
	diagnostics(file: FileId): FileDiag[] {
		const collected: FileDiag[] = [];
		const lowered = this.workspace.lowered(file, this.config.version);
		if (lowered) {
			collected.push(...lowered.diagnostics.map(diag => ({ ...diag, file })));
		}
		// A file that does not parse contributes its last good symbols, whose ranges are offsets into
		// an older text: their diagnostics would point anywhere (even past the end), so only the
		// syntax errors are shown until the file parses again.
		if (!lowered?.stale) {
			for (const set of this.setsOfFile(file)) {
				collected.push(...setDiagnosticsOf(set, file).map(diag => this.withoutStaleSites(diag)));
			}
		}
		collected.push(...this.setLevelDiagnostics(file));
		return this.finish(collected);
	}

	/** The lowered symbols of `file`'s current text, or undefined when it does not parse (or is unknown). */
	symbols(file: FileId): FileSymbols | undefined {
		const lowered = this.workspace.lowered(file, this.config.version);
		return lowered && !lowered.stale ? lowered.symbols : undefined;
	}

	/** True when `file` fails to parse and its symbols (and their ranges) come from an earlier text. */
	isStale(file: FileId): boolean {
		return this.workspace.lowered(file, this.config.version)?.stale ?? false;
	}

	/** Drops related sites that point into stale files (their ranges belong to an older text). */
	private withoutStaleSites(diag: FileDiag): FileDiag {
		if (!diag.related || !diag.related.some(site => this.isStale(site.file))) {
			return diag;
		}
		return { ...diag, related: diag.related.filter(site => !this.isStale(site.file)) };
	}

	/** Diagnostics for every file the workspace holds. */
	allDiagnostics(): Map<FileId, FileDiag[]> {
		const result = new Map<FileId, FileDiag[]>();
		for (const file of this.workspace.fileIds()) {
			result.set(file, this.diagnostics(file));
		}
		return result;
	}

	/** Diagnostics about the file's place in the sets (an ignored project file, a shadowed user config); O(1) per file. */
	private setLevelDiagnostics(file: FileId): FileDiag[] {
		const index = this.fileIndex();
		const result: FileDiag[] = [];
		for (const set of index.ignoredProjectFiles.get(file) ?? []) {
			const loaded = set.files.find(entry => entry.role === 'project')?.file ?? set.workingDirectory;
			const loadedName = basename(loaded);
			const fork = isForkVersion(this.config.version) ? ' (the sevir/essh fork prefers .esshconfig.lua since 3.5.4)' : '';
			result.push({
				file, range: { start: 0, end: 0 }, severity: 'warning', code: 'both-config-names',
				message: `${loadedName} exists in this directory too: ESSH loads ${loadedName} and ignores this ${basename(file)}${fork}.`,
				related: [{ file: loaded, range: { start: 0, end: 0 }, message: 'the file ESSH loads' }],
			});
		}
		if (this.config.userDirectory && file === `${this.config.userDirectory}/config.lua` && index.anyProjectFile) {
			result.push({
				file, range: { start: 0, end: 0 }, severity: 'information', code: 'user-config-shadowed',
				message: 'ESSH does not load ~/.essh/config.lua when the working directory has a project config (v0.86+): it is used only outside projects.',
			});
		}
		return result;
	}

	private finish(diagnostics: FileDiag[]): FileDiag[] {
		const seen = new Set<string>();
		const result: FileDiag[] = [];
		for (const diag of diagnostics) {
			const override = this.config.severity[diag.code];
			if (override === 'off') {
				continue;
			}
			const key = `${diag.code}\u0000${diag.range.start}\u0000${diag.range.end}\u0000${diag.message}`;
			if (seen.has(key)) {
				continue;
			}
			seen.add(key);
			// Messages quote names and tokens from the file; what cannot be printed is escaped.
			const message = escapeControlCharacters(diag.message);
			result.push(override || message !== diag.message ? { ...diag, severity: override ?? diag.severity, message } : diag);
		}
		return result.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
	}
}
