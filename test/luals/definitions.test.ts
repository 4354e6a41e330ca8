/**
 * Tests for the generated LuaLS addon (`server/src/luals/definitions.ts`): every name of the core's
 * vocabulary tables that a v3.0+ config can use is defined in the right class, names of older eras
 * are not, the Lua files parse, ESSH-defined values are typed so LuaLS never reports a type mismatch
 * our server already reports, `config.json` recognises ESSH files, and the build wrote exactly the
 * generated files into dist/ (what the VSIX ships).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as luaparse from 'luaparse';
import {
	BUNDLED_LIBRARIES, DRIVER_KEYS, ESSH_GLOBALS, ESSH_TABLE_MEMBERS, GROUP_RESERVED_KEYS, HOST_KEYS, REMOVED_BUILTINS, SSH_KEYWORDS, TASK_KEYS,
	type EsshKeySpec,
} from '../../server/src/core/keywords';
import { ESSH_OBJECTS } from '../../server/src/core/objects';
import { ADDON_NAME, existsSinceV3, lualsAddonFiles, type AddonFile } from '../../server/src/luals/definitions';
import { repoRoot } from '../support/paths';

const files = lualsAddonFiles();

function file(relative: string): AddonFile {
	const result = files.find(candidate => candidate.path === relative);
	assert.ok(result, `the addon has ${relative}`);
	return result;
}

/** The `---@field` names of each `---@class` block of a meta file. */
function classFields(text: string): Map<string, Set<string>> {
	const result = new Map<string, Set<string>>();
	let current: Set<string> | undefined;
	for (const line of text.split('\n')) {
		const classMatch = line.match(/^---@class ([\w.]+)/);
		if (classMatch) {
			current = new Set();
			result.set(classMatch[1], current);
			continue;
		}
		const fieldMatch = line.match(/^---@field ([^\s?]+)\??\s/);
		if (fieldMatch && current) {
			current.add(fieldMatch[1]);
		} else if (!line.startsWith('---')) {
			current = undefined;
		}
	}
	return result;
}

const essh = file('library/essh.lua').text;
const fields = classFields(essh);

function fieldsOf(className: string): Set<string> {
	const result = fields.get(className);
	assert.ok(result, `class ${className} is declared`);
	return result;
}

function checkKeys(className: string, specs: readonly EsshKeySpec[]): void {
	const declared = fieldsOf(className);
	for (const spec of specs) {
		if (existsSinceV3(spec.versions)) {
			assert.ok(declared.has(spec.name), `${className} has ${spec.name}`);
		} else {
			assert.ok(!declared.has(spec.name), `${className} leaves out ${spec.name}, which v3 does not know`);
		}
	}
}

describe('generated LuaLS definitions', () => {
	test('every file parses as Lua', () => {
		for (const { path: relative, text } of files.filter(candidate => candidate.path.endsWith('.lua'))) {
			assert.doesNotThrow(() => luaparse.parse(text, { luaVersion: '5.1', comments: true }), relative);
		}
	});

	test('every annotation line has a name and a type', () => {
		for (const { path: relative, text } of files.filter(candidate => candidate.path.endsWith('.lua'))) {
			for (const line of text.split('\n').filter(candidate => /^---@(field|param) /.test(candidate))) {
				assert.match(line, /^---@(field|param) (\[\w+\]|[\p{L}_][\p{L}\d_]*\??|\.\.\.) \S+/u, `${relative}: ${line}`);
			}
		}
	});

	test('hosts: every ssh_config keyword and every v3 host key', () => {
		const declared = fieldsOf('essh.HostDef');
		for (const keyword of SSH_KEYWORDS) {
			assert.ok(declared.has(keyword.name), keyword.name);
		}
		checkKeys('essh.HostDef', HOST_KEYS);
		assert.ok(declared.has('description') && declared.has('hooks_after_connect') && !declared.has('hooks') && !declared.has('private'));
	});

	test('tasks, drivers and groups: their v3 keys', () => {
		checkKeys('essh.TaskDef', TASK_KEYS);
		checkKeys('essh.DriverDef', DRIVER_KEYS);
		checkKeys('essh.GroupDef', GROUP_RESERVED_KEYS);
		assert.ok(fieldsOf('essh.TaskDef').has('ssh_options') && !fieldsOf('essh.TaskDef').has('on'));
		assert.match(essh, /^---@field backend\? "local"\|"remote"\|any /m, 'backend completes its two values');
	});

	test('globals and the essh table', () => {
		for (const spec of ESSH_GLOBALS.filter(candidate => existsSinceV3(candidate.versions))) {
			assert.match(essh, new RegExp(`^(function ${spec.name}\\(|${spec.name} = )`, 'm'), spec.name);
		}
		// Globals of older versions are declared (untyped), so LuaLS never reports them: our server does, by version.
		for (const spec of REMOVED_BUILTINS.filter(candidate => !candidate.name.includes('.') && !candidate.luaFallback)) {
			assert.match(essh, new RegExp(`Only in ESSH [^\\n]*\\n---@param \\.\\.\\. any\\n---@return any\\nfunction ${spec.name}\\(\\.\\.\\.\\) end`), spec.name);
		}
		assert.doesNotMatch(essh, /^function module\(/m, 'Lua\'s own module() is LuaLS\'s to declare');
		const api = fieldsOf('essh.Api');
		for (const member of ESSH_TABLE_MEMBERS.filter(candidate => existsSinceV3(candidate.versions))) {
			const defined = member.kind === 'function'
				? new RegExp(`^(function essh\\.${member.name}\\(|essh\\.${member.name} = ${member.name}$)`, 'm').test(essh)
				: api.has(member.name);
			assert.ok(defined, `essh.${member.name}`);
		}
	});

	test('every call shape of host, task and driver returns the object, which is callable with a definition', () => {
		for (const [name, className, definition] of [['host', 'essh.Host', 'essh.HostDef'], ['task', 'essh.Task', 'essh.TaskDef'], ['driver', 'essh.Driver', 'essh.DriverDef']]) {
			const block = essh.slice(0, essh.indexOf(`function ${name}(`)).split('\n\n').pop() ?? '';
			assert.match(block, new RegExp(`---@return ${className}\\b`), `${name} "x"`);
			assert.match(block, new RegExp(`---@overload fun\\(name: string\\|any, definition: ${definition}\\|any\\): ${className}`), `${name}("x", {…})`);
			assert.match(essh, new RegExp(`---@class ${className}: ${definition}\\n---@overload fun\\(definition: ${definition}\\|`), `${name} "x" {…}`);
			assert.match(essh, new RegExp(`^function ${className.slice(5)}Object:name\\(\\) end$`, 'm'), `${name}:name()`);
		}
		assert.match(essh, /---@overload fun\(hosts: table<string, essh\.HostDef>\): table<string, essh\.Host>/, 'host { a = {…} }');
		assert.match(essh, /---@overload fun\(definition: essh\.TaskDef\|string\|any\): essh\.Task/, 'task "x" "script"');
	});

	test('the query and registry objects have their methods', () => {
		for (const object of ESSH_OBJECTS) {
			const className = `${object.kind === 'query' ? 'HostQuery' : object.kind[0].toUpperCase() + object.kind.slice(1)}Object`;
			for (const method of object.methods) {
				assert.match(essh, new RegExp(`^function ${className}:${method.name}\\(`, 'm'), `${className}:${method.name}`);
			}
		}
		assert.match(essh, /---@return essh\.HostQuery\nfunction essh\.select_hosts\(selection\) end/);
		assert.match(essh, /---@return essh\.Host\[\]\nfunction HostQueryObject:get\(\) end/);
		// Class tables are locals named apart from the globals of old versions (`Host`, `Task`), which they would shadow.
		assert.doesNotMatch(essh, /^local (Host|Task|Driver|Group) = /m);
		assert.match(essh, /^function Task\(\.\.\.\) end$/m);
	});

	test('every bundled library a v3 config can require has a meta file with its functions', () => {
		const covered = BUNDLED_LIBRARIES.filter(library => existsSinceV3(library.versions));
		assert.ok(covered.length >= 9);
		for (const library of covered) {
			const { text } = file(`library/lib/${library.name}.lua`);
			assert.match(text, new RegExp(`^---@meta ${library.name}$`, 'm'));
			for (const name of [...library.functions, ...(library.laterFunctions ?? []).map(entry => entry.name)]) {
				assert.match(text, new RegExp(`^function \\w+\\.${name}\\(`, 'm'), `${library.name}.${name}`);
			}
			if (library.callable || library.anyMember) {
				assert.match(text, /^---@overload fun\(/m, `${library.name} is callable`);
			}
			for (const name of library.globals ?? []) {
				assert.match(essh, new RegExp(`^---@type any\\n${name} = nil$`, 'm'), `${name}, set by require "${library.name}"`);
			}
		}
		assert.equal(files.filter(candidate => candidate.path.startsWith('library/lib/')).length, covered.length);
	});

	test('one mistake, one problem: ESSH-defined values and parameters accept any type', () => {
		const lines = essh.split('\n');
		const typed = lines.filter(line => /^---@(field|param) /.test(line));
		assert.ok(typed.length > 150);
		for (const line of typed) {
			const type = line.split(' ')[2];
			assert.ok(type === 'any' || type.endsWith('|any'), line);
			// LuaLS checks each element of a table literal against the element type, so that is widened too.
			assert.doesNotMatch(type, /(string|boolean|table)\[\]|(?<!\|any)\)\[\]/, line);
			assert.doesNotMatch(type, /table<string,string>/, line);
		}
	});

	test('config.json recognises ESSH files by name, as whole words, and ESSH calls by text', () => {
		const config = JSON.parse(file('config.json').text) as { name: string; files: string[]; words: string[] };
		assert.equal(config.name, 'ESSH');
		// LuaLS wraps each pattern as ([%w_]?)PATTERN([%w_]?) and requires both captures to be empty.
		const toRegExp = (pattern: string) => new RegExp(`(^|[^A-Za-z0-9_])${pattern.replace(/%\./g, '\\.').replace(/%/g, '\\')}($|[^A-Za-z0-9_])`);
		const matches = (relative: string) => config.files.some(pattern => toRegExp(pattern).test(relative));
		for (const relative of ['.esshconfig.lua', 'esshconfig.lua', 'web/.esshconfig_override.lua', 'esshconfig_override.lua', '.essh/lib/common.lua', 'home/.essh/config.lua']) {
			assert.ok(matches(relative), relative);
		}
		for (const relative of ['myesshconfig.lua', 'init.lua', 'esshconfig.luac']) {
			assert.ok(!matches(relative), relative);
		}
		assert.ok(config.words.some(word => toRegExp(word).test('local q = essh.select_hosts("web")')));
	});

	test('the build wrote exactly these files into dist/luals-addon', () => {
		const root = path.join(repoRoot(), 'dist', 'luals-addon', ADDON_NAME);
		const onDisk: string[] = [];
		const walk = (directory: string) => {
			for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
				const full = path.join(directory, entry.name);
				if (entry.isDirectory()) {
					walk(full);
				} else {
					onDisk.push(path.relative(root, full).split(path.sep).join('/'));
				}
			}
		};
		walk(root);
		assert.deepEqual(onDisk.sort(), files.map(candidate => candidate.path).sort());
		for (const { path: relative, text } of files) {
			assert.equal(fs.readFileSync(path.join(root, relative), 'utf8'), text, relative);
		}
	});
});
