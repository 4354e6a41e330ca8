/**
 * The registry data model: what one evaluation set defines once all of its files have been replayed
 * in ESSH's order. Plain data with public fields; built by `registry.ts`, read by the checks, the
 * queries, the CLI and the language server. Offsets are UTF-16 offsets into the named file.
 */
import type { FileDiag, FileId } from './diagnostic';
import type { CreateForm, Value } from './lower';
import type { TextRange } from './text';

/** A place in a file. */
export interface Site {
	file: FileId;
	range: TextRange;
}

export type ResourceKind = 'host' | 'task' | 'driver';

/** Where the effective value of a property came from. */
export type PropertyOrigin = 'own' | 'group' | 'assign';

export interface PropertyEntry {
	key: string;
	value: Value;
	/** The file the value's range belongs to. */
	file: FileId;
	/** Where the key is written (in the definition table, the group, or the assignment), in `file`. */
	keyRange: TextRange;
	/** The key as written, as a site: made from `file` and `keyRange` on each read (no object kept per property). */
	readonly keySite: Site;
	origin: PropertyOrigin;
}

/**
 * A resource's effective properties by key, in the order their keys were first set (as a `Map`
 * keeps them). Not a `Map`: a resource has a few properties, and one short list per resource costs
 * less than a hash table (registry.ts, `PropertyMap`). Only the replay sets and deletes.
 */
export interface Properties {
	readonly size: number;
	get(key: string): PropertyEntry | undefined;
	has(key: string): boolean;
	keys(): IterableIterator<string>;
	values(): IterableIterator<PropertyEntry>;
	set(key: string, entry: PropertyEntry): void;
	delete(key: string): boolean;
}

/** One host, task or driver object as ESSH holds it. */
export interface Resource {
	id: number;
	kind: ResourceKind;
	name: string;
	/** The name string (quotes included), or the key of a table form. */
	nameSite: Site;
	/** The whole defining call. */
	callSite: Site;
	form: CreateForm;
	/** Defined inside an `if`, a loop or a short-circuit expression: it may not exist at run time. */
	conditional: boolean;
	properties: Properties;
	/** Namespace-era: the namespace that owns it (undefined for global resources). */
	namespace: string | undefined;
	/** True for the built-in `default` driver. */
	builtin: boolean;
	/** Set when a later definition of the same name replaced this object. */
	replacedBy: Resource | undefined;
	/** Ids of the groups this resource is a member of. */
	groups: number[];
}

/** A tag as carried by one host: the string and where it was written. */
export interface TagSite {
	tag: string;
	site: Site;
}

export interface Group {
	id: number;
	callSite: Site;
	memberKind: ResourceKind | undefined;
	members: Resource[];
	/** Default keys recorded by every call of the group, last value per key. */
	defaults: Map<string, PropertyEntry>;
	conditional: boolean;
}

export interface Namespace {
	name: string;
	nameSite: Site;
	callSite: Site;
	hosts: Map<string, Resource>;
	tasks: Map<string, Resource>;
	drivers: Map<string, Resource>;
	replacedBy: Namespace | undefined;
}

/** A name written somewhere that refers to a host, tag, task or driver (or defines it). */
export interface NameReference {
	site: Site;
	/** What the string names: `target` means a host or a tag, decided by resolution. */
	kind: 'host' | 'tag' | 'task' | 'driver' | 'target' | 'namespace';
	name: string;
	role: 'definition' | 'reference';
	/** Namespace-era: the namespace whose hosts resolve it (undefined means global). */
	namespace?: string;
	/** For definitions: the resource defined. */
	resource?: Resource;
	/** Where a reference sits: a task's targets/filters, a driver key, a select string, a proxy option, or an object alias (`h` of `h.K = v`, an identifier). */
	context?: 'targets' | 'filters' | 'driver' | 'select' | 'proxy' | 'alias';
	/** True when the name was built dynamically or sits in a table that is not a literal: rename refuses it. */
	dynamic?: boolean;
	/** Select strings (`select_hosts`, `:filter`): the hosts it matched at that point of evaluation (essh-semantics.md, Targets, filters and select_hosts). */
	matched?: Resource[];
}

/** A file link: `require "m"`, `dofile "p"`, `script_file = "p"`. */
export interface FileLink {
	site: Site;
	kind: 'require' | 'dofile' | 'script_file';
	target: string;
	/** The file it resolves to, when known. */
	resolved: FileId | undefined;
}

/** The role a file plays in its evaluation set (essh-semantics.md, Files and load order). */
export type FileRole = 'project' | 'override' | 'user' | 'user-override' | 'module' | 'loose';

export interface EvaluationSetFile {
	file: FileId;
	role: FileRole;
}

/** The registry of one evaluation set. */
export interface Registry {
	/** The set's id: its project directory, or the file for a loose file. */
	id: string;
	/** Top-level files in load order (modules are reached from them). */
	files: EvaluationSetFile[];
	/** Every file that contributed, modules included, in first-load order. */
	loadedFiles: FileId[];
	/** Effective global hosts by name. */
	hosts: Map<string, Resource>;
	/** Effective global tasks by public name. */
	tasks: Map<string, Resource>;
	/** Effective global drivers by name; `default` is always present (built-in or user-defined). */
	drivers: Map<string, Resource>;
	groups: Group[];
	namespaces: Map<string, Namespace>;
	/** Every resource ever created, replaced ones included, in creation order. */
	allResources: Resource[];
	/** Tag → hosts carrying it (global hosts), sorted by host name. */
	tags: Map<string, Resource[]>;
	/** Definitions and references the replay found, then every host's tag definitions. */
	references: NameReference[];
	/**
	 * References the checks add (task targets and drivers, proxies), in check order: kept apart from
	 * `references` so that a patched registry's list is built once at its final size.
	 */
	checkReferences: NameReference[];
	links: FileLink[];
	/** Why the set cannot be fully known statically; empty means closed. */
	openReasons: Array<{ file: FileId; range: TextRange; reason: string }>;
	diagnostics: FileDiag[];
}
