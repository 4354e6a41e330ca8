/**
 * Property validation: what ESSH's update path does with one key and value on a host, task or
 * driver (essh-semantics.md, Properties), as diagnostics. The same function serves definition
 * tables, object assignments (`h.K = v`) and group defaults, exactly as ESSH routes all three
 * through one path. Pure; values are the static values of lower.ts.
 */
import type { DiagData, Severity } from './diagnostic';
import { canonicalSshKeyword, nearestName, hostKeysFor, taskKeysFor, SSH_KEYWORDS, TASK_KEYS, type EsshKeySpec } from './keywords';
import { luaTypeName, type TableValue, type Value } from './lower';
import type { FileRole } from './model';
import type { TextRange } from './text';
import { describeVersionRanges, type EsshVersion } from './version';

/** One finding about a property; `on` says whether it belongs on the key or on (part of) the value. */
export interface PropertyIssue {
	on: 'key' | 'value';
	/** A narrower range inside the value (a table element), when `on` is `value`. */
	range?: TextRange;
	severity: Severity;
	code: string;
	message: string;
	/** ESSH's own error text, for messages that wrap this one (group defaults). */
	quote?: string;
	data?: DiagData;
}

export interface PropertyContext {
	version: EsshVersion;
	/** True for `obj.K = v` (where `nil` is a value, not an absent key). */
	assignment: boolean;
	builtin: boolean;
}

/** True for the files whose host redefinitions get `override-redefinition`. */
export function isOverrideRole(role: FileRole): boolean {
	return role === 'override' || role === 'user-override';
}

/** Go's unicode.IsUpper on the first character decides SSH-config properties (essh-semantics.md, Hosts). */
export function isSshPropertyKey(key: string): boolean {
	let result = sshPropertyKeys.get(key);
	if (result === undefined) {
		if (sshPropertyKeys.size >= MEMO_LIMIT) {
			sshPropertyKeys.clear();
		}
		result = computeIsSshPropertyKey(key);
		sshPropertyKeys.set(key, result);
	}
	return result;
}

/** Memoised per key: the same few keys are validated on every resource. Bounded. */
const MEMO_LIMIT = 4096;
const sshPropertyKeys = new Map<string, boolean>();
const canonicalKeywords = new Map<string, string | null>();

function canonicalKeyword(key: string): string | undefined {
	let result = canonicalKeywords.get(key);
	if (result === undefined) {
		if (canonicalKeywords.size >= MEMO_LIMIT) {
			canonicalKeywords.clear();
		}
		result = canonicalSshKeyword(key) ?? null;
		canonicalKeywords.set(key, result);
	}
	return result ?? undefined;
}

/** The names of the ESSH keys of a version, as a list (suggestions) and a set (lookups). */
interface KeyNames {
	list: string[];
	set: Set<string>;
}
const keyNamesCache = new WeakMap<readonly EsshKeySpec[], KeyNames>();

function keyNames(specs: readonly EsshKeySpec[]): KeyNames {
	let names = keyNamesCache.get(specs);
	if (!names) {
		const list = specs.map(entry => entry.name);
		names = { list, set: new Set(list) };
		keyNamesCache.set(specs, names);
	}
	return names;
}

/** No issue: shared, never mutated by callers. */
const NONE: PropertyIssue[] = [];

function computeIsSshPropertyKey(key: string): boolean {
	const first = key.codePointAt(0);
	if (first === undefined) {
		return false;
	}
	const character = String.fromCodePoint(first);
	return character !== character.toLowerCase() && character === character.toUpperCase();
}

function isDynamic(value: Value): boolean {
	return value.kind === 'unknown' || value.kind === 'global';
}

/** A string, or a partly known string (`"-F " .. essh.ssh_config`): its type is string whatever its exact value. */
function isString(value: Value): boolean {
	return value.kind === 'string' || value.kind === 'partialString';
}

function isFunction(value: Value): boolean {
	return value.kind === 'function' || value.kind === 'builtin';
}

/** Validates one key/value pair for a resource kind. Returns no issues for values it cannot know. */
export function validateProperty(kind: 'host' | 'task' | 'driver', key: string, value: Value, context: PropertyContext): PropertyIssue[] {
	if (!context.assignment && value.kind === 'nil') {
		return [];
	}
	switch (kind) {
		case 'host': return validateHostProperty(key, value, context);
		case 'task': return validateTaskProperty(key, value, context);
		case 'driver': return validateDriverProperty(key, value);
	}
}

function typeError(kind: 'host' | 'task', key: string, expected: string): PropertyIssue {
	const quote = `invalid value of a ${kind}'s field '${key}'.`;
	return { on: 'value', severity: 'error', code: `${kind}-field-type`, message: `\`${key}\` must be ${expected}: ESSH fails with "${quote}"`, quote };
}

function validateHostProperty(key: string, value: Value, context: PropertyContext): PropertyIssue[] {
	if (isSshPropertyKey(key)) {
		return validateSshProperty(key, value, context);
	}
	const hostKeyNames = keyNames(hostKeysFor(context.version));
	if (!hostKeyNames.set.has(key)) {
		const hostKeys = hostKeyNames.list;
		const quote = `unsupported host's field '${key}'.`;
		const canonical = canonicalSshKeyword(key);
		// A near ESSH key (`tag` → `tags`) is the likelier intent than an ssh keyword of the same letters.
		const nearestKey = nearestName(key, hostKeys);
		const suggestion = nearestKey ?? canonical;
		return [{
			on: 'key', severity: 'error', code: 'host-unknown-field', quote,
			message: `Unknown host field \`${key}\`: ESSH fails with "${quote}"${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}${!nearestKey && canonical ? ' (ssh_config keywords must start with an upper-case letter to be SSH properties.)' : ''}`,
			data: suggestion ? { suggestions: [suggestion] } : undefined,
		}];
	}
	if (isDynamic(value)) {
		return NONE;
	}
	switch (key) {
		case 'description':
			return isString(value) ? NONE : [typeError('host', key, 'a string')];
		case 'hidden':
			return value.kind === 'boolean' ? NONE : [typeError('host', key, 'a boolean')];
		case 'tags':
			return value.kind === 'table' ? validateTags(value) : [typeError('host', key, 'a table of strings')];
		case 'props':
			return value.kind === 'table' ? validateProps(value) : [typeError('host', key, 'a table of strings')];
		case 'hooks_before_connect':
		case 'hooks_after_connect':
		case 'hooks_after_disconnect':
			return value.kind === 'table' ? validateHooks(key, value) : [typeError('host', key, 'a table of strings and functions')];
		default:
			return NONE;
	}
}

function validateSshProperty(key: string, value: Value, context: PropertyContext): PropertyIssue[] {
	if (isDynamic(value)) {
		return NONE;
	}
	if (value.kind !== 'string' && value.kind !== 'partialString') {
		const quote = 'SSH property must be string';
		const issue: PropertyIssue = {
			on: 'value', severity: 'error', code: 'host-ssh-prop-type', quote,
			message: `The SSH property \`${key}\` must be a string, not a ${luaTypeName(value)}: ESSH fails with "${quote}".${value.kind === 'number' ? ` Write "${value.raw}".` : ''}${value.kind === 'nil' && context.assignment ? ' An SSH option cannot be removed by assigning nil.' : ''}`,
		};
		if (value.kind === 'number' || value.kind === 'boolean') {
			const text = value.kind === 'number' ? value.raw : String(value.value);
			issue.data = { suggestions: [`"${text}"`], edit: { range: value.range, newText: `"${text}"`, title: `Quote the value: "${text}"` } };
		}
		return [issue];
	}
	// A line break in a known piece is in the value whatever the unknown pieces hold.
	const newline = value.kind === 'string' ? hasLineBreak(value.value) : value.pieces.some(piece => piece.kind === 'text' && hasLineBreak(piece.text));
	const canonical = canonicalKeyword(key);
	if (!newline && canonical) {
		return NONE;
	}
	const issues: PropertyIssue[] = [];
	if (newline) {
		issues.push({ on: 'value', severity: 'warning', code: 'ssh-value-newline', message: `The value of \`${key}\` contains a line break: ESSH writes it verbatim, so the rest becomes extra ssh_config lines.` });
	}
	if (!canonical) {
		const suggestion = nearestName(key, SSH_KEYWORDS.filter(keyword => keyword.status !== 'vendor').map(keyword => keyword.name));
		issues.push({
			on: 'key', severity: 'warning', code: 'ssh-unknown-keyword',
			message: `\`${key}\` is not an ssh_config(5) keyword: ESSH writes it out anyway and ssh fails with "Bad configuration option" when it connects.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
			data: suggestion ? { suggestions: [suggestion] } : undefined,
		});
	}
	return issues;
}

function hasLineBreak(text: string): boolean {
	return text.includes('\n') || text.includes('\r');
}

function validateTags(table: TableValue): PropertyIssue[] {
	if (table.fields.length === 0 && table.items.every(item => item.kind === 'string')) {
		return NONE;
	}
	const issues: PropertyIssue[] = [];
	const elements = [...table.items, ...table.fields.map(field => field.value)];
	for (const element of elements) {
		if (!isString(element) && !isDynamic(element)) {
			const quote = 'unsupported format of tags.';
			issues.push({ on: 'value', range: element.range, severity: 'error', code: 'host-tag-type', quote, message: `Every tag must be a string: ESSH fails with "${quote}"` });
		}
	}
	const keyed = table.fields.filter(field => field.keyKind === 'string');
	if (keyed.length > 0) {
		issues.push({
			on: 'value', range: keyed[0].keyRange, severity: 'warning', code: 'host-tags-map',
			message: 'Tags are written with keys: ESSH uses only the values as tags (the keys are ignored) and takes them in random order.',
		});
	}
	return issues;
}

function validateProps(table: TableValue): PropertyIssue[] {
	const issues: PropertyIssue[] = [];
	for (const item of table.items) {
		issues.push({ on: 'value', range: item.range, severity: 'error', code: 'host-props-type', quote: 'props table\'s key must be a string: 1', message: 'A props entry needs a string key: ESSH fails with "props table\'s key must be a string".' });
	}
	for (const field of table.fields) {
		if (field.keyKind === 'number' || field.keyKind === 'other') {
			issues.push({ on: 'value', range: field.keyRange, severity: 'error', code: 'host-props-type', message: 'A props key must be a string: ESSH fails with "props table\'s key must be a string".' });
		} else if (!isString(field.value) && !isDynamic(field.value)) {
			issues.push({ on: 'value', range: field.value.range, severity: 'error', code: 'host-props-type', message: `The props value of \`${field.key ?? '?'}\` must be a string: ESSH fails with "props table's value must be a string".` });
		}
	}
	return issues;
}

function validateHooks(key: string, table: TableValue): PropertyIssue[] {
	const issues: PropertyIssue[] = [];
	if (table.items.length === 0 && table.fields.length > 0) {
		issues.push({ on: 'value', severity: 'warning', code: 'host-hook-map', message: `\`${key}\` has no array part: ESSH reads only hooks[1..n], so these hooks are silently ignored.` });
	}
	for (const item of table.items) {
		if (!isString(item) && !isFunction(item) && !isDynamic(item)) {
			issues.push({
				on: 'value', range: item.range, severity: 'warning', code: 'host-hook-element',
				message: `A hook must be a string or a function: ESSH accepts this at load time but fails when you connect with "invalid type hook: ${item.kind === 'number' ? item.raw : luaTypeName(item)}".`,
			});
		}
	}
	return issues;
}

function validateTaskProperty(key: string, value: Value, context: PropertyContext): PropertyIssue[] {
	const taskKeyNames = keyNames(taskKeysFor(context.version));
	if (!taskKeyNames.set.has(key)) {
		const keys = taskKeyNames.list;
		const quote = `unsupported task's field '${key}'.`;
		const suggestion = nearestName(key, keys);
		// A key of another version (`user` before v2.1, `ssh_options` before v3.3) says when it exists.
		const otherVersion = TASK_KEYS.find(spec => spec.name === key);
		const versionNote = otherVersion ? ` (\`${key}\` exists in ESSH ${describeVersionRanges(otherVersion.versions)}.)` : '';
		return [{
			on: 'key', severity: 'error', code: 'task-unknown-field', quote,
			message: `Unknown task field \`${key}\`: ESSH fails with "${quote}"${versionNote}${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
			data: suggestion ? { suggestions: [suggestion] } : undefined,
		}];
	}
	if (isDynamic(value)) {
		return [];
	}
	switch (key) {
		case 'description':
		case 'script_file':
		case 'driver':
		case 'user':
			return isString(value) ? [] : [typeError('task', key, 'a string')];
		case 'pty':
		case 'parallel':
		case 'privileged':
		case 'hidden':
			return value.kind === 'boolean' ? [] : [typeError('task', key, 'a boolean')];
		case 'disabled':
			if (value.kind !== 'boolean') {
				return [typeError('task', key, 'a boolean')];
			}
			return value.value ? [{ on: 'value', severity: 'hint', code: 'task-disabled', message: 'A disabled task cannot be run: `essh NAME` falls through to `ssh NAME`.' }] : [];
		case 'backend':
			if (value.kind === 'partialString') {
				// A string whose exact value is known only at run time: "local" or "remote" may come out.
				return [];
			}
			if (value.kind !== 'string') {
				return [{ on: 'value', severity: 'warning', code: 'task-backend-type', message: 'A non-string `backend` is silently ignored by ESSH: the task runs locally.' }];
			}
			if (value.value !== 'local' && value.value !== 'remote') {
				const quote = 'backend must be \'local\' or \'remote\'.';
				const suggestion = nearestName(value.value, ['local', 'remote']);
				return [{
					on: 'value', severity: 'error', code: 'task-backend-value', quote, message: `ESSH fails with "${quote}"`,
					data: suggestion ? { suggestions: [`"${suggestion}"`], edit: { range: value.range, newText: `"${suggestion}"`, title: `Change to "${suggestion}"` } } : undefined,
				}];
			}
			return [];
		case 'targets':
		case 'filters':
			return validateStringList('task', key, value, true);
		case 'args': {
			const issues = validateStringList('task', key, value, false);
			issues.push({ on: 'key', severity: 'information', code: 'task-args-set', message: 'ESSH overwrites `args` with the command-line arguments when the task runs: this value is never used.' });
			return issues;
		}
		case 'ssh_options':
			if (value.kind !== 'table' || value.fields.some(field => field.keyKind === 'string')) {
				return [{ on: 'value', severity: 'warning', code: 'task-ssh-options-ignored', message: '`ssh_options` must be an array of strings: ESSH silently ignores any other value.' }];
			}
			return value.items.filter(item => !isString(item) && !isDynamic(item)).map(item => ({
				on: 'value' as const, range: item.range, severity: 'warning' as const, code: 'task-ssh-options-ignored', message: 'Non-string elements of `ssh_options` are silently dropped.',
			}));
		case 'prefix':
			if (value.kind === 'boolean' || isString(value)) {
				return [];
			}
			return [{ on: 'value', severity: 'error', code: 'task-prefix-type', quote: 'invalid value of a task\'s field \'prefix\'.', message: '`prefix` must be a boolean or a template string: ESSH fails with "invalid value of a task\'s field \'prefix\'."' }];
		case 'prepare':
			if (isFunction(value)) {
				return [];
			}
			return [{ on: 'value', severity: 'error', code: 'task-prepare-type', quote: 'prepare have to be a function.', message: '`prepare` must be a function: ESSH fails with "prepare have to be a function."' }];
		case 'props':
			return value.kind === 'table' ? validateProps(value) : [typeError('task', key, 'a table of strings')];
		case 'script':
			return validateScript(value, true);
		default:
			return [];
	}
}

function validateStringList(kind: 'task', key: string, value: Value, allowString: boolean): PropertyIssue[] {
	if (allowString && isString(value)) {
		return [];
	}
	if (value.kind !== 'table' || value.fields.some(field => field.keyKind === 'string')) {
		return [typeError(kind, key, allowString ? 'a string or an array of strings' : 'an array of strings')];
	}
	return value.items.filter(item => !isString(item) && !isDynamic(item)).map(item => ({
		on: 'value' as const, range: item.range, severity: 'warning' as const, code: 'task-list-nonstring',
		message: `ESSH silently drops non-string elements of \`${key}\`.`,
	}));
}

function validateScript(value: Value, topLevel: boolean): PropertyIssue[] {
	// Functions are entries of an array; a bare function as the whole script is an invalid value.
	if (isString(value) || (isFunction(value) && !topLevel) || isDynamic(value)) {
		return [];
	}
	const invalid = (range: TextRange, message: string): PropertyIssue => ({ on: 'value', range, severity: 'error', code: 'task-script-entry', message });
	if (value.kind !== 'table') {
		return [invalid(value.range, `${topLevel ? '`script`' : 'A `script` entry'} must be a string, a table or a function: ESSH fails with "'script' got a invalid value."`)];
	}
	// An array is a list of entries; a table with only keys is one entry and must have `code`.
	if (value.items.length > 0) {
		return value.items.flatMap(item => validateScript(item, false));
	}
	if (value.fields.length === 0) {
		return [];
	}
	const issues: PropertyIssue[] = [];
	if (!value.fields.some(field => field.key === 'code')) {
		issues.push(invalid(value.range, 'A table `script` entry needs a `code` key: ESSH fails with "if a \'script\' entry is table, it has to have \'code\' property."'));
	}
	for (const field of value.fields) {
		if (!isString(field.value) && field.value.kind !== 'boolean' && !isDynamic(field.value)) {
			issues.push(invalid(field.value.range, 'Values in a `script` entry must be strings or booleans: ESSH fails with "if a \'script\' entry is table, it\'s value has to be string or bool."'));
		}
	}
	return issues;
}

function validateDriverProperty(key: string, value: Value): PropertyIssue[] {
	if (key !== 'engine' || isDynamic(value) || isString(value) || isFunction(value)) {
		return [];
	}
	const quote = 'driver \'engine\' have to be a function or string.';
	return [{ on: 'value', severity: 'error', code: 'driver-engine-type', quote, message: `\`engine\` must be a template string or a function: ESSH fails with "${quote}"` }];
}
