/**
 * Navigation features of the core: go to definition and declaration, find
 * references, document highlights, prepareRename and rename. Everything is answered from
 * `Registry.references` and `Registry.links` of the evaluation sets the file belongs to: targets and
 * filters entries resolve to a host or to every host of a tag, `driver = "x"` to the driver,
 * selections and proxies to hosts, definition names to their definition chain. Pure.
 *
 * Rename refuses a new name that would change what the configuration means: one already used by a
 * resource of the same kind in the evaluation set (ESSH keeps only the last definition), a host
 * named like a tag or a task (tag-host-clash, task-host-clash), and the reverse. Namespace-era
 * public names (`"ns:task"` on the command line or in scripts) are plain text, not references: a
 * rename never edits them, and a task name containing `:` is refused in that era.
 *
 * On a global variable the config defines (`globals.ts`), every feature works on the global
 * instead: definition goes to the assignments the read sees in ESSH's load order, references and
 * highlights list its reads and assignments across the set's files, and rename edits them all in
 * every set that loads those files, refusing a name that is no Lua identifier or that Lua, ESSH, a
 * bundled library, another global or a local in scope already uses. A local of the same name is
 * not the global: the walk is scope-aware, so navigation on a local is left to the features above.
 */
import type { Analysis } from '../analysis';
import type { FileId } from '../diagnostic';
import type { FileLink } from '../model';
import { TextRange } from '../text';
import { isNamespaceEra } from '../version';
import {
	assignmentsSeen, capturedSites, fileGlobals, globalSiteAt, globalSitesIn, isLuaIdentifier, isLuaKeyword, renameSets, reservedNameReason, type GlobalSite,
} from './globals';
import {
	describeSite, driversInScope, hostsInScope, hostsWithTag, literalContents, occurrenceAt, occurrencesOf, resourceTarget,
	type Occurrence, type SymbolKey,
} from './locate';
import type { FileEdit, HighlightEntry, NavTarget, PrepareRenameResult, SymbolKind } from './types';

/** The file link (`require`, `dofile`, `script_file`) whose string is under the cursor. */
export function linkAt(analysis: Analysis, file: FileId, offset: number): FileLink | undefined {
	if (analysis.isStale(file)) {
		// The file does not parse: its registry links are offsets into its last good text, not this one.
		return undefined;
	}
	for (const set of analysis.setsOfFile(file)) {
		const link = set.registry.links.find(candidate => candidate.site.file === file && TextRange.touches(candidate.site.range, offset));
		if (link) {
			return link;
		}
	}
	return undefined;
}

function navKind(key: SymbolKey): SymbolKind {
	return key.kind === 'unresolved' ? 'host' : key.kind;
}

function occurrenceTarget(occurrence: Occurrence): NavTarget {
	const resource = occurrence.reference.role === 'definition' ? occurrence.reference.resource : undefined;
	return {
		file: occurrence.reference.site.file,
		fullRange: resource && resource.nameSite.range === occurrence.reference.site.range ? resource.callSite.range : occurrence.reference.site.range,
		nameRange: occurrence.reference.site.range,
		kind: navKind(occurrence.key),
		name: occurrence.key.name,
	};
}

/** Definition sites of a key, in evaluation order (the last one is effective). */
function definitionChain(analysis: Analysis, file: FileId, key: SymbolKey): NavTarget[] {
	return occurrencesOf(analysis, file, key).filter(occurrence => occurrence.reference.role === 'definition').map(occurrenceTarget);
}

/**
 * Go to definition: a targets/filters/select entry goes to the host of that name, else to every
 * host carrying the tag; `driver = "x"` to the driver (nothing for the built-in `default`); a proxy
 * host name to the host; a tag string to every host carrying it; a definition name to its chain of
 * definitions (the last is effective); `require`, `dofile` and `script_file` to the file.
 */
export function definition(analysis: Analysis, file: FileId, offset: number): NavTarget[] {
	// Targets in files that do not parse carry ranges of their last good text: they are left out.
	return definitionTargets(analysis, file, offset).filter(target => !analysis.isStale(target.file));
}

function globalTarget(site: GlobalSite): NavTarget {
	return { file: site.file, fullRange: site.range, nameRange: site.range, kind: 'global', name: site.name };
}

function definitionTargets(analysis: Analysis, file: FileId, offset: number): NavTarget[] {
	const global = globalSiteAt(analysis, file, offset);
	if (global) {
		return assignmentsSeen(analysis, global).map(globalTarget);
	}
	const link = linkAt(analysis, file, offset);
	if (link) {
		return link.resolved === undefined ? [] : [{ file: link.resolved, fullRange: { start: 0, end: 0 }, nameRange: { start: 0, end: 0 }, kind: 'host', name: link.target, link: link.kind }];
	}
	const occurrence = occurrenceAt(analysis, file, offset);
	if (!occurrence) {
		return [];
	}
	const { key, set, reference } = occurrence;
	const registry = set.registry;
	if (reference.matched && (key.kind === 'host' || key.kind === 'tag')) {
		// A select_hosts/:filter string sees only the hosts defined before it (essh-semantics.md, Targets, filters and select_hosts).
		return reference.matched.map(host => resourceTarget(host));
	}
	switch (key.kind) {
		case 'host': {
			if (reference.role === 'definition') {
				return definitionChain(analysis, file, key);
			}
			const host = hostsInScope(registry, key.namespace).get(key.name);
			return host ? [resourceTarget(host)] : [];
		}
		case 'tag':
			return hostsWithTag(registry, key.name, key.namespace).map(host => resourceTarget(host));
		case 'driver': {
			if (reference.role === 'definition') {
				return definitionChain(analysis, file, key);
			}
			const driver = driversInScope(registry, key.namespace).get(key.name);
			return driver && !driver.builtin ? [resourceTarget(driver)] : [];
		}
		case 'task':
		case 'namespace':
			return definitionChain(analysis, file, key);
		case 'unresolved':
			return [];
	}
}

/** Go to declaration: the same as definition (ESSH names have no separate declaration). */
export function declaration(analysis: Analysis, file: FileId, offset: number): NavTarget[] {
	return definition(analysis, file, offset);
}

/**
 * Every site naming the symbol under the cursor across the evaluation sets of the file: for a
 * host, its definitions, the targets/filters/select entries resolving to it and proxy names; for a
 * tag, every tag string and entry naming it; for a task or driver, its definitions and uses.
 */
export function references(analysis: Analysis, file: FileId, offset: number, includeDeclaration: boolean): NavTarget[] {
	const global = globalSiteAt(analysis, file, offset);
	if (global) {
		return globalSitesIn(analysis, analysis.setsOfFile(file), global.name)
			.filter(site => includeDeclaration || site.role !== 'write')
			.map(globalTarget);
	}
	const occurrence = occurrenceAt(analysis, file, offset);
	if (!occurrence) {
		return [];
	}
	return occurrencesOf(analysis, file, occurrence.key)
		.filter(candidate => includeDeclaration || candidate.reference.role !== 'definition')
		.map(occurrenceTarget);
}

/** The occurrences of the symbol under the cursor within the same file. */
export function documentHighlights(analysis: Analysis, file: FileId, offset: number): HighlightEntry[] {
	const global = globalSiteAt(analysis, file, offset);
	if (global) {
		return fileGlobals(analysis, file).sites
			.filter(site => site.name === global.name)
			.map(site => ({ range: site.range, kind: site.role === 'write' ? 'write' as const : 'read' as const }));
	}
	const occurrence = occurrenceAt(analysis, file, offset);
	if (!occurrence) {
		return [];
	}
	return occurrencesOf(analysis, file, occurrence.key)
		.filter(candidate => candidate.reference.site.file === file)
		.map(candidate => ({ range: candidate.reference.site.range, kind: candidate.reference.role === 'definition' ? 'write' as const : 'read' as const }))
		.sort((a, b) => a.range.start - b.range.start);
}

/** Where and how one site is rewritten. */
interface RenameSite {
	file: FileId;
	/** The characters replaced by the new name. */
	range: TextRange;
	/** How the name is written there. */
	style: 'double' | 'single' | 'long' | 'bare' | 'inner';
}

type RenamePlan = { key: SymbolKey; cursorRange: TextRange; sites: RenameSite[] } | { error: string };

const LUA_KEYWORDS = new Set(['and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'goto', 'if', 'in', 'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while']);

function isIdentifier(name: string): boolean {
	return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !LUA_KEYWORDS.has(name);
}

/** How a site names `name` in the text, or undefined when it is not written literally (escapes, concatenation, variables). */
function renameSite(analysis: Analysis, occurrence: Occurrence): RenameSite | undefined {
	const { site } = occurrence.reference;
	const text = analysis.text(site.file);
	if (text === undefined) {
		return undefined;
	}
	const name = occurrence.key.name;
	const raw = text.slice(site.range.start, site.range.end);
	const contents = literalContents(text, site.range);
	if (contents) {
		if (text.slice(contents.start, contents.end) !== name) {
			return undefined;
		}
		return { file: site.file, range: contents, style: raw[0] === '"' ? 'double' : raw[0] === '\'' ? 'single' : 'long' };
	}
	if (raw !== name) {
		return undefined;
	}
	if (occurrence.reference.context === 'proxy') {
		// A name inside a ProxyJump/ProxyCommand string: its own range, within the quotes.
		return { file: site.file, range: site.range, style: 'inner' };
	}
	// A table key written as an identifier (`{ web01 = {…} }`).
	return isIdentifier(raw) ? { file: site.file, range: site.range, style: 'bare' } : undefined;
}

function planRename(analysis: Analysis, file: FileId, offset: number): RenamePlan {
	if (linkAt(analysis, file, offset)) {
		return { error: 'File references cannot be renamed.' };
	}
	const occurrence = occurrenceAt(analysis, file, offset);
	if (!occurrence) {
		return { error: 'Only host, tag, task and driver names and the globals the config defines can be renamed.' };
	}
	const key = occurrence.key;
	if (key.kind === 'unresolved') {
		return { error: `No host or tag is named "${key.name}".` };
	}
	if (key.kind === 'namespace') {
		return { error: 'Namespaces cannot be renamed.' };
	}
	if (key.kind === 'driver' && key.name === 'default') {
		return { error: 'The "default" driver is used by every task without a driver: it cannot be renamed.' };
	}
	const sites: RenameSite[] = [];
	let cursorRange: TextRange | undefined;
	for (const candidate of occurrencesOf(analysis, file, key)) {
		if (candidate.reference.context === 'alias') {
			// A variable holding the object (`h` of `h.K = v`): not the name, so it is never edited.
			if (candidate.reference === occurrence.reference) {
				return { error: 'This is a variable holding the object: rename its name string instead.' };
			}
			continue;
		}
		const where = describeSite(analysis, candidate.reference.site.file, candidate.reference.site.range.start);
		if (candidate.reference.dynamic) {
			return { error: `"${key.name}" is used dynamically at ${where}: it cannot be renamed safely.` };
		}
		const site = renameSite(analysis, candidate);
		if (!site) {
			return { error: `"${key.name}" is not written as a plain string at ${where}: it cannot be renamed safely.` };
		}
		sites.push(site);
		if (candidate.reference === occurrence.reference) {
			cursorRange = site.range;
		}
	}
	if (!cursorRange) {
		return { error: 'Only host, tag, task and driver names and the globals the config defines can be renamed.' };
	}
	return { key, cursorRange, sites };
}

type GlobalRenamePlan = { global: GlobalSite; sites: GlobalSite[]; files: FileId[] } | { error: string };

/** The sites a rename of the global under the cursor edits: every read and assignment in every set that loads a file of the set. */
function planGlobalRename(analysis: Analysis, global: GlobalSite): GlobalRenamePlan {
	const sets = renameSets(analysis, global.file);
	const files: FileId[] = [];
	for (const set of sets) {
		for (const loaded of set.registry.loadedFiles) {
			if (files.includes(loaded)) {
				continue;
			}
			files.push(loaded);
			if (analysis.isStale(loaded)) {
				return { error: `${loaded} does not parse: "${global.name}" cannot be renamed until it does.` };
			}
			const dynamic = fileGlobals(analysis, loaded).dynamic.find(site => site.name === global.name);
			if (dynamic) {
				return { error: `"${global.name}" is reached through _G at ${describeSite(analysis, loaded, dynamic.range.start)}: it cannot be renamed safely.` };
			}
		}
	}
	return { global, sites: globalSitesIn(analysis, sets, global.name), files };
}

/** Why the global cannot take `newName` (docs/essh-semantics.md, Globals across files), or undefined. */
function globalNameConflict(analysis: Analysis, plan: Extract<GlobalRenamePlan, { global: GlobalSite }>, newName: string): string | undefined {
	if (newName === plan.global.name) {
		return undefined;
	}
	if (isLuaKeyword(newName)) {
		return `"${newName}" is a Lua keyword: a global cannot be named so.`;
	}
	if (!isLuaIdentifier(newName)) {
		return `"${newName}" is not a Lua identifier (letters, digits and underscores, not starting with a digit).`;
	}
	const reserved = reservedNameReason(newName, analysis.config.version);
	if (reserved) {
		return `${reserved}: choose another name.`;
	}
	const sets = renameSets(analysis, plan.global.file);
	const existing = globalSitesIn(analysis, sets, newName)[0];
	if (existing) {
		return `The global "${newName}" is already used (${describeSite(analysis, existing.file, existing.range.start)}): after the rename the two would be one variable.`;
	}
	for (const file of plan.files) {
		const captured = capturedSites(analysis, file, plan.global.name, newName)[0];
		if (captured) {
			return `A local "${newName}" is in scope at ${describeSite(analysis, file, captured.start)}: it would capture the renamed global there.`;
		}
	}
	return undefined;
}

/** Where the first definition of `key` sits in the sets of `file`, as `file:line`, or undefined when there is none. */
function definedAt(analysis: Analysis, file: FileId, key: SymbolKey): string | undefined {
	const found = occurrencesOf(analysis, file, key).find(candidate => candidate.reference.role === 'definition');
	return found ? describeSite(analysis, found.reference.site.file, found.reference.site.range.start) : undefined;
}

/** Why `newName` cannot replace the name of `key`: a clash with an existing name of the evaluation set (essh-semantics.md, Names). */
function newNameConflict(analysis: Analysis, file: FileId, key: SymbolKey, newName: string): string | undefined {
	if (newName === key.name) {
		return undefined;
	}
	const namespace = key.namespace;
	const at = (kind: SymbolKey['kind']): string | undefined => definedAt(analysis, file, { kind, name: newName, namespace });
	const label = capitalize(key.kind);
	if (key.kind === 'host' || key.kind === 'task' || key.kind === 'driver') {
		const existing = at(key.kind);
		if (existing) {
			return `${label} "${newName}" already exists (${existing}): after the rename ESSH would keep only one of the two ${key.kind}s.`;
		}
	}
	if (key.kind === 'driver' && newName === 'default') {
		return 'Driver "default" is the built-in driver: a driver of that name would replace it for every task without a driver.';
	}
	if (key.kind === 'host') {
		const tag = at('tag');
		if (tag) {
			return `"${newName}" is a tag (${tag}): a host of that name would clash with it (ESSH fails with "Tag '${newName}' is duplicated with hostname.").`;
		}
		const task = at('task');
		if (task) {
			return `Task "${newName}" exists (${task}): a host of that name would clash with it (ESSH fails with "Task '${newName}' is duplicated with hostname.").`;
		}
	}
	if (key.kind === 'tag') {
		const host = at('host');
		if (host) {
			return `Host "${newName}" exists (${host}): a tag of that name would clash with it (ESSH fails with "Tag '${newName}' is duplicated with hostname.").`;
		}
		const tag = at('tag');
		if (tag) {
			return `Tag "${newName}" already exists (${tag}): the rename would merge the two tags.`;
		}
	}
	if (key.kind === 'task') {
		const host = at('host');
		if (host) {
			return `Host "${newName}" exists (${host}): a task of that name would clash with it (ESSH fails with "Task '${newName}' is duplicated with hostname.").`;
		}
		if (isNamespaceEra(analysis.config.version) && newName.includes(':')) {
			return 'Task names with ":" are ambiguous in the namespace era (public names are written "namespace:task"): choose a name without ":".';
		}
	}
	return undefined;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Why renaming the name under the cursor to `newName` is refused (what prepareRename refuses, an
 * empty name, or a clash with a name already used in the evaluation set), or undefined when it is fine.
 */
export function renameRefusal(analysis: Analysis, file: FileId, offset: number, newName: string): string | undefined {
	const global = globalSiteAt(analysis, file, offset);
	if (global) {
		const globalPlan = planGlobalRename(analysis, global);
		if ('error' in globalPlan) {
			return globalPlan.error;
		}
		return newName === '' ? 'The new name must not be empty.' : globalNameConflict(analysis, globalPlan, newName);
	}
	const plan = planRename(analysis, file, offset);
	if ('error' in plan) {
		return plan.error;
	}
	if (newName === '') {
		return 'The new name must not be empty.';
	}
	return newNameConflict(analysis, file, plan.key, newName);
}

/** Checks that the name under the cursor can be renamed; answers the range inside the quotes and the current name. */
export function prepareRename(analysis: Analysis, file: FileId, offset: number): PrepareRenameResult {
	const global = globalSiteAt(analysis, file, offset);
	if (global) {
		const globalPlan = planGlobalRename(analysis, global);
		return 'error' in globalPlan ? globalPlan : { range: global.range, placeholder: global.name };
	}
	const plan = planRename(analysis, file, offset);
	if ('error' in plan) {
		return plan;
	}
	return { range: plan.cursorRange, placeholder: plan.key.name };
}

function escapeFor(name: string, quote: string): string {
	return name.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * Renames the host, tag, task, driver or global under the cursor across the evaluation sets of the file,
 * editing string contents only (quotes kept). Returns no edits when it is refused (`renameRefusal` says why).
 */
export function rename(analysis: Analysis, file: FileId, offset: number, newName: string): FileEdit[] {
	const global = globalSiteAt(analysis, file, offset);
	if (global) {
		const globalPlan = planGlobalRename(analysis, global);
		if ('error' in globalPlan || newName === '' || globalNameConflict(analysis, globalPlan, newName) !== undefined) {
			return [];
		}
		return globalPlan.sites.map(site => ({ file: site.file, range: site.range, newText: newName }));
	}
	const plan = planRename(analysis, file, offset);
	if ('error' in plan || newName === '' || newNameConflict(analysis, file, plan.key, newName) !== undefined) {
		return [];
	}
	return plan.sites.map(site => {
		switch (site.style) {
			case 'double': return { file: site.file, range: site.range, newText: escapeFor(newName, '"') };
			case 'single': return { file: site.file, range: site.range, newText: escapeFor(newName, '\'') };
			case 'long': return { file: site.file, range: site.range, newText: newName };
			case 'bare': return { file: site.file, range: site.range, newText: isIdentifier(newName) ? newName : `["${escapeFor(newName, '"')}"]` };
			case 'inner': return { file: site.file, range: site.range, newText: escapeFor(escapeFor(newName, '"'), '\'') };
		}
	});
}
