/**
 * The JSON shapes of the command line, shared by `essh-registry --format json`
 * and the library (`openRegistry`), so both answer with the same objects: hosts, tasks, drivers,
 * tags, groups, the effective configuration of one resource (`show`), and diagnostics. Paths are
 * relative to a base directory; lines and columns are 1-based (columns in UTF-16 code units).
 */
import * as path from 'node:path';
import type { SetAnalysis, Workspace } from '../core/analysis';
import { publicTaskName } from '../core/checks';
import type { FileDiag } from '../core/diagnostic';
import { partialStringPlaceholders } from '../core/lower';
import type { Group, Resource } from '../core/model';
import {
	dynamicSshProperties, hostDescription, hostsOfTask, hostTags, isHidden, partialSshProperties, renderValue, sshConfigBlock, sshProperties, sshPropertyText, taskBackend, taskDriver, taskFilters, taskTargets,
} from '../core/queries';

// The shapes are declared once, in the library's published types.
import type { DiagnosticJson, DriverJson, GroupJson, HostJson, Place, ResourceJson, TagJson, TaskJson } from '../../../types/index';

export type { DiagnosticJson, DriverJson, GroupJson, HostJson, Place, PropertyJson, ResourceJson, TagJson, TaskJson } from '../../../types/index';

/** Turns core sites into `Place`s relative to `base`. */
export class Placer {
	constructor(private readonly workspace: Workspace, private readonly base: string) {}

	relative(file: string): string {
		const result = path.relative(this.base, file);
		return result === '' ? file : result;
	}

	place(file: string, offset: number): Place {
		if (file === '') {
			return { file: '', line: 0 };
		}
		const index = this.workspace.lineIndex(file);
		return { file: this.relative(file), line: index ? index.position(offset).line + 1 : 0 };
	}
}

export function hostJson(host: Resource, placer: Placer): HostJson {
	const sshConfig: Record<string, string> = {};
	for (const entry of sshProperties(host)) {
		sshConfig[entry.key] = sshPropertyText(entry);
	}
	return { name: host.name, description: hostDescription(host), tags: hostTags(host), hidden: isHidden(host), ...placer.place(host.nameSite.file, host.nameSite.range.start), sshConfig };
}

export function taskJson(task: Resource, set: SetAnalysis, placer: Placer): TaskJson {
	return {
		name: publicTaskName(task), description: hostDescription(task), backend: taskBackend(task), driver: taskDriver(task),
		targets: taskTargets(task), filters: taskFilters(task), hosts: hostsOfTask(set, task).map(host => host.name), ...placer.place(task.nameSite.file, task.nameSite.range.start),
	};
}

export function driverJson(driver: Resource, placer: Placer): DriverJson {
	return { name: driver.name, builtin: driver.builtin, engine: engineKind(driver), ...placer.place(driver.nameSite.file, driver.nameSite.range.start) };
}

export function tagJson(entry: { tag: string; hosts: Resource[] }): TagJson {
	return { name: entry.tag, hosts: entry.hosts.map(host => host.name) };
}

export function groupJson(group: Group, placer: Placer): GroupJson {
	return {
		id: group.id, memberKind: group.memberKind ?? null, members: group.members.map(member => (member.kind === 'task' ? publicTaskName(member) : member.name)),
		defaults: [...group.defaults.keys()], ...placer.place(group.callSite.file, group.callSite.range.start),
	};
}

export function resourceJson(resource: Resource, set: SetAnalysis, placer: Placer): ResourceJson {
	const properties = [...resource.properties.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
		.map(entry => ({ key: entry.key, value: renderValue(entry), origin: entry.origin, ...placer.place(entry.keySite.file, entry.keySite.range.start) }));
	const extra = resource.kind === 'host'
		? { sshConfig: sshConfigBlock(resource), tags: hostTags(resource) }
		: resource.kind === 'task' ? { hosts: hostsOfTask(set, resource).map(host => host.name), driver: taskDriver(resource), backend: taskBackend(resource) } : {};
	return { kind: resource.kind as ResourceJson['kind'], name: resource.kind === 'task' ? publicTaskName(resource) : resource.name, ...placer.place(resource.nameSite.file, resource.nameSite.range.start), properties, ...extra };
}

/**
 * The ssh_config values only known when ESSH runs, by host: values left out (functions, computed
 * strings), then values written with placeholders (`placeholders`: each `<label>` as it appears).
 */
export function computedSshValues(hosts: Resource[], placer: Placer): ComputedSshValue[] {
	return hosts.flatMap(host => [
		...dynamicSshProperties(host).map(entry => ({ host: host.name, key: entry.key, ...placer.place(entry.keySite.file, entry.keySite.range.start) })),
		...partialSshProperties(host).map(entry => ({
			host: host.name, key: entry.key, ...placer.place(entry.keySite.file, entry.keySite.range.start),
			placeholders: entry.value.kind === 'partialString' ? partialStringPlaceholders(entry.value) : [],
		})),
	]);
}

/** One entry of `computedSshValues`. */
export type ComputedSshValue = { host: string; key: string; placeholders?: string[] } & Place;

export function diagnosticJson(diag: FileDiag, workspace: Workspace, placer: Placer): DiagnosticJson {
	const index = workspace.lineIndex(diag.file)!;
	const start = index.position(diag.range.start);
	const end = index.position(diag.range.end);
	return {
		file: placer.relative(diag.file), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1,
		severity: diag.severity, code: diag.code, message: diag.message,
	};
}

export function stringProperty(resource: Resource, key: string): string {
	const value = resource.properties.get(key)?.value;
	return value?.kind === 'string' ? value.value : '';
}

export function engineKind(driver: Resource): string | null {
	if (driver.builtin) {
		return 'built-in';
	}
	const value = driver.properties.get('engine')?.value;
	return value === undefined ? null : value.kind === 'string' || value.kind === 'partialString' ? 'template' : value.kind === 'function' ? 'function' : 'dynamic';
}
