/**
 * The registry tree's data shaping, in the client layer but PURE: no `vscode` import, so plain
 * Node tests cover it (docs/architecture.md). It turns the `essh/registry` result into a tree of plain
 * nodes (evaluation sets → Hosts / Tasks / Drivers / Groups / Tags, and Namespaces in the namespace
 * era), with labels, descriptions, Markdown tooltips, codicon ids, `contextValue`s and the location
 * each item opens; applies the pattern or tag filter; answers `getParent`; and finds the node to
 * reveal for a name or a cursor position. `registryTree.ts` only maps these nodes onto TreeItems.
 */
import micromatch from 'micromatch';
import type {
	DriverItem, ExtLocation, GroupItem, HostItem, NamespaceItem, ProblemCounts, RegistryResult, RegistrySet, TagItem, TaskItem,
} from '../../server/src/lsp/ext';

/** What a node stands for; item kinds match `LookupItem.kind`. */
export type RegistryNodeKind = 'set' | 'category' | 'tagGroup' | 'host' | 'task' | 'driver' | 'group' | 'tag' | 'namespace' | 'message';

/** The categories under an evaluation set, in display order. */
export type CategoryName = 'hosts' | 'tasks' | 'drivers' | 'groups' | 'tags' | 'namespaces';

/** A plain tree node; `registryTree.ts` maps it one to one onto a `vscode.TreeItem`. */
export interface RegistryNode {
	/** Unique and stable across refreshes (used as `TreeItem.id`, so expansion state survives). */
	id: string;
	kind: RegistryNodeKind;
	label: string;
	description?: string;
	/** Markdown. */
	tooltip?: string;
	/** A codicon id for `ThemeIcon`. */
	icon: string;
	/** A theme color id for the icon (problems, hidden items). */
	iconColor?: string;
	/** `TreeItem.contextValue`: `set`, `category`, `host`, `task`, `driver`, `group`, `tag`, `namespace`, … */
	contextValue: string;
	collapsible: 'none' | 'collapsed' | 'expanded';
	/** The evaluation set the node belongs to. */
	setId: string;
	/** The item's name (hosts, tasks, drivers, tags, namespaces) or the category name. */
	name?: string;
	/** The definition to open when the node is selected. */
	location?: ExtLocation;
	/** For `category` nodes. */
	category?: CategoryName;
}

/** A filter on item names: a micromatch glob, or an exact tag. */
export type RegistryFilter = { kind: 'pattern'; pattern: string } | { kind: 'tag'; tag: string };

/** Options that change the tree's shape. */
export interface RegistryTreeOptions {
	groupHostsByTag?: boolean;
	filter?: RegistryFilter;
	/** Nodes the user expanded or collapsed (by id): they start that way instead of their default. */
	expansion?: NodeExpansion;
}

/** Expanded and collapsed node ids, as remembered across reloads (`RegistryViewState`). */
export interface NodeExpansion {
	expanded: ReadonlySet<string>;
	collapsed: ReadonlySet<string>;
}

/**
 * What the view remembers across window reloads (kept in the workspace state): the filter, and the
 * ids of the nodes the user expanded or collapsed, most recent last. Node ids are stable (set id,
 * category and item name), so a node keeps its state as long as it exists.
 */
export interface RegistryViewState {
	filter?: RegistryFilter;
	expanded: string[];
	collapsed: string[];
}

/** The workspace state key of `RegistryViewState`. */
export const VIEW_STATE_KEY = 'essh.registry.viewState';
/** How many expanded and collapsed ids are remembered (the oldest are forgotten first). */
export const MAX_REMEMBERED_NODES = 500;

function stringsOf(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string' && item !== '').slice(-MAX_REMEMBERED_NODES) : [];
}

/** Reads a stored view state tolerantly: anything missing or malformed is dropped. */
export function parseViewState(raw: unknown): RegistryViewState {
	const record = typeof raw === 'object' && raw !== null ? raw as Record<string, unknown> : {};
	const state: RegistryViewState = { expanded: stringsOf(record.expanded), collapsed: stringsOf(record.collapsed) };
	const filter = record.filter as Record<string, unknown> | undefined;
	if (filter?.kind === 'pattern' && typeof filter.pattern === 'string' && filter.pattern.trim() !== '') {
		state.filter = { kind: 'pattern', pattern: filter.pattern };
	} else if (filter?.kind === 'tag' && typeof filter.tag === 'string' && filter.tag !== '') {
		state.filter = { kind: 'tag', tag: filter.tag };
	}
	return state;
}

/** The state after the user expanded (or collapsed) a node. */
export function withExpansion(state: RegistryViewState, id: string, expanded: boolean): RegistryViewState {
	const without = (list: string[]): string[] => list.filter(entry => entry !== id);
	const add = (list: string[]): string[] => [...without(list), id].slice(-MAX_REMEMBERED_NODES);
	return { ...state, expanded: expanded ? add(state.expanded) : without(state.expanded), collapsed: expanded ? without(state.collapsed) : add(state.collapsed) };
}

/** The state with another filter (undefined: none). */
export function withFilter(state: RegistryViewState, filter: RegistryFilter | undefined): RegistryViewState {
	const result: RegistryViewState = { expanded: state.expanded, collapsed: state.collapsed };
	if (filter) {
		result.filter = filter;
	}
	return result;
}

export function expansionOf(state: RegistryViewState): NodeExpansion {
	return { expanded: new Set(state.expanded), collapsed: new Set(state.collapsed) };
}

/** A built tree: roots, children and parents by node id. */
export interface RegistryTree {
	roots: RegistryNode[];
	nodes: Map<string, RegistryNode>;
	children: Map<string, RegistryNode[]>;
	parents: Map<string, string>;
	/** The node to reveal for an item, keyed by `itemKey(setId, kind, name)`. */
	canonical: Map<string, string>;
	/** Shown as `TreeView.message` (empty registry, nothing matches the filter). */
	message?: string;
}

/** The key of `RegistryTree.canonical`. */
export function itemKey(setId: string, kind: string, name: string): string {
	return `${setId}\u0000${kind}\u0000${name}`;
}

/** Builds the whole tree for a registry result. */
export function buildRegistryTree(registry: RegistryResult | undefined, options: RegistryTreeOptions = {}): RegistryTree {
	const tree: RegistryTree = { roots: [], nodes: new Map(), children: new Map(), parents: new Map(), canonical: new Map() };
	const sets = registry?.sets ?? [];
	for (const set of sets) {
		const setNode = buildSet(tree, set, options);
		if (setNode) {
			tree.roots.push(setNode);
		}
	}
	const expansion = options.expansion;
	if (expansion) {
		for (const node of tree.nodes.values()) {
			if (node.collapsible !== 'none') {
				if (expansion.expanded.has(node.id)) {
					node.collapsible = 'expanded';
				} else if (expansion.collapsed.has(node.id)) {
					node.collapsible = 'collapsed';
				}
			}
		}
	}
	if (sets.length === 0) {
		tree.message = 'No ESSH configuration found in this workspace.';
	} else if (options.filter && tree.roots.length === 0) {
		tree.message = `Nothing matches ${describeFilter(options.filter)}.`;
	} else if (options.filter) {
		tree.message = `Filtered by ${describeFilter(options.filter)}.`;
	}
	return tree;
}

/**
 * Keeps node identity across rebuilds: every node of `next` whose id was in `previous` is replaced
 * by the previous object, updated in place with the new fields. VS Code's tree view keys its
 * element cache by object, so a fresh object with a known id could make `reveal` look for a node
 * the workbench no longer has.
 */
export function adoptNodes(previous: RegistryTree, next: RegistryTree): RegistryTree {
	const adopted = new Map<string, RegistryNode>();
	for (const [id, node] of next.nodes) {
		const old = previous.nodes.get(id);
		if (old) {
			for (const key of Object.keys(old) as (keyof RegistryNode)[]) {
				delete old[key];
			}
			Object.assign(old, node);
			adopted.set(id, old);
		} else {
			adopted.set(id, node);
		}
	}
	const swap = (node: RegistryNode) => adopted.get(node.id) ?? node;
	return {
		roots: next.roots.map(swap),
		nodes: adopted,
		children: new Map([...next.children].map(([id, children]) => [id, children.map(swap)])),
		parents: next.parents,
		canonical: next.canonical,
		message: next.message,
	};
}

/** The children of `node`, or the roots when `node` is undefined. */
export function getChildren(tree: RegistryTree, node?: RegistryNode): RegistryNode[] {
	if (!node) {
		return tree.roots;
	}
	return tree.children.get(node.id) ?? [];
}

/** The parent of `node`, or undefined for a root (what `TreeDataProvider.getParent` returns). */
export function getParent(tree: RegistryTree, node: RegistryNode): RegistryNode | undefined {
	const parentId = tree.parents.get(node.id);
	return parentId === undefined ? undefined : tree.nodes.get(parentId);
}

/** The node to reveal for an item, or undefined when the item is not shown (filtered out). */
export function findItemNode(tree: RegistryTree, setId: string, kind: string, name: string): RegistryNode | undefined {
	const id = tree.canonical.get(itemKey(setId, kind, name));
	return id === undefined ? undefined : tree.nodes.get(id);
}

/**
 * The node for the item under a cursor: an item whose definition location contains the position,
 * else an item named `word` in the set holding the document (hosts first, then tasks, drivers, tags).
 */
export function findNodeAt(tree: RegistryTree, registry: RegistryResult | undefined, uri: string, line: number, character: number, word?: string): RegistryNode | undefined {
	const set = setForDocument(registry, uri);
	let best: RegistryNode | undefined;
	for (const node of tree.nodes.values()) {
		if (node.location && node.location.uri === uri && containsPosition(node.location, line, character) && tree.canonical.get(itemKey(node.setId, node.kind, node.name ?? '')) === node.id) {
			best = node;
			break;
		}
	}
	if (best || !set || !word) {
		return best;
	}
	for (const kind of ['host', 'task', 'driver', 'tag', 'namespace']) {
		const node = findItemNode(tree, set.id, kind, word);
		if (node) {
			return node;
		}
	}
	return undefined;
}

/** The evaluation set a document belongs to: one listing the file, else the deepest set directory holding it. */
export function setForDocument(registry: RegistryResult | undefined, uri: string): RegistrySet | undefined {
	const sets = registry?.sets ?? [];
	const listing = sets.find(set => set.files.includes(uri) || set.id === uri);
	if (listing) {
		return listing;
	}
	let best: RegistrySet | undefined;
	for (const set of sets) {
		if (set.kind !== 'loose' && uri.startsWith(set.id.endsWith('/') ? set.id : `${set.id}/`) && (!best || set.id.length > best.id.length)) {
			best = set;
		}
	}
	return best;
}

/** The filter as a short phrase: `pattern "web-*"`, `tag "prod"`. */
export function describeFilter(filter: RegistryFilter): string {
	return filter.kind === 'pattern' ? `pattern "${filter.pattern}"` : `tag "${filter.tag}"`;
}

/** True when a host passes the filter (a name glob, or carries the tag). */
export function hostMatches(host: HostItem, filter: RegistryFilter | undefined): boolean {
	if (!filter) {
		return true;
	}
	return filter.kind === 'pattern' ? nameMatches(host.name, filter.pattern) : host.tags.includes(filter.tag);
}

/** True when a task passes the filter (a name glob, or names the tag in targets or filters). */
export function taskMatches(task: TaskItem, filter: RegistryFilter | undefined): boolean {
	if (!filter) {
		return true;
	}
	return filter.kind === 'pattern' ? nameMatches(task.name, filter.pattern) : task.targets.includes(filter.tag) || task.filters.includes(filter.tag);
}

/** True when `name` matches the micromatch glob; an invalid glob matches nothing. */
export function nameMatches(name: string, pattern: string): boolean {
	try {
		return micromatch.isMatch(name, pattern);
	} catch {
		return false;
	}
}

/** Counts of one set for the status bar: `$(server) 12  $(run) 4  $(error) 1`. */
export interface SetSummary {
	label: string;
	hosts: number;
	tasks: number;
	errors: number;
	warnings: number;
}

/** The status-bar summary of a set (hidden items count too: they exist in the registry). */
export function summarizeSet(set: RegistrySet): SetSummary {
	return { label: set.label, hosts: set.hosts.length, tasks: set.tasks.length, errors: set.problems.errors, warnings: set.problems.warnings };
}

/** `2 errors, 1 warning`, or '' with no problems. */
export function formatProblems(problems: ProblemCounts): string {
	const parts: string[] = [];
	if (problems.errors > 0) {
		parts.push(`${problems.errors} error${problems.errors === 1 ? '' : 's'}`);
	}
	if (problems.warnings > 0) {
		parts.push(`${problems.warnings} warning${problems.warnings === 1 ? '' : 's'}`);
	}
	return parts.join(', ');
}

// ---------------------------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------------------------

function buildSet(tree: RegistryTree, set: RegistrySet, options: RegistryTreeOptions): RegistryNode | undefined {
	const filter = options.filter;
	const setNode: RegistryNode = {
		id: `set:${set.id}`,
		kind: 'set',
		label: set.label,
		description: joinDescription([set.kind === 'project' ? undefined : set.kind, set.open ? 'partly dynamic' : undefined, formatProblems(set.problems)]),
		tooltip: setTooltip(set),
		icon: set.kind === 'user' ? 'account' : set.kind === 'loose' ? 'file' : 'root-folder',
		iconColor: problemColor(set.problems),
		contextValue: 'set',
		collapsible: 'expanded',
		setId: set.id,
		name: set.label,
	};
	const hosts = set.hosts.filter(host => hostMatches(host, filter));
	const tasks = set.tasks.filter(task => taskMatches(task, filter));
	const drivers = filter ? set.drivers.filter(driver => filter.kind === 'pattern' && nameMatches(driver.name, filter.pattern)) : set.drivers;
	const tags = filter ? set.tags.filter(tag => (filter.kind === 'tag' ? tag.name === filter.tag : nameMatches(tag.name, filter.pattern))) : set.tags;
	const shownHosts = new Set(hosts.map(host => host.name));
	const groups = filter ? set.groups.filter(group => group.members.some(member => (group.memberKind === 'task' ? tasks.some(task => task.name === member) : shownHosts.has(member)))) : set.groups;
	const namespaces = set.namespaceEra ? (filter ? set.namespaces.filter(namespace => namespace.hosts.some(name => shownHosts.has(name)) || namespace.tasks.some(name => tasks.some(task => task.name === name))) : set.namespaces) : [];
	if (filter && hosts.length + tasks.length + drivers.length + tags.length === 0) {
		return undefined;
	}
	add(tree, setNode, undefined);
	const hostsByName = new Map(set.hosts.map(host => [host.name, host]));
	const tasksByName = new Map(set.tasks.map(task => [task.name, task]));
	const driversByName = new Map(set.drivers.map(driver => [driver.name, driver]));

	const hostsNode = addCategory(tree, setNode, 'hosts', 'Hosts', 'server', hosts.length, set.hosts.length, filter);
	if (options.groupHostsByTag) {
		addHostsByTag(tree, hostsNode, set, hosts);
	} else {
		for (const host of hosts) {
			addHost(tree, hostsNode, set, host, true);
		}
	}
	const tasksNode = addCategory(tree, setNode, 'tasks', 'Tasks', 'tasklist', tasks.length, set.tasks.length, filter);
	for (const task of tasks) {
		addTask(tree, tasksNode, set, task, hostsByName, true);
	}
	const driversNode = addCategory(tree, setNode, 'drivers', 'Drivers', 'gear', drivers.length, set.drivers.length, filter);
	for (const driver of drivers) {
		addDriver(tree, driversNode, set, driver, true);
	}
	const groupsNode = addCategory(tree, setNode, 'groups', 'Groups', 'group-by-ref-type', groups.length, set.groups.length, filter);
	for (const group of groups) {
		addGroup(tree, groupsNode, set, group, hostsByName, tasksByName, driversByName);
	}
	const tagsNode = addCategory(tree, setNode, 'tags', 'Tags', 'tag', tags.length, set.tags.length, filter);
	for (const tag of tags) {
		addTag(tree, tagsNode, set, tag, hostsByName, !options.groupHostsByTag);
	}
	if (set.namespaceEra) {
		const namespacesNode = addCategory(tree, setNode, 'namespaces', 'Namespaces', 'symbol-namespace', namespaces.length, set.namespaces.length, filter);
		for (const namespace of namespaces) {
			addNamespace(tree, namespacesNode, set, namespace, hostsByName, tasksByName, driversByName);
		}
	}
	return setNode;
}

function add(tree: RegistryTree, node: RegistryNode, parent: RegistryNode | undefined): RegistryNode {
	tree.nodes.set(node.id, node);
	if (parent) {
		tree.parents.set(node.id, parent.id);
		const siblings = tree.children.get(parent.id);
		if (siblings) {
			siblings.push(node);
		} else {
			tree.children.set(parent.id, [node]);
		}
	}
	return node;
}

/** Registers `node` as the one `reveal` selects for its item, unless one is already registered. */
function markCanonical(tree: RegistryTree, node: RegistryNode): void {
	const key = itemKey(node.setId, node.kind, node.name ?? '');
	if (!tree.canonical.has(key)) {
		tree.canonical.set(key, node.id);
	}
}

function addCategory(tree: RegistryTree, setNode: RegistryNode, category: CategoryName, label: string, icon: string, shown: number, total: number, filter: RegistryFilter | undefined): RegistryNode {
	return add(tree, {
		id: `${setNode.id}|${category}`,
		kind: 'category',
		label,
		description: filter ? `${shown} of ${total}` : `${total}`,
		icon,
		contextValue: `category.${category}`,
		collapsible: category === 'hosts' || category === 'tasks' ? 'expanded' : 'collapsed',
		setId: setNode.setId,
		name: category,
		category,
	}, setNode);
}

function addHostsByTag(tree: RegistryTree, hostsNode: RegistryNode, set: RegistrySet, hosts: HostItem[]): void {
	const byTag = new Map<string, HostItem[]>();
	const untagged: HostItem[] = [];
	for (const host of hosts) {
		if (host.tags.length === 0) {
			untagged.push(host);
		}
		for (const tag of host.tags) {
			const list = byTag.get(tag);
			if (list) {
				list.push(host);
			} else {
				byTag.set(tag, [host]);
			}
		}
	}
	for (const tag of [...byTag.keys()].sort()) {
		const tagHosts = byTag.get(tag)!;
		const groupNode = add(tree, {
			id: `${hostsNode.id}|tag:${tag}`,
			kind: 'tagGroup',
			label: tag,
			description: `${tagHosts.length}`,
			icon: 'tag',
			contextValue: 'tagGroup',
			collapsible: 'expanded',
			setId: set.id,
			name: tag,
		}, hostsNode);
		for (const host of tagHosts) {
			addHost(tree, groupNode, set, host, true);
		}
	}
	if (untagged.length > 0) {
		const groupNode = add(tree, {
			id: `${hostsNode.id}|untagged`,
			kind: 'tagGroup',
			label: '(untagged)',
			description: `${untagged.length}`,
			icon: 'circle-outline',
			contextValue: 'tagGroup.untagged',
			collapsible: 'expanded',
			setId: set.id,
		}, hostsNode);
		for (const host of untagged) {
			addHost(tree, groupNode, set, host, true);
		}
	}
}

function addHost(tree: RegistryTree, parent: RegistryNode, set: RegistrySet, host: HostItem, canonical: boolean): RegistryNode {
	const node = add(tree, {
		id: `${parent.id}|host:${host.name}`,
		kind: 'host',
		label: host.name,
		description: joinDescription([host.hidden ? 'hidden' : undefined, formatProblems(host.problems), host.description, host.tags.length > 0 ? host.tags.map(tag => `#${tag}`).join(' ') : undefined]),
		tooltip: hostTooltip(host),
		icon: host.hidden ? 'eye-closed' : 'vm',
		iconColor: problemColor(host.problems) ?? (host.hidden ? 'disabledForeground' : undefined),
		contextValue: 'host',
		collapsible: 'none',
		setId: set.id,
		name: host.name,
		location: host.location,
	}, parent);
	if (canonical) {
		markCanonical(tree, node);
	}
	return node;
}

function addTask(tree: RegistryTree, parent: RegistryNode, set: RegistrySet, task: TaskItem, hostsByName: Map<string, HostItem>, canonical: boolean): RegistryNode {
	const node = add(tree, {
		id: `${parent.id}|task:${task.name}`,
		kind: 'task',
		label: task.name,
		description: joinDescription([task.disabled ? 'disabled' : undefined, task.hidden ? 'hidden' : undefined, formatProblems(task.problems), hostCount(task), task.description]),
		tooltip: taskTooltip(task),
		icon: task.disabled ? 'circle-slash' : task.hidden ? 'eye-closed' : 'play',
		iconColor: problemColor(task.problems) ?? (task.disabled || task.hidden ? 'disabledForeground' : undefined),
		contextValue: task.disabled ? 'task.disabled' : 'task',
		collapsible: canonical && task.hosts.length > 0 ? 'collapsed' : 'none',
		setId: set.id,
		name: task.name,
		location: task.location,
	}, parent);
	if (canonical) {
		markCanonical(tree, node);
		// The resolved hosts, so "which hosts will this task hit?" is one click away.
		for (const hostName of task.hosts) {
			const host = hostsByName.get(hostName);
			if (host) {
				addHost(tree, node, set, host, false);
			}
		}
	}
	return node;
}

function addDriver(tree: RegistryTree, parent: RegistryNode, set: RegistrySet, driver: DriverItem, canonical: boolean): RegistryNode {
	const node = add(tree, {
		id: `${parent.id}|driver:${driver.name}`,
		kind: 'driver',
		label: driver.name,
		description: joinDescription([driver.builtin ? 'built-in' : undefined, formatProblems(driver.problems)]),
		tooltip: `**driver** \`${driver.name}\`${driver.builtin ? '\n\nThe built-in default driver.' : ''}`,
		icon: 'gear',
		iconColor: problemColor(driver.problems),
		contextValue: driver.builtin ? 'driver.builtin' : 'driver',
		collapsible: 'none',
		setId: set.id,
		name: driver.name,
		location: driver.location,
	}, parent);
	if (canonical) {
		markCanonical(tree, node);
	}
	return node;
}

function addGroup(tree: RegistryTree, parent: RegistryNode, set: RegistrySet, group: GroupItem, hostsByName: Map<string, HostItem>, tasksByName: Map<string, TaskItem>, driversByName: Map<string, DriverItem>): void {
	const memberKind = group.memberKind ?? 'host';
	const node = add(tree, {
		id: `${parent.id}|group:${group.id}`,
		kind: 'group',
		label: `group ${group.id}`,
		description: joinDescription([`${group.members.length} ${memberKind}${group.members.length === 1 ? '' : 's'}`, group.defaults.length > 0 ? `defaults: ${group.defaults.join(', ')}` : undefined]),
		tooltip: `**group** ${group.id}\n\nMembers (${memberKind}s): ${group.members.map(member => `\`${member}\``).join(', ') || 'none'}\n\nDefaults: ${group.defaults.map(key => `\`${key}\``).join(', ') || 'none'}`,
		icon: 'group-by-ref-type',
		contextValue: 'group',
		collapsible: group.members.length > 0 ? 'collapsed' : 'none',
		setId: set.id,
		name: String(group.id),
		location: group.location,
	}, parent);
	addMembers(tree, node, set, memberKind, group.members, hostsByName, tasksByName, driversByName);
}

function addMembers(tree: RegistryTree, parent: RegistryNode, set: RegistrySet, kind: 'host' | 'task' | 'driver', names: string[], hostsByName: Map<string, HostItem>, tasksByName: Map<string, TaskItem>, driversByName: Map<string, DriverItem>): void {
	for (const name of names) {
		if (kind === 'host' && hostsByName.has(name)) {
			addHost(tree, parent, set, hostsByName.get(name)!, false);
		} else if (kind === 'task' && tasksByName.has(name)) {
			addTask(tree, parent, set, tasksByName.get(name)!, hostsByName, false);
		} else if (kind === 'driver' && driversByName.has(name)) {
			addDriver(tree, parent, set, driversByName.get(name)!, false);
		}
	}
}

function addTag(tree: RegistryTree, parent: RegistryNode, set: RegistrySet, tag: TagItem, hostsByName: Map<string, HostItem>, canonical: boolean): void {
	const node = add(tree, {
		id: `${parent.id}|tag:${tag.name}`,
		kind: 'tag',
		label: tag.name,
		description: `${tag.hosts.length} host${tag.hosts.length === 1 ? '' : 's'}`,
		tooltip: `**tag** \`${tag.name}\`\n\nHosts: ${tag.hosts.map(host => `\`${host}\``).join(', ') || 'none'}`,
		icon: 'tag',
		contextValue: 'tag',
		collapsible: tag.hosts.length > 0 ? 'collapsed' : 'none',
		setId: set.id,
		name: tag.name,
	}, parent);
	// With hosts grouped by tag, the tag group under Hosts is the one to reveal.
	if (canonical) {
		markCanonical(tree, node);
	}
	addMembers(tree, node, set, 'host', tag.hosts, hostsByName, new Map(), new Map());
}

function addNamespace(tree: RegistryTree, parent: RegistryNode, set: RegistrySet, namespace: NamespaceItem, hostsByName: Map<string, HostItem>, tasksByName: Map<string, TaskItem>, driversByName: Map<string, DriverItem>): void {
	const node = add(tree, {
		id: `${parent.id}|namespace:${namespace.name}`,
		kind: 'namespace',
		label: namespace.name,
		description: `${namespace.hosts.length} hosts, ${namespace.tasks.length} tasks, ${namespace.drivers.length} drivers`,
		tooltip: `**namespace** \`${namespace.name}\``,
		icon: 'symbol-namespace',
		contextValue: 'namespace',
		collapsible: 'collapsed',
		setId: set.id,
		name: namespace.name,
		location: namespace.location,
	}, parent);
	markCanonical(tree, node);
	addMembers(tree, node, set, 'host', namespace.hosts, hostsByName, tasksByName, driversByName);
	addMembers(tree, node, set, 'task', namespace.tasks, hostsByName, tasksByName, driversByName);
	addMembers(tree, node, set, 'driver', namespace.drivers, hostsByName, tasksByName, driversByName);
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

function hostCount(task: TaskItem): string {
	return `→ ${task.hosts.length} host${task.hosts.length === 1 ? '' : 's'}`;
}

function setTooltip(set: RegistrySet): string {
	const lines = [`**${set.label}** (${set.kind} evaluation set${set.namespaceEra ? ', namespace era' : ''})`, ''];
	lines.push(`${set.hosts.length} hosts, ${set.tasks.length} tasks, ${set.drivers.length} drivers, ${set.groups.length} groups, ${set.tags.length} tags`);
	if (set.open) {
		lines.push('', 'Part of this set cannot be evaluated statically, so "not found" checks are relaxed.');
	}
	const problems = formatProblems(set.problems);
	if (problems) {
		lines.push('', problems);
	}
	lines.push('', 'Files, in load order:', '');
	for (const file of set.files) {
		lines.push(`- \`${decodeURIComponent(file.replace(/^file:\/\//, ''))}\``);
	}
	return lines.join('\n');
}

function hostTooltip(host: HostItem): string {
	const lines = [`**host** \`${host.name}\`${host.hidden ? ' (hidden)' : ''}`];
	if (host.namespace) {
		lines.push('', `Namespace: \`${host.namespace}\``);
	}
	if (host.description) {
		lines.push('', escapeMarkdown(host.description));
	}
	if (host.tags.length > 0) {
		lines.push('', `Tags: ${host.tags.map(tag => `\`${tag}\``).join(', ')}`);
	}
	const problems = formatProblems(host.problems);
	if (problems) {
		lines.push('', `Problems: ${problems}`);
	}
	if (host.sshConfig) {
		lines.push('', '```ssh_config', host.sshConfig.replace(/\n+$/, ''), '```');
	}
	return lines.join('\n');
}

function taskTooltip(task: TaskItem): string {
	const state = [task.disabled ? 'disabled' : undefined, task.hidden ? 'hidden' : undefined].filter(Boolean).join(', ');
	const lines = [`**task** \`${task.name}\`${state ? ` (${state})` : ''}`];
	if (task.description) {
		lines.push('', escapeMarkdown(task.description));
	}
	lines.push('', `Backend: \`${task.backend}\` · driver: \`${task.driver}\``);
	if (task.targets.length > 0) {
		lines.push('', `Targets: ${task.targets.map(target => `\`${target}\``).join(', ')}`);
	}
	if (task.filters.length > 0) {
		lines.push('', `Filters: ${task.filters.map(filter => `\`${filter}\``).join(', ')}`);
	}
	lines.push('', `Resolved hosts (${task.hosts.length}): ${task.hosts.map(host => `\`${host}\``).join(', ') || 'none'}`);
	const problems = formatProblems(task.problems);
	if (problems) {
		lines.push('', `Problems: ${problems}`);
	}
	return lines.join('\n');
}

function problemColor(problems: ProblemCounts): string | undefined {
	if (problems.errors > 0) {
		return 'problemsErrorIcon.foreground';
	}
	if (problems.warnings > 0) {
		return 'problemsWarningIcon.foreground';
	}
	return undefined;
}

function joinDescription(parts: (string | undefined)[]): string | undefined {
	const text = parts.filter(part => part !== undefined && part !== '').join(' · ');
	return text === '' ? undefined : text;
}

function escapeMarkdown(text: string): string {
	return text.replace(/([\\`*_{}[\]<>#|])/g, '\\$1');
}

function containsPosition(location: ExtLocation, line: number, character: number): boolean {
	const { start, end } = location.range;
	if (line < start.line || line > end.line) {
		return false;
	}
	if (line === start.line && character < start.character) {
		return false;
	}
	return !(line === end.line && character > end.character);
}
