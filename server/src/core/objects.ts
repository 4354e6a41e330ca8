/**
 * Vocabulary of the objects ESSH hands back to a config (core layer, pure data): the Host, Task,
 * Driver and Group objects that `host`, `task`, `driver` and `group` return, the host query of
 * `essh.select_hosts` and the Registry of `essh.current_registry`, with their methods as a v3.x
 * config sees them (essh-semantics.md, Registration and call shapes; Targets, filters and select_hosts). Readers: the LuaLS definitions generator; the
 * `keywords.ts` tables cover the functions and keys that produce and configure these objects.
 */
import type { VersionRange } from './version';

/** A method called with `:` on an ESSH object. */
export interface ObjectMethodSpec {
	name: string;
	/** Parameters as `name: type` (a trailing `?` on the name marks an optional one). */
	parameters: readonly string[];
	/** The object kind or Lua type the method returns; `self` returns the object itself. */
	returns: string;
	versions: readonly VersionRange[];
	doc: string;
	/** True when the method is nil in every release although ESSH's docs show it (`first`). */
	broken?: boolean;
}

/** The kinds of object ESSH returns to Lua. */
export type EsshObjectKind = 'host' | 'task' | 'driver' | 'group' | 'query' | 'registry';

/** One kind of ESSH object: who returns it and what can be done with it. */
export interface EsshObjectSpec {
	kind: EsshObjectKind;
	/** The functions (globals and `essh.*` members, as `keywords.ts` names them) that return it. */
	returnedBy: readonly string[];
	/**
	 * What calling the object does: `definition` applies a definition table (tasks also take a
	 * script string), and returns the object, except for groups, whose call returns nothing.
	 */
	call?: 'definition' | 'definitionOrScript';
	/** True when reading and writing definition keys on the object works (`h.User = "me"`). */
	keyAccess: boolean;
	methods: readonly ObjectMethodSpec[];
	doc: string;
}

const nameMethod = (kind: string): ObjectMethodSpec => ({
	name: 'name', parameters: [], returns: 'string', versions: [{ from: '0.18' }],
	doc: `The ${kind}'s name. \`obj.name\` is this function, not the name, so write \`obj:name()\`; assigning \`obj.name\` fails.`,
});

/** Every kind of object a v3.x config can hold. */
export const ESSH_OBJECTS: readonly EsshObjectSpec[] = [
	{
		kind: 'host', returnedBy: ['host'], call: 'definition', keyAccess: true, methods: [nameMethod('host')],
		doc: 'A registered host. Reading a key returns the last value assigned to it; assigning a key is checked like a definition table; calling it with a table applies more keys and returns the host.',
	},
	{
		kind: 'task', returnedBy: ['task'], call: 'definitionOrScript', keyAccess: true, methods: [nameMethod('task')],
		doc: 'A registered task. Reading a key returns the last value assigned to it; assigning a key is checked like a definition table; calling it with a table applies more keys, with a string (v2.5+) sets `script`, and returns the task.',
	},
	{
		kind: 'driver', returnedBy: ['driver'], call: 'definition', keyAccess: true, methods: [nameMethod('driver')],
		doc: 'A registered driver. Any key may be read or assigned; keys other than `engine` reach its template as `.Driver.Props.<key>`.',
	},
	{
		kind: 'group', returnedBy: ['group'], call: 'definition', keyAccess: false, methods: [],
		doc: 'A group of hosts, tasks or drivers with shared defaults. Reading a key returns its stored value; any assignment fails (`unsupport to override group\'s properties`); calling it with another table adds members and defaults and returns nothing.',
	},
	{
		kind: 'query', returnedBy: ['essh.select_hosts'], keyAccess: false,
		methods: [
			{ name: 'filter', parameters: ['selection: string|string[]'], returns: 'self', versions: [{ from: '0.52' }], doc: 'Keeps only hosts that also match `selection` (host names or tags); changes the query in place and returns it.' },
			{ name: 'visible', parameters: [], returns: 'self', versions: [{ from: '3.1' }], doc: 'Keeps only hosts that are not `hidden`; changes the query in place and returns it. *Since v3.1.*' },
			{ name: 'hidden', parameters: [], returns: 'self', versions: [{ from: '3.1' }], doc: 'Keeps only `hidden` hosts; changes the query in place and returns it. *Since v3.1.*' },
			{ name: 'get', parameters: [], returns: 'host[]', versions: [{ from: '0.52' }], doc: 'Runs the query against the hosts registered so far and returns them as an array of Host objects (in no particular order).' },
			{ name: 'first', parameters: [], returns: 'host', versions: [], broken: true, doc: 'Shown in ESSH\'s documentation, but nil in every release: calling it fails with "attempt to call a non-function object". Use `:get()[1]`.' },
		],
		doc: 'A host query, evaluated by `:get()` against the hosts registered so far.',
	},
	{
		kind: 'registry', returnedBy: ['essh.current_registry'], keyAccess: false,
		methods: [
			{ name: 'type', parameters: [], returns: 'string', versions: [{ from: '0.68' }], doc: '`"local"` while the working-directory config or its override runs, `"global"` while `~/.essh/config.lua` or `config_override.lua` runs.' },
		],
		doc: 'The registry of the file being loaded.',
	},
];
