/**
 * Hover: on a host name the ssh_config block ESSH generates for it, its
 * description, tags, hidden state, where each value comes from (own, group default, later
 * assignment) and whether a later definition shadows it; on a task its resolved hosts, driver and
 * backend; on a targets/filters entry the hosts it selects; on a tag its hosts; on a driver
 * reference the driver; on a property key the documentation of keywords.ts; on a global the config
 * defines, what it holds there and where that was assigned (`globals.ts`). Markdown out. Pure.
 */
import type { Analysis, SetAnalysis } from '../analysis';
import { publicTaskName } from '../checks';
import type { FileId } from '../diagnostic';
import { bundledLibraryFor, DRIVER_KEYS, HOST_KEYS, libraryFunctions, isSshPropertyKey, NAMESPACE_KEYS, GROUP_RESERVED_KEYS, sshKeyword, TASK_KEYS, type EsshKeySpec } from '../keywords';
import type { Resource } from '../model';
import { hostDescription, hostTags, isHidden, renderValue, sshConfigBlock, taskBackend, taskDriver } from '../queries';
import type { TextRange } from '../text';
import { keyOwner, requireNameAt } from './completion';
import { assignedValue, assignmentsSeen, describeValue, globalSiteAt, type GlobalSite } from './globals';
import { driversInScope, hostsInScope, hostsWithTag, occurrenceAt, type Occurrence } from './locate';
import { linkAt } from './navigation';
import { scanContext } from './scan';
import type { HoverResult } from './types';

const ORIGIN_LABELS = { own: 'own', group: 'group default', assign: 'later assignment' } as const;

/** The hover at `offset` of `file`, or undefined when there is nothing to say. */
export function hover(analysis: Analysis, file: FileId, offset: number): HoverResult | undefined {
	const link = linkAt(analysis, file, offset);
	if (link) {
		const what = link.kind === 'require' ? `module \`${link.target}\`` : `file \`${link.target}\``;
		return { range: link.site.range, contents: link.resolved ? `${what} → \`${link.resolved}\`` : `${what}: not found${link.kind === 'require' ? ' on ESSH\'s search path' : ''}` };
	}
	const global = globalSiteAt(analysis, file, offset);
	if (global) {
		// A global holding an object is also an alias of it (`web.User = …`): what the object is follows.
		const alias = occurrenceAt(analysis, file, offset);
		const object = alias && alias.reference.context === 'alias' ? occurrenceHover(analysis, alias) : undefined;
		return { range: global.range, contents: `${globalHover(analysis, global)}${object === undefined ? '' : `\n\n---\n\n${object}`}` };
	}
	const library = libraryHover(analysis, file, offset);
	if (library) {
		return library;
	}
	const occurrence = occurrenceAt(analysis, file, offset);
	if (occurrence) {
		const contents = occurrenceHover(analysis, occurrence);
		return contents === undefined ? undefined : { range: occurrence.reference.site.range, contents };
	}
	return keyHover(analysis, file, offset);
}

/** On the name of `require "M"` where M is a library bundled with the configured version: what it offers. */
function libraryHover(analysis: Analysis, file: FileId, offset: number): HoverResult | undefined {
	const text = analysis.text(file);
	if (text === undefined) {
		return undefined;
	}
	const context = scanContext(text, offset);
	if (context.kind !== 'string' || !requireNameAt(text, context.contents.start)) {
		return undefined;
	}
	const name = text.slice(context.contents.start, context.contents.end);
	const library = bundledLibraryFor(name, analysis.config.version);
	if (!library) {
		return undefined;
	}
	const version = analysis.config.version;
	const functions = libraryFunctions(library, version);
	const globals = library.globals ? `\n\nLoading it also defines the global${library.globals.length === 1 ? '' : 's'} ${list([...library.globals])}.` : '';
	return {
		range: context.contents,
		contents: `library \`${name}\` (bundled with ESSH ${version.major}.${version.minor}.${version.patch}, ${library.source}): ${library.doc.endsWith('.') ? library.doc : `${library.doc}.`}${library.anyMember ? '' : `\n\nFields: ${list(functions)}`}${globals}`,
	};
}

/** What a global holds at the site and where it was assigned, as ESSH's load order sees it. */
function globalHover(analysis: Analysis, site: GlobalSite): string {
	const set = analysis.setsOfFile(site.file)[0];
	const where = (assignment: GlobalSite): string => (set ? location(analysis, set, assignment.file, assignment.range.start) : assignment.file);
	const what = (assignment: GlobalSite): string => describeValue(assignedValue(analysis, assignment), analysis.symbols(assignment.file));
	const title = `**global** \`${site.name}\``;
	if (site.role === 'write') {
		return `${title}\n\n${site.inFunction ? 'assigned here when the function runs' : `assigned here: ${what(site)}`}`;
	}
	const seen = assignmentsSeen(analysis, site);
	if (seen.length === 0) {
		return site.inFunction
			? `${title}\n\nnil: no file of the set assigns it`
			: `${title}\n\nnil here: no file loaded before this line assigns it`;
	}
	if (seen.length === 1) {
		return `${title}\n\n${what(seen[0])}, assigned at ${where(seen[0])}`;
	}
	return `${title}\n\none of (depending on which assignment ran):\n${seen.map(assignment => `- ${what(assignment)}, assigned at ${where(assignment)}`).join('\n')}`;
}

function location(analysis: Analysis, set: SetAnalysis, file: FileId, offset: number): string {
	const directory = set.definition.workingDirectory;
	const shown = file.startsWith(`${directory}/`) ? file.slice(directory.length + 1) : file;
	const line = (analysis.lineIndex(file)?.position(offset).line ?? 0) + 1;
	return `${shown}:${line}`;
}

function list(names: string[]): string {
	return names.length === 0 ? '(none)' : names.map(name => `\`${name}\``).join(', ');
}

function hostsLine(hosts: Resource[]): string {
	return `${hosts.length} host${hosts.length === 1 ? '' : 's'}: ${list(hosts.map(host => host.name))}`;
}

function occurrenceHover(analysis: Analysis, occurrence: Occurrence): string | undefined {
	const { key, set, reference } = occurrence;
	const registry = set.registry;
	const entryPrefix = reference.context === 'targets' || reference.context === 'filters' || reference.context === 'select'
		? `${reference.context === 'select' ? 'selection' : `${reference.context} entry`} \`${key.name}\``
		: undefined;
	if (reference.matched && entryPrefix && (key.kind === 'host' || key.kind === 'tag' || key.kind === 'unresolved')) {
		// A select_hosts/:filter string sees only the hosts defined before it (essh-semantics.md, Targets, filters and select_hosts).
		const matched = reference.matched;
		if (matched.length === 1 && matched[0].name === key.name) {
			return `${entryPrefix} selects host \`${key.name}\` as defined before this point\n\n---\n\n${hostHover(analysis, set, matched[0])}`;
		}
		if (matched.length === 0) {
			return `${entryPrefix} selects no host here: no host or tag of this name is defined before this point`;
		}
		return `${entryPrefix} is a tag and selects ${matched.length} host${matched.length === 1 ? '' : 's'} defined before this point: ${list(matched.map(host => host.name))}`;
	}
	switch (key.kind) {
		case 'host': {
			const host = reference.role === 'definition' && reference.resource ? reference.resource : hostsInScope(registry, key.namespace).get(key.name);
			if (!host) {
				return `host \`${key.name}\`: not an ESSH host`;
			}
			const body = hostHover(analysis, set, host);
			return entryPrefix ? `${entryPrefix} selects host \`${host.name}\`\n\n---\n\n${body}` : body;
		}
		case 'tag': {
			const hosts = hostsWithTag(registry, key.name, key.namespace);
			return entryPrefix ? `${entryPrefix} is a tag and selects ${hostsLine(hosts)}` : `**tag** \`${key.name}\`\n\n${hostsLine(hosts)}`;
		}
		case 'task': {
			const task = reference.resource;
			return task ? taskHover(analysis, set, task) : undefined;
		}
		case 'driver': {
			const driver = reference.role === 'definition' && reference.resource ? reference.resource : driversInScope(registry, key.namespace).get(key.name);
			if (!driver) {
				return `driver \`${key.name}\`: no driver of this name (running the task fails with "invalid driver name '${key.name}'")`;
			}
			return driverHover(analysis, set, driver);
		}
		case 'namespace': {
			const namespace = registry.namespaces.get(key.name);
			return namespace ? `**namespace** \`${key.name}\`\n\n${namespace.hosts.size} hosts, ${namespace.tasks.size} tasks, ${namespace.drivers.size - 1} drivers` : undefined;
		}
		case 'unresolved':
			return `${entryPrefix ?? `\`${key.name}\``}: no host or tag has this name, so it selects nothing (ESSH matches names and tags exactly)`;
	}
}

/** The markdown for one host object. */
export function hostHover(analysis: Analysis, set: SetAnalysis, host: Resource): string {
	const parts: string[] = [`**host** \`${host.name}\`${host.namespace !== undefined ? ` (namespace \`${host.namespace}\`)` : ''}`];
	const description = hostDescription(host);
	if (description !== '') {
		parts.push(description);
	}
	if (host.replacedBy) {
		parts.push(`**Shadowed** by the later definition at ${location(analysis, set, host.replacedBy.nameSite.file, host.replacedBy.nameSite.range.start)}: ESSH keeps only the last definition (properties are not merged).`);
	}
	parts.push(`\`\`\`ssh-config\n${sshConfigBlock(host).trimEnd()}\n\`\`\``);
	const facts = [`tags: ${list(hostTags(host))}`];
	if (isHidden(host)) {
		facts.push('hidden');
	}
	parts.push(facts.join(' · '));
	const values = [...host.properties.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	if (values.length > 0) {
		parts.push(values.map(entry => `- \`${entry.key}\` = ${renderValue(entry)} — ${ORIGIN_LABELS[entry.origin]}, ${location(analysis, set, entry.keySite.file, entry.keySite.range.start)}`).join('\n'));
	}
	return parts.join('\n\n');
}

function taskHover(analysis: Analysis, set: SetAnalysis, task: Resource): string {
	const parts: string[] = [`**task** \`${publicTaskName(task)}\``];
	const description = hostDescription(task);
	if (description !== '') {
		parts.push(description);
	}
	if (task.replacedBy) {
		parts.push(`**Shadowed** by the later definition at ${location(analysis, set, task.replacedBy.nameSite.file, task.replacedBy.nameSite.range.start)}: ESSH keeps only the last definition.`);
	}
	const driverName = taskDriver(task);
	const driver = driversInScope(set.registry, task.namespace).get(driverName);
	const driverText = driver ? (driver.builtin ? `\`${driverName}\` (built-in)` : `\`${driverName}\` (${location(analysis, set, driver.nameSite.file, driver.nameSite.range.start)})`) : `\`${driverName}\` (not defined)`;
	const lines = [`- backend: \`${taskBackend(task)}\``, `- driver: ${driverText}`];
	const resolution = set.resolutions.get(task);
	if (resolution) {
		if (resolution.hasTargets) {
			lines.push(`- targets: ${list(resolution.targets.map(entry => entry.name))}${resolution.filters.length > 0 ? ` · filters: ${list(resolution.filters.map(entry => entry.name))}` : ''}`);
			lines.push(`- ${hostsLine(resolution.hosts)}${resolution.dynamic ? ' (some entries are dynamic)' : ''}`);
		} else {
			lines.push('- no targets: runs once on this machine, with no host');
		}
	} else if (task.replacedBy) {
		lines.push('- not resolved: this definition is discarded');
	}
	parts.push(lines.join('\n'));
	return parts.join('\n\n');
}

function driverHover(analysis: Analysis, set: SetAnalysis, driver: Resource): string {
	if (driver.builtin) {
		return '**driver** `default` (built-in)\n\nRuns every script `code` in order after ESSH\'s environment and functions. Used by every task without a `driver`.';
	}
	const parts = [`**driver** \`${driver.name}\` — ${location(analysis, set, driver.nameSite.file, driver.nameSite.range.start)}`];
	const engine = driver.properties.get('engine');
	if (engine?.value.kind === 'string') {
		parts.push(`\`\`\`\n${engine.value.value.trim()}\n\`\`\``);
	} else if (!engine) {
		parts.push('No `engine`: tasks using this driver fail with "The engine was not defined."');
	}
	if (driver.replacedBy) {
		parts.push(`**Shadowed** by the later definition at ${location(analysis, set, driver.replacedBy.nameSite.file, driver.replacedBy.nameSite.range.start)}.`);
	}
	return parts.join('\n\n');
}

function specDoc(spec: EsshKeySpec, owner: string): string {
	return `**${owner} key** \`${spec.name}\`\n\n${spec.doc}`;
}

function sshKeywordDoc(key: string): string {
	const keyword = sshKeyword(key);
	if (!keyword) {
		return `**ssh_config** \`${key}\`\n\nNot an ssh_config(5) keyword: ESSH writes it out anyway and ssh fails with "Bad configuration option".`;
	}
	const caseNote = keyword.name !== key ? ` (canonical spelling \`${keyword.name}\`)` : '';
	const status = keyword.status === 'current' ? '' : ` — ${keyword.status}${keyword.aliasOf ? ` alias of \`${keyword.aliasOf}\`` : ''}`;
	return `**ssh_config** \`${keyword.name}\`${caseNote}${status}\n\n${keyword.doc}`;
}

/** Documentation for the property key under the cursor, found by the text scan. */
function keyHover(analysis: Analysis, file: FileId, offset: number): HoverResult | undefined {
	const text = analysis.text(file);
	if (text === undefined) {
		return undefined;
	}
	const before = text.slice(Math.max(0, offset - 256), offset).match(/[A-Za-z0-9_]*$/)![0];
	const after = text.slice(offset, offset + 256).match(/^[A-Za-z0-9_]*/)![0];
	const range: TextRange = { start: offset - before.length, end: offset + after.length };
	const word = before + after;
	if (word === '' || !/^[A-Za-z_]/.test(word) || !/^\s*=(?!=)/.test(text.slice(range.end, range.end + 64))) {
		return undefined;
	}
	const context = scanContext(text, range.start);
	if (context.kind !== 'word') {
		return undefined;
	}
	const owner = context.previous === '.' ? undefined : keyOwner(context.frames);
	const find = (specs: readonly EsshKeySpec[]): EsshKeySpec | undefined => specs.find(spec => spec.name === word);
	let contents: string | undefined;
	const hostDoc = (): string | undefined => (isSshPropertyKey(word) ? sshKeywordDoc(word) : find(HOST_KEYS) ? specDoc(find(HOST_KEYS)!, 'host') : undefined);
	const taskDoc = (): string | undefined => (find(TASK_KEYS) ? specDoc(find(TASK_KEYS)!, 'task') : undefined);
	const driverDoc = (): string => (find(DRIVER_KEYS) ? specDoc(find(DRIVER_KEYS)!, 'driver') : `**driver property** \`${word}\`\n\nAccepted without validation; templates read it as \`.Driver.Props.${word}\`.`);
	if (!owner) {
		// `h.Key = …` on an object alias, or an unknown table: document what the key can only be.
		if (context.previous !== '.') {
			return undefined;
		}
		contents = hostDoc() ?? taskDoc();
	} else {
		switch (owner.owner) {
			case 'host':
				contents = hostDoc();
				break;
			case 'task':
				contents = taskDoc();
				break;
			case 'driver':
				contents = driverDoc();
				break;
			case 'namespace':
				contents = find(NAMESPACE_KEYS) ? specDoc(find(NAMESPACE_KEYS)!, 'namespace') : undefined;
				break;
			case 'group': {
				const reserved = find(GROUP_RESERVED_KEYS);
				if (reserved) {
					contents = specDoc(reserved, 'group');
					break;
				}
				const kinds = owner.memberKinds.size > 0 ? [...owner.memberKinds] : ['host', 'task', 'driver'];
				const docs = kinds.map(kind => (kind === 'host' ? hostDoc() : kind === 'task' ? taskDoc() : find(DRIVER_KEYS) ? driverDoc() : undefined)).filter((doc): doc is string => doc !== undefined);
				contents = docs.length > 0 ? `Group default for the members.\n\n${docs.join('\n\n')}` : undefined;
				break;
			}
		}
	}
	return contents === undefined ? undefined : { range, contents };
}
