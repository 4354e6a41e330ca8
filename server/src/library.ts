/**
 * The `essh-tools` library entry (bundled to dist/library.js, the package's `exports`): a small
 * typed API over the core for Node scripts, `openRegistry(dir, options)`, answering with the same
 * objects as `essh-registry --format json` (cli/json.ts). Its types are published in
 * types/index.d.ts; the `satisfies` check at the bottom keeps the two in step.
 */
import * as path from 'node:path';
import type { AnalysisConfig } from './core/analysis';
import { lookupDrivers, lookupHosts, lookupTags, lookupTasks, generateSshConfig, sshConfigBlock, allTasks } from './core/queries';
import { publicTaskName } from './core/checks';
import { DEFAULT_VERSION, describeSupportedVersions, formatVersion, parseSupportedVersion } from './core/version';
import { defaultUserDirectory, toFileId } from './files';
import { diagnosticJson, driverJson, groupJson, hostJson, Placer, resourceJson, tagJson, taskJson } from './cli/json';
import { checkRootDirectory, loadWorkspace, setForRoot } from './cli/project';
import type * as Api from '../../types/index';

export type * from '../../types/index';

export async function openRegistry(dir: string, options: Api.OpenRegistryOptions = {}): Promise<Api.EsshRegistry> {
	const root = path.resolve(dir);
	checkRootDirectory(root, dir);
	const version = options.esshVersion === undefined ? DEFAULT_VERSION : parseSupportedVersion(options.esshVersion);
	if (!version) {
		throw new Error(`esshVersion: "${options.esshVersion}" is not an ESSH release; known versions: ${describeSupportedVersions()}`);
	}
	const userConfig = options.userConfig ?? true;
	const userDirectory = userConfig === false ? undefined : typeof userConfig === 'string' ? path.resolve(userConfig) : defaultUserDirectory();
	const config: AnalysisConfig = { version, userDirectory: userDirectory ? toFileId(userDirectory) : undefined, severity: {} };
	const { set, workspace } = setForRoot(root, config, root);
	const registry = set.registry;
	const placer = new Placer(workspace, root);
	const hosts = (list: ReturnType<typeof lookupHosts>): Api.HostJson[] => list.map(host => hostJson(host, placer));
	const tasks = (list: ReturnType<typeof lookupTasks>): Api.TaskJson[] => list.map(task => taskJson(task, set, placer));
	const patterns = (pattern: string | string[] | undefined): string[] => (pattern === undefined ? [] : Array.isArray(pattern) ? pattern : [pattern]);
	// Diagnostics of every file under the directory, as `essh-registry check DIR` reports them.
	const checked = loadWorkspace([root], config, root).workspace;
	const analysis = checked.analysis(config);
	const checkedPlacer = new Placer(checked, root);
	const diagnostics = checked.fileIds().sort().flatMap(file => analysis.diagnostics(file).map(diag => diagnosticJson({ ...diag, file }, checked, checkedPlacer)));
	return {
		root,
		esshVersion: formatVersion(version),
		diagnostics,
		getHost: name => {
			const host = registry.hosts.get(name);
			return host && resourceJson(host, set, placer);
		},
		getTask: name => {
			const task = allTasks(registry).find(candidate => publicTaskName(candidate) === name);
			return task && resourceJson(task, set, placer);
		},
		getDriver: name => {
			const driver = registry.drivers.get(name);
			return driver && resourceJson(driver, set, placer);
		},
		lookupHosts: pattern => hosts(lookupHosts(registry, { patterns: patterns(pattern) })),
		lookupHostsByTag: tag => hosts(lookupHosts(registry, { tags: [tag] })),
		lookupHostsByGroup: id => hosts(lookupHosts(registry, { group: id })),
		lookupTasks: pattern => tasks(lookupTasks(registry, { patterns: patterns(pattern) })),
		lookupTasksByTag: tag => tasks(lookupTasks(registry, { tags: [tag] })),
		tags: () => lookupTags(registry).map(tagJson),
		groups: () => registry.groups.map(group => groupJson(group, placer)),
		drivers: () => lookupDrivers(registry).map(driver => driverJson(driver, placer)),
		sshConfig: name => {
			if (name === undefined) {
				return generateSshConfig(registry);
			}
			const host = registry.hosts.get(name);
			return host && sshConfigBlock(host);
		},
	};
}

// The published declaration and this implementation must agree (checked when the tests compile).
openRegistry satisfies typeof Api.openRegistry;
