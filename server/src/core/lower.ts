/**
 * Lowering: turns one file's syntax tree into `FileSymbols`, a flat list of registry operations in
 * evaluation order (create a host, apply a table to an object, assign a property, process a group,
 * require a module, …) with the static value and source range of every name, key and value.
 *
 * This is a small abstract interpreter of the ESSH DSL. It never runs code: it follows locals, the
 * built-in functions and the objects they return, and marks what it cannot know as `unknown`
 * (which later makes the evaluation set "open"). Replaying the operations of every file of an
 * evaluation set, in ESSH's order, is the registry builder's job (`registry.ts`), because globals,
 * objects and names cross files. Per-file checks that need no registry (call shapes, removed
 * built-ins) are reported here.
 */
import type * as lua from 'luaparse';
import type { Diag } from './diagnostic';
import { bundledLibraryFor, isBuiltinAvailable, isPredefinedGlobal, optionTaskNameClash } from './keywords';
import { decodeLuaString, type LuaDialect } from './syntax';
import type { TextRange } from './text';
import { formatVersion, type EsshVersion, versionAtLeast, isNamespaceEra, isForkVersion, luaDialectOf } from './version';

/** The kinds of object the DSL creates. */
export type ObjectKind = 'host' | 'task' | 'driver' | 'group' | 'namespace';

/** An object created in this file, numbered in creation order. */
export type ObjectRef = number;

export interface StringValue { kind: 'string'; value: string; range: TextRange }
/**
 * One piece of a partly known string: literal text (a string or number operand of `..`, with its
 * own range), or a part only known when ESSH runs (`hole`), labelled with the expression that
 * computes it (`essh.ssh_config`, `os.getenv(…)`).
 */
export type StringPiece =
	| { kind: 'text'; text: string; range: TextRange }
	| { kind: 'hole'; label: string; range: TextRange };
/**
 * A string built with `..` from known and unknown operands (essh-semantics.md, Partly known values):
 * its type is string, its exact value is known only when ESSH runs. Nested `..` is flattened, so the
 * pieces are in order and never nest; at least one piece is text and at least one a hole.
 */
export interface PartialStringValue { kind: 'partialString'; pieces: StringPiece[]; range: TextRange }
export interface TableField {
	/** The key when it is a static string; undefined otherwise. */
	key: string | undefined;
	/** What kind of key was written: `name = v` and `["name"] = v` are strings. */
	keyKind: 'string' | 'number' | 'other' | 'unknown';
	keyRange: TextRange;
	value: Value;
	range: TextRange;
}
export interface TableValue {
	kind: 'table';
	range: TextRange;
	/** Positional elements, in order. */
	items: Value[];
	/** Keyed fields, in source order (`[1] = v` included, with keyKind `number`). */
	fields: TableField[];
}
export type Value =
	| StringValue
	| PartialStringValue
	| { kind: 'number'; raw: string; range: TextRange }
	| { kind: 'boolean'; value: boolean; range: TextRange }
	| { kind: 'nil'; range: TextRange }
	| TableValue
	| { kind: 'function'; range: TextRange }
	| { kind: 'object'; objectKind: ObjectKind; ref: ObjectRef; range: TextRange }
	| { kind: 'builtin'; name: string; range: TextRange; query?: QueryInfo }
	| { kind: 'query'; range: TextRange; query: QueryInfo }
	/** `q:get()`: the hosts a query returns, in random order. */
	| { kind: 'hostList'; query: QueryInfo; range: TextRange }
	/** One host of `q:get()`: `[n]` (random order) or the loop variable of `ipairs(q:get())` (`each`). */
	| { kind: 'selectedHost'; query: QueryInfo; index: number | 'each'; range: TextRange }
	| { kind: 'global'; name: string; range: TextRange }
	| { kind: 'unknown'; range: TextRange };

/** A `select_hosts` query as far as it can be known statically (essh-semantics.md, Targets, filters and select_hosts). */
export interface QueryInfo {
	/** Selection strings (OR); empty selects every host. */
	selections: string[];
	/** Filter groups (AND between groups, OR within one `:filter({…})`). */
	filters: string[][];
	visibility: 'all' | 'visible' | 'hidden';
	/** True when some selection or filter is not a static string. */
	dynamic: boolean;
}

/** How a resource was created, which decides some checks and the hover text. */
export type CreateForm = 'dsl' | 'call' | 'hosts-table' | 'default' | 'group-table' | 'namespace-table';

export type Op =
	| {
		op: 'create'; ref: ObjectRef; objectKind: ObjectKind;
		/** The name as written; unknown when it is not a static string. */
		name: Value; callRange: TextRange; form: CreateForm; conditional: boolean;
	}
	| { op: 'apply'; target: Value; argument: Value; range: TextRange; conditional: boolean }
	| { op: 'assign'; target: Value; key: string; keyRange: TextRange; value: Value; range: TextRange; conditional: boolean }
	/** `require "M"`, or `pcall(require, "M")` (`protected`: a missing module is no error there). */
	| { op: 'require'; name: string; nameRange: TextRange; range: TextRange; conditional: boolean; protected: boolean }
	| { op: 'dofile'; path: string; pathRange: TextRange; range: TextRange; conditional: boolean }
	| { op: 'setGlobal'; name: string; value: Value; range: TextRange }
	/** A read of a global that is not predefined, at load time: nil unless a file loaded before assigned it. */
	| { op: 'readGlobal'; name: string; range: TextRange; called: boolean }
	| { op: 'select'; selections: StringValue[]; range: TextRange }
	/** A read of an object variable (`h:name()`, `h.K`): navigation only, an alias of the object. */
	| { op: 'use'; target: Value }
	/** `q:get()[n].K = v` or `h.K = v` for `h` in `ipairs(q:get())`: writes into the hosts the query returns. */
	| { op: 'assignSelected'; query: QueryInfo; index: number | 'each'; key: string; keyRange: TextRange; value: Value; range: TextRange; conditional: boolean };

/** Why a set cannot be fully known statically, with where. */
export interface OpenReason { range: TextRange; reason: string }

/** Everything the registry needs from one file; the syntax tree itself is not kept. */
export interface FileSymbols {
	ops: Op[];
	/** Per-file diagnostics: call shapes, removed built-ins, `task {…}` naming. */
	diagnostics: Diag[];
	openReasons: OpenReason[];
	/** Global function or variable names this file assigns (for cross-file resolution of calls). */
	assignedGlobals: string[];
	/** Globals assigned inside function bodies: they may hold a value once the function has run. */
	functionGlobals: string[];
	/** Object kind of each ref, so replay can size its tables. */
	objectCount: number;
}

const DSL_FUNCTIONS = new Set(['host', 'task', 'driver', 'group', 'namespace']);

interface Scope { parent: Scope | undefined; locals: Map<string, Value> }

/** Lowers a parsed chunk. `version` decides which built-ins exist and which call shapes are valid. */
export function lowerChunk(chunk: lua.Chunk, version: EsshVersion): FileSymbols {
	const lowering = new ChunkLowering(version);
	for (const statement of chunk.body) {
		lowering.statement(statement);
	}
	return lowering.finish();
}

/**
 * Lowers a chunk one top-level statement at a time, in source order, so that the parser can hand
 * over each statement as soon as it is complete and drop its syntax tree (`parseLua`'s
 * `StatementSink`): no file's whole tree has to be alive at once. Feeding every statement of a
 * chunk and then calling `finish` gives exactly what `lowerChunk` gives.
 */
export class ChunkLowering {
	private readonly lowering: Lowering;
	private readonly scope: Scope = { parent: undefined, locals: new Map() };
	/** True once a label or `goto` was lowered at the top level (a later statement may depend on it). */
	private jumped = false;

	/** `firstRef`: the number of the first object created (non-zero when lowering a file from one of its statements on). */
	constructor(version: EsshVersion, firstRef = 0) {
		this.lowering = new Lowering(version);
		this.lowering.nextRef = firstRef;
	}

	statement(statement: lua.Statement): void {
		this.lowering.statement(statement, this.scope);
		if (statement.type === 'LabelStatement' || statement.type === 'GotoStatement') {
			this.jumped = true;
		}
	}

	/**
	 * True while the statements so far left nothing a later statement's lowering could read: no
	 * local, no global (assigned, or assigned in a function body), no label. Its objects are only
	 * referred to by number, so a later statement is lowered the same after any pristine prefix
	 * that created as many objects.
	 */
	get pristine(): boolean {
		return !this.jumped && this.scope.locals.size === 0 && this.lowering.hasNoGlobals();
	}

	/** How many objects the statements so far created (counting from `firstRef`'s 0). */
	get refCount(): number {
		return this.lowering.nextRef;
	}

	/** How many operations, diagnostics and open reasons the statements so far produced. */
	get opCount(): number {
		return this.lowering.ops.length;
	}

	get diagnosticCount(): number {
		return this.lowering.diagnostics.length;
	}

	get openReasonCount(): number {
		return this.lowering.openReasons.length;
	}

	finish(): FileSymbols {
		const lowering = this.lowering;
		return {
			ops: lowering.ops,
			diagnostics: lowering.diagnostics,
			openReasons: lowering.openReasons,
			assignedGlobals: [...lowering.assignedGlobals],
			functionGlobals: [...lowering.functionGlobals],
			objectCount: lowering.nextRef,
		};
	}
}

/** A number literal as Lua's `tostring` writes it (`%.14g`): `1`, `1.5`, `1e+20`. */
export function luaNumberToString(raw: string): string {
	const value = Number(raw);
	if (!Number.isFinite(value)) {
		return raw;
	}
	if (Number.isInteger(value) && Math.abs(value) < 1e15) {
		return String(value);
	}
	const [mantissa, exponent] = value.toPrecision(14).split('e');
	const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
	if (exponent === undefined) {
		return trimmed;
	}
	const power = Number(exponent);
	return `${trimmed}e${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
}

/**
 * Adds the globals that a function body (and the functions nested in it) assigns: identifiers
 * that luaparse's scope tracking marks as not local.
 */
function collectFunctionGlobals(body: lua.Statement[], into: Set<string>): void {
	const pending: unknown[] = [body];
	while (pending.length > 0) {
		const node = pending.pop();
		if (Array.isArray(node)) {
			pending.push(...node);
			continue;
		}
		if (typeof node !== 'object' || node === null) {
			continue;
		}
		const statement = node as { type?: string; variables?: Array<{ type: string; name?: string; isLocal?: boolean }>; identifier?: { type: string; name?: string; isLocal?: boolean } | null; isLocal?: boolean };
		if (statement.type === 'AssignmentStatement') {
			for (const variable of statement.variables ?? []) {
				if (variable.type === 'Identifier' && variable.isLocal === false && variable.name !== undefined) {
					into.add(variable.name);
				}
			}
		} else if (statement.type === 'FunctionDeclaration' && !statement.isLocal && statement.identifier?.type === 'Identifier' && statement.identifier.isLocal === false && statement.identifier.name !== undefined) {
			into.add(statement.identifier.name);
		}
		for (const value of Object.values(node)) {
			if (typeof value === 'object' && value !== null) {
				pending.push(value);
			}
		}
	}
}

function rangeOf(node: lua.Node): TextRange {
	const range = (node as unknown as { range?: [number, number] }).range;
	return range ? { start: range[0], end: range[1] } : { start: 0, end: 0 };
}

/**
 * One copy of each table key the lowering keeps: every host repeats the same few keys, and lowered
 * values live as long as their file's text. Bounded: cleared when full.
 */
const internTable = new Map<string, string>();
const INTERN_LIMIT = 4096;

function intern(text: string): string {
	const known = internTable.get(text);
	if (known !== undefined) {
		return known;
	}
	if (internTable.size >= INTERN_LIMIT) {
		internTable.clear();
	}
	internTable.set(text, text);
	return text;
}

class Lowering {
	readonly ops: Op[] = [];
	readonly diagnostics: Diag[] = [];
	readonly openReasons: OpenReason[] = [];
	readonly assignedGlobals = new Set<string>();
	readonly functionGlobals = new Set<string>();
	/** Above zero while evaluating an existence test (`if x`, `not x`, `x or d`, `x == nil`), where reading nil is the point. */
	private testDepth = 0;
	/** True while evaluating the callee identifier of a call. */
	private callingIdentifier = false;
	/** Static values of globals assigned in this file, in order (a later file's globals are resolved at replay). */
	private readonly fileGlobals = new Map<string, Value>();
	nextRef = 0;
	private conditionalDepth = 0;
	/** The nil values of `essh.module` in v3, where indexing it fails (a v2 module's code run as a config). */
	private readonly esshModuleReads = new WeakSet<Value>();
	/** The nil values produced by calling a Namespace object (`namespace "x" {…}`), for ns-dsl-result-nil. */
	private readonly namespaceCallResults = new WeakSet<Value>();

	private readonly dialect: LuaDialect;

	constructor(private readonly version: EsshVersion) {
		this.dialect = luaDialectOf(version);
	}

	hasNoGlobals(): boolean {
		return this.fileGlobals.size === 0 && this.assignedGlobals.size === 0 && this.functionGlobals.size === 0;
	}

	private get conditional(): boolean {
		return this.conditionalDepth > 0;
	}

	private error(range: TextRange, code: string, message: string, severity: Diag['severity'] = 'error'): void {
		this.diagnostics.push({ range, severity, code, message });
	}

	private open(range: TextRange, reason: string): void {
		this.openReasons.push({ range, reason });
	}

	// Statements.

	block(statements: lua.Statement[], scope: Scope): void {
		for (const statement of statements) {
			this.statement(statement, scope);
		}
	}

	private nested(statements: lua.Statement[], scope: Scope, conditional: boolean): void {
		if (conditional) {
			this.conditionalDepth++;
		}
		this.block(statements, { parent: scope, locals: new Map() });
		if (conditional) {
			this.conditionalDepth--;
		}
	}

	statement(statement: lua.Statement, scope: Scope): void {
		switch (statement.type) {
			case 'LocalStatement': {
				const values = this.expressionList(statement.init, scope, statement.variables.length);
				statement.variables.forEach((variable, index) => {
					this.checkNamespaceResult(variable, values[index]);
					scope.locals.set(variable.name, values[index] ?? { kind: 'nil', range: rangeOf(variable) });
				});
				break;
			}
			case 'AssignmentStatement': {
				const values = this.expressionList(statement.init, scope, statement.variables.length);
				statement.variables.forEach((variable, index) => {
					this.checkNamespaceResult(variable, values[index]);
					this.assignTo(variable, values[index] ?? { kind: 'nil', range: rangeOf(variable) }, scope);
				});
				break;
			}
			case 'CallStatement':
				this.expression(statement.expression, scope);
				break;
			case 'IfStatement':
				for (const clause of statement.clauses) {
					if (clause.type !== 'ElseClause') {
						this.tested(clause.condition, scope);
					}
					this.nested(clause.body, scope, true);
				}
				break;
			case 'WhileStatement':
				this.tested(statement.condition, scope);
				this.nested(statement.body, scope, true);
				break;
			case 'RepeatStatement':
				this.nested(statement.body, scope, true);
				break;
			case 'DoStatement':
				this.nested(statement.body, scope, false);
				break;
			case 'ForNumericStatement': {
				this.expression(statement.start, scope);
				this.expression(statement.end, scope);
				if (statement.step) {
					this.expression(statement.step, scope);
				}
				const loopScope: Scope = { parent: scope, locals: new Map([[statement.variable.name, { kind: 'unknown', range: rangeOf(statement.variable) } as Value]]) };
				this.conditionalDepth++;
				this.block(statement.body, loopScope);
				this.conditionalDepth--;
				break;
			}
			case 'ForGenericStatement': {
				let each: Value | undefined;
				for (const iterator of statement.iterators) {
					// `for _, h in ipairs(q:get())`: h is each host of the query.
					if (iterator.type === 'CallExpression' && iterator.base.type === 'Identifier' && (iterator.base.name === 'ipairs' || iterator.base.name === 'pairs')
						&& !this.findScope(iterator.base.name, scope) && iterator.arguments.length === 1) {
						const list = this.expression(iterator.arguments[0], scope);
						if (list.kind === 'hostList') {
							each = { kind: 'selectedHost', query: list.query, index: 'each', range: list.range };
						} else if (list.kind === 'query') {
							// Diagnostic: query-iterate, pairs/ipairs over a query object instead of its `:get()` list.
							this.error(list.range, 'query-iterate', `${iterator.base.name} needs a table, and essh.select_hosts(…) returns a query object: ESSH fails with "bad argument #1 to ${iterator.base.name} (table expected, got userdata)". Iterate over \`essh.select_hosts(…):get()\`.`);
						}
					} else {
						this.expression(iterator, scope);
					}
				}
				const locals = new Map<string, Value>();
				statement.variables.forEach((variable, index) => {
					locals.set(variable.name, index === 1 && each ? { ...each, range: rangeOf(variable) } : { kind: 'unknown', range: rangeOf(variable) });
				});
				this.conditionalDepth++;
				this.block(statement.body, { parent: scope, locals });
				this.conditionalDepth--;
				break;
			}
			case 'FunctionDeclaration': {
				const value = this.functionValue(statement);
				if (statement.identifier) {
					if (statement.isLocal && statement.identifier.type === 'Identifier') {
						scope.locals.set(statement.identifier.name, value);
					} else {
						this.assignTo(statement.identifier, value, scope);
					}
				}
				break;
			}
			case 'ReturnStatement':
				for (const argument of statement.arguments) {
					this.expression(argument, scope);
				}
				break;
			default:
				break;
		}
	}

	/** Diagnostic: ns-dsl-result-nil, a variable that receives the nothing a `namespace "x" {…}` call returns. */
	private checkNamespaceResult(variable: lua.Expression, value: Value | undefined): void {
		if (value?.kind !== 'nil' || !this.namespaceCallResults.has(value)) {
			return;
		}
		const name = variable.type === 'Identifier' ? variable.name : 'the variable';
		this.error(rangeOf(variable), 'ns-dsl-result-nil', `\`namespace "…" {…}\` returns nothing (calling a Namespace object returns no values), so ${variable.type === 'Identifier' ? `\`${name}\`` : name} is nil. Write \`local ${name} = namespace "…"\` and then \`${name} { … }\`, or use essh.get_namespace.`, 'warning');
	}

	private assignTo(variable: lua.Expression, value: Value, scope: Scope): void {
		if (variable.type === 'Identifier') {
			const owner = this.findScope(variable.name, scope);
			if (owner) {
				owner.locals.set(variable.name, value);
			} else {
				this.assignedGlobals.add(variable.name);
				this.fileGlobals.set(variable.name, value);
				this.ops.push({ op: 'setGlobal', name: variable.name, value, range: rangeOf(variable) });
			}
			return;
		}
		if (variable.type === 'MemberExpression' || variable.type === 'IndexExpression') {
			const target = this.expression(variable.base, scope);
			let key: string | undefined;
			let keyRange: TextRange;
			if (variable.type === 'MemberExpression') {
				key = variable.identifier.name;
				keyRange = rangeOf(variable.identifier);
			} else {
				const index = this.expression(variable.index, scope);
				key = index.kind === 'string' ? index.value : undefined;
				keyRange = rangeOf(variable.index);
			}
			if (key === undefined) {
				return;
			}
			if (target.kind === 'selectedHost') {
				this.ops.push({ op: 'assignSelected', query: target.query, index: target.index, key, keyRange, value, range: rangeOf(variable), conditional: this.conditional });
				return;
			}
			if (target.kind === 'object' || target.kind === 'global') {
				this.ops.push({ op: 'assign', target, key, keyRange, value, range: rangeOf(variable), conditional: this.conditional });
			} else if (target.kind === 'table') {
				target.fields.push({ key, keyKind: 'string', keyRange, value, range: rangeOf(variable) });
			}
		}
	}

	private findScope(name: string, scope: Scope | undefined): Scope | undefined {
		for (let current = scope; current; current = current.parent) {
			if (current.locals.has(name)) {
				return current;
			}
		}
		return undefined;
	}

	private functionValue(node: lua.FunctionDeclaration): Value {
		collectFunctionGlobals(node.body, this.functionGlobals);
		// Function bodies run only when called, which we cannot follow; DSL calls inside one make the set open.
		if (containsDslCall(node.body)) {
			this.open(rangeOf(node), 'a function defines resources when it is called');
		}
		return { kind: 'function', range: rangeOf(node) };
	}

	// Expressions.

	/** Evaluates a list where the last expression may expand to several values (we only model one). */
	private expressionList(expressions: lua.Expression[], scope: Scope, wanted: number): Value[] {
		const values = expressions.map(expression => this.expression(expression, scope));
		while (values.length < wanted && expressions.length > 0) {
			const last = expressions[expressions.length - 1];
			if (last.type === 'CallExpression' || last.type === 'StringCallExpression' || last.type === 'TableCallExpression' || last.type === 'VarargLiteral') {
				values.push({ kind: 'unknown', range: rangeOf(last) });
			} else {
				break;
			}
		}
		return values;
	}

	expression(node: lua.Expression, scope: Scope): Value {
		const range = rangeOf(node);
		switch (node.type) {
			case 'StringLiteral': {
				const decoded = decodeLuaString(node.raw, this.dialect);
				return decoded === undefined ? { kind: 'unknown', range } : { kind: 'string', value: decoded, range };
			}
			case 'NumericLiteral':
				return { kind: 'number', raw: node.raw, range };
			case 'BooleanLiteral':
				return { kind: 'boolean', value: node.value, range };
			case 'NilLiteral':
				return { kind: 'nil', range };
			case 'VarargLiteral':
				return { kind: 'unknown', range };
			case 'FunctionDeclaration':
				return this.functionValue(node);
			case 'TableConstructorExpression':
				return this.table(node, scope);
			case 'Identifier':
				return this.identifier(node, scope);
			case 'MemberExpression':
				return this.member(node, scope);
			case 'IndexExpression': {
				const base = this.expression(node.base, scope);
				const index = this.expression(node.index, scope);
				if (base.kind === 'hostList' && index.kind === 'number' && /^\d+$/.test(index.raw)) {
					return { kind: 'selectedHost', query: base.query, index: Number(index.raw), range };
				}
				if (base.kind === 'table' && index.kind === 'string') {
					const field = [...base.fields].reverse().find(candidate => candidate.key === index.value);
					if (field) {
						return field.value;
					}
				}
				return { kind: 'unknown', range };
			}
			case 'CallExpression':
				return this.call(node.base, node.arguments, range, scope);
			case 'StringCallExpression':
				return this.call(node.base, [node.argument], range, scope);
			case 'TableCallExpression':
				return this.call(node.base, [node.arguments], range, scope);
			case 'BinaryExpression': {
				const comparison = node.operator === '==' || node.operator === '~=';
				const left = comparison ? this.tested(node.left, scope) : this.expression(node.left, scope);
				const right = comparison ? this.tested(node.right, scope) : this.expression(node.right, scope);
				if (node.operator === '..') {
					return concatenation(node, left, right, range);
				}
				return { kind: 'unknown', range };
			}
			case 'LogicalExpression': {
				this.tested(node.left, scope);
				this.conditionalDepth++;
				this.expression(node.right, scope);
				this.conditionalDepth--;
				return { kind: 'unknown', range };
			}
			case 'UnaryExpression':
				if (node.operator === 'not') {
					this.tested(node.argument, scope);
				} else {
					this.expression(node.argument, scope);
				}
				return { kind: 'unknown', range };
			default:
				return { kind: 'unknown', range };
		}
	}

	/** Evaluates an expression whose nil-ness is being tested, where reading an unset global is intended. */
	private tested(node: lua.Expression, scope: Scope): Value {
		this.testDepth++;
		try {
			return this.expression(node, scope);
		} finally {
			this.testDepth--;
		}
	}

	private identifier(node: lua.Identifier, scope: Scope): Value {
		const range = rangeOf(node);
		const owner = this.findScope(node.name, scope);
		if (owner) {
			const value = owner.locals.get(node.name)!;
			// Keep the use site's range for builtins and objects so diagnostics point at the use, not the definition.
			return value.kind === 'builtin' || value.kind === 'object' ? { ...value, range } : value;
		}
		const assigned = this.fileGlobals.get(node.name);
		if (assigned) {
			return assigned.kind === 'builtin' || assigned.kind === 'object' ? { ...assigned, range } : assigned;
		}
		if (node.name === 'essh' || DSL_FUNCTIONS.has(node.name) || node.name === 'require' || node.name === 'dofile' || node.name === 'module') {
			return { kind: 'builtin', name: node.name, range };
		}
		if (!isBuiltinAvailable(node.name, this.version) && isKnownRemovedName(node.name)) {
			return { kind: 'builtin', name: node.name, range };
		}
		const called = this.callingIdentifier;
		this.callingIdentifier = false;
		if ((this.testDepth === 0 || called) && !isPredefinedGlobal(node.name, this.version)) {
			this.ops.push({ op: 'readGlobal', name: node.name, range, called });
		}
		return { kind: 'global', name: node.name, range };
	}

	private member(node: lua.MemberExpression, scope: Scope): Value {
		const range = rangeOf(node);
		const base = this.expression(node.base, scope);
		const name = node.identifier.name;
		if (base.kind === 'nil' && this.esshModuleReads.has(base)) {
			this.error(rangeOf(node.identifier), 'removed-builtin', `\`essh.module\` is nil in ESSH ${formatVersion(this.version)}: it held the module's data only while a v2 module (\`load_module\`) ran, so reading \`essh.module.${name}\` fails with "attempt to index a non-table object(nil)".`);
			return { kind: 'unknown', range };
		}
		if (base.kind === 'builtin' && base.name === 'essh') {
			const qualified = `essh.${name}`;
			if (name === 'module' && versionAtLeast(this.version, '3.0')) {
				const result: Value = { kind: 'nil', range };
				this.esshModuleReads.add(result);
				return result;
			}
			if (['host', 'task', 'driver', 'group'].includes(name)) {
				return { kind: 'builtin', name, range };
			}
			if (name === 'select_hosts' || name === 'debug') {
				return { kind: 'builtin', name: qualified, range };
			}
			if (isKnownRemovedName(qualified) && !isBuiltinAvailable(qualified, this.version)) {
				return { kind: 'builtin', name: qualified, range };
			}
			if (isKnownRemovedName(qualified)) {
				return { kind: 'builtin', name: qualified, range };
			}
			return { kind: 'unknown', range };
		}
		if (base.kind === 'query') {
			if (name === 'first') {
				this.error(rangeOf(node.identifier), 'select-first', 'The query\'s `first` is nil in every ESSH release: calling it fails with "attempt to call a non-function object". Use `:get()[1]` instead.');
				return { kind: 'unknown', range };
			}
			if (name === 'filter' || name === 'visible' || name === 'hidden' || name === 'get') {
				return { kind: 'builtin', name: `query.${name}`, range, query: base.query };
			}
			return { kind: 'unknown', range };
		}
		if (base.kind === 'table') {
			const field = [...base.fields].reverse().find(candidate => candidate.key === name);
			return field ? field.value : { kind: 'unknown', range };
		}
		if (base.kind === 'object' || (base.kind === 'global' && name === 'name')) {
			this.ops.push({ op: 'use', target: base });
		}
		if (base.kind === 'object' && (name === 'name' || name === 'select_hosts')) {
			return { kind: 'builtin', name: `object.${name}`, range };
		}
		return { kind: 'unknown', range };
	}

	private table(node: lua.TableConstructorExpression, scope: Scope): TableValue {
		// Lowered tables live as long as their file's text: their lists are allocated at their final
		// size (a list grown by `push` keeps room for 17 entries or more).
		let itemCount = 0;
		for (const field of node.fields) {
			if (field.type === 'TableValue') {
				itemCount++;
			}
		}
		const items = new Array<Value>(itemCount);
		const fields = new Array<TableField>(node.fields.length - itemCount);
		let itemAt = 0;
		let fieldAt = 0;
		for (const field of node.fields) {
			if (field.type === 'TableValue') {
				items[itemAt++] = this.expression(field.value, scope);
			} else if (field.type === 'TableKeyString') {
				fields[fieldAt++] = { key: intern(field.key.name), keyKind: 'string', keyRange: rangeOf(field.key), value: this.expression(field.value, scope), range: rangeOf(field) };
			} else {
				const key = this.expression(field.key, scope);
				const value = this.expression(field.value, scope);
				const keyKind = key.kind === 'string' ? 'string' : key.kind === 'number' ? 'number' : key.kind === 'unknown' || key.kind === 'global' || key.kind === 'partialString' ? 'unknown' : 'other';
				fields[fieldAt++] = { key: key.kind === 'string' ? key.value : key.kind === 'number' ? key.raw : undefined, keyKind, keyRange: rangeOf(field.key), value, range: rangeOf(field) };
			}
		}
		return { kind: 'table', range: rangeOf(node), items, fields };
	}

	// Calls.

	private call(calleeNode: lua.Expression, argumentNodes: lua.Expression[], range: TextRange, scope: Scope): Value {
		// A method call `a:b(x)` passes `a` as the first argument.
		const isMethod = calleeNode.type === 'MemberExpression' && calleeNode.indexer === ':';
		this.callingIdentifier = calleeNode.type === 'Identifier';
		const callee = this.expression(calleeNode, scope);
		this.callingIdentifier = false;
		// `type(x)` tests x, like `x == nil`.
		const testsArgument = calleeNode.type === 'Identifier' && calleeNode.name === 'type' && callee.kind === 'global';
		const args = argumentNodes.map(argument => (testsArgument ? this.tested(argument, scope) : this.expression(argument, scope)));
		switch (callee.kind) {
			case 'builtin':
				return this.builtinCall(callee.name, callee.range, args, range, isMethod, callee.query);
			case 'object':
				return this.objectCall(callee, args, range);
			case 'global':
				// `pcall(require, "M")` loads M like `require`, but a missing M is no error (essh_utils' idiom).
				if (callee.name === 'pcall' && args[0]?.kind === 'builtin' && args[0].name === 'require') {
					this.requireCall(args[1], range, true);
					return { kind: 'unknown', range };
				}
				// A global set in an earlier file may hold an object; replay decides.
				if (args.length === 1 && (args[0].kind === 'table' || args[0].kind === 'string' || args[0].kind === 'partialString')) {
					this.ops.push({ op: 'apply', target: callee, argument: args[0], range, conditional: this.conditional });
				}
				return { kind: 'unknown', range };
			case 'selectedHost': {
				// `q:get()[1] { K = v }` applies a table to the selected host like `h { … }`.
				const argument = args[0];
				if (argument?.kind === 'table') {
					for (const field of argument.fields) {
						if (field.key !== undefined && field.keyKind === 'string') {
							this.ops.push({ op: 'assignSelected', query: callee.query, index: callee.index, key: field.key, keyRange: field.keyRange, value: field.value, range, conditional: this.conditional });
						}
					}
				}
				return callee;
			}
			case 'nil':
			case 'string':
			case 'number':
			case 'boolean':
			case 'table':
			case 'function':
			case 'query':
			case 'hostList':
			case 'partialString':
			case 'unknown':
				return { kind: 'unknown', range };
		}
	}

	private objectCall(callee: Extract<Value, { kind: 'object' }>, args: Value[], range: TextRange): Value {
		const argument = args[0];
		const kindName = callee.objectKind === 'host' ? 'Host' : callee.objectKind === 'task' ? 'Task' : callee.objectKind === 'driver' ? 'Driver' : callee.objectKind === 'group' ? 'Group' : 'Namespace';
		const acceptsString = callee.objectKind === 'task' && versionAtLeast(this.version, '2.5');
		if (!argument || !(argument.kind === 'table' || ((argument.kind === 'string' || argument.kind === 'partialString') && acceptsString) || argument.kind === 'unknown' || argument.kind === 'global')) {
			const message = callee.objectKind === 'task' && acceptsString
				? 'A Task object takes a table or a script string: ESSH fails with "bad argument #2 to ? (Table or string expected)".'
				: `A ${kindName} object takes only a table: ESSH fails with "bad argument #2 to ? (table expected, got ${argument ? luaTypeName(argument) : 'no value'})".`;
			this.error(argument ? argument.range : range, 'call-arg-type', message);
			return callee.objectKind === 'group' || callee.objectKind === 'namespace' ? { kind: 'nil', range } : { ...callee, range };
		}
		this.ops.push({ op: 'apply', target: callee, argument, range, conditional: this.conditional });
		// Calling a Group or Namespace object returns nothing; Host, Task and Driver calls return the object.
		if (callee.objectKind === 'namespace') {
			const result: Value = { kind: 'nil', range };
			this.namespaceCallResults.add(result);
			return result;
		}
		return callee.objectKind === 'group' ? { kind: 'nil', range } : { ...callee, range };
	}

	private newObject(objectKind: ObjectKind, name: Value, callRange: TextRange, form: CreateForm): Extract<Value, { kind: 'object' }> {
		const ref = this.nextRef++;
		this.ops.push({ op: 'create', ref, objectKind, name, callRange, form, conditional: this.conditional });
		if (name.kind !== 'string') {
			this.open(name.range, `the ${objectKind} name is not a static string`);
		}
		// A task named like an ESSH option can never be run: ESSH takes the argument as the option.
		const option = objectKind === 'task' && name.kind === 'string' ? optionTaskNameClash(name.value, this.version) : undefined;
		if (option !== undefined && name.kind === 'string') {
			this.diagnostics.push({
				range: name.range, severity: 'warning', code: 'task-name-option',
				message: `ESSH reads "${name.value}" as its option ${option.endsWith('=') ? `${option}…` : option}, so \`essh ${name.value}\` never runs this task.`,
			});
		}
		return { kind: 'object', objectKind, ref, range: callRange };
	}

	private builtinCall(name: string, calleeRange: TextRange, args: Value[], range: TextRange, isMethod: boolean, query: QueryInfo | undefined): Value {
		switch (name) {
			case 'host':
			case 'task':
			case 'driver':
				return this.resourceCall(name, calleeRange, args, range);
			case 'module':
				return this.moduleCall(calleeRange, args, range);
			case 'lua.module.result':
				// Lua's own `module "x"` returned nothing; calling that nil is ESSH's old `module "x" {…}` shape.
				return this.removedBuiltin('module', calleeRange, range);
			case 'group':
				return this.groupCall(args, range);
			case 'namespace':
				if (!isNamespaceEra(this.version) && !isBuiltinAvailable('namespace', this.version)) {
					return this.removedBuiltin(name, calleeRange, range);
				}
				return this.namespaceCall(args, range);
			case 'require':
				return this.requireCall(args[0], range, false);
			case 'dofile': {
				const argument = args[0];
				if (argument?.kind === 'string') {
					this.ops.push({ op: 'dofile', path: argument.value, pathRange: argument.range, range, conditional: this.conditional });
				} else {
					this.open(range, 'dofile of a path that is not a static string');
				}
				return { kind: 'unknown', range };
			}
			case 'essh.select_hosts': {
				if (args.length >= 2 && versionAtLeast(this.version, '2.2')) {
					this.error(range, 'call-arity', 'essh.select_hosts takes at most one argument: ESSH fails with "select_hosts can receive max 1 argument."');
				}
				const selection = args[isNamespaceEra(this.version) && args.length === 2 ? 1 : 0];
				if (selection && !isSelectionShape(selection) && !(isNamespaceEra(this.version) && selection.kind === 'object')) {
					this.error(selection.range, 'call-arg-type', `essh.select_hosts takes a string or an array of strings: ESSH fails with "select_hosts can receive string or array table of strings." (got ${luaTypeName(selection)})`);
				}
				this.recordSelection(selection, range);
				return { kind: 'query', range, query: queryOf(selection, isNamespaceEra(this.version) && args.length === 2) };
			}
			case 'query.filter': {
				// luaparse does not list the receiver of `q:filter(x)` among the arguments; `q.filter(q, x)` has it first.
				const filterArgs = isMethod ? args : args.slice(1);
				if (filterArgs.length !== 1) {
					this.error(range, 'call-arity', `:filter() takes exactly one argument, not ${filterArgs.length}: ESSH fails with "filter must receive max 2 argument."`);
				} else if (!isSelectionShape(filterArgs[0])) {
					this.error(filterArgs[0].range, 'call-arg-type', `:filter() takes a string or an array of strings: ESSH fails with "filter can receive string or array table of strings." (got ${luaTypeName(filterArgs[0])})`);
				}
				this.recordSelection(filterArgs[0], range);
				// `:filter` changes the query in place and returns it (essh-semantics.md, Targets, filters and select_hosts).
				const current = query ?? { selections: [], filters: [], visibility: 'all', dynamic: true };
				const filter = filterArgs.length === 1 ? selectionStrings(filterArgs[0]) : undefined;
				if (filter === undefined) {
					current.dynamic = true;
				} else {
					current.filters.push(filter);
				}
				return { kind: 'query', range, query: current };
			}
			case 'query.visible':
			case 'query.hidden': {
				const current = query ?? { selections: [], filters: [], visibility: 'all', dynamic: true };
				current.visibility = name === 'query.visible' ? 'visible' : 'hidden';
				return { kind: 'query', range, query: current };
			}
			case 'query.get':
				return query ? { kind: 'hostList', query, range } : { kind: 'unknown', range };
			case 'essh.debug': {
				const argument = args[0];
				if (argument && argument.kind !== 'string' && argument.kind !== 'partialString' && argument.kind !== 'unknown' && argument.kind !== 'global' && !(argument.kind === 'number' && isForkVersion(this.version))) {
					this.error(argument.range, 'call-arg-type', `essh.debug takes a string: ESSH fails with "bad argument #1 to debug (string expected, got ${luaTypeName(argument)})".`);
				}
				return { kind: 'nil', range };
			}
			case 'object.name':
				return { kind: 'unknown', range };
			default:
				if (isKnownRemovedName(name) && !isBuiltinAvailable(name, this.version)) {
					return this.removedBuiltin(name, calleeRange, range);
				}
				return { kind: 'unknown', range };
		}
	}

	/** `require "M"` and `pcall(require, "M")`: a bundled library, or a module file to follow at replay. */
	private requireCall(argument: Value | undefined, range: TextRange, isProtected: boolean): Value {
		if (argument?.kind !== 'string') {
			this.open(range, 'require of a module whose name is not a static string');
			return { kind: 'unknown', range };
		}
		const library = bundledLibraryFor(argument.value, this.version);
		if (library) {
			// Some libraries register userdata types as globals (`logger_ud`) when they load.
			for (const name of library.globals ?? []) {
				this.assignedGlobals.add(name);
				this.ops.push({ op: 'setGlobal', name, value: { kind: 'unknown', range }, range });
			}
			return { kind: 'unknown', range };
		}
		this.ops.push({ op: 'require', name: argument.value, nameRange: argument.range, range, conditional: this.conditional, protected: isProtected });
		return { kind: 'unknown', range };
	}

	private removedBuiltin(name: string, calleeRange: TextRange, range: TextRange): Value {
		const message = name === 'module'
			? `ESSH ${this.version.major}.${this.version.minor} has no \`module "src" {…}\` (it existed in v2.0–v2.2${versionAtLeast(this.version, '2.3') && !versionAtLeast(this.version, '3.0') ? '; use `load_module`' : ''}): \`module\` is Lua 5.1's own function, which returns nothing, so this fails with "attempt to call a non-function object".`
			: `\`${name}\` does not exist in ESSH ${this.version.major}.${this.version.minor}: calling it fails with "attempt to call a non-function object".`;
		this.error(calleeRange, 'removed-builtin', message);
		return { kind: 'unknown', range };
	}

	/**
	 * `module`: ESSH's module loader in v2.0–v2.2, Lua 5.1's own `module(name, ...)` otherwise. Lua's
	 * returns nothing and calls each further argument, so only the ESSH shapes fail there.
	 */
	private moduleCall(calleeRange: TextRange, args: Value[], range: TextRange): Value {
		if (isBuiltinAvailable('module', this.version)) {
			return { kind: 'unknown', range };
		}
		if (args.length >= 2 && args[1].kind === 'table') {
			return this.removedBuiltin('module', calleeRange, range);
		}
		if (args.length === 1 && args[0].kind === 'string') {
			return { kind: 'builtin', name: 'lua.module.result', range: calleeRange };
		}
		return { kind: 'unknown', range };
	}

	private recordSelection(argument: Value | undefined, range: TextRange): void {
		if (!argument) {
			return;
		}
		const selections: StringValue[] = [];
		if (argument.kind === 'string') {
			selections.push(argument);
		} else if (argument.kind === 'table') {
			for (const item of argument.items) {
				if (item.kind === 'string') {
					selections.push(item);
				}
			}
		}
		if (selections.length > 0) {
			this.ops.push({ op: 'select', selections, range });
		}
	}

	private resourceCall(kind: 'host' | 'task' | 'driver', calleeRange: TextRange, args: Value[], range: TextRange): Value {
		if (args.length >= 3) {
			this.error(range, 'call-arity', `${kind} takes 1 or 2 arguments: ESSH fails with "${kind} requires 1 or 2 arguments".`);
			return { kind: 'unknown', range };
		}
		const first = args[0];
		if (!first) {
			this.error(range, 'call-arg-type', `${kind} needs a name: ESSH fails with "bad argument #1 to ${kind} (value expected)".`);
			return { kind: 'unknown', range };
		}
		if (first.kind === 'table') {
			if (args.length === 2) {
				this.error(args[1].range, 'call-arg-type', `${kind} with a table takes no second argument.`);
			}
			if (kind === 'host') {
				return this.hostsTable(first, 'hosts-table');
			}
			// `task {…}` and `driver {…}` define the resource named "default".
			this.diagnostics.push({
				range: calleeRange,
				severity: 'information',
				code: 'task-name-default',
				message: kind === 'task'
					? '`task {…}` defines a task named "default" (run with `essh default`).'
					: '`driver {…}` defines the driver named "default", which replaces the built-in driver for every task without a `driver`.',
			});
			const object = this.newObject(kind, { kind: 'string', value: 'default', range: first.range }, range, 'default');
			this.ops.push({ op: 'apply', target: object, argument: first, range, conditional: this.conditional });
			return object;
		}
		if (first.kind === 'number' && kind !== 'host' && isForkVersion(this.version)) {
			// The fork's gopher-lua converts a number where ESSH asks for a string: `task(1)` is task "1".
			return this.resourceCall(kind, calleeRange, [{ kind: 'string', value: luaNumberToString(first.raw), range: first.range }, ...args.slice(1)], range);
		}
		if (first.kind !== 'string' && first.kind !== 'partialString' && first.kind !== 'unknown' && first.kind !== 'global') {
			const message = kind === 'host'
				? `host takes a name string or a table of hosts: ESSH fails with "expected table or string but got '${first.kind === 'number' ? first.raw : first.kind === 'boolean' ? String(first.value) : luaTypeName(first)}'".`
				: `${kind} takes a name string or a table: ESSH fails with "bad argument #1 to ${kind} (string expected, got ${luaTypeName(first)})".`;
			this.error(first.range, 'call-arg-type', message);
			return { kind: 'unknown', range };
		}
		// A name computed at run time (partly known or not) is not a static name.
		const object = this.newObject(kind, first.kind === 'global' || first.kind === 'partialString' ? { kind: 'unknown', range: first.range } : first, range, args.length === 2 ? 'call' : 'dsl');
		if (args.length === 2) {
			const second = args[1];
			if (second.kind !== 'table' && second.kind !== 'unknown' && second.kind !== 'global') {
				this.error(second.range, 'call-arg-type', `The second argument of ${kind} must be a table: ESSH fails with "bad argument #2 to ${kind} (table expected, got ${luaTypeName(second)})".`);
			} else {
				this.ops.push({ op: 'apply', target: object, argument: second, range, conditional: this.conditional });
			}
		}
		return object;
	}

	/** `host { name = {…}, … }`: every string key is a host; the entries are checked here. */
	private hostsTable(table: TableValue, form: CreateForm): Value {
		for (const item of table.items) {
			this.error(item.range, 'hosts-table-entry', 'In the table-of-hosts form every key must be a host name: ESSH fails with "expected string of host\'s name but got \'…\'".');
		}
		for (const field of table.fields) {
			if (field.keyKind !== 'string' || field.key === undefined) {
				if (field.keyKind !== 'unknown') {
					this.error(field.keyRange, 'hosts-table-entry', 'In the table-of-hosts form every key must be a host name string: ESSH fails with "expected string of host\'s name but got \'…\'".');
				} else {
					this.open(field.keyRange, 'a host name in a table of hosts is not static');
				}
				continue;
			}
			if (field.value.kind !== 'table' && field.value.kind !== 'unknown' && field.value.kind !== 'global') {
				this.error(field.value.range, 'hosts-table-entry', `The definition of host "${field.key}" must be a table: ESSH fails with "expected table of host's config but got '…'".`);
				continue;
			}
			const object = this.newObject('host', { kind: 'string', value: field.key, range: field.keyRange }, field.range, form);
			this.ops.push({ op: 'apply', target: object, argument: field.value, range: field.range, conditional: this.conditional });
		}
		return { kind: 'table', range: table.range, items: [], fields: [] };
	}

	private groupCall(args: Value[], range: TextRange): Value {
		const first = args[0];
		if (!first || first.kind !== 'table') {
			if (first && (first.kind === 'unknown' || first.kind === 'global')) {
				return { kind: 'unknown', range };
			}
			if (first?.kind === 'string' || first?.kind === 'partialString') {
				this.error(first.range, 'group-string-name', 'Groups have no names: `group` takes only a table, and ESSH fails with "bad argument #1 to group (table expected, got string)".');
			} else {
				this.error(first ? first.range : range, 'call-arg-type', `group takes a table: ESSH fails with "bad argument #1 to group (table expected, got ${first ? luaTypeName(first) : 'no value'})".`);
			}
			return { kind: 'unknown', range };
		}
		const ref = this.nextRef++;
		this.ops.push({ op: 'create', ref, objectKind: 'group', name: { kind: 'unknown', range }, callRange: range, form: 'dsl', conditional: this.conditional });
		const group: Value = { kind: 'object', objectKind: 'group', ref, range };
		this.ops.push({ op: 'apply', target: group, argument: first, range, conditional: this.conditional });
		return group;
	}

	private namespaceCall(args: Value[], range: TextRange): Value {
		if (args.length >= 3) {
			this.error(range, 'call-arity', 'namespace takes 1 or 2 arguments: ESSH fails with "namespace requires 1 or 2 arguments".');
			return { kind: 'unknown', range };
		}
		const first = args[0];
		if (first?.kind === 'table') {
			const object = this.newObject('namespace', { kind: 'string', value: 'default', range: first.range }, range, 'default');
			this.ops.push({ op: 'apply', target: object, argument: first, range, conditional: this.conditional });
			return { kind: 'nil', range };
		}
		if (!first || (first.kind !== 'string' && first.kind !== 'partialString' && first.kind !== 'unknown')) {
			this.error(first ? first.range : range, 'call-arg-type', 'namespace takes a name string or a table.');
			return { kind: 'unknown', range };
		}
		const object = this.newObject('namespace', first.kind === 'partialString' ? { kind: 'unknown', range: first.range } : first, range, args.length === 2 ? 'call' : 'dsl');
		if (args.length === 2) {
			this.ops.push({ op: 'apply', target: object, argument: args[1], range, conditional: this.conditional });
			return { kind: 'nil', range };
		}
		return object;
	}
}

/**
 * `a .. b`: a string when both operands are known, a partial string when at least one piece is
 * known text and another is only known at run time, unknown otherwise (an operand of another type
 * fails in ESSH, which other checks do not model here).
 */
function concatenation(node: lua.BinaryExpression, left: Value, right: Value, range: TextRange): Value {
	const leftPieces = concatenationPieces(node.left, left);
	const rightPieces = concatenationPieces(node.right, right);
	if (leftPieces === undefined || rightPieces === undefined) {
		return { kind: 'unknown', range };
	}
	const pieces = leftPieces.concat(rightPieces);
	let texts = 0;
	for (const piece of pieces) {
		if (piece.kind === 'text') {
			texts++;
		}
	}
	if (texts === pieces.length) {
		let value = '';
		for (const piece of pieces) {
			value += (piece as Extract<StringPiece, { kind: 'text' }>).text;
		}
		return { kind: 'string', value, range };
	}
	return texts === 0 ? { kind: 'unknown', range } : { kind: 'partialString', pieces, range };
}

/** The pieces an operand of `..` contributes, or undefined when it is not a string, a number or unknown. */
function concatenationPieces(node: lua.Expression, value: Value): StringPiece[] | undefined {
	switch (value.kind) {
		case 'string': return [{ kind: 'text', text: value.value, range: value.range }];
		// Lua converts a number operand as `tostring` does.
		case 'number': return [{ kind: 'text', text: luaNumberToString(value.raw), range: value.range }];
		case 'partialString': return value.pieces;
		case 'unknown':
		case 'global': return [{ kind: 'hole', label: expressionLabel(node), range: rangeOf(node) }];
		default: return undefined;
	}
}

const MAX_LABEL_LENGTH = 40;

/** A short readable name for the expression that computes an unknown piece: `essh.ssh_config`, `os.getenv(…)`, or `…`. */
function expressionLabel(node: lua.Expression): string {
	const label = expressionText(node);
	return label.length > MAX_LABEL_LENGTH ? '…' : label;
}

function expressionText(node: lua.Expression): string {
	switch (node.type) {
		case 'Identifier': return node.name;
		case 'MemberExpression': return `${expressionText(node.base)}${node.indexer}${node.identifier.name}`;
		case 'IndexExpression': return `${expressionText(node.base)}[${node.index.type === 'StringLiteral' || node.index.type === 'NumericLiteral' ? node.index.raw : '…'}]`;
		case 'CallExpression':
		case 'StringCallExpression':
		case 'TableCallExpression': return `${expressionText(node.base)}(…)`;
		default: return '…';
	}
}

/** The text of a partial string with each unknown piece written as `<label>`. */
export function partialStringText(value: PartialStringValue): string {
	let result = '';
	for (const piece of value.pieces) {
		result += piece.kind === 'text' ? piece.text : `<${piece.label}>`;
	}
	return result;
}

/** The placeholders a partial string's text holds, in order, each once (`<essh.ssh_config>`). */
export function partialStringPlaceholders(value: PartialStringValue): string[] {
	const result: string[] = [];
	for (const piece of value.pieces) {
		if (piece.kind === 'hole' && !result.includes(`<${piece.label}>`)) {
			result.push(`<${piece.label}>`);
		}
	}
	return result;
}

/** True for what `select_hosts` and `:filter` accept, or cannot be known: a string or a table. */
function isSelectionShape(value: Value): boolean {
	return value.kind === 'string' || value.kind === 'partialString' || value.kind === 'table' || value.kind === 'unknown' || value.kind === 'global' || value.kind === 'nil';
}

/** The static strings of a selection (a string or an array of strings); undefined when not static. */
function selectionStrings(value: Value | undefined): string[] | undefined {
	if (value === undefined) {
		return [];
	}
	if (value.kind === 'string') {
		return [value.value];
	}
	if (value.kind === 'table' && value.fields.length === 0 && value.items.every(item => item.kind === 'string')) {
		return value.items.map(item => (item as StringValue).value);
	}
	return undefined;
}

function queryOf(selection: Value | undefined, namespaceForm: boolean): QueryInfo {
	const selections = selectionStrings(selection);
	return { selections: selections ?? [], filters: [], visibility: 'all', dynamic: selections === undefined || namespaceForm };
}

/** Names that some ESSH version defines as a global or `essh.*` function. */
function isKnownRemovedName(name: string): boolean {
	return REMOVED_NAMES.has(name);
}

const REMOVED_NAMES = new Set([
	'namespace', 'job', 'load_module', 'import', 'private_host', 'override_host', 'find_hosts', 'registry', 'Host', 'Task',
	'essh.namespaces', 'essh.get_namespace', 'essh.jobs', 'essh.get_job', 'essh.load_module', 'essh.find_hosts', 'essh.gethosts',
	'essh.hosts', 'essh.registry', 'essh.require', 'essh.private_host', 'essh.import',
]);

/** Lua's type name of a static value, as ESSH's messages print it (`unknown` when it cannot be known). */
export function luaTypeName(value: Value): string {
	switch (value.kind) {
		case 'object':
		case 'query':
		case 'hostList':
		case 'selectedHost': return 'userdata';
		case 'builtin': return 'function';
		case 'partialString': return 'string';
		case 'global':
		case 'unknown': return 'unknown';
		default: return value.kind;
	}
}

/** True when a function body (or anything nested in it) calls a DSL function by its global name. */
function containsDslCall(body: lua.Statement[]): boolean {
	let found = false;
	const visit = (node: unknown): void => {
		if (found || node === null || typeof node !== 'object') {
			return;
		}
		if (Array.isArray(node)) {
			for (const child of node) {
				visit(child);
			}
			return;
		}
		const record = node as Record<string, unknown>;
		if ((record.type === 'CallExpression' || record.type === 'StringCallExpression' || record.type === 'TableCallExpression')) {
			const base = record.base as { type?: string; name?: string; base?: { name?: string }; identifier?: { name?: string } } | undefined;
			if (base?.type === 'Identifier' && base.name && DSL_FUNCTIONS.has(base.name)) {
				found = true;
				return;
			}
			if (base?.type === 'MemberExpression' && base.base?.name === 'essh' && base.identifier?.name && DSL_FUNCTIONS.has(base.identifier.name)) {
				found = true;
				return;
			}
		}
		for (const key of Object.keys(record)) {
			if (key !== 'range' && key !== 'loc') {
				visit(record[key]);
			}
		}
	};
	visit(body);
	return found;
}
