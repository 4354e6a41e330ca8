/**
 * Shared helpers of the editor features (core/ide): identifies what a name reference stands for
 * (a `SymbolKey`: host, tag, task, driver or namespace within a scope), finds the reference under a
 * cursor across the evaluation sets of a file, and collects every occurrence of a symbol. The
 * index is `Registry.references`, which the registry builder and the checks fill. Pure.
 */
import type { Analysis, SetAnalysis } from '../analysis';
import type { FileId } from '../diagnostic';
import type { NameReference, Registry, Resource } from '../model';
import { hostTagValues } from '../registry';
import { TextRange } from '../text';
import type { NavTarget } from './types';

/** What a name stands for, within a scope (a namespace in the namespace era, else the global space). */
export interface SymbolKey {
	kind: 'host' | 'tag' | 'task' | 'driver' | 'namespace' | 'unresolved';
	name: string;
	namespace: string | undefined;
}

/** One reference together with the set it was found in and the symbol it stands for. */
export interface Occurrence {
	set: SetAnalysis;
	reference: NameReference;
	key: SymbolKey;
}

/** The sets a file belongs to; every set when it belongs to none (a file no project loads still gets candidates). */
export function setsFor(analysis: Analysis, file: FileId): SetAnalysis[] {
	const sets = analysis.setsOfFile(file);
	return sets.length > 0 ? sets : analysis.allSets();
}

/** The hosts visible in a scope: a namespace's hosts, or the global hosts. */
export function hostsInScope(registry: Registry, namespace: string | undefined): Map<string, Resource> {
	if (namespace !== undefined) {
		return registry.namespaces.get(namespace)?.hosts ?? new Map<string, Resource>();
	}
	return registry.hosts;
}

/** The drivers visible in a scope. */
export function driversInScope(registry: Registry, namespace: string | undefined): Map<string, Resource> {
	if (namespace !== undefined) {
		return registry.namespaces.get(namespace)?.drivers ?? new Map<string, Resource>();
	}
	return registry.drivers;
}

/** The hosts of a scope carrying a tag, sorted by name. */
export function hostsWithTag(registry: Registry, tag: string, namespace: string | undefined): Resource[] {
	if (namespace === undefined) {
		return registry.tags.get(tag) ?? [];
	}
	return [...hostsInScope(registry, namespace).values()].filter(host => hostTagValues(host).includes(tag)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Decides what a reference stands for: targets and selections become a host, a tag, or stay unresolved. */
export function keyOf(registry: Registry, reference: NameReference): SymbolKey {
	const namespace = reference.resource ? reference.resource.namespace : reference.namespace;
	switch (reference.kind) {
		case 'host':
		case 'task':
		case 'driver':
		case 'tag':
		case 'namespace':
			return { kind: reference.kind, name: reference.name, namespace: reference.kind === 'namespace' ? undefined : namespace };
		case 'target': {
			if (hostsInScope(registry, namespace).has(reference.name)) {
				return { kind: 'host', name: reference.name, namespace };
			}
			if (hostsWithTag(registry, reference.name, namespace).length > 0) {
				return { kind: 'tag', name: reference.name, namespace };
			}
			return { kind: 'unresolved', name: reference.name, namespace };
		}
	}
}

export function sameKey(a: SymbolKey, b: SymbolKey): boolean {
	return a.kind === b.kind && a.name === b.name && a.namespace === b.namespace;
}

/** The reference under the cursor (the cursor right after a name still touches it), preferring the narrowest. */
export function occurrenceAt(analysis: Analysis, file: FileId, offset: number): Occurrence | undefined {
	if (analysis.isStale(file)) {
		// The file does not parse: its registry sites are offsets into its last good text, not this one.
		return undefined;
	}
	let best: Occurrence | undefined;
	for (const set of analysis.setsOfFile(file)) {
		for (const reference of referencesInFile(set, file)) {
			if (!TextRange.touches(reference.site.range, offset)) {
				continue;
			}
			if (!best || rank(reference, offset) < rank(best.reference, offset)) {
				best = { set, reference, key: keyOf(set.registry, reference) };
			}
		}
		if (best) {
			// The first set that knows the site decides; other sets are consulted for its occurrences.
			break;
		}
	}
	return best;
}

/** Each set analysis' references grouped by the file of their site, in list order; built on first use. */
const referencesByFile = new WeakMap<SetAnalysis, Map<FileId, NameReference[]>>();

/**
 * The references of a set whose site is in `file`, in the order of `referenceLists`: a cursor
 * request reads its file's references, not the whole set's (hundreds of thousands in a large fleet).
 */
function referencesInFile(set: SetAnalysis, file: FileId): readonly NameReference[] {
	let byFile = referencesByFile.get(set);
	if (!byFile) {
		byFile = new Map();
		for (const references of referenceLists(set.registry)) {
			for (const reference of references) {
				const list = byFile.get(reference.site.file);
				if (list) {
					list.push(reference);
				} else {
					byFile.set(reference.site.file, [reference]);
				}
			}
		}
		referencesByFile.set(set, byFile);
	}
	return byFile.get(file) ?? [];
}

/** Lower is better: a site containing the offset beats one merely touching it, then the narrower wins. */
function rank(reference: NameReference, offset: number): number {
	const width = reference.site.range.end - reference.site.range.start;
	return (TextRange.contains(reference.site.range, offset) ? 0 : 1e9) + width;
}

/** Every occurrence of `key` in the sets of `file` (deduplicated by site), in evaluation order per set. */
export function occurrencesOf(analysis: Analysis, file: FileId, key: SymbolKey): Occurrence[] {
	const result: Occurrence[] = [];
	const seen = new Set<string>();
	for (const set of analysis.setsOfFile(file)) {
		for (const references of referenceLists(set.registry)) {
			for (const reference of references) {
				const siteKey = `${reference.site.file}\u0000${reference.site.range.start}\u0000${reference.site.range.end}`;
				if (seen.has(siteKey) || analysis.isStale(reference.site.file)) {
					continue;
				}
				const referenceKey = keyOf(set.registry, reference);
				if (sameKey(referenceKey, key)) {
					seen.add(siteKey);
					result.push({ set, reference, key: referenceKey });
				}
			}
		}
	}
	return result;
}

/** A registry's references in order: the replay's, then the checks'. */
function referenceLists(registry: Registry): ReadonlyArray<readonly NameReference[]> {
	return [registry.references, registry.checkReferences];
}

/** A navigation target for a resource's name. */
export function resourceTarget(resource: Resource, kind: NavTarget['kind'] = resource.kind): NavTarget {
	return { file: resource.nameSite.file, fullRange: resource.callSite.range, nameRange: resource.nameSite.range, kind, name: resource.name };
}

/** `file:line` (1-based) for messages and hovers. */
export function describeSite(analysis: Analysis, file: FileId, offset: number): string {
	const index = analysis.lineIndex(file);
	const line = index ? index.position(offset).line + 1 : 1;
	return `${file}:${line}`;
}

/** The string contents of a literal site: the range inside its quotes or long brackets, or undefined when it is not a plain literal. */
export function literalContents(text: string, range: TextRange): TextRange | undefined {
	const raw = text.slice(range.start, range.end);
	if (raw.length >= 2 && (raw[0] === '"' || raw[0] === '\'') && raw[raw.length - 1] === raw[0]) {
		return { start: range.start + 1, end: range.end - 1 };
	}
	const long = raw.match(/^\[(=*)\[/);
	if (long && raw.endsWith(`]${long[1]}]`)) {
		const open = long[0].length;
		// Lua skips a newline right after the opening long bracket.
		const skip = raw[open] === '\n' ? 1 : 0;
		return { start: range.start + open + skip, end: range.end - long[0].length };
	}
	return undefined;
}
