/**
 * The LuaLS (lua-language-server) addon that the VS Code extension ships for ESSH configs, generated
 * from the core's vocabulary tables (`core/keywords.ts`, `core/objects.ts`) so it cannot drift from
 * what the language server knows. Pure: `lualsAddonFiles()` returns the addon's files as text;
 * `scripts/lualsAddon.mjs` writes them into `dist/luals-addon/essh/` at build time.
 *
 * Coverage: every name a config of ESSH v3.0 or later can use, the fork's versions included, each
 * documented with the versions that have it. LuaLS reads one addon per machine while the ESSH
 * version is a per-workspace setting, so older eras get only their global functions (`namespace`,
 * `find_hosts`, …), declared untyped with the versions that had them; their keys are left out.
 *
 * Typing rule ("one mistake, one problem"): our server reports every ESSH type error with ESSH's
 * own words, so LuaLS must not report the same mistake again. Every ESSH-defined value therefore
 * gets its real type widened with `any` (`string|any`, `"local"|"remote"|any`): LuaLS still offers
 * the keys, their documentation and literal values in completion and hover, but it never reports a
 * type mismatch for them. The real type is written at the start of each description instead.
 */
import {
	BUNDLED_LIBRARIES, DRIVER_KEYS, ESSH_GLOBALS, ESSH_TABLE_MEMBERS, GROUP_RESERVED_KEYS, HOST_KEYS, REMOVED_BUILTINS, SSH_KEYWORDS, TASK_KEYS,
	type BundledLibrary, type EsshKeySpec, type EsshValueType,
} from '../core/keywords';
import { ESSH_OBJECTS, type EsshObjectKind, type EsshObjectSpec, type ObjectMethodSpec } from '../core/objects';
import { compareVersions, describeVersionRanges, parseVersion, type VersionRange } from '../core/version';

/** One file of the addon, by its path inside the addon folder (`config.json`, `library/essh.lua`). */
export interface AddonFile {
	path: string;
	text: string;
}

/** The addon's folder name, which LuaLS shows in its prompt ("configure your work environment as ESSH?"). */
export const ADDON_NAME = 'essh';

/** The first version whose names the addon defines. */
const OLDEST_COVERED = parseConstant('3.0');

function parseConstant(text: string) {
	const version = parseVersion(text);
	if (!version) {
		throw new Error(`invalid version constant '${text}'`);
	}
	return version;
}

/** True when a name with these version ranges exists in v3.0 or any later version. */
export function existsSinceV3(ranges: readonly VersionRange[]): boolean {
	return ranges.some(range => range.to === undefined || compareVersions(parseConstant(range.to), OLDEST_COVERED) > 0);
}

/** "Available in v3.3.0 and later." for names newer than v3.0, else nothing. */
function versionNote(ranges: readonly VersionRange[], doc = ''): string {
	if (/Since v\d|and later/.test(doc)) {
		return '';
	}
	const newer = ranges.every(range => compareVersions(parseConstant(range.from), OLDEST_COVERED) > 0);
	return newer && ranges.length > 0 ? `ESSH ${describeVersionRanges(ranges)}.` : '';
}

/** One line of description for `---@field`: paragraphs joined, never starting a new annotation. */
function oneLine(...parts: string[]): string {
	return parts.filter(part => part.length > 0).join(' ').replace(/\s*\n+\s*/g, ' ').trim();
}

/** `---` comment lines for a description; a line that would start an annotation gets a leading space. */
function docLines(text: string): string[] {
	return text.split('\n').map(line => (line.trimStart().startsWith('@') ? `--- ${line}` : `---${line}`));
}

/** The LuaLS type of a class per object kind. */
const CLASS_OF: Readonly<Record<EsshObjectKind, string>> = {
	host: 'essh.Host',
	task: 'essh.Task',
	driver: 'essh.Driver',
	group: 'essh.Group',
	query: 'essh.HostQuery',
	registry: 'essh.Registry',
};

/**
 * The type ESSH really accepts for a key, in LuaLS syntax (documentation, enum completion), without
 * spaces and with function types in parentheses, so that appending `|any` widens the whole type.
 * Element types are widened too: LuaLS checks the elements of a table literal one by one.
 */
function preciseType(spec: EsshKeySpec): string {
	if (spec.allowedValues && spec.allowedValues.length > 0) {
		return spec.allowedValues.map(value => JSON.stringify(value)).join('|');
	}
	const types: Readonly<Record<EsshValueType, string>> = {
		string: 'string',
		boolean: 'boolean',
		function: spec.owner === 'task' ? '(fun(task:essh.Task):any)' : 'function',
		table: spec.name.startsWith('hooks') ? '(string|(fun():any)|any)[]' : spec.name === 'tags' ? '(string|any)[]' : 'table',
		stringList: '(string|any)[]',
		stringOrList: 'string|(string|any)[]',
		stringOrBoolean: 'string|boolean',
		stringOrFunction: spec.owner === 'driver' ? 'string|(fun(driver:essh.Driver):string)' : 'string|function',
		stringMap: 'table<string,string|any>',
		script: 'string|table',
		any: 'any',
	};
	return types[spec.type];
}

/** How the type reads in a description. */
function describeType(spec: EsshKeySpec): string {
	const names: Readonly<Record<EsshValueType, string>> = {
		string: 'a string',
		boolean: 'a boolean',
		function: 'a function',
		table: 'a table',
		stringList: 'an array of strings',
		stringOrList: 'a string or an array of strings',
		stringOrBoolean: 'a string or a boolean',
		stringOrFunction: 'a string or a function',
		stringMap: 'a table of strings keyed by strings',
		script: 'a string or an array of entries',
		any: 'any value',
	};
	if (spec.allowedValues && spec.allowedValues.length > 0) {
		return `One of ${spec.allowedValues.map(value => `\`"${value}"\``).join(', ')}.`;
	}
	return `Takes ${names[spec.type]}.`;
}

/** `---@field` lines for ESSH keys that exist since v3.0. */
function keyFields(specs: readonly EsshKeySpec[]): string[] {
	return specs.filter(spec => existsSinceV3(spec.versions)).map(spec =>
		`---@field ${spec.name}? ${preciseType(spec)}|any ${oneLine(describeType(spec), spec.doc, versionNote(spec.versions, spec.doc))}`);
}

/** `---@field` lines for the ssh_config keywords a host takes (each value a string in ESSH). */
function sshFields(): string[] {
	const statusNote: Record<string, string> = {
		current: '',
		alias: 'Accepted by OpenSSH as an old name.',
		deprecated: 'Deprecated in OpenSSH.',
		unsupported: 'No longer supported by OpenSSH.',
		vendor: 'Not in stock OpenSSH.',
	};
	return SSH_KEYWORDS.map(keyword =>
		`---@field ${keyword.name}? string|any ${oneLine('ssh_config option; the value must be a string.', keyword.doc, statusNote[keyword.status] ?? '')}`);
}

function methodLines(className: string, variable: string, method: ObjectMethodSpec): string[] {
	const lines = docLines(oneLine(method.doc, versionNote(method.versions, method.doc)));
	const names: string[] = [];
	for (const parameter of method.parameters) {
		const [name, type] = parameter.split(':').map(part => part.trim());
		lines.push(`---@param ${name} ${type.replace(/\b(string|boolean)\[\]/g, '($1|any)[]')}|any`);
		names.push(name.replace(/\?$/, ''));
	}
	const returns = method.returns === 'self' ? className : method.returns.endsWith('[]')
		? `${CLASS_OF[method.returns.slice(0, -2) as EsshObjectKind] ?? method.returns.slice(0, -2)}[]`
		: CLASS_OF[method.returns as EsshObjectKind] ?? method.returns;
	lines.push(`---@return ${returns}`);
	lines.push(`function ${variable}:${method.name}(${names.join(', ')}) end`, '');
	return lines;
}

function objectSpec(kind: EsshObjectKind): EsshObjectSpec {
	const spec = ESSH_OBJECTS.find(candidate => candidate.kind === kind);
	if (!spec) {
		throw new Error(`no object spec for ${kind}`);
	}
	return spec;
}

/** The class of an object kind: its definition fields (when keys can be read and written), call and methods. */
function objectClass(kind: EsshObjectKind, definitionClass: string | undefined): string[] {
	const spec = objectSpec(kind);
	const className = CLASS_OF[kind];
	// Not `Host`/`Task`: those are globals of old versions, declared below, which a local would shadow.
	const variable = `${className.replace('essh.', '')}Object`;
	const lines = docLines(spec.doc);
	lines.push(`---@class ${className}${definitionClass && spec.keyAccess ? `: ${definitionClass}` : ''}`);
	if (spec.call === 'definition') {
		lines.push(`---@overload fun(definition: ${definitionClass}|any): ${kind === 'group' ? 'nil' : className}`);
	} else if (spec.call === 'definitionOrScript') {
		lines.push(`---@overload fun(definition: ${definitionClass}|string|any): ${className}`);
	}
	if (!spec.keyAccess) {
		lines.push('---@field [string] any');
	}
	lines.push(`local ${variable} = {}`, '');
	const methods = spec.methods.filter(method => method.broken || existsSinceV3(method.versions));
	for (const method of methods) {
		lines.push(...methodLines(className, variable, method));
	}
	return lines;
}

/** Parameters of a signature such as `essh.select_hosts([selection])`: names, optional when bracketed. */
function signatureParameters(signature: string | undefined): { name: string; optional: boolean }[] {
	const inside = signature?.match(/\((.*)\)/)?.[1] ?? '';
	const result: { name: string; optional: boolean }[] = [];
	let depth = 0;
	for (const raw of inside.split(',')) {
		const opens = (raw.match(/\[/g) ?? []).length;
		const name = raw.replace(/[[\]\s]/g, '');
		if (name.length > 0) {
			result.push({ name, optional: depth + opens > 0 });
		}
		depth += opens - (raw.match(/\]/g) ?? []).length;
	}
	return result;
}

/** The class of the object a global or `essh.*` function returns, from `ESSH_OBJECTS`. */
function returnClass(functionName: string): string | undefined {
	const object = ESSH_OBJECTS.find(spec => spec.returnedBy.includes(functionName));
	return object ? CLASS_OF[object.kind] : undefined;
}

function globalsFile(): string {
	const globals = new Map(ESSH_GLOBALS.filter(spec => existsSinceV3(spec.versions)).map(spec => [spec.name, spec] as const));
	const doc = (name: string) => docLines(oneLine(globals.get(name)?.doc ?? '', versionNote(globals.get(name)?.versions ?? [])));
	const lines = [
		'---@meta _',
		'-- ESSH configuration API for lua-language-server.',
		'-- Generated by ESSH Config Tools from its vocabulary tables; edits are overwritten.',
		'',
		'---Keys of a host definition: ESSH keys in lower case, ssh_config options capitalised.',
		'---@class essh.HostDef',
		...keyFields(HOST_KEYS),
		...sshFields(),
		'---@field [string] any',
		'',
		'---Keys of a task definition.',
		'---@class essh.TaskDef',
		...keyFields(TASK_KEYS),
		'---@field [string] any',
		'',
		'---Keys of a driver definition. Any other key is kept for the template as `.Driver.Props.<key>`.',
		'---@class essh.DriverDef',
		...keyFields(DRIVER_KEYS),
		'---@field [string] any',
		'',
		'---A group table: Host, Task or Driver objects as array elements, member tables, and defaults for the members.',
		'---@class essh.GroupDef',
		...keyFields(GROUP_RESERVED_KEYS),
		'---@field [integer] essh.Host|essh.Task|essh.Driver|any',
		'---@field [string] any',
		'',
		...objectClass('host', 'essh.HostDef'),
		...objectClass('task', 'essh.TaskDef'),
		...objectClass('driver', 'essh.DriverDef'),
		...objectClass('group', 'essh.GroupDef'),
		...objectClass('query', undefined),
		...objectClass('registry', undefined),
	];
	if (globals.has('host')) {
		lines.push(
			...doc('host'),
			'---@param name string|any The host name, written to ssh_config as `Host <name>`.',
			'---@return essh.Host',
			'---@overload fun(name: string|any, definition: essh.HostDef|any): essh.Host',
			'---@overload fun(hosts: table<string, essh.HostDef>): table<string, essh.Host>',
			'function host(name) end',
			'',
		);
	}
	if (globals.has('task')) {
		lines.push(
			...doc('task'),
			'---@param name string|any The task name, run as `essh <name>`.',
			'---@return essh.Task',
			'---@overload fun(name: string|any, definition: essh.TaskDef|any): essh.Task',
			'---@overload fun(definition: essh.TaskDef): essh.Task',
			'function task(name) end',
			'',
		);
	}
	if (globals.has('driver')) {
		lines.push(
			...doc('driver'),
			'---@param name string|any The driver name that tasks give as `driver = "<name>"`.',
			'---@return essh.Driver',
			'---@overload fun(name: string|any, definition: essh.DriverDef|any): essh.Driver',
			'---@overload fun(definition: essh.DriverDef): essh.Driver',
			'function driver(name) end',
			'',
		);
	}
	if (globals.has('group')) {
		lines.push(
			...doc('group'),
			'---@param definition essh.GroupDef|any',
			'---@return essh.Group',
			'function group(definition) end',
			'',
		);
	}
	if (globals.has('essh')) {
		lines.push(...esshTable(doc('essh')));
	}
	for (const spec of REMOVED_BUILTINS.filter(candidate => !candidate.name.includes('.') && !candidate.luaFallback)) {
		// Names of older versions: declared so that LuaLS does not report them a second time (our
		// server reports them in versions without them) nor wrongly for a config of an older version.
		lines.push(
			...docLines(oneLine(spec.doc, `Only in ESSH ${describeVersionRanges(spec.versions)}.`)),
			'---@param ... any',
			'---@return any',
			`function ${spec.name}(...) end`,
			'',
		);
	}
	// Globals some bundled libraries create when they are required (userdata type tables).
	const libraryGlobals = new Map<string, string[]>();
	for (const library of coveredLibraries()) {
		for (const name of library.globals ?? []) {
			libraryGlobals.set(name, [...libraryGlobals.get(name) ?? [], library.name]);
		}
	}
	for (const [name, libraries] of libraryGlobals) {
		lines.push(`---Set by ${libraries.map(library => `\`require "${library}"\``).join(' or ')}.`, '---@type any', `${name} = nil`, '');
	}
	for (const spec of globals.values()) {
		if (!['host', 'task', 'driver', 'group', 'essh'].includes(spec.name)) {
			// A global added to the core's table later: declared with its documentation until it gets a shape here.
			lines.push(...doc(spec.name), '---@type any', `${spec.name} = nil`, '');
		}
	}
	return lines.join('\n');
}

function esshTable(doc: string[]): string[] {
	const members = ESSH_TABLE_MEMBERS.filter(spec => existsSinceV3(spec.versions) || spec.kind === 'nil');
	const lines = [...doc, '---@class essh.Api'];
	for (const member of members.filter(spec => spec.kind !== 'function')) {
		lines.push(`---@field ${member.name} ${member.kind === 'nil' ? 'any' : 'string|any'} ${oneLine(member.doc, versionNote(member.versions))}`);
	}
	// Other members (v2's `essh.module.params`, removed functions) are our server's to report.
	lines.push('---@field [string] any', 'essh = {}', '');
	for (const member of members.filter(spec => spec.kind === 'function')) {
		lines.push(...docLines(oneLine(member.doc, versionNote(member.versions))));
		if (['host', 'task', 'driver', 'group'].includes(member.name)) {
			lines.push(`essh.${member.name} = ${member.name}`, '');
			continue;
		}
		const parameters = signatureParameters(member.signature);
		for (const parameter of parameters) {
			lines.push(`---@param ${parameter.name}${parameter.optional ? '?' : ''} any`);
		}
		const returns = returnClass(`essh.${member.name}`);
		if (returns) {
			lines.push(`---@return ${returns}`);
		}
		lines.push(`function essh.${member.name}(${parameters.map(parameter => parameter.name).join(', ')}) end`, '');
	}
	return lines;
}

/** A `---@meta <name>` file, so `require "<name>"` resolves to the library's functions. */
function libraryFile(library: BundledLibrary): string {
	const variable = library.name.replace(/[^A-Za-z0-9_]/g, '_');
	const className = `essh.lib.${variable}`;
	const lines = [
		`---@meta ${library.name}`,
		'-- Generated by ESSH Config Tools from its vocabulary tables; edits are overwritten.',
		'',
		...docLines(oneLine(`\`require "${library.name}"\`: ${library.doc.replace(/([^.])$/, '$1.')}`, `Bundled with ESSH (${library.source}).`, versionNote(library.versions, library.doc))),
		`---@class ${className}`,
	];
	if (library.anyMember) {
		lines.push('---@overload fun(command: string, ...: any): any', '---@field [string] fun(...: any): any');
	} else if (library.callable) {
		lines.push('---@overload fun(...: any): any');
	}
	lines.push(`local ${variable} = {}`, '');
	const members = [
		...library.functions.map(name => ({ name, note: '' })),
		...(library.laterFunctions ?? []).map(entry => ({ name: entry.name, note: ` ESSH ${describeVersionRanges([{ from: entry.since }])}.` })),
	];
	for (const member of members) {
		lines.push(`---\`${library.name}.${member.name}\` (${library.source}).${member.note}`, '---@param ... any', '---@return any', `function ${variable}.${member.name}(...) end`, '');
	}
	lines.push(`return ${variable}`, '');
	return lines.join('\n');
}

/** The bundled libraries a config of v3.0 or later can `require`. */
export function coveredLibraries(): BundledLibrary[] {
	return BUNDLED_LIBRARIES.filter(library => existsSinceV3(library.versions));
}

/**
 * LuaLS's addon manifest: `files` are Lua patterns matched as whole words against each file's
 * workspace-relative path, `words` against its text; either makes LuaLS offer the addon.
 */
function configFile(): string {
	const escape = (text: string) => text.replace(/[%.\-+*?^$()[\]]/g, match => `%${match}`);
	const words = ESSH_TABLE_MEMBERS
		.filter(spec => spec.kind === 'function' && existsSinceV3(spec.versions) && !['host', 'task', 'driver', 'group'].includes(spec.name))
		.map(spec => escape(`essh.${spec.name}`));
	const config = {
		name: 'ESSH',
		words,
		files: [
			'esshconfig%.lua',
			'esshconfig_override%.lua',
			'%.essh/config%.lua',
			'%.essh/config_override%.lua',
			'%.essh/lib/.+%.lua',
		],
		settings: {},
	};
	return `${JSON.stringify(config, null, '\t')}\n`;
}

/** Every file of the addon, in a stable order: `config.json`, `library/essh.lua`, then one file per bundled library. */
export function lualsAddonFiles(): AddonFile[] {
	return [
		{ path: 'config.json', text: configFile() },
		{ path: 'library/essh.lua', text: `${globalsFile()}\n` },
		...coveredLibraries().map(library => ({ path: `library/lib/${library.name}.lua`, text: libraryFile(library) })),
	];
}
