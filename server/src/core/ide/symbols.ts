/**
 * Document and workspace symbols: the outline of one file (groups and namespaces
 * with their members nested by position, hosts, tasks and drivers, shadowed definitions included)
 * and a fuzzy search over every host, task and driver of every evaluation set. Pure.
 */
import type { Analysis } from '../analysis';
import { publicTaskName } from '../checks';
import type { FileId } from '../diagnostic';
import type { Resource } from '../model';
import { allTasks, hostDescription } from '../queries';
import type { TextRange } from '../text';
import type { DocumentSymbolNode, WorkspaceSymbolEntry } from './types';

function resourceDetail(resource: Resource): string {
	if (resource.kind === 'host') {
		const description = hostDescription(resource);
		const hostName = resource.properties.get('HostName')?.value;
		return description !== '' ? description : hostName?.kind === 'string' ? hostName.value : '';
	}
	if (resource.kind === 'task') {
		return hostDescription(resource);
	}
	return '';
}

function contains(outer: TextRange, inner: TextRange): boolean {
	return outer.start <= inner.start && inner.end <= outer.end && !(outer.start === inner.start && outer.end === inner.end);
}

/** The outline of `file`: definitions nested in the groups and namespaces whose call contains them. */
export function documentSymbols(analysis: Analysis, file: FileId): DocumentSymbolNode[] {
	if (analysis.isStale(file)) {
		// The file does not parse: its registry sites are offsets into its last good text, not this one.
		return [];
	}
	const nodes: DocumentSymbolNode[] = [];
	const seen = new Set<string>();
	const add = (node: DocumentSymbolNode): void => {
		const key = `${node.kind}\u0000${node.name}\u0000${node.fullRange.start}\u0000${node.fullRange.end}`;
		if (!seen.has(key)) {
			seen.add(key);
			nodes.push(node);
		}
	};
	const text = analysis.text(file) ?? '';
	for (const set of analysis.setsOfFile(file)) {
		const registry = set.registry;
		for (const resource of registry.allResources) {
			if (resource.builtin || resource.nameSite.file !== file || resource.callSite.file !== file) {
				continue;
			}
			const name = resource.kind === 'task' ? publicTaskName(resource) : resource.name;
			add({ name, detail: resourceDetail(resource) + (resource.replacedBy ? `${resourceDetail(resource) ? ' ' : ''}(shadowed)` : ''), kind: resource.kind, fullRange: resource.callSite.range, nameRange: resource.nameSite.range, children: [] });
		}
		for (const group of registry.groups) {
			if (group.callSite.file !== file) {
				continue;
			}
			const start = group.callSite.range.start;
			const nameRange = text.startsWith('group', start) ? { start, end: start + 5 } : group.callSite.range;
			const detail = group.memberKind ? `${group.members.length} ${group.memberKind}${group.members.length === 1 ? '' : 's'}` : 'no members';
			add({ name: 'group', detail, kind: 'group', fullRange: group.callSite.range, nameRange, children: [] });
		}
		for (const namespace of registry.namespaces.values()) {
			if (namespace.callSite.file === file) {
				add({ name: namespace.name, detail: '', kind: 'namespace', fullRange: namespace.callSite.range, nameRange: namespace.nameSite.range, children: [] });
			}
		}
	}
	// Nest by containment: outer ranges first, then each node goes into the innermost open container.
	nodes.sort((a, b) => a.fullRange.start - b.fullRange.start || (b.fullRange.end - b.fullRange.start) - (a.fullRange.end - a.fullRange.start));
	const roots: DocumentSymbolNode[] = [];
	const stack: DocumentSymbolNode[] = [];
	for (const node of nodes) {
		while (stack.length > 0 && !contains(stack[stack.length - 1].fullRange, node.fullRange)) {
			stack.pop();
		}
		const parent = stack[stack.length - 1];
		(parent ? parent.children : roots).push(node);
		if (node.kind === 'group' || node.kind === 'namespace' || node.kind === 'host' || node.kind === 'task' || node.kind === 'driver') {
			stack.push(node);
		}
	}
	return roots;
}

/**
 * A fuzzy match score (lower is better) of `query` against `name`, case-insensitive: exact,
 * prefix, substring, then subsequence with fewer gaps first; undefined when it does not match.
 */
export function fuzzyScore(query: string, name: string): number | undefined {
	const needle = query.toLowerCase();
	const haystack = name.toLowerCase();
	if (needle === '') {
		return 0;
	}
	if (haystack === needle) {
		return 0;
	}
	if (haystack.startsWith(needle)) {
		return 1 + haystack.length / 1000;
	}
	const index = haystack.indexOf(needle);
	if (index >= 0) {
		return 2 + index / 100 + haystack.length / 100000;
	}
	let position = 0;
	let gaps = 0;
	let last = -1;
	for (const char of needle) {
		const found = haystack.indexOf(char, position);
		if (found < 0) {
			return undefined;
		}
		if (last >= 0 && found !== last + 1) {
			gaps++;
		}
		last = found;
		position = found + 1;
	}
	return 3 + gaps / 10 + haystack.length / 100000;
}

/** Hosts, tasks and drivers of every set matching `query`, best match first (then by name). */
export function workspaceSymbols(analysis: Analysis, query: string): WorkspaceSymbolEntry[] {
	const scored: Array<{ entry: WorkspaceSymbolEntry; score: number }> = [];
	const seen = new Set<string>();
	const consider = (resource: Resource, name: string, container: string): void => {
		// Files that do not parse keep their last good symbols, whose ranges belong to an older text.
		if (resource.builtin || analysis.isStale(resource.nameSite.file)) {
			return;
		}
		const score = fuzzyScore(query, name);
		const key = `${resource.kind}\u0000${name}\u0000${resource.nameSite.file}\u0000${resource.nameSite.range.start}`;
		if (score === undefined || seen.has(key)) {
			return;
		}
		seen.add(key);
		scored.push({ entry: { name, kind: resource.kind, file: resource.nameSite.file, nameRange: resource.nameSite.range, container }, score });
	};
	for (const set of analysis.allSets()) {
		const registry = set.registry;
		for (const host of registry.hosts.values()) {
			consider(host, host.name, registry.id);
		}
		for (const namespace of registry.namespaces.values()) {
			for (const host of namespace.hosts.values()) {
				consider(host, host.name, registry.id);
			}
		}
		for (const task of allTasks(registry)) {
			consider(task, publicTaskName(task), registry.id);
		}
		for (const driver of registry.drivers.values()) {
			consider(driver, driver.name, registry.id);
		}
	}
	return scored.sort((a, b) => a.score - b.score || (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0)).map(item => item.entry);
}
