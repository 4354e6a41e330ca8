/**
 * Completion: host names and tags inside targets/filters/select strings, driver
 * names after `driver = "`, `backend` values, property keys of hosts (ESSH keys and ssh_config
 * keywords in their canonical case), tasks, drivers, groups and namespaces, and snippets for the
 * top-level definitions, and template fields inside `engine` and `prefix` strings (essh-semantics.md, Tasks,
 * Drivers and Tasks). The context comes from the text scan of `scan.ts`, so it works while the file does not
 * parse; candidates come from the registries (last good symbols) of the file's sets, plus a light
 * text scan of `host "name"` in the file itself and in the modules it requires that no set has
 * loaded (a file that has never parsed contributes nothing to the registries). Entries already
 * written in the same targets/filters/select list are left out.
 */
import type { Analysis, SetAnalysis } from '../analysis';
import type { FileId } from '../diagnostic';
import {
	bundledLibraryFor, bundledRequireNames, driverKeysFor, groupReservedKeysFor, hostKeysFor, libraryFunctions, namespaceKeysFor, SSH_KEYWORDS, taskKeysFor, type BundledLibrary, type EsshKeySpec,
} from '../keywords';
import type { Resource } from '../model';
import { hostDescription } from '../queries';
import type { TextRange } from '../text';
import { isNamespaceEra, versionAtLeast } from '../version';
import { driversInScope, hostsInScope, hostsWithTag, setsFor } from './locate';
import { scanContext, type Frame, type MemberKind } from './scan';
import type { CompletionEntry } from './types';

/** What a string at the cursor holds, from its enclosing frames. */
export function stringRole(frames: Frame[]): 'targets' | 'driver' | 'backend' | 'engine' | 'prefix' | undefined {
	const top = frames[frames.length - 1];
	if (!top) {
		return undefined;
	}
	switch (top.kind) {
		case 'targets':
		case 'filters':
		case 'select':
		case 'selectCall':
		case 'filterCall':
			return 'targets';
		case 'task':
		case 'group':
			if (top.fieldTokens === 0 && top.key !== undefined) {
				if (top.key === 'targets' || top.key === 'filters') {
					return 'targets';
				}
				if (top.key === 'driver' || top.key === 'backend' || top.key === 'prefix' || (top.key === 'engine' && top.kind === 'group')) {
					return top.key;
				}
			}
			return undefined;
		case 'driver':
			return top.fieldTokens === 0 && top.key === 'engine' ? 'engine' : undefined;
		default:
			return undefined;
	}
}

/** The namespace whose table encloses the cursor (namespace era), if any. */
export function enclosingNamespace(frames: Frame[]): string | undefined {
	for (let index = frames.length - 1; index >= 0; index--) {
		if (frames[index].kind === 'namespace') {
			return frames[index].namespace;
		}
	}
	return undefined;
}

/** The definition kind whose keys are expected at the cursor, when it is at a key position. */
export function keyOwner(frames: Frame[]): { owner: 'host' | 'task' | 'driver' | 'group' | 'namespace'; memberKinds: Set<MemberKind> } | undefined {
	const top = frames[frames.length - 1];
	if (!top || top.fieldTokens !== 0 || top.key !== undefined) {
		return undefined;
	}
	switch (top.kind) {
		case 'host':
		case 'task':
		case 'driver':
		case 'group':
		case 'namespace':
			return { owner: top.kind, memberKinds: top.memberKinds };
		default:
			return undefined;
	}
}

function relativeTo(set: SetAnalysis, file: FileId): string {
	const directory = set.definition.workingDirectory;
	return file.startsWith(`${directory}/`) ? file.slice(directory.length + 1) : file;
}

/** Completion entries at `offset` of `file`. */
export function completions(analysis: Analysis, file: FileId, offset: number): CompletionEntry[] {
	const text = analysis.text(file);
	if (text === undefined) {
		return [];
	}
	const context = scanContext(text, offset);
	if (context.kind === 'none') {
		return [];
	}
	const sets = setsFor(analysis, file);
	if (context.kind === 'string') {
		const role = stringRole(context.frames);
		const range = context.contents;
		switch (role) {
			case 'targets': {
				const { written, extras } = targetExtras(analysis, sets, file, text, context.frames, range, offset);
				const { entries } = targetEntries(sets, enclosingNamespace(context.frames), range);
				return [...entries, ...extras].filter(entry => written.size === 0 || !written.has(entry.label));
			}
			case 'driver':
				return driverEntries(sets, enclosingNamespace(context.frames), range);
			case 'engine':
			case 'prefix':
				return templateFieldEntries(analysis, role, text, range, offset);
			case 'backend':
				return [
					{ label: 'local', kind: 'value', detail: 'run the script on this machine (default)', replaceRange: range },
					{ label: 'remote', kind: 'value', detail: 'run the script on each target host over ssh', replaceRange: range },
				];
			default:
				return requireNameAt(text, range.start) ? libraryEntries(analysis, range) : [];
		}
	}
	if (context.previous === '.' || context.previous === ':') {
		const library = libraryBefore(analysis, text, context.word.start);
		if (library) {
			return libraryFunctions(library, analysis.config.version).map(name => ({ label: name, kind: 'field' as const, detail: `${library.name}.${name}`, replaceRange: context.word }));
		}
	}
	const owner = keyOwner(context.frames);
	if (owner) {
		return keyEntries(analysis, owner.owner, owner.memberKinds, context.word);
	}
	if (context.frames.length === 0 && !['=', '.', ':', 'local', 'function', 'for', 'in'].includes(context.previous ?? '')) {
		return snippetEntries(analysis, context.word);
	}
	return [];
}

/** True when the string whose contents start at `contentStart` is the module name of `require "M"` or `pcall(require, "M")`. */
export function requireNameAt(text: string, contentStart: number): boolean {
	const before = text.slice(Math.max(0, contentStart - 80), contentStart - 1);
	return /(?:^|[^\w.:])require\s*\(?\s*$/.test(before) || /(?:^|[^\w.:])pcall\s*\(\s*require\s*,\s*$/.test(before);
}

/** The libraries `require` can load in the configured version, as completion entries. */
function libraryEntries(analysis: Analysis, range: TextRange): CompletionEntry[] {
	return bundledRequireNames(analysis.config.version).map(entry => ({ label: entry.name, kind: 'value' as const, detail: `${entry.library.doc} (${entry.library.source})`, replaceRange: range }));
}

/** The bundled library held by the variable before `.` at `dotEnd` (`local s = require "strings"` … `s.`), if the file says so. */
function libraryBefore(analysis: Analysis, text: string, wordStart: number): BundledLibrary | undefined {
	const variable = text.slice(Math.max(0, wordStart - 200), wordStart).match(/([A-Za-z_]\w*)\s*[.:]\s*$/)?.[1];
	if (variable === undefined) {
		return undefined;
	}
	const pattern = new RegExp(`(?:^|[^\\w.])${variable}\\s*=\\s*require\\s*\\(?\\s*["']([\\w.]+)["']`, 'g');
	let name: string | undefined;
	for (const match of text.slice(0, wordStart).matchAll(pattern)) {
		name = match[1];
	}
	return name === undefined ? undefined : bundledLibraryFor(name, analysis.config.version);
}

/**
 * What a `targets` string offers beside the registry's hosts and tags: the strings already written
 * in the list (left out), and the hosts scanned from the text that no registry holds.
 */
function targetExtras(analysis: Analysis, sets: SetAnalysis[], file: FileId, text: string, frames: Frame[], range: TextRange, offset: number): { written: Set<string>; extras: CompletionEntry[] } {
	const written = writtenEntries(text, frames[frames.length - 1], range, offset);
	// Namespace era: a scanned `host "x"` may be moved into a namespace, so only the registries answer.
	const scanned = isNamespaceEra(analysis.config.version) ? [] : scannedHostEntries(analysis, sets, file, text, range);
	const labels = sets.length === 1 ? targetCandidates(sets[0], targetScope(sets[0], enclosingNamespace(frames))).labels : targetEntries(sets, enclosingNamespace(frames), range).labels;
	// Registry entries are unique by label already: only the scanned ones need checking.
	return { written, extras: uniqueByLabel(scanned.filter(entry => !labels.has(entry.label))) };
}

function targetScope(set: SetAnalysis, namespace: string | undefined): string | undefined {
	return namespace !== undefined && set.registry.namespaces.has(namespace) ? namespace : undefined;
}

/**
 * Completion with at most `limit` entries: `completions` when there are no more, otherwise the best
 * `limit` of them for what is typed (`bestCompletions`), with `incomplete` set. Inside a `targets`
 * string of one set with many prefix matches, the best entries are read off the set's candidates
 * kept in `sortText` order, without building the whole list: the answer is the same.
 */
export function completionList(analysis: Analysis, file: FileId, offset: number, limit: number): { entries: CompletionEntry[]; incomplete: boolean } {
	const fast = bestTargetEntries(analysis, file, offset, limit);
	if (fast) {
		return { entries: fast, incomplete: true };
	}
	const entries = completions(analysis, file, offset);
	if (entries.length <= limit) {
		return { entries, incomplete: false };
	}
	return { entries: bestCompletions(entries, analysis.text(file) ?? '', offset, limit), incomplete: true };
}

/**
 * `bestCompletions(completions(…))` inside a `targets` string of one set, when more than `limit`
 * entries exist and at least `limit` of them start with what is typed; undefined otherwise. The
 * candidates are walked in `sortText` order (ties in list order, as a stable sort leaves them),
 * merged with the scanned extras, until `limit` prefix matches are found.
 */
function bestTargetEntries(analysis: Analysis, file: FileId, offset: number, limit: number): CompletionEntry[] | undefined {
	const text = analysis.text(file);
	if (text === undefined) {
		return undefined;
	}
	const context = scanContext(text, offset);
	if (context.kind !== 'string' || stringRole(context.frames) !== 'targets') {
		return undefined;
	}
	const sets = setsFor(analysis, file);
	if (sets.length !== 1) {
		return undefined;
	}
	const range = context.contents;
	const { written, extras } = targetExtras(analysis, sets, file, text, context.frames, range, offset);
	const candidates = targetCandidates(sets[0], targetScope(sets[0], enclosingNamespace(context.frames)));
	let total = candidates.list.length + extras.length;
	for (const label of written) {
		if (candidates.labels.has(label)) {
			total--;
		}
	}
	for (const extra of extras) {
		if (written.has(extra.label)) {
			total--;
		}
	}
	if (total <= limit) {
		return undefined;
	}
	const typedFor = (entryRange: TextRange): string => (entryRange.start <= offset ? text.slice(entryRange.start, offset).toLowerCase() : '');
	const typed = typedFor(range);
	const sorted = sortedCandidates(candidates);
	const others = extras.filter(entry => !written.has(entry.label)).map(entry => ({ entry, key: entry.sortText ?? entry.label }));
	others.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	const result: CompletionEntry[] = [];
	let next = 0;
	let other = 0;
	while (result.length < limit && (next < sorted.length || other < others.length)) {
		// On equal keys the registry's entry comes first, as it does in the full list.
		if (next < sorted.length && (other >= others.length || !(others[other].key < sorted[next].sortText))) {
			const candidate = sorted[next++];
			if (!written.has(candidate.label) && candidate.lowerLabel.startsWith(typed)) {
				result.push({ label: candidate.label, kind: candidate.kind, detail: candidate.detail, replaceRange: range, sortText: candidate.sortText });
			}
		} else {
			const { entry } = others[other++];
			if (entry.label.toLowerCase().startsWith(typedFor(entry.replaceRange))) {
				result.push(entry);
			}
		}
	}
	return result.length === limit ? result : undefined;
}

/** The hosts and tags of the sets' scopes, unique by label, with their labels as a set. */
function targetEntries(sets: SetAnalysis[], namespace: string | undefined, range: TextRange): { entries: CompletionEntry[]; labels: ReadonlySet<string> } {
	if (sets.length === 1) {
		// One set (the common case): its cached candidates are already unique.
		const scope = namespace !== undefined && sets[0].registry.namespaces.has(namespace) ? namespace : undefined;
		const candidates = targetCandidates(sets[0], scope);
		return {
			entries: candidates.list.map(candidate => ({ label: candidate.label, kind: candidate.kind, detail: candidate.detail, replaceRange: range, sortText: candidate.sortText })),
			labels: candidates.labels,
		};
	}
	const result = new Map<string, CompletionEntry>();
	for (const set of sets) {
		const scope = namespace !== undefined && set.registry.namespaces.has(namespace) ? namespace : undefined;
		for (const candidate of targetCandidates(set, scope).list) {
			const key = `${candidate.kind}\u0000${candidate.label}`;
			if (!result.has(key) && (candidate.kind === 'host' || !result.has(`host\u0000${candidate.label}`))) {
				result.set(key, { label: candidate.label, kind: candidate.kind, detail: candidate.detail, replaceRange: range, sortText: candidate.sortText });
			}
		}
	}
	// A tag of one set may have the label of a host of a later set: the first entry of a label wins.
	const entries = uniqueByLabel([...result.values()]);
	return { entries, labels: new Set(entries.map(entry => entry.label)) };
}

/** A host or tag of one set's scope, as completion offers it (without the replace range). */
interface TargetCandidate {
	label: string;
	lowerLabel: string;
	kind: 'host' | 'tag';
	detail: string;
	sortText: string;
}

/** Candidates per set analysis and scope: a large fleet's list is built once per registry, not per request. */
const targetCandidateCache = new WeakMap<SetAnalysis, Map<string, CandidateList>>();

interface CandidateList {
	list: TargetCandidate[];
	labels: ReadonlySet<string>;
	/** `list` in `sortText` order (a stable sort), made on first use. */
	sorted?: TargetCandidate[];
}

function sortedCandidates(candidates: CandidateList): TargetCandidate[] {
	candidates.sorted ??= [...candidates.list].sort((a, b) => (a.sortText < b.sortText ? -1 : a.sortText > b.sortText ? 1 : 0));
	return candidates.sorted;
}

/** The hosts, then the tags that are not also host names, of one set's scope. */
function targetCandidates(set: SetAnalysis, scope: string | undefined): CandidateList {
	let perScope = targetCandidateCache.get(set);
	if (!perScope) {
		perScope = new Map();
		targetCandidateCache.set(set, perScope);
	}
	const scopeKey = scope === undefined ? '' : `ns:${scope}`;
	let cached = perScope.get(scopeKey);
	if (!cached) {
		const candidates: TargetCandidate[] = [];
		const hosts = hostsInScope(set.registry, scope);
		for (const host of hosts.values()) {
			candidates.push({ label: host.name, lowerLabel: host.name.toLowerCase(), kind: 'host', detail: hostDetail(set, host), sortText: `0${host.name}` });
		}
		for (const tag of scope === undefined ? set.registry.tags.keys() : tagsOf(set, scope)) {
			if (!hosts.has(tag)) {
				const count = hostsWithTag(set.registry, tag, scope).length;
				candidates.push({ label: tag, lowerLabel: tag.toLowerCase(), kind: 'tag', detail: `tag: ${count} host${count === 1 ? '' : 's'}`, sortText: `1${tag}` });
			}
		}
		cached = { list: candidates, labels: new Set(candidates.map(candidate => candidate.label)) };
		perScope.set(scopeKey, cached);
	}
	return cached;
}

/** The first entry of each label (registry entries come before scanned ones). */
function uniqueByLabel(entries: CompletionEntry[]): CompletionEntry[] {
	const seen = new Set<string>();
	return entries.filter(entry => !seen.has(entry.label) && seen.add(entry.label) !== undefined);
}

/**
 * The strings already written in the list around the cursor (`targets = { "a", "$0" }`), except the
 * one under the cursor. The list is read from its `{` to the first `}` after the cursor.
 */
function writtenEntries(text: string, frame: Frame | undefined, current: TextRange, offset: number): Set<string> {
	const result = new Set<string>();
	if (!frame || (frame.kind !== 'targets' && frame.kind !== 'filters' && frame.kind !== 'select')) {
		return result;
	}
	const close = text.indexOf('}', Math.max(current.end, offset));
	const end = close < 0 ? Math.min(text.length, offset + 2000) : close;
	const pattern = /"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'/g;
	// matchAll starts where the pattern's lastIndex says.
	pattern.lastIndex = frame.start + 1;
	for (const match of text.matchAll(pattern)) {
		if (match.index >= end) {
			break;
		}
		const contentStart = match.index + 1;
		if (contentStart === current.start) {
			continue;
		}
		result.add(match[1] ?? match[2]);
	}
	return result;
}

const HOST_NAME_PATTERN = /(?:^|[^\w:])host\s*\(?\s*(?:"([^"\\\n]+)"|'([^'\\\n]+)')/g;

/** `host "name"` / `host("name", …)` written in a text, by a light scan (no parse needed). */
function scanHostNames(text: string): string[] {
	const names: string[] = [];
	for (const match of text.matchAll(HOST_NAME_PATTERN)) {
		names.push(match[1] ?? match[2]);
	}
	return names;
}

/**
 * Hosts found by scanning the text of the file itself, and of the modules it requires that no set
 * has loaded (when the file has never parsed, its `require`s were never followed).
 */
function scannedHostEntries(analysis: Analysis, sets: SetAnalysis[], file: FileId, text: string, range: TextRange): CompletionEntry[] {
	const sources: Array<{ file: FileId; text: string }> = [{ file, text }];
	const loaded = new Set(sets.flatMap(set => set.registry.loadedFiles));
	const directory = sets[0]?.definition.workingDirectory;
	if (directory !== undefined) {
		for (const match of text.matchAll(/(?:^|[^\w.:])require\s*\(?\s*(?:"([\w./-]+)"|'([\w./-]+)')/g)) {
			const module = `${directory}/.essh/lib/${(match[1] ?? match[2]).replace(/\./g, '/')}.lua`;
			const moduleText = loaded.has(module) ? undefined : analysis.text(module);
			if (moduleText !== undefined) {
				sources.push({ file: module, text: moduleText });
			}
		}
	}
	const entries: CompletionEntry[] = [];
	for (const source of sources) {
		const detail = directory !== undefined && source.file.startsWith(`${directory}/`) ? source.file.slice(directory.length + 1) : source.file;
		for (const name of scanHostNames(source.text)) {
			entries.push({ label: name, kind: 'host', detail, replaceRange: range, sortText: `0${name}` });
		}
	}
	return entries;
}

interface TemplateField { name: string; since?: string }

/** Template data of driver engines (essh-semantics.md, Drivers) and task prefixes (Tasks). */
const ENGINE_FIELDS: TemplateField[] = [
	{ name: 'Scripts' }, { name: 'Task' }, { name: 'Host' }, { name: 'Driver' }, { name: 'SSHConfigPath' },
	{ name: 'GOOS' }, { name: 'GOARCH' }, { name: 'Debug' }, { name: 'Executable', since: '2.5' },
];
const PREFIX_FIELDS: TemplateField[] = [{ name: 'Host' }, { name: 'Task' }];

/** `.Field` completions when the cursor follows `{{ … .Fie` inside an engine or prefix template, at the top level of the data. */
function templateFieldEntries(analysis: Analysis, role: 'engine' | 'prefix', text: string, contents: TextRange, offset: number): CompletionEntry[] {
	const before = text.slice(contents.start, offset);
	const open = before.lastIndexOf('{{');
	if (open < 0 || before.indexOf('}}', open) >= 0) {
		return [];
	}
	const field = before.slice(open + 2).match(/(^|[\s(|,=-])\.([A-Za-z0-9_]*)$/);
	if (!field) {
		return [];
	}
	const start = offset - field[2].length - 1;
	const wordEnd = offset + (text.slice(offset, contents.end).match(/^[A-Za-z0-9_]*/)?.[0].length ?? 0);
	const range = { start, end: wordEnd };
	const fields = role === 'engine' ? ENGINE_FIELDS : PREFIX_FIELDS;
	const detail = role === 'engine' ? 'driver template' : 'prefix template';
	return fields
		.filter(spec => spec.since === undefined || versionAtLeast(analysis.config.version, spec.since))
		.map(spec => ({ label: `.${spec.name}`, kind: 'field' as const, detail: spec.since ? `${detail} (v${spec.since}+)` : detail, replaceRange: range }));
}

function tagsOf(set: SetAnalysis, namespace: string): string[] {
	const result = new Set<string>();
	for (const host of hostsInScope(set.registry, namespace).values()) {
		const tags = host.properties.get('tags')?.value;
		if (tags?.kind === 'table') {
			for (const item of [...tags.items, ...tags.fields.map(field => field.value)]) {
				if (item.kind === 'string') {
					result.add(item.value);
				}
			}
		}
	}
	return [...result];
}

function hostDetail(set: SetAnalysis, host: Resource): string {
	const description = hostDescription(host);
	return description !== '' ? description : relativeTo(set, host.nameSite.file);
}

function driverEntries(sets: SetAnalysis[], namespace: string | undefined, range: TextRange): CompletionEntry[] {
	const result = new Map<string, CompletionEntry>();
	for (const set of sets) {
		const scope = namespace !== undefined && set.registry.namespaces.has(namespace) ? namespace : undefined;
		for (const driver of driversInScope(set.registry, scope).values()) {
			if (!result.has(driver.name)) {
				result.set(driver.name, { label: driver.name, kind: 'driver', detail: driver.builtin ? 'built-in' : relativeTo(set, driver.nameSite.file), replaceRange: range });
			}
		}
	}
	return [...result.values()];
}

function keyEntry(spec: EsshKeySpec, range: TextRange, detail: string): CompletionEntry {
	return { label: spec.name, kind: 'key', detail, documentation: spec.doc, insertText: `${spec.name} = `, replaceRange: range, sortText: `0${spec.name}` };
}

function keyEntries(analysis: Analysis, owner: 'host' | 'task' | 'driver' | 'group' | 'namespace', memberKinds: Set<MemberKind>, range: TextRange): CompletionEntry[] {
	const version = analysis.config.version;
	const result = new Map<string, CompletionEntry>();
	const add = (entry: CompletionEntry): void => {
		if (!result.has(entry.label)) {
			result.set(entry.label, entry);
		}
	};
	const addKind = (kind: MemberKind, detailPrefix: string): void => {
		const specs = kind === 'host' ? hostKeysFor(version) : kind === 'task' ? taskKeysFor(version) : driverKeysFor(version);
		for (const spec of specs) {
			add(keyEntry(spec, range, `${detailPrefix}${kind} key`));
		}
		if (kind === 'host') {
			for (const keyword of SSH_KEYWORDS) {
				if (keyword.status !== 'current' || keyword.name === 'Host' || keyword.name === 'Match') {
					continue;
				}
				add({ label: keyword.name, kind: 'sshKeyword', detail: 'ssh_config', documentation: keyword.doc, insertText: `${keyword.name} = `, replaceRange: range, sortText: `1${keyword.name}` });
			}
		}
	};
	switch (owner) {
		case 'host':
		case 'task':
		case 'driver':
			addKind(owner, '');
			break;
		case 'namespace':
			for (const spec of namespaceKeysFor(version)) {
				add(keyEntry(spec, range, 'namespace key'));
			}
			break;
		case 'group': {
			for (const spec of groupReservedKeysFor(version)) {
				add(keyEntry(spec, range, 'group members'));
			}
			const kinds: MemberKind[] = memberKinds.size > 0 ? [...memberKinds] : ['host', 'task', 'driver'];
			for (const kind of kinds) {
				addKind(kind, 'default: ');
			}
			break;
		}
	}
	return [...result.values()];
}

function snippetEntries(analysis: Analysis, range: TextRange): CompletionEntry[] {
	const snippet = (label: string, insertText: string, detail: string): CompletionEntry => ({ label, kind: 'snippet', detail, insertText, isSnippet: true, replaceRange: range });
	const result = [
		snippet('host', 'host "${1:name}" {\n\tHostName = "${2:address}",\n\tUser = "${3:user}",\n\ttags = { ${4} },\n}', 'host definition'),
		snippet('task', 'task "${1:name}" {\n\tdescription = "${2}",\n\ttargets = { "${3}" },\n\tbackend = "${4|remote,local|}",\n\tscript = [=[\n\t\t${0}\n\t]=],\n}', 'task definition'),
		snippet('driver', 'driver "${1:name}" {\n\tengine = [=[\n\t\t${0}\n\t]=],\n}', 'driver definition'),
		snippet('group', 'group {\n\t${1:User} = "${2}",\n\t${0}\n}', 'group with member defaults'),
	];
	if (isNamespaceEra(analysis.config.version)) {
		result.push(snippet('namespace', 'namespace "${1:name}" {\n\t${0}\n}', 'namespace definition'));
	}
	return result;
}

/**
 * The `limit` best entries for what is typed between an entry's replace range and the cursor:
 * entries whose label starts with it (case-insensitively) first, then those that contain its
 * characters in order (as editors' fuzzy filters match), each group in `sortText` order.
 */
export function bestCompletions(entries: CompletionEntry[], text: string, offset: number, limit: number): CompletionEntry[] {
	const prefixed: Array<{ entry: CompletionEntry; sortKey: string }> = [];
	const fuzzy: typeof prefixed = [];
	for (const entry of entries) {
		const start = entry.replaceRange.start;
		const typed = start <= offset ? text.slice(start, offset).toLowerCase() : '';
		const label = entry.label.toLowerCase();
		const sortKey = entry.sortText ?? entry.label;
		if (label.startsWith(typed)) {
			prefixed.push({ entry, sortKey });
		} else if (isSubsequence(typed, label)) {
			fuzzy.push({ entry, sortKey });
		}
	}
	const byKey = (a: { sortKey: string }, b: { sortKey: string }): number => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0);
	const result = prefixed.length >= limit ? topN(prefixed, limit, byKey) : [...prefixed.sort(byKey), ...topN(fuzzy, limit - prefixed.length, byKey)];
	return result.map(item => item.entry);
}

function isSubsequence(needle: string, haystack: string): boolean {
	let position = 0;
	for (const character of needle) {
		position = haystack.indexOf(character, position);
		if (position < 0) {
			return false;
		}
		position += character.length;
	}
	return true;
}

/** The first `count` items in `compare` order. */
function topN<T>(items: T[], count: number, compare: (a: T, b: T) => number): T[] {
	return count <= 0 ? [] : items.sort(compare).slice(0, count);
}
