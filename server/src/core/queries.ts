/**
 * The registry's query API: hosts by name, glob pattern (micromatch),
 * tag, group or namespace; tasks by tag; hosts of a task; the generated ssh_config exactly as ESSH
 * writes it (essh-semantics.md, Hosts); a host's effective configuration with the origin of every value.
 * Used by the CLI, the language server, the tree and the commands alike. Pure.
 */
import micromatch from 'micromatch';
import type { SetAnalysis } from './analysis';
import { publicTaskName, stringEntries } from './checks';
import { partialStringText, type Value } from './lower';
import type { PropertyEntry, Registry, Resource } from './model';
import { isSshPropertyKey } from './properties';
import { compareNames, hostTagValues } from './registry';

/** Options for host and task lookups. Patterns are globs over names; tags are exact. */
export interface LookupQuery {
	patterns?: string[];
	tags?: string[];
	/** Namespace-era: look inside this namespace instead of the global space. */
	namespace?: string;
	/** Group id: only members of this group. */
	group?: number;
}

function stringValue(resource: Resource, key: string): string | undefined {
	const value = resource.properties.get(key)?.value;
	return value?.kind === 'string' ? value.value : undefined;
}

function booleanValue(resource: Resource, key: string): boolean {
	const value = resource.properties.get(key)?.value;
	return value?.kind === 'boolean' ? value.value : false;
}

/** True when `name` matches any of the glob patterns (negations `!x` exclude); no patterns match everything. */
export function matchesPatterns(name: string, patterns: string[] | undefined): boolean {
	if (!patterns || patterns.length === 0) {
		return true;
	}
	const positive = patterns.filter(pattern => !pattern.startsWith('!'));
	const negative = patterns.filter(pattern => pattern.startsWith('!')).map(pattern => pattern.slice(1));
	const options = { dot: true, nocase: false };
	// Names are flat strings, not paths: `/` must not stop `*`, so it is matched as an ordinary character.
	const flat = (text: string): string => text.replace(/\//g, SLASH);
	const subject = flat(name);
	if (negative.some(pattern => micromatch.isMatch(subject, flat(pattern), options))) {
		return false;
	}
	return positive.length === 0 || positive.some(pattern => micromatch.isMatch(subject, flat(pattern), options));
}

/** Stands for `/` in names and patterns (a private-use character, not special to micromatch). */
const SLASH = '\uE000';

function sortByName(resources: Iterable<Resource>): Resource[] {
	return [...resources].sort((a, b) => compareNames(a.name, b.name));
}

/** Hosts of a registry (or one namespace), filtered by patterns, tags and group, sorted by name. */
export function lookupHosts(registry: Registry, query: LookupQuery = {}): Resource[] {
	const source = query.namespace !== undefined ? registry.namespaces.get(query.namespace)?.hosts.values() ?? [] : registry.hosts.values();
	return sortByName(source).filter(host =>
		matchesPatterns(host.name, query.patterns)
		&& (query.tags ?? []).every(tag => hostTagValues(host).includes(tag))
		&& (query.group === undefined || host.groups.includes(query.group)));
}

/** Every task (namespace tasks included) with its public name, sorted by public name. */
export function allTasks(registry: Registry): Resource[] {
	const tasks = [...registry.tasks.values()];
	for (const namespace of registry.namespaces.values()) {
		tasks.push(...namespace.tasks.values());
	}
	return tasks.sort((a, b) => compareNames(publicTaskName(a), publicTaskName(b)));
}

/** Tasks filtered by patterns over public names, and by tags their targets or filters name. */
export function lookupTasks(registry: Registry, query: LookupQuery = {}): Resource[] {
	return allTasks(registry).filter(task => {
		if (!matchesPatterns(publicTaskName(task), query.patterns)) {
			return false;
		}
		if (query.namespace !== undefined && task.namespace !== query.namespace) {
			return false;
		}
		if (query.group !== undefined && !task.groups.includes(query.group)) {
			return false;
		}
		const named = new Set([...taskTargets(task), ...taskFilters(task)]);
		return (query.tags ?? []).every(tag => named.has(tag));
	});
}

export function taskTargets(task: Resource): string[] {
	const entry = task.properties.get('targets');
	return stringEntries(entry?.value, entry?.file ?? '').entries.map(item => item.name);
}

export function taskFilters(task: Resource): string[] {
	const entry = task.properties.get('filters');
	return stringEntries(entry?.value, entry?.file ?? '').entries.map(item => item.name);
}

/** The hosts ESSH would run a task on, sorted by name. */
export function hostsOfTask(set: SetAnalysis, task: Resource): Resource[] {
	return set.resolutions.get(task)?.hosts ?? [];
}

/** Tags with the hosts carrying them (global hosts, hidden included), sorted (essh-semantics.md, Names). */
export function lookupTags(registry: Registry, patterns?: string[]): Array<{ tag: string; hosts: Resource[] }> {
	return [...registry.tags.entries()]
		.filter(([tag]) => matchesPatterns(tag, patterns))
		.sort(([a], [b]) => compareNames(a, b))
		.map(([tag, hosts]) => ({ tag, hosts }));
}

/** Drivers sorted by name, the built-in default included. */
export function lookupDrivers(registry: Registry, patterns?: string[]): Resource[] {
	return sortByName(registry.drivers.values()).filter(driver => matchesPatterns(driver.name, patterns));
}

/**
 * A host's SSH properties as ESSH writes them: sorted by byte order of the key. Partly known values
 * (`"-F " .. essh.ssh_config`) are included: `sshPropertyText` writes their unknown parts as `<label>`.
 */
export function sshProperties(host: Resource): PropertyEntry[] {
	return [...host.properties.values()]
		.filter(entry => isSshPropertyKey(entry.key) && (entry.value.kind === 'string' || entry.value.kind === 'partialString'))
		.sort((a, b) => compareNames(a.key, b.key));
}

/** The text of an SSH property as `sshProperties` lists it: the string, or a partial one with `<label>` placeholders. */
export function sshPropertyText(entry: PropertyEntry): string {
	return entry.value.kind === 'string' ? entry.value.value : entry.value.kind === 'partialString' ? partialStringText(entry.value) : '';
}

/** A host's SSH properties whose value is only partly known: written with placeholders, so callers can say so. */
export function partialSshProperties(host: Resource): PropertyEntry[] {
	return [...host.properties.values()]
		.filter(entry => isSshPropertyKey(entry.key) && entry.value.kind === 'partialString')
		.sort((a, b) => compareNames(a.key, b.key));
}

/**
 * A host's SSH properties whose value cannot be known statically (a global, a module field, a
 * function result): ESSH writes them, `sshProperties` cannot, so callers can say what is missing.
 * Values of a wrong type (numbers, tables, functions) are not listed: ESSH stops on those.
 */
export function dynamicSshProperties(host: Resource): PropertyEntry[] {
	return [...host.properties.values()]
		.filter(entry => isSshPropertyKey(entry.key) && (entry.value.kind === 'unknown' || entry.value.kind === 'global'))
		.sort((a, b) => compareNames(a.key, b.key));
}

/** One host's ssh_config block, with its terminating blank line. */
export function sshConfigBlock(host: Resource): string {
	let result = `Host ${host.name}\n`;
	for (const entry of sshProperties(host)) {
		result += `    ${entry.key} ${sshPropertyText(entry)}\n`;
	}
	return `${result}\n`;
}

/** The ssh_config ESSH writes before any action: every global host, sorted by name, hidden ones included. */
export function generateSshConfig(registry: Registry): string {
	return sortByName(registry.hosts.values()).map(sshConfigBlock).join('');
}

/** The `description` of a host or task as shown in lists and hovers, a partly known one with `<label>` placeholders. */
export function hostDescription(host: Resource): string {
	const value = host.properties.get('description')?.value;
	return value?.kind === 'string' ? value.value : value?.kind === 'partialString' ? partialStringText(value) : '';
}

export function isHidden(resource: Resource): boolean {
	return booleanValue(resource, 'hidden');
}

export function isDisabled(task: Resource): boolean {
	return booleanValue(task, 'disabled');
}

/** A task's backend as ESSH uses it: a non-string is ignored, so the default `local` stays. */
export function taskBackend(task: Resource): 'local' | 'remote' | string {
	return stringValue(task, 'backend') ?? 'local';
}

/** The driver a task runs with (`default` when unset or empty). */
export function taskDriver(task: Resource): string {
	const driver = stringValue(task, 'driver');
	return driver === undefined || driver === '' ? 'default' : driver;
}

/** Unique tags of a host, in the order written. */
export function hostTags(host: Resource): string[] {
	return [...new Set(hostTagValues(host))];
}

/**
 * A readable form of a static value, for `show` and hover. A partly known string is quoted with
 * its unknown parts as `<label>`: `"ssh -q -F <essh.ssh_config> -W %h:%p gateway"`.
 */
export function renderValue(entry: PropertyEntry): string {
	const value = entry.value;
	switch (value.kind) {
		case 'string':
		case 'partialString':
		case 'number':
		case 'boolean': return renderScalar(value);
		case 'nil': return 'nil';
		case 'function':
		case 'builtin': return 'function';
		case 'table': {
			const items = value.items.map(renderScalar);
			const fields = value.fields.map(field => `${field.key ?? '?'} = ${renderScalar(field.value)}`);
			return `{ ${[...items, ...fields].join(', ')} }`;
		}
		default: return '(dynamic)';
	}
}

/** A string, number or boolean as written; any other value by its kind (a table element). */
function renderScalar(value: Value): string {
	switch (value.kind) {
		case 'string': return JSON.stringify(value.value);
		case 'partialString': return JSON.stringify(partialStringText(value));
		case 'number': return value.raw;
		case 'boolean': return String(value.value);
		default: return value.kind;
	}
}
