/**
 * Types of the `essh-tools` library (`require('essh-tools')` / `import ... from 'essh-tools'`):
 * the ESSH registry of a project directory, read statically (no config code runs), with the same
 * objects `essh-registry --format json` prints. Paths are relative to the directory given to
 * `openRegistry`; lines and columns are 1-based, columns in UTF-16 code units.
 * The implementation (server/src/library.ts) is checked against this file when the tests compile.
 */

/** Where something is written: a path relative to the registry's directory and a 1-based line (0 for built-ins). */
export interface Place {
	file: string;
	line: number;
}

export interface HostJson extends Place {
	name: string;
	description: string;
	tags: string[];
	hidden: boolean;
	/**
	 * The ssh_config properties ESSH writes for the host (upper-case keys), by key. A value joined with
	 * `..` from text and run-time parts is written with `<label>` for each run-time part
	 * (`ssh -q -F <essh.ssh_config> -W %h:%p gateway`); a value computed entirely at run time is left out.
	 */
	sshConfig: Record<string, string>;
}

export interface TaskJson extends Place {
	name: string;
	description: string;
	backend: string;
	driver: string;
	targets: string[];
	filters: string[];
	/** The hosts the task resolves to, as ESSH resolves targets and filters. */
	hosts: string[];
}

export interface DriverJson extends Place {
	name: string;
	builtin: boolean;
	/** `built-in`, `template`, `function`, `dynamic`, or null when the driver has no engine. */
	engine: string | null;
}

export interface TagJson {
	name: string;
	hosts: string[];
}

export interface GroupJson extends Place {
	/** The group's number in evaluation order (groups have no names); `lookupHostsByGroup` takes it. */
	id: number;
	/** `host`, `task` or `driver`, or null for a group without members. */
	memberKind: string | null;
	members: string[];
	/** The default keys the group applies to its members. */
	defaults: string[];
}

export interface PropertyJson extends Place {
	key: string;
	value: string;
	/** Where the effective value comes from: its own definition, a group default, a later assignment. */
	origin: string;
}

/** The effective configuration of one host, task or driver (`essh-registry show NAME --format json`). */
export interface ResourceJson extends Place {
	kind: 'host' | 'task' | 'driver';
	name: string;
	properties: PropertyJson[];
	/** Hosts: the ssh_config block ESSH writes. */
	sshConfig?: string;
	/** Hosts: the tags. */
	tags?: string[];
	/** Tasks: the resolved hosts, the driver and the backend. */
	hosts?: string[];
	driver?: string;
	backend?: string;
}

export interface DiagnosticJson {
	file: string;
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
	severity: 'error' | 'warning' | 'information' | 'hint';
	/** The check code (docs/diagnostics.md). */
	code: string;
	message: string;
}

export interface OpenRegistryOptions {
	/** The ESSH release the config targets, e.g. `"3.4"` (the default), `"2.1"` or the sevir/essh fork's `"3.8.3"`. */
	esshVersion?: string;
	/** Read the ESSH user directory as ESSH does: `true` (the default, `~/.essh`), a directory, or `false`. */
	userConfig?: boolean | string;
}

/** The registry ESSH would build when run in one directory. */
export interface EsshRegistry {
	/** The absolute directory the registry was opened on. */
	readonly root: string;
	/** The ESSH version the registry was read for, in full, e.g. `"3.4.0"`. */
	readonly esshVersion: string;
	/** Every diagnostic of the ESSH files under the directory (and the user directory), as `essh-registry check` reports them. */
	readonly diagnostics: DiagnosticJson[];
	getHost(name: string): ResourceJson | undefined;
	getTask(name: string): ResourceJson | undefined;
	getDriver(name: string): ResourceJson | undefined;
	/** Hosts whose names match the glob pattern(s) (`web-*`, `{web,db}-0[1-3]`, `!*.internal`); all hosts without one. Sorted by name. */
	lookupHosts(pattern?: string | string[]): HostJson[];
	lookupHostsByTag(tag: string): HostJson[];
	/** The hosts of a group, by the group's `id` (see `groups()`). */
	lookupHostsByGroup(group: number): HostJson[];
	/** Tasks whose names match the glob pattern(s); all tasks without one. */
	lookupTasks(pattern?: string | string[]): TaskJson[];
	/** Tasks whose targets or filters name the tag. */
	lookupTasksByTag(tag: string): TaskJson[];
	tags(): TagJson[];
	groups(): GroupJson[];
	drivers(): DriverJson[];
	/** The ssh_config ESSH would generate, or the block of one host (undefined when there is no such host); parts computed at run time are written as `<label>` (see `HostJson.sshConfig`). */
	sshConfig(name?: string): string | undefined;
}

/**
 * Reads the ESSH configuration of `dir` (`.esshconfig.lua`, `esshconfig.lua`, overrides, `.essh/lib`
 * modules, the user directory) as ESSH would load it. Rejects when `dir` is not a directory or the
 * version is not one.
 */
export function openRegistry(dir: string, options?: OpenRegistryOptions): Promise<EsshRegistry>;
