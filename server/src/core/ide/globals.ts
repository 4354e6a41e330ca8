/**
 * Globals for the editor features: every read and assignment of a global variable in the files of
 * an evaluation set, the order ESSH runs them in, and which assignment a read sees. Pure.
 *
 * The sites come from a scope-aware walk of each file's syntax tree (a name with a `local` of the
 * same name in scope is that local, never the global), cached per file text. The order is the
 * set's replay: its files in ESSH's order, a `require`d module at its first `require` (once), a
 * `dofile` at each call, as `registry.ts` replays them.
 *
 * Which assignment a read sees (docs/essh-semantics.md, Globals across files):
 * - a read at load time sees the last assignment before it in that order; assignments inside
 *   `if`/loop bodies may not run, so every one back to the last unconditional assignment is a candidate;
 * - a read inside a function body runs when the function is called, which is mostly after the load
 *   (a task's `prepare`, a driver's template): it sees an earlier assignment in the same function
 *   body if there is one, else the value the global holds when the load ends;
 * - when no load-time assignment is found, assignments made inside function bodies are the
 *   candidates (such a function may have run), and none at all means the global is nil there.
 */
import * as luaparse from 'luaparse';
import type { Analysis, SetAnalysis } from '../analysis';
import type { FileId } from '../diagnostic';
import { BUNDLED_LIBRARIES, builtinSpec, isPredefinedGlobal } from '../keywords';
import { partialStringText, type FileSymbols, type Value } from '../lower';
import { parseLua } from '../syntax';
import { TextRange, type LineIndex } from '../text';
import { luaDialectOf, type EsshVersion } from '../version';

/** One read or assignment of a global in a file. */
export interface GlobalSite {
	file: FileId;
	name: string;
	/** The identifier. */
	range: TextRange;
	role: 'read' | 'write';
	/** The innermost function body holding the site (its range), or undefined at the file's top level. */
	inFunction: TextRange | undefined;
	/** True when the site sits in an `if`, loop or `and`/`or` branch of its function body (or of the top level). */
	conditional: boolean;
}

/** What the walk of one file found. */
export interface FileGlobals {
	sites: GlobalSite[];
	/** Static `_G.name` / `_G["name"]` accesses: the global reached by its name as data. */
	dynamic: GlobalSite[];
}

const LUA_KEYWORDS = new Set(['and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in', 'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while']);

export function isLuaKeyword(name: string): boolean {
	return LUA_KEYWORDS.has(name);
}

export function isLuaIdentifier(name: string): boolean {
	return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !LUA_KEYWORDS.has(name);
}

/** The globals bundled libraries create when they are required (any version). */
const LIBRARY_GLOBALS: ReadonlySet<string> = new Set(BUNDLED_LIBRARIES.flatMap(library => [...(library.globals ?? [])]));

/**
 * True when `name` is a global the config itself defines: no Lua, ESSH (of any version) or
 * bundled-library global. Only those get global navigation.
 */
export function isUserGlobal(name: string, version: EsshVersion): boolean {
	return !isPredefinedGlobal(name, version) && builtinSpec(name) === undefined && !LIBRARY_GLOBALS.has(name)
		&& name !== 'essh' && name !== 'require' && name !== 'dofile' && name !== 'module';
}

/** Why `name` would collide with a name Lua, ESSH or a bundled library gives meaning to, or undefined. */
export function reservedNameReason(name: string, version: EsshVersion): string | undefined {
	if (isPredefinedGlobal(name, version) || name === 'essh' || name === 'require' || name === 'dofile' || name === 'module') {
		return `"${name}" is a global that Lua or ESSH defines: assigning it would replace the built-in`;
	}
	if (builtinSpec(name) !== undefined) {
		return `"${name}" is a global of another ESSH version`;
	}
	if (LIBRARY_GLOBALS.has(name)) {
		return `"${name}" is a global that a bundled library creates when it is required`;
	}
	if (BUNDLED_LIBRARIES.some(library => library.name === name)) {
		return `"${name}" is the name of a bundled library (\`require "${name}"\`), usually kept in a variable of that name`;
	}
	return undefined;
}

// ---------------------------------------------------------------------------------------------
// The walk of one file
// ---------------------------------------------------------------------------------------------

type Node = luaparse.Node;

function rangeOf(node: Node): TextRange {
	const range = (node as unknown as { range?: [number, number] }).range;
	return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

/** A scope-tracking walk that records global sites; `probe` also answers whether a local name is visible at each site. */
class GlobalWalk {
	readonly sites: GlobalSite[] = [];
	readonly dynamic: GlobalSite[] = [];
	private readonly scopes: Array<Set<string>> = [new Set()];
	private functionRange: TextRange | undefined;
	private conditionalDepth = 0;

	constructor(private readonly file: FileId, private readonly probe?: { global: string; local: string; found: TextRange[] }) {}

	private isLocal(name: string): boolean {
		for (let index = this.scopes.length - 1; index >= 0; index--) {
			if (this.scopes[index].has(name)) {
				return true;
			}
		}
		return false;
	}

	private declare(name: string): void {
		this.scopes[this.scopes.length - 1].add(name);
	}

	private site(node: luaparse.Identifier, role: GlobalSite['role']): void {
		if (this.isLocal(node.name)) {
			return;
		}
		const range = rangeOf(node);
		this.sites.push({ file: this.file, name: node.name, range, role, inFunction: this.functionRange, conditional: this.conditionalDepth > 0 });
		if (this.probe && node.name === this.probe.global && this.isLocal(this.probe.local)) {
			this.probe.found.push(range);
		}
	}

	block(body: luaparse.Statement[], declare: string[] = [], after?: luaparse.Expression): void {
		this.scopes.push(new Set(declare));
		for (const statement of body) {
			this.statement(statement);
		}
		if (after) {
			// `repeat … until cond`: the condition sees the body's locals.
			this.expression(after);
		}
		this.scopes.pop();
	}

	private conditionalBlock(body: luaparse.Statement[], declare: string[] = [], after?: luaparse.Expression): void {
		this.conditionalDepth++;
		this.block(body, declare, after);
		this.conditionalDepth--;
	}

	private statement(statement: luaparse.Statement): void {
		switch (statement.type) {
			case 'LocalStatement':
				statement.init.forEach(expression => this.expression(expression));
				statement.variables.forEach(variable => this.declare(variable.name));
				return;
			case 'AssignmentStatement':
				statement.init.forEach(expression => this.expression(expression));
				for (const variable of statement.variables) {
					if (variable.type === 'Identifier') {
						this.site(variable, 'write');
					} else {
						this.expression(variable);
					}
				}
				return;
			case 'CallStatement':
				this.expression(statement.expression);
				return;
			case 'IfStatement':
				statement.clauses.forEach((clause, index) => {
					if (clause.type !== 'ElseClause') {
						if (index > 0) {
							this.conditionalDepth++;
						}
						this.expression(clause.condition);
						if (index > 0) {
							this.conditionalDepth--;
						}
					}
					this.conditionalBlock(clause.body);
				});
				return;
			case 'WhileStatement':
				this.expression(statement.condition);
				this.conditionalBlock(statement.body);
				return;
			case 'RepeatStatement':
				this.conditionalBlock(statement.body, [], statement.condition);
				return;
			case 'DoStatement':
				this.block(statement.body);
				return;
			case 'ForNumericStatement':
				this.expression(statement.start);
				this.expression(statement.end);
				if (statement.step) {
					this.expression(statement.step);
				}
				this.conditionalBlock(statement.body, [statement.variable.name]);
				return;
			case 'ForGenericStatement':
				statement.iterators.forEach(expression => this.expression(expression));
				this.conditionalBlock(statement.body, statement.variables.map(variable => variable.name));
				return;
			case 'FunctionDeclaration':
				if (statement.identifier?.type === 'Identifier') {
					if (statement.isLocal) {
						this.declare(statement.identifier.name);
					} else {
						this.site(statement.identifier, 'write');
					}
				} else if (statement.identifier) {
					this.expression(statement.identifier.base);
				}
				this.functionBody(statement);
				return;
			case 'ReturnStatement':
				statement.arguments.forEach(expression => this.expression(expression));
				return;
			default:
				return;
		}
	}

	private functionBody(node: luaparse.FunctionDeclaration): void {
		const saved = { range: this.functionRange, conditional: this.conditionalDepth };
		this.functionRange = rangeOf(node);
		this.conditionalDepth = 0;
		const parameters = node.parameters.flatMap(parameter => (parameter.type === 'Identifier' ? [parameter.name] : []));
		if (node.identifier?.type === 'MemberExpression' && node.identifier.indexer === ':') {
			parameters.push('self');
		}
		this.block(node.body, parameters);
		this.functionRange = saved.range;
		this.conditionalDepth = saved.conditional;
	}

	private expression(node: luaparse.Expression): void {
		switch (node.type) {
			case 'Identifier':
				this.site(node, 'read');
				return;
			case 'FunctionDeclaration':
				this.functionBody(node);
				return;
			case 'TableConstructorExpression':
				for (const field of node.fields) {
					if (field.type === 'TableKey') {
						this.expression(field.key);
					}
					this.expression(field.value);
				}
				return;
			case 'MemberExpression':
				this.globalTableAccess(node.base, node.identifier.name, rangeOf(node.identifier));
				this.expression(node.base);
				return;
			case 'IndexExpression':
				if (node.index.type === 'StringLiteral') {
					const plain = /^(["'])([A-Za-z_][A-Za-z0-9_]*)\1$/.exec(node.index.raw);
					this.globalTableAccess(node.base, plain ? plain[2] : '', rangeOf(node.index));
				}
				this.expression(node.base);
				this.expression(node.index);
				return;
			case 'CallExpression':
				this.expression(node.base);
				node.arguments.forEach(argument => this.expression(argument));
				return;
			case 'StringCallExpression':
				this.expression(node.base);
				this.expression(node.argument);
				return;
			case 'TableCallExpression':
				this.expression(node.base);
				this.expression(node.arguments);
				return;
			case 'BinaryExpression':
				this.expression(node.left);
				this.expression(node.right);
				return;
			case 'LogicalExpression':
				this.expression(node.left);
				this.conditionalDepth++;
				this.expression(node.right);
				this.conditionalDepth--;
				return;
			case 'UnaryExpression':
				this.expression(node.argument);
				return;
			default:
				return;
		}
	}

	/** `_G.name` and `_G["name"]`: the global reached by name, recorded so a rename knows it cannot follow. */
	private globalTableAccess(base: luaparse.Expression, member: string, range: TextRange): void {
		if (base.type !== 'Identifier' || base.name !== '_G' || this.isLocal('_G')) {
			return;
		}
		this.dynamic.push({ file: this.file, name: member, range, role: 'read', inFunction: this.functionRange, conditional: true });
	}
}

/** The parsed chunk of a file's current text, or undefined when it does not parse. */
function chunkOf(analysis: Analysis, file: FileId): luaparse.Chunk | undefined {
	const text = analysis.text(file);
	if (text === undefined || analysis.isStale(file)) {
		return undefined;
	}
	return parseLua(text, luaDialectOf(analysis.config.version)).chunk;
}

/** Per file text (its `LineIndex` object lives as long as the text), per Lua dialect. */
const fileGlobalsCache = new WeakMap<LineIndex, Map<string, FileGlobals>>();

/** The global sites of one file in text order (none when it does not parse). */
export function fileGlobals(analysis: Analysis, file: FileId): FileGlobals {
	const index = analysis.lineIndex(file);
	const dialect = luaDialectOf(analysis.config.version);
	const cached = index ? fileGlobalsCache.get(index)?.get(dialect) : undefined;
	if (cached && !analysis.isStale(file)) {
		return cached;
	}
	const chunk = chunkOf(analysis, file);
	let result: FileGlobals = { sites: [], dynamic: [] };
	if (chunk) {
		const walk = new GlobalWalk(file);
		try {
			walk.block(chunk.body);
			result = { sites: walk.sites, dynamic: walk.dynamic };
		} catch {
			// A pathological nesting depth: no global navigation in this file rather than a failed request.
			result = { sites: [], dynamic: [] };
		}
	}
	if (index && !analysis.isStale(file)) {
		let byDialect = fileGlobalsCache.get(index);
		if (!byDialect) {
			byDialect = new Map();
			fileGlobalsCache.set(index, byDialect);
		}
		byDialect.set(dialect, result);
	}
	return result;
}

/** The sites of global `global` in `file` where a local named `local` is in scope (it would capture them after a rename). */
export function capturedSites(analysis: Analysis, file: FileId, global: string, local: string): TextRange[] {
	const chunk = chunkOf(analysis, file);
	if (!chunk) {
		return [];
	}
	const probe = { global, local, found: [] as TextRange[] };
	try {
		new GlobalWalk(file, probe).block(chunk.body);
	} catch {
		return [];
	}
	return probe.found;
}

// ---------------------------------------------------------------------------------------------
// The order of a set
// ---------------------------------------------------------------------------------------------

/** The global sites of a set in the order ESSH runs them (a site appears once per replay of its file). */
interface SetTimeline {
	sites: GlobalSite[];
	/** Site key → its positions in `sites`. */
	positions: Map<string, number[]>;
	/** The walk of each file it was built from: an edit the lowering does not see (inside a function body) still rebuilds it. */
	inputs: Map<FileId, FileGlobals>;
}

const MAX_DOFILE_DEPTH = 8;

function siteKey(file: FileId, range: TextRange): string {
	return `${file}\u0000${range.start}`;
}

const timelines = new WeakMap<SetAnalysis, SetTimeline>();

/** The set's global sites in replay order, built on first use. */
function timelineOf(analysis: Analysis, set: SetAnalysis): SetTimeline {
	const known = timelines.get(set);
	if (known && [...known.inputs].every(([file, globals]) => fileGlobals(analysis, file) === globals)) {
		return known;
	}
	const registry = set.registry;
	const linksByFile = new Map<FileId, typeof registry.links>();
	for (const link of registry.links) {
		const seenRanges = linksByFile.get(link.site.file) ?? [];
		if (!seenRanges.some(other => other.site.range.start === link.site.range.start)) {
			seenRanges.push(link);
		}
		linksByFile.set(link.site.file, seenRanges);
	}
	const sites: GlobalSite[] = [];
	const loadedModules = new Set<FileId>();
	let dofileDepth = 0;
	const inputs = new Map<FileId, FileGlobals>();
	const replay = (file: FileId): void => {
		const walked = fileGlobals(analysis, file);
		inputs.set(file, walked);
		const globals = walked.sites;
		const links = [...(linksByFile.get(file) ?? [])].sort((a, b) => a.site.range.start - b.site.range.start);
		let next = 0;
		for (const link of links) {
			while (next < globals.length && globals[next].range.start < link.site.range.start) {
				sites.push(globals[next++]);
			}
			if (link.resolved === undefined) {
				continue;
			}
			if (link.kind === 'require' && !loadedModules.has(link.resolved)) {
				loadedModules.add(link.resolved);
				replay(link.resolved);
			} else if (link.kind === 'dofile' && dofileDepth < MAX_DOFILE_DEPTH) {
				dofileDepth++;
				replay(link.resolved);
				dofileDepth--;
			}
		}
		while (next < globals.length) {
			sites.push(globals[next++]);
		}
	};
	for (const entry of registry.files) {
		replay(entry.file);
	}
	const positions = new Map<string, number[]>();
	sites.forEach((site, position) => {
		const key = siteKey(site.file, site.range);
		const list = positions.get(key);
		if (list) {
			list.push(position);
		} else {
			positions.set(key, [position]);
		}
	});
	const timeline = { sites, positions, inputs };
	timelines.set(set, timeline);
	return timeline;
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

function isWordCharacter(code: number): boolean {
	return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * False when the text alone shows that no global of the config can be under the cursor: no word
 * there, a Lua/ESSH/library name, a member (`x.name`), a key opening a table (`{ name =`) or a
 * quoted word (`"name"`). It spares the parse of `fileGlobals` on most positions after an edit
 * (a document highlight is asked at every cursor move); what it lets through, the parse decides.
 */
function mayBeGlobalAt(text: string, offset: number, version: EsshVersion): boolean {
	let start = offset;
	while (start > 0 && isWordCharacter(text.charCodeAt(start - 1))) {
		start--;
	}
	let end = offset;
	while (end < text.length && isWordCharacter(text.charCodeAt(end))) {
		end++;
	}
	const word = text.slice(start, end);
	if (!/^[A-Za-z_]/.test(word) || isLuaKeyword(word) || !isUserGlobal(word, version)) {
		return false;
	}
	const before = text[start - 1];
	if (before !== undefined && (before === '"' || before === '\'') && text[end] === before) {
		return false;
	}
	let previous = start - 1;
	while (previous >= 0 && /\s/.test(text[previous])) {
		previous--;
	}
	if ((text[previous] === '.' && text[previous - 1] !== '.') || text[previous] === ':') {
		return false;
	}
	if (text[previous] === '{') {
		let next = end;
		while (next < text.length && /\s/.test(text[next])) {
			next++;
		}
		if (text[next] === '=' && text[next + 1] !== '=') {
			return false;
		}
	}
	return true;
}

/** The global site under the cursor (touching it), when it names a global the config defines. */
export function globalSiteAt(analysis: Analysis, file: FileId, offset: number): GlobalSite | undefined {
	const text = analysis.text(file);
	if (text === undefined || analysis.isStale(file) || !mayBeGlobalAt(text, offset, analysis.config.version)) {
		return undefined;
	}
	const site = fileGlobals(analysis, file).sites.find(candidate => TextRange.touches(candidate.range, offset));
	return site && isUserGlobal(site.name, analysis.config.version) ? site : undefined;
}

function sameSite(a: GlobalSite, b: GlobalSite): boolean {
	return a.file === b.file && a.range.start === b.range.start;
}

/**
 * Walks back from `before` (exclusive) over load-time assignments of `name` matching `filter`:
 * the candidates up to and including the last unconditional one.
 */
function lastAssignments(sites: readonly GlobalSite[], before: number, name: string, filter: (site: GlobalSite) => boolean): GlobalSite[] {
	const result: GlobalSite[] = [];
	for (let position = before - 1; position >= 0; position--) {
		const site = sites[position];
		if (site.name !== name || site.role !== 'write' || !filter(site)) {
			continue;
		}
		result.push(site);
		if (!site.conditional) {
			break;
		}
	}
	return result.reverse();
}

function sameRange(a: TextRange | undefined, b: TextRange | undefined): boolean {
	return a !== undefined && b !== undefined && a.start === b.start && a.end === b.end;
}

/** The assignments a site sees in one set (see the file comment), in load order. */
function assignmentsSeenIn(analysis: Analysis, set: SetAnalysis, site: GlobalSite): GlobalSite[] {
	if (site.role === 'write') {
		return [site];
	}
	const { sites, positions } = timelineOf(analysis, set);
	const result: GlobalSite[] = [];
	for (const position of positions.get(siteKey(site.file, site.range)) ?? []) {
		let found: GlobalSite[] = [];
		if (site.inFunction) {
			// An earlier assignment in the same function body, else the value once the load has ended.
			found = lastAssignments(sites, position, site.name, candidate => candidate.file === site.file && sameRange(candidate.inFunction, site.inFunction));
			if (found.length === 0) {
				found = lastAssignments(sites, sites.length, site.name, candidate => candidate.inFunction === undefined);
			}
		} else {
			found = lastAssignments(sites, position, site.name, candidate => candidate.inFunction === undefined);
		}
		if (found.length === 0) {
			// A function that assigns it may have run before this point.
			const limit = site.inFunction ? sites.length : position;
			found = sites.slice(0, limit).filter(candidate => candidate.name === site.name && candidate.role === 'write' && candidate.inFunction !== undefined);
		}
		for (const candidate of found) {
			if (!result.some(other => sameSite(other, candidate))) {
				result.push(candidate);
			}
		}
	}
	return result;
}

/** The assignments the site under the cursor sees, across the sets of its file (deduplicated, load order per set). */
export function assignmentsSeen(analysis: Analysis, site: GlobalSite): GlobalSite[] {
	const result: GlobalSite[] = [];
	for (const set of analysis.setsOfFile(site.file)) {
		for (const candidate of assignmentsSeenIn(analysis, set, site)) {
			if (!result.some(other => sameSite(other, candidate))) {
				result.push(candidate);
			}
		}
	}
	return result;
}

/** Every site of global `name` in the files the given sets load, in set and file order (deduplicated). */
export function globalSitesIn(analysis: Analysis, sets: readonly SetAnalysis[], name: string): GlobalSite[] {
	const result: GlobalSite[] = [];
	const seenFiles = new Set<FileId>();
	for (const set of sets) {
		for (const file of set.registry.loadedFiles) {
			if (seenFiles.has(file)) {
				continue;
			}
			seenFiles.add(file);
			result.push(...fileGlobals(analysis, file).sites.filter(site => site.name === name));
		}
	}
	return result;
}

/**
 * The sets a rename must cover: the sets of the file, then every set that loads a file of those
 * (a module shared by two projects is renamed in both), until nothing is added.
 */
export function renameSets(analysis: Analysis, file: FileId): SetAnalysis[] {
	const sets: SetAnalysis[] = [];
	const files: FileId[] = [file];
	const seenFiles = new Set<FileId>(files);
	while (files.length > 0) {
		const next = files.pop()!;
		for (const set of analysis.setsOfFile(next)) {
			if (sets.includes(set)) {
				continue;
			}
			sets.push(set);
			for (const loaded of set.registry.loadedFiles) {
				if (!seenFiles.has(loaded)) {
					seenFiles.add(loaded);
					files.push(loaded);
				}
			}
		}
	}
	return sets;
}

/** The static value an assignment stores, as the lowering knows it (undefined inside function bodies, which are not followed). */
export function assignedValue(analysis: Analysis, site: GlobalSite): Value | undefined {
	if (site.inFunction) {
		return undefined;
	}
	const symbols = analysis.symbols(site.file);
	const op = symbols?.ops.find(candidate => candidate.op === 'setGlobal' && candidate.name === site.name && candidate.range.start === site.range.start && candidate.range.end === site.range.end);
	return op?.op === 'setGlobal' ? op.value : undefined;
}

/** A short phrase for what a value is: "a function", "the string `"x"`", "the host object `web`". */
export function describeValue(value: Value | undefined, symbols?: FileSymbols): string {
	if (!value) {
		return 'a value set when a function runs';
	}
	switch (value.kind) {
		case 'string': return `the string \`${JSON.stringify(value.value)}\``;
		case 'partialString': return `a string known in part, \`${JSON.stringify(partialStringText(value))}\``;
		case 'number': return `the number \`${value.raw}\``;
		case 'boolean': return `\`${String(value.value)}\``;
		case 'nil': return '`nil`';
		case 'table': return 'a table';
		case 'function': return 'a function';
		case 'object': {
			const created = symbols?.ops.find(op => op.op === 'create' && op.ref === value.ref);
			const name = created?.op === 'create' && created.name.kind === 'string' ? ` \`${created.name.value}\`` : '';
			return `the ${value.objectKind} object${name}`;
		}
		case 'builtin': return `the built-in \`${value.name}\``;
		case 'query': return 'a host query (`essh.select_hosts`)';
		case 'hostList': return 'a list of hosts (`:get()` of a query)';
		case 'selectedHost': return 'a host of a query';
		case 'global': return `the value of the global \`${value.name}\``;
		default: return 'a value known only when ESSH runs';
	}
}
