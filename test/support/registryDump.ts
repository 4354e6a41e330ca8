/**
 * A compact, sorted, plain-text dump of a registry for expectations (docs/architecture.md): hosts with
 * their effective properties and the origin of each value, tags, tasks with their resolved hosts,
 * driver and backend, drivers, groups with members and defaults, namespaces, and how many reasons
 * make the set open. One item per line, so a diff shows exactly what changed.
 */
import type { Analysis } from '../../server/src/core/analysis';
import { publicTaskName, resolveTask, type TaskResolution } from '../../server/src/core/checks';
import type { Namespace, PropertyEntry, Registry, Resource } from '../../server/src/core/model';
import { renderValue, taskBackend, taskDriver } from '../../server/src/core/queries';
import { compareNames } from '../../server/src/core/registry';

function byName<T>(items: Iterable<T>, name: (item: T) => string): T[] {
	return [...items].sort((a, b) => compareNames(name(a), name(b)));
}

function quote(name: string): string {
	return JSON.stringify(name);
}

/** `key = value (origin)` lines of a resource's properties, sorted by key. */
function renderProperties(resource: Resource, indent: string): string[] {
	return byName(resource.properties.values(), (entry: PropertyEntry) => entry.key)
		.map(entry => `${indent}${entry.key} = ${renderValue(entry)} (${entry.origin})`);
}

/** The head line of a resource: kind, name, form, defining file, flags. */
function renderHead(resource: Resource, name: string = resource.name): string {
	const flags = [resource.form, resource.builtin ? 'built-in' : resource.nameSite.file];
	if (resource.conditional) {
		flags.push('conditional');
	}
	if (resource.groups.length > 0) {
		flags.push(`group ${resource.groups.map(id => `#${id}`).join(',')}`);
	}
	return `${resource.kind} ${quote(name)} [${flags.join(' ')}]`;
}

function renderTask(task: Resource, resolution: TaskResolution | undefined, indent: string): string[] {
	const hosts = resolution === undefined ? '?' : resolution.hasTargets ? resolution.hosts.map(host => host.name).join(' ') : '(no targets)';
	return [
		`${indent}${renderHead(task, publicTaskName(task))}`,
		`${indent}  -> hosts: ${hosts}; driver ${taskDriver(task)}; backend ${taskBackend(task)}`,
		...renderProperties(task, `${indent}  `),
	];
}

function renderNamespace(namespace: Namespace, resolutions: ReadonlyMap<Resource, TaskResolution> | undefined): string[] {
	const lines = [`namespace ${quote(namespace.name)} [${namespace.nameSite.file}${namespace.replacedBy ? ' replaced' : ''}]`];
	for (const host of byName(namespace.hosts.values(), host => host.name)) {
		lines.push(`  ${renderHead(host)}`, ...renderProperties(host, '    '));
	}
	for (const task of byName(namespace.tasks.values(), task => task.name)) {
		lines.push(...renderTask(task, resolutions?.get(task) ?? resolveTask(task, namespace.hosts.values()), '  '));
	}
	for (const driver of byName(namespace.drivers.values(), driver => driver.name)) {
		lines.push(`  ${renderHead(driver)}`, ...renderProperties(driver, '    '));
	}
	return lines;
}

/**
 * Renders a registry. Task hosts come from `resolutions` (the set analysis' own) when given,
 * and are otherwise resolved here against the global hosts.
 */
export function renderRegistry(registry: Registry, resolutions?: ReadonlyMap<Resource, TaskResolution>): string {
	const lines: string[] = [];
	for (const host of byName(registry.hosts.values(), host => host.name)) {
		lines.push(renderHead(host), ...renderProperties(host, '  '));
	}
	for (const [tag, hosts] of byName(registry.tags.entries(), ([tag]) => tag)) {
		lines.push(`tag ${quote(tag)}: ${hosts.map(host => host.name).join(' ')}`);
	}
	for (const task of byName(registry.tasks.values(), task => publicTaskName(task))) {
		lines.push(...renderTask(task, resolutions?.get(task) ?? resolveTask(task, registry.hosts.values()), ''));
	}
	for (const driver of byName(registry.drivers.values(), driver => driver.name)) {
		lines.push(renderHead(driver), ...renderProperties(driver, '  '));
	}
	for (const group of registry.groups) {
		const members = group.members.map(member => `${member.kind} ${member.name}`).join(', ');
		lines.push(`group #${group.id} [${group.callSite.file}${group.conditional ? ' conditional' : ''}]: ${members || '(no members)'}`);
		for (const entry of byName(group.defaults.values(), entry => entry.key)) {
			lines.push(`  default ${entry.key} = ${renderValue(entry)}`);
		}
	}
	for (const namespace of byName(registry.namespaces.values(), namespace => namespace.name)) {
		lines.push(...renderNamespace(namespace, resolutions));
	}
	lines.push(`open: ${registry.openReasons.length}`);
	return lines.join('\n');
}

/** Every evaluation set of an analysis: its kind, files in load order with their roles, and the files it loaded. */
export function renderSets(analysis: Analysis): string {
	const lines: string[] = [];
	for (const definition of analysis.sets) {
		const set = analysis.set(definition.id)!;
		const files = definition.files.map(entry => `${entry.file} (${entry.role})`).join(' -> ');
		lines.push(`${definition.kind} ${definition.id}: ${files}`);
		const modules = set.registry.loadedFiles.filter(file => !definition.files.some(entry => entry.file === file));
		if (modules.length > 0) {
			lines.push(`  loaded: ${modules.join(' ')}`);
		}
		if (definition.ignoredProjectFile !== undefined) {
			lines.push(`  ignored: ${definition.ignoredProjectFile}`);
		}
	}
	return lines.join('\n');
}

/** The registry of one set of an analysis, rendered with the set's own task resolutions. */
export function renderSet(analysis: Analysis, id: string): string {
	const set = analysis.set(id);
	if (!set) {
		return `no set ${id}; sets: ${analysis.sets.map(definition => definition.id).join(' ')}`;
	}
	return renderRegistry(set.registry, set.resolutions);
}
