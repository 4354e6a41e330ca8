/**
 * Cross-resource checks that run on a finished registry (essh-semantics.md, Names; essh-semantics.md, Targets, filters and select_hosts; docs/diagnostics.md): name clashes, target and filter resolution, drivers, proxies, group and namespace
 * leftovers. Also records the navigation references these checks resolve (targets, drivers,
 * proxies) and the resolved host list of every task. Pure.
 */
import type { Diag, FileDiag, FileId, RelatedSite } from './diagnostic';
import { nearestName, nearestPreparedName, prepareNames, type PreparedNames } from './keywords';
import type { Value } from './lower';
import type { FileLink, NameReference, Namespace, PropertyEntry, Registry, Resource, Site } from './model';
import { compareNames, hostTagValues, hostTagSites, MAX_OPEN_RELATED, openReasonsKey, sortByName } from './registry';
import { isGoTemplateProblem } from './template';
import type { TextRange } from './text';

/** A resolved task: its targets, filters and the hosts ESSH would run it on. */
export interface TaskResolution {
	targets: Array<{ name: string; site: Site | undefined }>;
	filters: Array<{ name: string; site: Site | undefined }>;
	/** True when targets are present and non-empty (so filters apply). */
	hasTargets: boolean;
	/** Sorted by name; empty when the task runs locally with no host. */
	hosts: Resource[];
	/** True when some entry could not be known statically. */
	dynamic: boolean;
}

/** Strings of a `targets`/`filters` value: a string, or the string elements of an array. */
export function stringEntries(value: Value | undefined, file: FileId): { entries: Array<{ name: string; site: Site | undefined }>; dynamic: boolean } {
	if (!value) {
		return { entries: [], dynamic: false };
	}
	if (value.kind === 'string') {
		return { entries: [{ name: value.value, site: { file, range: value.range } }], dynamic: false };
	}
	if (value.kind === 'table') {
		let dynamic = false;
		const entries: Array<{ name: string; site: Site | undefined }> = [];
		for (const item of value.items) {
			if (item.kind === 'string') {
				entries.push({ name: item.value, site: { file, range: item.range } });
			} else if (item.kind === 'unknown' || item.kind === 'global' || item.kind === 'partialString') {
				dynamic = true;
			}
		}
		return { entries, dynamic };
	}
	// A partly known string names a host or tag that is known only at run time.
	return { entries: [], dynamic: value.kind === 'unknown' || value.kind === 'global' || value.kind === 'partialString' };
}

/** Hosts by every name and tag that selects them, built once per host scope (names and tags as ESSH matches them: exactly). */
export interface HostIndex {
	/** The hosts a selector (a host's name, or one of its tags) selects, each host once; undefined when none. */
	select(selector: string): Resource[] | undefined;
	/** Every selector, names first (the order suggestions are searched in). */
	selectors(): Iterable<string>;
	/** The scope's hosts, in scope order (listed on first use). */
	hosts(): Resource[];
	/** Each host's position in name order (`compareNames`), computed on first use. */
	rank(): Map<Resource, number>;
	/** The hosts of one selector as a set (for filters), computed on first use. */
	setOf(selector: string): Set<Resource> | undefined;
	/** `nearestName(name, selectors())`: the selector suggested for an unknown one. */
	nearest(name: string): string | undefined;
}

/** Indexes a scope's hosts by name and tag in one pass. */
export function indexHosts(scope: Iterable<Resource>): HostIndex {
	const bySelector = new Map<string, Resource[]>();
	const hosts = [...scope];
	// Names first, then tags: the key order is the order suggestions are searched in.
	for (const host of hosts) {
		const list = bySelector.get(host.name);
		if (list) {
			list.push(host);
		} else {
			bySelector.set(host.name, [host]);
		}
	}
	for (const host of hosts) {
		for (const tag of hostTagValues(host)) {
			const list = bySelector.get(tag);
			if (!list) {
				bySelector.set(tag, [host]);
			} else if (list[list.length - 1] !== host && (tag !== host.name || !list.includes(host))) {
				// The same tag twice on one host is consecutive; a tag equal to the host's own name is not.
				list.push(host);
			}
		}
	}
	return finishIndex(() => hosts, selector => bySelector.get(selector), () => bySelector.keys(), name => nearestName(name, bySelector.keys()));
}

/**
 * The index of a registry's global hosts from the maps the replay already built (`hosts` by name,
 * `tags` by tag), so an index costs nothing to build for the largest scope. Suggestions search the
 * host names prepared by `hostNames` (by default on first use), then the tags.
 */
export function indexGlobalHosts(registry: Registry, hostNames?: () => PreparedNames): HostIndex {
	const select = (selector: string): Resource[] | undefined => {
		const host = registry.hosts.get(selector);
		const tagged = registry.tags.get(selector);
		if (!host) {
			return tagged;
		}
		if (!tagged) {
			return [host];
		}
		return tagged.includes(host) ? tagged : [host, ...tagged];
	};
	function* selectors(): Iterable<string> {
		yield* registry.hosts.keys();
		yield* registry.tags.keys();
	}
	let hosts: Resource[] | undefined;
	let prepared: PreparedNames | undefined;
	const names = hostNames ?? ((): PreparedNames => (prepared ??= prepareNames(registry.hosts.keys())));
	// Listed on first use: the checks rarely need every host, and a patched set must not pay for it.
	return finishIndex(() => (hosts ??= [...registry.hosts.values()]), select, selectors, name => nearestPreparedName(name, names(), registry.tags.keys()));
}

function finishIndex(hosts: () => Resource[], select: HostIndex['select'], selectors: HostIndex['selectors'], nearest: HostIndex['nearest']): HostIndex {
	let rank: Map<Resource, number> | undefined;
	const sets = new Map<string, Set<Resource>>();
	return {
		select,
		selectors,
		hosts,
		nearest,
		rank: () => {
			if (!rank) {
				rank = new Map();
				const byName = sortByName([...hosts()]);
				for (let position = 0; position < byName.length; position++) {
					rank.set(byName[position], position);
				}
			}
			return rank;
		},
		setOf: selector => {
			let set = sets.get(selector);
			if (!set) {
				const list = select(selector);
				if (!list) {
					return undefined;
				}
				set = new Set(list);
				sets.set(selector, set);
			}
			return set;
		},
	};
}

/** ESSH's host query (essh-semantics.md, Targets, filters and select_hosts): OR over names and tags, then AND per filter; exact, no globbing. */
export function resolveHosts(hosts: Iterable<Resource>, selections: string[], filters: string[], index: HostIndex = indexHosts(hosts)): Resource[] {
	let result: Resource[];
	if (selections.length === 1) {
		result = [...index.select(selections[0]) ?? []];
	} else if (selections.length > 0) {
		const selected = new Set<Resource>();
		for (const selection of selections) {
			for (const host of index.select(selection) ?? []) {
				selected.add(host);
			}
		}
		result = [...selected];
	} else {
		result = [...index.hosts()];
	}
	for (const filter of filters) {
		const matching = index.setOf(filter);
		result = matching ? result.filter(host => matching.has(host)) : [];
	}
	if (result.length < 2) {
		return result;
	}
	const rank = index.rank();
	return result.sort((a, b) => {
		const left = rank.get(a);
		const right = rank.get(b);
		return left !== undefined && right !== undefined ? left - right : compareNames(a.name, b.name);
	});
}

/**
 * True when the query selects at least one host (`resolveHosts(…).length > 0` without building the
 * list). A host of the scope is selected by a selector when it has that name or carries that tag
 * (what the index's lists hold), so a filter is tested on the host itself: no set of the filter's
 * hosts is built.
 */
function selectsAnyHost(index: HostIndex, selections: string[], filters: string[]): boolean {
	for (const filter of filters) {
		if (!index.select(filter)) {
			return false;
		}
	}
	const passes = filters.length === 0 ? () => true : (host: Resource): boolean => filters.every(filter => host.name === filter || hostTagValues(host).includes(filter));
	if (selections.length === 0) {
		return index.hosts().some(passes);
	}
	return selections.some(selection => (index.select(selection) ?? []).some(passes));
}

/**
 * The resolution of one task against the hosts it can see (`index`: those hosts' `indexHosts`, when
 * the caller has it). The host list is resolved on first read: checks only need to know whether it
 * is empty.
 */
export function resolveTask(task: Resource, visibleHosts: Iterable<Resource>, index?: HostIndex): TaskResolution {
	return resolveTaskIn(task, { visibleHosts, index, generation: 0 });
}

/**
 * The hosts the tasks of one scope resolve against. After a patch the checks point the binding of
 * the global scope at the new registry's index and bump its generation, so every task resolution
 * bound to it resolves again on its next read, without a new resolution object per task.
 */
interface ScopeBinding {
	visibleHosts: Iterable<Resource>;
	index: HostIndex | undefined;
	generation: number;
}

function resolveTaskIn(task: Resource, binding: ScopeBinding): LazyResolution {
	const targetsEntry = task.properties.get('targets');
	const filtersEntry = task.properties.get('filters');
	const targets = stringEntries(targetsEntry?.value, targetsEntry?.file ?? '');
	const filters = stringEntries(filtersEntry?.value, filtersEntry?.file ?? '');
	return new LazyResolution(targets.entries, filters.entries, targets.entries.length > 0 || targets.dynamic, targets.dynamic || filters.dynamic, binding);
}

/** A task resolution whose host list is resolved on first read (again after its binding moved on). */
class LazyResolution implements TaskResolution {
	private resolved: Resource[] | undefined;
	private resolvedIn = -1;

	constructor(
		readonly targets: TaskResolution['targets'], readonly filters: TaskResolution['filters'], readonly hasTargets: boolean, readonly dynamic: boolean,
		private readonly binding: ScopeBinding,
	) {
		this.resolved = hasTargets ? undefined : [];
	}

	get hosts(): Resource[] {
		if (!this.hasTargets) {
			return this.resolved!;
		}
		if (this.resolved === undefined || this.resolvedIn !== this.binding.generation) {
			this.resolved = resolveHosts(this.binding.visibleHosts, this.targets.map(entry => entry.name), this.filters.map(entry => entry.name), this.binding.index);
			this.resolvedIn = this.binding.generation;
		}
		return this.resolved;
	}
}

/**
 * The resolutions of a set's tasks: looked up by task, listed in check order. Kept in place across
 * patches (only the edited file's tasks are replaced), like the registry they belong to.
 */
class TaskResolutions implements ReadonlyMap<Resource, TaskResolution> {
	constructor(private readonly order: readonly Resource[], private readonly byTask: ReadonlyMap<Resource, TaskResolution>) {}

	get size(): number {
		return this.order.length;
	}

	get(task: Resource): TaskResolution | undefined {
		return this.byTask.get(task);
	}

	has(task: Resource): boolean {
		return this.byTask.has(task);
	}

	*entries(): MapIterator<[Resource, TaskResolution]> {
		for (const task of this.order) {
			yield [task, this.byTask.get(task)!];
		}
	}

	*keys(): MapIterator<Resource> {
		yield* this.order;
	}

	*values(): MapIterator<TaskResolution> {
		for (const task of this.order) {
			yield this.byTask.get(task)!;
		}
	}

	forEach(callback: (value: TaskResolution, key: Resource, map: ReadonlyMap<Resource, TaskResolution>) => void): void {
		for (const task of this.order) {
			callback(this.byTask.get(task)!, task, this);
		}
	}

	[Symbol.iterator](): MapIterator<[Resource, TaskResolution]> {
		return this.entries();
	}
}

/** The public name of a task (namespace era: `ns:t`, `ns` for `default`, plain in namespace `default`). */
export function publicTaskName(task: Resource): string {
	if (task.namespace === undefined || task.namespace === 'default') {
		return task.name;
	}
	return task.name === 'default' ? task.namespace : `${task.namespace}:${task.name}`;
}

function stringProperty(resource: Resource, key: string): string | undefined {
	const value = resource.properties.get(key)?.value;
	return value?.kind === 'string' ? value.value : undefined;
}

function booleanProperty(resource: Resource, key: string): boolean | undefined {
	const value = resource.properties.get(key)?.value;
	return value?.kind === 'boolean' ? value.value : undefined;
}

/** True when the task has at least one script entry (essh-semantics.md, Tasks: the "same time" rule). */
function hasScript(task: Resource): boolean {
	const value = task.properties.get('script')?.value;
	if (!value) {
		return false;
	}
	if (value.kind === 'table') {
		return value.items.length > 0 || value.fields.length > 0;
	}
	return value.kind !== 'nil';
}

const GLOB_CHARACTERS = /[*?[,]/;
const HOOK_KEYS = ['hooks_before_connect', 'hooks_after_connect', 'hooks_after_disconnect'];

/**
 * How a registry differs from the previous registry of its set when `patchRegistry` made it: the
 * checks of tasks and hosts that depend on nothing that changed are reused from the previous run.
 */
export interface ChecksPatch {
	previous: Registry;
	/** The edited file's resources that changed: the previous object → its replacement (unchanged ones stay the previous objects). */
	replaced: Map<Resource, Resource>;
	/** Host names and tags whose hosts (or those hosts' `hidden`) may differ. */
	changedSelectors: Set<string>;
	/** True when the tags, in the order of `registry.tags`, differ. */
	tagOrderChanged: boolean;
	/** Whether the previous registry was open. */
	previousOpen: boolean;
	/** `openReasonsKey` of the previous registry: softened diagnostics point at those reasons. */
	previousOpenKey: string;
}

/** The per-task and per-host results of a registry's checks, for the next `ChecksPatch`. */
interface CheckState {
	/** Every task checked, in check order, and what each reported (same index). */
	taskList: Resource[];
	taskOutputs: TaskOutput[];
	/** Hosts whose checks report something (others report nothing), in `allResources` order. */
	hosts: Map<Resource, HostOutput>;
	/** The tasks whose public name is a host's (in check order). */
	hostClashes: Resource[];
	/** The registry's drivers, in `allResources` order (a patch never replaces one). */
	drivers: Resource[];
	/** Each task's resolution (the tasks of `taskList`). */
	resolutions: Map<Resource, LazyResolution>;
	/** What the global scope's resolutions are bound to. */
	globalBinding: ScopeBinding;
	/** The position in `taskList` of each task. */
	positions: Map<Resource, number>;
	/** The positions of the tasks whose targets or filters name each selector. */
	bySelector: Map<string, Set<number>>;
	/** The positions of the tasks with an entry that selects nothing. */
	unresolved: Set<number>;
	/**
	 * The positions, ascending, of the tasks whose output puts something in the run's lists
	 * (diagnostics, links, a driver without an engine): the others need no visit to assemble them.
	 */
	reporting: number[];
	/** Where each task's references start in `registry.checkReferences` (by position; one more entry: where the tasks' end). */
	taskRefStart: number[];
	/** The global host names prepared for suggestions, on first use (a patch keeps every name, in order). */
	hostNames: PreparedNames | undefined;
	/** True when some tag is a global host's name. */
	tagIsHostName: boolean;
}

/** True when a task's output puts something in the run's lists beside its references. */
function isReporting(output: TaskOutput): boolean {
	const driver = output.driver;
	return output.diagnostics.length > 0 || output.links.length > 0 || (driver !== undefined && !driver.builtin && !driver.properties.has('engine'));
}

/** Adds or removes `position` in an ascending list. */
function setMembership(list: number[], position: number, member: boolean): void {
	let low = 0;
	let high = list.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (list[middle] < position) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	const present = list[low] === position;
	if (member && !present) {
		list.splice(low, 0, position);
	} else if (!member && present) {
		list.splice(low, 1);
	}
}

function sameSelectors(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((selector, index) => selector === b[index]);
}

/** Records in the state's indexes that the task at `position` reports `output` instead of `before` (undefined: nothing yet). */
function indexTaskOutput(state: CheckState, position: number, before: TaskOutput | undefined, output: TaskOutput): void {
	if (output.unresolved) {
		state.unresolved.add(position);
	} else {
		state.unresolved.delete(position);
	}
	// The usual case: a task checked again, or replaced by its edited self with the same targets.
	if (before && sameSelectors(before.selectors, output.selectors)) {
		return;
	}
	for (const selector of before?.selectors ?? []) {
		const positions = state.bySelector.get(selector);
		positions?.delete(position);
		if (positions?.size === 0) {
			state.bySelector.delete(selector);
		}
	}
	for (const selector of output.selectors) {
		let positions = state.bySelector.get(selector);
		if (!positions) {
			positions = new Set();
			state.bySelector.set(selector, positions);
		}
		positions.add(position);
	}
}

const checkStates = new WeakMap<Registry, CheckState>();

/**
 * Runs every registry-level check and returns the diagnostics; fills in task resolutions. With a
 * `patch`, the result is the same as without it, reusing the previous run's per-task and per-host
 * results where they cannot differ.
 */
export function runRegistryChecks(registry: Registry, patch?: ChecksPatch): { diagnostics: Array<Diag & { file: FileId }>; resolutions: ReadonlyMap<Resource, TaskResolution> } {
	const diagnostics: Array<Diag & { file: FileId }> = [];
	const report = (site: Site, diag: Diag): void => {
		diagnostics.push({ ...diag, file: site.file, range: diag.range ?? site.range });
	};
	const open = registry.openReasons.length > 0;
	const previousState = patch ? checkStates.get(patch.previous) : undefined;
	const reuse = patch && previousState && patch.previousOpen === open && patch.previousOpenKey === openReasonsKey(registry) && registry.namespaces.size === 0 && patch.previous.namespaces.size === 0
		? { patch, state: previousState }
		: undefined;
	const state: CheckState = {
		taskList: [], taskOutputs: [], hosts: new Map(), hostClashes: [], drivers: [], resolutions: new Map(), globalBinding: { visibleHosts: [], index: undefined, generation: 0 },
		positions: new Map(), bySelector: new Map(), unresolved: new Set(), reporting: [], taskRefStart: [], hostNames: reuse?.state.hostNames, tagIsHostName: false,
	};
	checkStates.set(registry, state);
	const usedDrivers = new Map<Resource, Resource[]>();

	// A patch keeps every task in its place (no namespace then): the previous run's per-task state is
	// taken over when every replaced task is where that run saw it.
	const previous = reuse && reuse.state.taskList.length === registry.tasks.size && tasksInPlace(reuse.state, reuse.patch) ? reuse.state : undefined;
	const allTasks: Array<{ task: Resource; hosts: Map<string, Resource>; drivers: Map<string, Resource>; namespace: Namespace | undefined }> = [];
	if (!previous) {
		for (const task of registry.tasks.values()) {
			allTasks.push({ task, hosts: registry.hosts, drivers: registry.drivers, namespace: undefined });
		}
		for (const namespace of registry.namespaces.values()) {
			for (const task of namespace.tasks.values()) {
				allTasks.push({ task, hosts: namespace.hosts, drivers: namespace.drivers, namespace });
			}
		}
	}

	// Task names against host names (essh-semantics.md, Names): public names against global hosts. A patch keeps every
	// name, so the clashing tasks are the previous run's (the edited file's as their new objects).
	if (reuse) {
		for (const previous of reuse.state.hostClashes) {
			state.hostClashes.push(reuse.patch.replaced.get(previous) ?? previous);
		}
	} else {
		for (const { task } of allTasks) {
			// (`allTasks` is complete here: without reuse there is no `previous`.)
			if (registry.hosts.has(publicTaskName(task))) {
				state.hostClashes.push(task);
			}
		}
	}
	for (const task of state.hostClashes) {
		const name = publicTaskName(task);
		const host = registry.hosts.get(name)!;
		report(task.nameSite, {
			range: task.nameSite.range, severity: 'error', code: 'task-host-clash',
			message: `Task "${name}" has the name of a host: ESSH fails after loading with "Task '${name}' is duplicated with hostname."`,
			related: [{ file: host.nameSite.file, range: host.nameSite.range, message: `host "${name}"` }],
		});
	}
	// Tags against host names, hidden hosts and a host's own name included; walked only when some tag is a host name.
	// A patch keeps every host name, so with the same tags the previous run's answer holds.
	let tagIsHostName = reuse && !reuse.patch.tagOrderChanged ? reuse.state.tagIsHostName : false;
	if (!reuse || reuse.patch.tagOrderChanged) {
		for (const tag of registry.tags.keys()) {
			if (registry.hosts.has(tag)) {
				tagIsHostName = true;
				break;
			}
		}
	}
	state.tagIsHostName = tagIsHostName;
	for (const host of tagIsHostName ? registry.hosts.values() : []) {
		if (!hostTagValues(host).some(tag => registry.hosts.has(tag))) {
			continue;
		}
		for (const tagSite of hostTagSites(host)) {
			const clash = registry.hosts.get(tagSite.tag);
			if (clash) {
				report(tagSite.site, {
					range: tagSite.site.range, severity: 'error', code: 'tag-host-clash',
					message: `Tag "${tagSite.tag}" has the name of a host: ESSH fails after loading with "Tag '${tagSite.tag}' is duplicated with hostname."`,
					related: [{ file: clash.nameSite.file, range: clash.nameSite.range, message: `host "${tagSite.tag}"` }],
				});
			}
		}
	}

	state.globalBinding.visibleHosts = registry.hosts.values();
	if (previous) {
		checkTasksAfterPatch(registry, state, previous, reuse!.patch, open);
	} else {
		checkAllTasks(registry, state, allTasks, open);
	}
	// The tasks' diagnostics, links and users of drivers without an engine, in task order.
	for (const position of state.reporting) {
		const output = state.taskOutputs[position];
		for (const diag of output.diagnostics) {
			diagnostics.push(diag);
		}
		for (const link of output.links) {
			registry.links.push(link);
		}
		const driver = output.driver;
		if (driver && !driver.builtin && !driver.properties.has('engine')) {
			const users = usedDrivers.get(driver) ?? [];
			users.push(state.taskList[position]);
			usedDrivers.set(driver, users);
		}
	}
	for (const [driver, users] of usedDrivers) {
		if (!driver.builtin && !driver.properties.has('engine')) {
			report(driver.nameSite, {
				range: driver.nameSite.range, severity: 'warning', code: 'driver-no-engine',
				message: `Driver "${driver.name}" has no engine: running ${users.length === 1 ? `task "${publicTaskName(users[0])}"` : `its ${users.length} tasks`} fails with "invalid driver '${driver.name}'. The engine was not defined."`,
			});
		}
	}
	// A patch never creates or changes a driver: the previous run's list holds.
	state.drivers = reuse ? reuse.state.drivers : registry.allResources.filter(resource => resource.kind === 'driver');
	for (const driver of state.drivers) {
		const engine = driver.properties.get('engine');
		if (engine?.value.kind === 'string') {
			reportTemplate(engine.value.value, { file: engine.file, range: engine.value.range }, 'engine', report);
		}
	}

	const resolutions = new TaskResolutions(state.taskList, state.resolutions);
	checkHosts(registry, resolutions, report, state, reuse);
	checkGroups(registry, report);
	checkNamespaces(registry, report);
	return { diagnostics, resolutions };
}

/** True when every task the patch replaced is where the previous run saw it. */
function tasksInPlace(state: CheckState, patch: ChecksPatch): boolean {
	for (const before of patch.replaced.keys()) {
		if (before.kind === 'task') {
			const position = state.positions.get(before);
			if (position === undefined || state.taskList[position] !== before) {
				return false;
			}
		}
	}
	return true;
}

/** Checks every task (a full run): fills the state's task lists, indexes and `registry.checkReferences`. */
function checkAllTasks(registry: Registry, state: CheckState, allTasks: Array<{ task: Resource; hosts: Map<string, Resource>; drivers: Map<string, Resource>; namespace: Namespace | undefined }>, open: boolean): void {
	state.globalBinding.index = indexGlobalHosts(registry, () => (state.hostNames ??= prepareNames(registry.hosts.keys())));
	// One binding per host scope (the global hosts, each namespace's), shared by every task of the scope.
	const bindings = new Map<Map<string, Resource>, ScopeBinding>([[registry.hosts, state.globalBinding]]);
	for (let position = 0; position < allTasks.length; position++) {
		const { task, hosts, drivers, namespace } = allTasks[position];
		let binding = bindings.get(hosts);
		if (!binding) {
			binding = { visibleHosts: hosts.values(), index: indexHosts(hosts.values()), generation: 0 };
			bindings.set(hosts, binding);
		}
		const resolution = resolveTaskIn(task, binding);
		state.resolutions.set(task, resolution);
		const output = checkTask(task, resolution, binding.index!, drivers, namespace, registry, open);
		state.taskList.push(task);
		state.taskOutputs.push(output);
		state.positions.set(task, position);
		indexTaskOutput(state, position, undefined, output);
		if (isReporting(output)) {
			state.reporting.push(position);
		}
		state.taskRefStart.push(registry.checkReferences.length);
		for (const reference of output.references) {
			registry.checkReferences.push(reference);
		}
	}
	state.taskRefStart.push(registry.checkReferences.length);
}

/**
 * Checks after a patch, taking over the previous run's per-task state (which must not be read
 * again): only the tasks the patch replaced, those naming a selector whose hosts changed, and, when
 * the tags or their order changed, those with an entry that selects nothing (its suggestion searches
 * every selector) are checked again; every other task's output is the previous one. The tasks to
 * check are found through the state's indexes, not by visiting every task.
 */
function checkTasksAfterPatch(registry: Registry, state: CheckState, previous: CheckState, patch: ChecksPatch, open: boolean): void {
	state.taskList = previous.taskList;
	state.taskOutputs = previous.taskOutputs;
	state.resolutions = previous.resolutions;
	state.positions = previous.positions;
	state.bySelector = previous.bySelector;
	state.unresolved = previous.unresolved;
	state.reporting = previous.reporting;
	state.taskRefStart = previous.taskRefStart;
	state.globalBinding = previous.globalBinding;
	state.globalBinding.generation++;
	state.globalBinding.visibleHosts = registry.hosts.values();
	state.globalBinding.index = indexGlobalHosts(registry, () => (state.hostNames ??= prepareNames(registry.hosts.keys())));
	const index = state.globalBinding.index;

	const dirty = new Set<number>();
	const replacedAt = new Map<number, Resource>();
	for (const [before, after] of patch.replaced) {
		if (before.kind === 'task') {
			const position = state.positions.get(before)!;
			state.positions.delete(before);
			state.positions.set(after, position);
			replacedAt.set(position, after);
			dirty.add(position);
		}
	}
	for (const selector of patch.changedSelectors) {
		for (const position of state.bySelector.get(selector) ?? []) {
			dirty.add(position);
		}
	}
	if (patch.tagOrderChanged) {
		for (const position of state.unresolved) {
			dirty.add(position);
		}
	}
	let referencesMoved = false;
	for (const position of dirty) {
		const before = state.taskList[position];
		const task = replacedAt.get(position) ?? before;
		const old = state.taskOutputs[position];
		let resolution = before === task ? old.resolution : undefined;
		if (!resolution) {
			resolution = resolveTaskIn(task, state.globalBinding);
			state.resolutions.delete(before);
			state.resolutions.set(task, resolution);
		}
		const output = checkTask(task, resolution, index, registry.drivers, undefined, registry, open);
		state.taskList[position] = task;
		state.taskOutputs[position] = output;
		indexTaskOutput(state, position, old, output);
		setMembership(state.reporting, position, isReporting(output));
		referencesMoved ||= output.references.length !== old.references.length;
	}
	// The previous run's reference list, taken over: the tasks' part is rewritten where it changed.
	const references = patch.previous.checkReferences;
	const tasks = state.taskList.length;
	if (referencesMoved) {
		references.length = 0;
		for (let position = 0; position < tasks; position++) {
			state.taskRefStart[position] = references.length;
			for (const reference of state.taskOutputs[position].references) {
				references.push(reference);
			}
		}
		state.taskRefStart[tasks] = references.length;
	} else {
		for (const position of dirty) {
			const start = state.taskRefStart[position];
			const written = state.taskOutputs[position].references;
			for (let offset = 0; offset < written.length; offset++) {
				references[start + offset] = written[offset];
			}
		}
		// The hosts' references follow: they are added again.
		references.length = state.taskRefStart[tasks];
	}
	registry.checkReferences = references;
}

/** What the checks of one task report: reused while nothing it depends on changed (`ChecksPatch`). */
interface TaskOutput {
	diagnostics: FileDiag[];
	references: NameReference[];
	links: FileLink[];
	/** The driver the task runs with, when it exists. */
	driver: Resource | undefined;
	/** True when some target or filter selects nothing (its message suggests a name among every selector). */
	unresolved: boolean;
	/** The host names and tags the task's targets and filters name. */
	selectors: string[];
	/** The task's resolution (its targets and filters are the task's; it resolves against its scope's current binding). */
	resolution: LazyResolution;
}

function checkTask(task: Resource, resolution: LazyResolution, index: HostIndex, drivers: Map<string, Resource>, namespace: Namespace | undefined, registry: Registry, open: boolean): TaskOutput {
	const output: TaskOutput = { diagnostics: [], references: [], links: [], driver: undefined, unresolved: false, selectors: [], resolution };
	const report = (site: Site, diag: Diag): void => {
		output.diagnostics.push({ ...diag, file: site.file, range: diag.range ?? site.range });
	};
	for (const entry of resolution.targets) {
		output.selectors.push(entry.name);
	}
	for (const entry of resolution.filters) {
		output.selectors.push(entry.name);
	}
	// Every host name and tag of the scope, names first.
	const scope = index;
	for (const [context, entries] of [['targets', resolution.targets], ['filters', resolution.filters]] as const) {
		for (const entry of entries) {
			if (!entry.site) {
				continue;
			}
			output.references.push({ site: entry.site, kind: 'target', name: entry.name, role: 'reference', context, namespace: task.namespace });
			if (GLOB_CHARACTERS.test(entry.name)) {
				report(entry.site, {
					range: entry.site.range, severity: 'warning', code: 'target-glob',
					message: `"${entry.name}" is taken literally: ESSH never globs or splits ${context} (no *, ?, [ or , patterns).`,
				});
			}
			const matched = scope.select(entry.name);
			if (!matched) {
				output.unresolved = true;
				const globalOnly = namespace !== undefined && (registry.hosts.has(entry.name) || registry.tags.has(entry.name));
				if (globalOnly) {
					report(entry.site, {
						range: entry.site.range, severity: 'warning', code: 'ns-target-outside',
						message: `"${entry.name}" exists only outside namespace "${namespace.name}": namespace tasks see only the namespace's hosts.`,
					});
					continue;
				}
				const suggestion = scope.nearest(entry.name);
				report(entry.site, {
					range: entry.site.range, severity: open ? 'information' : 'warning', code: 'target-unresolved', related: open ? openRelated(registry) : undefined,
					message: `No host or tag is named "${entry.name}": this entry selects nothing (ESSH matches names and tags exactly).${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
					data: suggestion ? { suggestions: [suggestion], edit: { range: entry.site.range, newText: JSON.stringify(suggestion), title: `Change to "${suggestion}"` } } : undefined,
				});
			} else if (context === 'targets') {
				if (matched.length > 0 && matched.every(host => booleanProperty(host, 'hidden') === true)) {
					report(entry.site, {
						range: entry.site.range, severity: 'hint', code: 'target-hidden',
						message: `"${entry.name}" resolves only to hidden hosts: that is allowed, hidden only affects listing and completion.`,
					});
				}
			}
		}
	}
	const targetsEntry = task.properties.get('targets');
	const filtersEntry = task.properties.get('filters');
	if (filtersEntry && !resolution.hasTargets && (resolution.filters.length > 0 || resolution.dynamic)) {
		report(filtersEntry.keySite, {
			range: filtersEntry.keySite.range, severity: 'warning', code: 'filters-without-targets',
			message: '`filters` without `targets` is ignored: ESSH applies filters only to the hosts selected by targets.',
		});
	}
	if (targetsEntry && resolution.hasTargets && !resolution.dynamic && !open && !selectsAnyHost(index, resolution.targets.map(entry => entry.name), resolution.filters.map(entry => entry.name))) {
		report(targetsEntry.keySite, {
			range: targetsEntry.keySite.range, severity: 'warning', code: 'target-empty',
			message: 'These targets and filters select no host: running the task fails with "There are not hosts to run the command. you must specify the valid hosts."',
		});
	}
	const backend = stringProperty(task, 'backend');
	const backendEntry = task.properties.get('backend');
	if (backend === 'remote' && !resolution.hasTargets && !task.properties.has('prepare') && backendEntry) {
		report({ file: backendEntry.file, range: backendEntry.value.range }, {
			range: backendEntry.value.range, severity: 'warning', code: 'remote-without-targets',
			message: 'A remote task needs targets: running it fails with "There are not hosts to run the command. you must specify the valid hosts."',
		});
	}
	const sshOptions = task.properties.get('ssh_options');
	if (sshOptions && backend !== 'remote') {
		report(sshOptions.keySite, {
			range: sshOptions.keySite.range, severity: 'warning', code: 'task-ssh-options-ignored',
			message: '`ssh_options` is used only by remote tasks: this local task ignores it.',
		});
	}
	// Drivers are resolved when the task runs, against every driver of the set.
	const driverEntry = task.properties.get('driver');
	const driverName = driverEntry?.value.kind === 'string' && driverEntry.value.value !== '' ? driverEntry.value.value : 'default';
	if (driverEntry?.value.kind === 'string') {
		const site = { file: driverEntry.file, range: driverEntry.value.range };
		output.references.push({ site, kind: 'driver', name: driverName, role: 'reference', context: 'driver', namespace: task.namespace });
	}
	const driver = drivers.get(driverName);
	output.driver = driver;
	if (!driver && driverEntry?.value.kind === 'string') {
		const site = { file: driverEntry.file, range: driverEntry.value.range };
		if (namespace && registry.drivers.has(driverName)) {
			report(site, {
				range: site.range, severity: 'warning', code: 'ns-driver-outside',
				message: `Driver "${driverName}" is global: namespace tasks see only their namespace's drivers, so running this task fails with "invalid driver name '${driverName}'".`,
			});
		} else {
			const suggestion = nearestName(driverName, drivers.keys());
			report(site, {
				range: site.range, severity: open ? 'information' : 'warning', code: 'task-driver-unknown', related: open ? openRelated(registry) : undefined,
				message: `No driver is named "${driverName}": running this task fails with "invalid driver name '${driverName}'".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
				data: suggestion ? { suggestions: [suggestion], edit: { range: site.range, newText: JSON.stringify(suggestion), title: `Change to "${suggestion}"` } } : undefined,
			});
		}
	}
	if (namespace && !driverEntry && registry.drivers.get('default') && !registry.drivers.get('default')!.builtin) {
		report(task.nameSite, {
			range: task.nameSite.range, severity: 'warning', code: 'ns-driver-outside',
			message: 'The global `driver "default"` is not used inside a namespace: this task runs with the built-in default driver.',
		});
	}
	checkScriptAndFile(task, registry, report);
	const scriptFile = task.properties.get('script_file');
	if (scriptFile?.value.kind === 'string' && scriptFile.value.value !== '' && !/^https?:\/\//.test(scriptFile.value.value)) {
		output.links.push({ site: { file: scriptFile.file, range: scriptFile.value.range }, kind: 'script_file', target: scriptFile.value.value, resolved: undefined });
	}
	const prefix = task.properties.get('prefix');
	if (prefix?.value.kind === 'string') {
		reportTemplate(prefix.value.value, { file: prefix.file, range: prefix.value.range }, 'prefix', report);
	}
	return output;
}

function reportTemplate(text: string, site: Site, key: 'engine' | 'prefix', report: (site: Site, diag: Diag) => void): void {
	const problem = isGoTemplateProblem(text, key);
	if (problem) {
		report(site, { range: site.range, severity: 'warning', code: problem.code, message: problem.message });
	}
}

function checkScriptAndFile(task: Resource, registry: Registry, report: (site: Site, diag: Diag) => void): void {
	const scriptFile = task.properties.get('script_file');
	if (!scriptFile || scriptFile.value.kind !== 'string' || scriptFile.value.value === '' || !hasScript(task)) {
		return;
	}
	const script = task.properties.get('script')!;
	const fromGroup = [script, scriptFile].find(entry => entry.origin === 'group');
	if (fromGroup) {
		report(fromGroup.keySite, {
			range: fromGroup.keySite.range, severity: 'error', code: 'group-default-conflict',
			message: `This group default gives task "${task.name}" both \`script\` and \`script_file\`: ESSH fails with "invalid task definition: can't use 'script_file' and 'script' at the same time."`,
			related: [{ file: task.nameSite.file, range: task.nameSite.range, message: `task "${task.name}"` }],
		});
		return;
	}
	report(task.nameSite, {
		range: task.nameSite.range, severity: 'error', code: 'task-script-and-file',
		message: 'A task cannot have both `script` and `script_file`: ESSH fails with "invalid task definition: can\'t use \'script_file\' and \'script\' at the same time."',
		related: [
			{ file: script.keySite.file, range: script.keySite.range, message: '`script`' },
			{ file: scriptFile.keySite.file, range: scriptFile.keySite.range, message: '`script_file`' },
		],
	});
	void registry;
}

/** `key.toLowerCase()`, memoised: property keys repeat on every host. */
const lowerKeys = new Map<string, string>();
function lowerKey(key: string): string {
	let lower = lowerKeys.get(key);
	if (lower === undefined) {
		if (lowerKeys.size >= 4096) {
			lowerKeys.clear();
		}
		lower = key.toLowerCase();
		lowerKeys.set(key, lower);
	}
	return lower;
}

/** What the checks of one host report, hooks aside (their hint depends on every task's hosts). */
interface HostOutput {
	diagnostics: FileDiag[];
	references: NameReference[];
	/** Hook properties with at least one hook. */
	hooks: PropertyEntry[];
}

const NO_HOST_OUTPUT: HostOutput = { diagnostics: [], references: [], hooks: [] };

function checkHost(host: Resource, registry: Registry): HostOutput {
	const output: HostOutput = { diagnostics: [], references: [], hooks: [] };
	const report = (site: Site, diag: Diag): void => {
		output.diagnostics.push({ ...diag, file: site.file, range: diag.range ?? site.range });
	};
	if (host.name === '') {
		report(host.nameSite, { range: host.nameSite.range, severity: 'warning', code: 'host-name-empty', message: 'An empty host name is written as "Host " in the generated ssh_config.' });
	} else if (/\s/.test(host.name)) {
		report(host.nameSite, { range: host.nameSite.range, severity: 'warning', code: 'host-name-whitespace', message: `ESSH writes "Host ${host.name}" verbatim, and ssh reads each word as a separate host pattern.` });
	} else if (/[*?!]/.test(host.name)) {
		report(host.nameSite, { range: host.nameSite.range, severity: 'warning', code: 'host-name-pattern', message: `ssh reads "${host.name}" as a pattern in the generated ssh_config${host.name.startsWith('*') ? '; `Host *` sorts first, so its options override the other hosts' : ''}.` });
	}
	if (host.replacedBy) {
		return output.diagnostics.length === 0 ? NO_HOST_OUTPUT : output;
	}
	let seen: Map<string, string> | undefined;
	for (const key of host.properties.keys()) {
		const first = key.charAt(0);
		if (first === first.toLowerCase()) {
			continue;
		}
		const folded = lowerKey(key);
		seen ??= new Map();
		const earlier = seen.get(folded);
		if (earlier !== undefined) {
			const entry = host.properties.get(key)!;
			report(entry.keySite, {
				range: entry.keySite.range, severity: 'warning', code: 'ssh-keyword-case-dup',
				message: `\`${key}\` and \`${earlier}\` differ only in case: ESSH writes both, and ssh uses the first in byte order (\`${[key, earlier].sort()[0]}\`).`,
			});
		} else {
			seen.set(folded, key);
		}
	}
	checkProxy(host, registry, report, output.references);
	for (const hookKey of HOOK_KEYS) {
		const hooks = host.properties.get(hookKey);
		if (hooks?.value.kind === 'table' && hooks.value.items.length > 0) {
			output.hooks.push(hooks);
		}
	}
	return output.diagnostics.length === 0 && output.references.length === 0 && output.hooks.length === 0 ? NO_HOST_OUTPUT : output;
}

function checkHosts(registry: Registry, resolutions: ReadonlyMap<Resource, TaskResolution>, report: (site: Site, diag: Diag) => void, state: CheckState, reuse: { patch: ChecksPatch; state: CheckState } | undefined): void {
	// The hosts some task runs on; resolved only when a host has hooks to warn about.
	let targeted: Set<Resource> | undefined;
	const isTargeted = (host: Resource): boolean => {
		if (!targeted) {
			targeted = new Set();
			for (const resolution of resolutions.values()) {
				for (const target of resolution.hosts) {
					targeted.add(target);
				}
			}
		}
		return targeted.has(host);
	};
	const visit = (host: Resource, output: HostOutput): void => {
		if (output === NO_HOST_OUTPUT) {
			return;
		}
		state.hosts.set(host, output);
		for (const diag of output.diagnostics) {
			report({ file: diag.file, range: diag.range }, diag);
		}
		for (const reference of output.references) {
			registry.checkReferences.push(reference);
		}
		for (const hooks of output.hooks) {
			if (isTargeted(host)) {
				report(hooks.keySite, {
					range: hooks.keySite.range, severity: 'hint', code: 'host-hooks-scope',
					message: 'Hooks fire only for `essh <host>` with a single argument, never for tasks or --exec.',
				});
			}
		}
	};
	if (!reuse) {
		for (const host of registry.allResources) {
			if (host.kind === 'host') {
				visit(host, checkHost(host, registry));
			}
		}
		return;
	}
	// After a patch: the previous run's reporting hosts (in `allResources` order, which is id order)
	// except the replaced ones, merged by id with the edited file's new hosts, checked afresh.
	const fresh: Resource[] = [];
	for (const [before, after] of reuse.patch.replaced) {
		if (before.kind === 'host') {
			fresh.push(after);
		}
	}
	let next = 0;
	for (const [host, output] of reuse.state.hosts) {
		if (reuse.patch.replaced.has(host)) {
			continue;
		}
		for (; next < fresh.length && fresh[next].id < host.id; next++) {
			visit(fresh[next], checkHost(fresh[next], registry));
		}
		visit(host, output);
	}
	for (; next < fresh.length; next++) {
		visit(fresh[next], checkHost(fresh[next], registry));
	}
}

/** A host name found in a ProxyJump or ProxyCommand value, at its offset in the value's text. */
export interface ProxyHostName {
	name: string;
	offset: number;
}

/**
 * Stands for an unknown piece of a partly known value in the text the proxy rules read: one
 * character that no name or option contains, so a word holding it is never taken as either.
 */
const HOLE = '\u0000';

/**
 * Host names a ProxyJump or ProxyCommand value refers to, with their offsets in `value`. In a
 * partly known value each unknown piece is one `HOLE`: a word containing it is never a name, it
 * breaks the `-W %h:%p NAME` sequence, and an ssh destination is not guessed past it (unless it
 * is the value of an option such as `-F`).
 */
export function proxyHostNames(key: string, value: string): ProxyHostName[] {
	const result: ProxyHostName[] = [];
	const add = (word: string, start: number): void => {
		const name = stripUserAndPort(word);
		if (name !== '' && !name.includes(HOLE)) {
			result.push({ name, offset: start + (word.includes('@') ? word.lastIndexOf('@') + 1 : 0) });
		}
	};
	const addList = (list: string, start: number): void => {
		let at = 0;
		for (const part of list.split(',')) {
			const leading = part.length - part.trimStart().length;
			const trimmed = part.trim();
			if (trimmed !== '' && trimmed.toLowerCase() !== 'none') {
				add(trimmed, start + at + leading);
			}
			at += part.length + 1;
		}
	};
	if (key.toLowerCase() === 'proxyjump') {
		addList(value, 0);
		return result;
	}
	const words: Array<{ text: string; start: number }> = [];
	for (const match of value.matchAll(/\S+/g)) {
		words.push({ text: match[0], start: match.index });
	}
	for (let index = 0; index < words.length; index++) {
		if (words[index].text === '-W' && words[index + 1]?.text === '%h:%p' && words[index + 2]) {
			add(words[index + 2].text, words[index + 2].start);
		}
		if (words[index].text === '-J' && words[index + 1]) {
			addList(words[index + 1].text, words[index + 1].start);
		}
	}
	if (result.length === 0 && words[0]?.text === 'ssh') {
		// The last non-option argument of an ssh command is its destination.
		const optionsWithValue = new Set(['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w']);
		for (let index = 1; index < words.length; index++) {
			const word = words[index].text;
			if (optionsWithValue.has(word)) {
				index++;
			} else if (word.includes(HOLE)) {
				// An unknown piece here may be an option, its value or the destination itself.
				break;
			} else if (!word.startsWith('-')) {
				if (!word.includes('%')) {
					add(word, words[index].start);
				}
				break;
			}
		}
	}
	return result;
}

function stripUserAndPort(text: string): string {
	const withoutUser = text.includes('@') ? text.slice(text.lastIndexOf('@') + 1) : text;
	return withoutUser.replace(/:\d+$/, '');
}

function looksLikeDnsName(name: string): boolean {
	return name.includes('.') || /^[0-9a-f:]+$/i.test(name) || name === 'localhost';
}

/** A string literal's text maps one to one onto its source: quoted, with no escape. */
function literalOffset(text: string, range: TextRange): number | undefined {
	return range.end - range.start === text.length + 2 ? range.start + 1 : undefined;
}

/** Where a proxy host name is written: its own characters (`exact`), or the literal that holds it. */
interface NameSite {
	range: TextRange;
	exact: boolean;
}

/**
 * The text the proxy rules read from a value (unknown pieces as `HOLE`), and the source range of a
 * name found in it: inside its literal when the name lies within one literal piece written without
 * escapes, else the literal piece (or the whole value); undefined when no single known piece holds it.
 */
function proxyText(value: Value): { text: string; siteOf(offset: number, length: number): NameSite | undefined } | undefined {
	if (value.kind === 'string') {
		const start = literalOffset(value.value, value.range);
		return {
			text: value.value,
			siteOf: (offset, length) => (start === undefined ? { range: value.range, exact: false } : { range: { start: start + offset, end: start + offset + length }, exact: true }),
		};
	}
	if (value.kind !== 'partialString') {
		return undefined;
	}
	let text = '';
	const starts: number[] = [];
	for (const piece of value.pieces) {
		starts.push(text.length);
		text += piece.kind === 'text' ? piece.text : HOLE;
	}
	return {
		text,
		siteOf: (offset, length) => {
			for (let index = 0; index < value.pieces.length; index++) {
				const piece = value.pieces[index];
				const from = starts[index];
				if (piece.kind !== 'text' || offset < from || offset + length > from + piece.text.length) {
					continue;
				}
				const start = literalOffset(piece.text, piece.range);
				return start === undefined ? { range: piece.range, exact: false } : { range: { start: start + offset - from, end: start + offset - from + length }, exact: true };
			}
			// The name spans several known pieces (`x .. "gate" .. ("way")`): no single literal holds it.
			return undefined;
		},
	};
}

function checkProxy(host: Resource, registry: Registry, report: (site: Site, diag: Diag) => void, references: NameReference[]): void {
	for (const entry of host.properties.values()) {
		// `proxyjump` and `proxycommand` in any case: test the length before lower-casing.
		if ((entry.value.kind !== 'string' && entry.value.kind !== 'partialString') || (entry.key.length !== 9 && entry.key.length !== 12)) {
			continue;
		}
		const lower = lowerKey(entry.key);
		if (lower !== 'proxyjump' && lower !== 'proxycommand') {
			continue;
		}
		const value = proxyText(entry.value);
		if (!value) {
			continue;
		}
		const site = { file: entry.file, range: entry.value.range };
		const hosts = host.namespace !== undefined ? registry.namespaces.get(host.namespace)?.hosts ?? new Map<string, Resource>() : registry.hosts;
		for (const { name, offset } of proxyHostNames(entry.key, value.text)) {
			const nameSite = value.siteOf(offset, name.length);
			if (nameSite === undefined) {
				continue;
			}
			const nameRange = nameSite.range;
			references.push({ site: { file: entry.file, range: nameRange }, kind: 'host', name, role: 'reference', context: 'proxy', namespace: host.namespace });
			if (hosts.has(name)) {
				// Whether `-F` is passed is known only when the whole command is.
				if (lower === 'proxycommand' && entry.value.kind === 'string' && /(^|\s)ssh(\s|$)/.test(value.text) && !/\s-F\s/.test(value.text)) {
					report(site, {
						range: nameRange, severity: 'warning', code: 'proxy-no-essh-config',
						message: `This ProxyCommand runs ssh towards ESSH host "${name}" without \`-F\`: the inner ssh cannot see ESSH's generated hosts. Pass -F with the path of essh.ssh_config.`,
					});
				}
				continue;
			}
			if (host.namespace !== undefined && registry.hosts.has(name)) {
				report(site, {
					range: nameRange, severity: 'warning', code: 'ns-proxy-outside',
					message: `"${name}" is a global host: the ssh_config of namespace tasks holds only the namespace's hosts, so this proxy breaks there.`,
				});
				continue;
			}
			if (!looksLikeDnsName(name) && !name.includes('%')) {
				const suggestion = nearestName(name, hosts.keys());
				report(site, {
					range: nameRange, severity: registry.openReasons.length > 0 ? 'information' : 'warning', code: 'proxy-host-unknown', related: registry.openReasons.length > 0 ? openRelated(registry) : undefined,
					message: `"${name}" is neither an ESSH host nor a DNS name: ssh fails when it connects through this proxy.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
					// The quick fix replaces the diagnostic's range: only where that range is the name itself.
					data: suggestion && nameSite.exact ? { suggestions: [suggestion] } : undefined,
				});
			}
		}
	}
}

const openRelatedCache = new WeakMap<Registry, RelatedSite[]>();

/**
 * The related sites of a diagnostic that an open set softened (reference §8: "not found" checks are
 * downgraded): the first places that made the set open, so the reader sees why it is not a warning.
 */
function openRelated(registry: Registry): RelatedSite[] {
	let result = openRelatedCache.get(registry);
	if (!result) {
		result = registry.openReasons.slice(0, MAX_OPEN_RELATED).map(reason => ({
			file: reason.file, range: reason.range, message: `softened because the set is open here: ${reason.reason}`,
		}));
		openRelatedCache.set(registry, result);
	}
	return result;
}

function checkGroups(registry: Registry, report: (site: Site, diag: Diag) => void): void {
	for (const group of registry.groups) {
		if (group.members.length > 0 || group.conditional) {
			continue;
		}
		for (const entry of group.defaults.values()) {
			report(entry.keySite, {
				range: entry.keySite.range, severity: 'warning', code: 'group-default-unused',
				message: `This group has no members, so ESSH never applies or checks the default \`${entry.key}\`.`,
			});
		}
	}
}

function checkNamespaces(registry: Registry, report: (site: Site, diag: Diag) => void): void {
	for (const namespace of registry.namespaces.values()) {
		for (const task of namespace.tasks.values()) {
			const host = namespace.hosts.get(task.name);
			if (host) {
				report(task.nameSite, {
					range: task.nameSite.range, severity: 'warning', code: 'ns-inner-clash',
					message: `Task "${task.name}" has the name of a host of namespace "${namespace.name}": running a task of this namespace fails with "Task '${task.name}' is duplicated with hostname."`,
					related: [{ file: host.nameSite.file, range: host.nameSite.range, message: `host "${task.name}"` }],
				});
			}
		}
		for (const host of namespace.hosts.values()) {
			if (!hostTagValues(host).some(tag => namespace.hosts.has(tag))) {
				continue;
			}
			for (const tagSite of hostTagSites(host)) {
				if (namespace.hosts.has(tagSite.tag)) {
					report(tagSite.site, {
						range: tagSite.site.range, severity: 'warning', code: 'ns-inner-clash',
						message: `Tag "${tagSite.tag}" has the name of a host of namespace "${namespace.name}": running a task of this namespace fails with "Tag '${tagSite.tag}' is duplicated with hostname."`,
					});
				}
			}
		}
	}
}
