/**
 * The custom protocol between the ESSH language server and its clients (method names fixed):
 * `essh/registry`, `essh/lookup` and `essh/registryChanged`; for the server in a browser, which has no disk, `essh/readFiles` (the client reads files for it), and `essh/environment`.
 * Plain types with no imports, so the VS Code client and other tools can share this file.
 * Documented in docs/protocol.md.
 */

/** An LSP location (kept structural so this file imports nothing). */
export interface ExtLocation {
	uri: string;
	range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export const RegistryRequestMethod = 'essh/registry';
export const LookupRequestMethod = 'essh/lookup';
export const RegistryChangedNotificationMethod = 'essh/registryChanged';
export const ReadFilesRequestMethod = 'essh/readFiles';
export const EnvironmentRequestMethod = 'essh/environment';
export const ClearCacheRequestMethod = 'essh/clearCache';

/** `essh/clearCache` result (client → server, no params): the kept state's files deleted (0 when the server keeps none). */
export interface ClearCacheResult {
	/** How many record files were deleted. */
	removed: number;
	/** False when the server keeps no state (no `cacheDirectory`, or the browser build). */
	enabled: boolean;
}

/**
 * `essh/readFiles` params (server → client, sent only by the server in a browser): read the ESSH
 * files under these URIs (workspace folders, or files and directories that changed).
 */
export interface ReadFilesParams {
	uris: string[];
	/** Created paths that no include glob selects: they matter only as directories, whose ESSH files are read; a file there is left out. */
	directoriesOnly?: string[];
	/** `essh.files.include` and `essh.files.exclude`, relative to each directory asked for. */
	include: string[];
	exclude: string[];
	/** Files over this many bytes come without their text. */
	maxSize: number;
}

/**
 * One entry of the answer. A directory asked for comes first, followed by the files found under
 * it; a URI that does not exist (any more) comes as `missing`.
 */
export type ReadFileEntry =
	| { uri: string; kind: 'file'; size: number; text?: string; reason?: string }
	| { uri: string; kind: 'directory' }
	| { uri: string; kind: 'missing' };

export interface ReadFilesResult {
	entries: ReadFileEntry[];
}

/** `essh/environment` result: where the server runs (the web tests check it is a browser Worker). */
export interface EnvironmentResult {
	/** `node`, or `browser` for the Worker build. */
	runtime: 'node' | 'browser';
	/** The constructor name of the global object (`DedicatedWorkerGlobalScope` in a Worker). */
	global: string;
}

/** `essh/registry` params: optionally one set (by id) only. */
export interface RegistryParams {
	setId?: string;
}

export interface RegistryResult {
	/** Bumped on every registry change; equal revisions mean equal content. */
	revision: number;
	sets: RegistrySet[];
}

export interface ProblemCounts {
	errors: number;
	warnings: number;
}

export interface RegistrySet {
	/** The project directory (or the file, for a loose file), as a URI. */
	id: string;
	label: string;
	kind: 'project' | 'user' | 'loose';
	/** URIs of the top-level files in load order. */
	files: string[];
	namespaceEra: boolean;
	/** True when part of the set cannot be evaluated statically. */
	open: boolean;
	hosts: HostItem[];
	tasks: TaskItem[];
	drivers: DriverItem[];
	groups: GroupItem[];
	tags: TagItem[];
	namespaces: NamespaceItem[];
	problems: ProblemCounts;
}

export interface HostItem {
	name: string;
	description: string;
	tags: string[];
	hidden: boolean;
	/** Namespace-era: the namespace that owns the host. */
	namespace?: string;
	location: ExtLocation;
	/** The host's block of the generated ssh_config. */
	sshConfig: string;
	/** Problems reported on the host's definition (its name, keys and values). */
	problems: ProblemCounts;
}

export interface TaskItem {
	/** The public name (`ns:t` in the namespace era). */
	name: string;
	description: string;
	backend: string;
	driver: string;
	targets: string[];
	filters: string[];
	/** Resolved host names, sorted. */
	hosts: string[];
	hidden: boolean;
	disabled: boolean;
	namespace?: string;
	location: ExtLocation;
	problems: ProblemCounts;
}

export interface DriverItem {
	name: string;
	builtin: boolean;
	/** Absent for the built-in default driver. */
	location?: ExtLocation;
	problems: ProblemCounts;
}

export interface GroupItem {
	id: number;
	memberKind?: 'host' | 'task' | 'driver';
	members: string[];
	defaults: string[];
	location: ExtLocation;
}

export interface TagItem {
	name: string;
	hosts: string[];
}

export interface NamespaceItem {
	name: string;
	hosts: string[];
	tasks: string[];
	drivers: string[];
	location: ExtLocation;
}

/** `essh/lookup` params. */
export interface LookupParams {
	kind: 'hosts' | 'tasks' | 'tags' | 'drivers' | 'groups' | 'namespaces' | 'hostsOfTask' | 'tasksByTag';
	/** Glob over names (micromatch), e.g. `web-*`; `!x` excludes. */
	pattern?: string;
	/** Exact tag (hosts carrying it; for `tasksByTag`, tasks whose targets or filters name it). */
	tag?: string;
	/** Task name for `hostsOfTask`. */
	name?: string;
	/** A set id or any file URI inside it; all sets when absent. */
	scope?: string;
}

export interface LookupItem {
	kind: 'host' | 'task' | 'tag' | 'driver' | 'group' | 'namespace';
	name: string;
	description?: string;
	setId: string;
	location?: ExtLocation;
}

export interface LookupResult {
	items: LookupItem[];
}

/** `essh/registryChanged` params. */
export interface RegistryChangedParams {
	revision: number;
	/** Ids of the sets whose registry changed. */
	sets: string[];
}
