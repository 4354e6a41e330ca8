/**
 * Builds the custom protocol payloads of lsp/ext.ts from a core snapshot: `essh/registry` (every
 * evaluation set with its hosts, tasks, drivers, groups, tags and namespaces, their locations and
 * problem counts) and `essh/lookup` (the core queries of core/queries.ts, scoped to a set or to the
 * sets of a file). Translation only: every answer comes from the core.
 */
import type { Analysis, SetAnalysis } from '../core/analysis';
import { publicTaskName } from '../core/checks';
import type { FileDiag, FileId } from '../core/diagnostic';
import type { Resource, Site } from '../core/model';
import {
	allTasks, hostDescription, hostsOfTask, hostTags, isDisabled, isHidden, lookupDrivers, lookupHosts, lookupTags, lookupTasks, matchesPatterns, sshConfigBlock,
	taskBackend, taskDriver, taskFilters, taskTargets,
} from '../core/queries';
import { compareNames } from '../core/registry';
import { isNamespaceEra } from '../core/version';
import type { DriverItem, ExtLocation, GroupItem, HostItem, LookupItem, LookupParams, ProblemCounts, RegistrySet, TaskItem } from './ext';
import { location, type LspContext } from './toLsp';

/**
 * Diagnostics per file, computed once per payload. An item's problems are those from its defining
 * call up to the next definition in the same file: the core's call sites span only the call's head
 * (`host "n"`), and the diagnostics of a definition's table lie after it.
 */
class ProblemIndex {
	private readonly byFile = new Map<FileId, FileDiag[]>();
	private readonly starts = new Map<FileId, number[]>();

	constructor(private readonly analysis: Analysis, sets: SetAnalysis[]) {
		for (const set of sets) {
			const sites = [
				...set.registry.allResources.filter(resource => !resource.builtin).map(resource => resource.callSite),
				...set.registry.groups.map(group => group.callSite),
				...[...set.registry.namespaces.values()].map(namespace => namespace.callSite),
			];
			for (const site of sites) {
				const list = this.starts.get(site.file) ?? [];
				list.push(site.range.start);
				this.starts.set(site.file, list);
			}
		}
		for (const list of this.starts.values()) {
			list.sort((a, b) => a - b);
		}
	}

	diagnostics(file: FileId): FileDiag[] {
		let result = this.byFile.get(file);
		if (!result) {
			result = this.analysis.diagnostics(file);
			this.byFile.set(file, result);
		}
		return result;
	}

	/** Errors and warnings of the definition that starts at a call site. */
	within(site: Site): ProblemCounts {
		const acc = { errors: 0, warnings: 0 };
		const end = this.starts.get(site.file)?.find(start => start > site.range.start) ?? Number.MAX_SAFE_INTEGER;
		for (const diag of this.diagnostics(site.file)) {
			if (diag.range.start >= site.range.start && diag.range.start < end) {
				count(acc, diag);
			}
		}
		return acc;
	}

	ofFiles(files: FileId[]): ProblemCounts {
		const acc = { errors: 0, warnings: 0 };
		for (const file of new Set(files)) {
			for (const diag of this.diagnostics(file)) {
				count(acc, diag);
			}
		}
		return acc;
	}
}

function count(acc: ProblemCounts, diag: FileDiag): void {
	if (diag.severity === 'error') {
		acc.errors++;
	} else if (diag.severity === 'warning') {
		acc.warnings++;
	}
}

function siteLocation(context: LspContext, site: Site): ExtLocation {
	return location(context, site.file, site.range);
}

/** A readable label for a set: its directory relative to the workspace folder that holds it. */
export type SetLabeler = (set: SetAnalysis) => string;

function hostItem(context: LspContext, problems: ProblemIndex, host: Resource): HostItem {
	const result: HostItem = {
		name: host.name,
		description: hostDescription(host),
		tags: hostTags(host),
		hidden: isHidden(host),
		location: siteLocation(context, host.nameSite),
		sshConfig: sshConfigBlock(host),
		problems: problems.within(host.callSite),
	};
	if (host.namespace !== undefined) {
		result.namespace = host.namespace;
	}
	return result;
}

function taskItem(context: LspContext, problems: ProblemIndex, set: SetAnalysis, task: Resource): TaskItem {
	const result: TaskItem = {
		name: publicTaskName(task),
		description: hostDescription(task),
		backend: taskBackend(task),
		driver: taskDriver(task),
		targets: taskTargets(task),
		filters: taskFilters(task),
		hosts: hostsOfTask(set, task).map(host => host.name).sort(compareNames),
		hidden: isHidden(task),
		disabled: isDisabled(task),
		location: siteLocation(context, task.nameSite),
		problems: problems.within(task.callSite),
	};
	if (task.namespace !== undefined) {
		result.namespace = task.namespace;
	}
	return result;
}

function driverItem(context: LspContext, problems: ProblemIndex, driver: Resource): DriverItem {
	if (driver.builtin) {
		return { name: driver.name, builtin: true, problems: { errors: 0, warnings: 0 } };
	}
	return { name: driver.name, builtin: false, location: siteLocation(context, driver.nameSite), problems: problems.within(driver.callSite) };
}

/** One evaluation set as the `essh/registry` payload describes it. */
export function registrySet(context: LspContext, set: SetAnalysis, label: string): RegistrySet {
	const problems = new ProblemIndex(context.analysis, [set]);
	const registry = set.registry;
	const namespaceHosts = [...registry.namespaces.values()].flatMap(namespace => [...namespace.hosts.values()]);
	const namespaceDrivers = [...registry.namespaces.values()].flatMap(namespace => [...namespace.drivers.values()]);
	const groups: GroupItem[] = registry.groups.map(group => {
		const result: GroupItem = {
			id: group.id,
			members: group.members.map(member => member.kind === 'task' ? publicTaskName(member) : member.name),
			defaults: [...group.defaults.keys()],
			location: siteLocation(context, group.callSite),
		};
		if (group.memberKind !== undefined) {
			result.memberKind = group.memberKind;
		}
		return result;
	});
	return {
		id: context.uri(set.definition.id),
		label,
		kind: set.definition.kind,
		files: set.definition.files.map(entry => context.uri(entry.file)),
		namespaceEra: isNamespaceEra(context.analysis.config.version),
		open: registry.openReasons.length > 0,
		hosts: [...lookupHosts(registry), ...namespaceHosts].map(host => hostItem(context, problems, host)),
		tasks: allTasks(registry).map(task => taskItem(context, problems, set, task)),
		drivers: [...lookupDrivers(registry), ...namespaceDrivers].map(driver => driverItem(context, problems, driver)),
		groups,
		tags: lookupTags(registry).map(({ tag, hosts }) => ({ name: tag, hosts: hosts.map(host => host.name) })),
		namespaces: [...registry.namespaces.values()].map(namespace => ({
			name: namespace.name,
			hosts: [...namespace.hosts.keys()],
			tasks: [...namespace.tasks.values()].map(publicTaskName),
			drivers: [...namespace.drivers.keys()],
			location: siteLocation(context, namespace.nameSite),
		})),
		problems: problems.ofFiles([...set.definition.files.map(entry => entry.file), ...registry.loadedFiles]),
	};
}

/** The sets a lookup scope names: a set id, or any file inside sets; every set when absent. */
export function scopedSets(analysis: Analysis, scope: FileId | undefined): SetAnalysis[] {
	if (scope === undefined) {
		return analysis.allSets();
	}
	const byId = analysis.set(scope);
	return byId ? [byId] : analysis.setsOfFile(scope);
}

function patternsOf(params: LookupParams): string[] | undefined {
	return typeof params.pattern === 'string' && params.pattern !== '' ? [params.pattern] : undefined;
}

/** Answers one `essh/lookup` over the given sets. */
export function lookup(context: LspContext, sets: SetAnalysis[], params: LookupParams): LookupItem[] {
	const result: LookupItem[] = [];
	const patterns = patternsOf(params);
	const tags = typeof params.tag === 'string' && params.tag !== '' ? [params.tag] : undefined;
	for (const set of sets) {
		const registry = set.registry;
		const setId = context.uri(set.definition.id);
		const push = (kind: LookupItem['kind'], name: string, description: string | undefined, site: Site | undefined): void => {
			const item: LookupItem = { kind, name, setId };
			if (description !== undefined && description !== '') {
				item.description = description;
			}
			if (site !== undefined) {
				item.location = siteLocation(context, site);
			}
			result.push(item);
		};
		switch (params.kind) {
			case 'hosts':
				for (const host of lookupHosts(registry, { patterns, tags })) {
					push('host', host.name, hostDescription(host), host.nameSite);
				}
				break;
			case 'tasks':
			case 'tasksByTag':
				for (const task of lookupTasks(registry, { patterns, tags })) {
					push('task', publicTaskName(task), hostDescription(task), task.nameSite);
				}
				break;
			case 'hostsOfTask': {
				const task = allTasks(registry).find(candidate => publicTaskName(candidate) === params.name);
				for (const host of task ? hostsOfTask(set, task) : []) {
					if (matchesPatterns(host.name, patterns)) {
						push('host', host.name, hostDescription(host), host.nameSite);
					}
				}
				break;
			}
			case 'tags':
				for (const { tag, hosts } of lookupTags(registry, patterns)) {
					push('tag', tag, `${hosts.length} host${hosts.length === 1 ? '' : 's'}: ${hosts.map(host => host.name).join(', ')}`, undefined);
				}
				break;
			case 'drivers':
				for (const driver of lookupDrivers(registry, patterns)) {
					push('driver', driver.name, driver.builtin ? 'built-in' : undefined, driver.builtin ? undefined : driver.nameSite);
				}
				break;
			case 'groups':
				for (const group of registry.groups) {
					const name = `group ${group.id}`;
					if (matchesPatterns(name, patterns)) {
						push('group', name, group.members.map(member => member.name).join(', '), group.callSite);
					}
				}
				break;
			case 'namespaces':
				for (const namespace of registry.namespaces.values()) {
					if (matchesPatterns(namespace.name, patterns)) {
						push('namespace', namespace.name, undefined, namespace.nameSite);
					}
				}
				break;
			default:
				throw new UnknownLookupKind(String((params as { kind: unknown }).kind));
		}
	}
	return result;
}

/** A lookup kind this server does not know (answered as invalid params). */
export class UnknownLookupKind extends Error {
	constructor(readonly kind: string) {
		super(`unknown lookup kind "${kind}"`);
	}
}
