/**
 * The registry builder: replays the lowered operations of every file of one evaluation set in
 * ESSH's load order (essh-semantics.md, Files and load order), following `require` and `dofile`, and produces the `Registry`
 * of model.ts. It applies ESSH's semantics exactly: last definition wins with no merge,
 * group defaults fill only unset keys, namespace members leave the global space (docs/essh-semantics.md).
 * Property validation is delegated to `properties.ts`; cross-resource checks run afterwards in
 * `checks.ts`. Pure: files are reached only through the callbacks of `RegistryInput`.
 */
import type { Diag, FileId } from './diagnostic';
import { luaTypeName, partialStringText, type FileSymbols, type Op, type StringValue, type TableField, type TableValue, type Value } from './lower';
import type { EvaluationSetFile, Group, Namespace, NameReference, Properties, PropertyEntry, PropertyOrigin, Registry, Resource, ResourceKind, Site, TagSite } from './model';
import { validateProperty, isOverrideRole, type PropertyContext } from './properties';
import type { TextRange } from './text';
import { describeVersionRanges, formatVersion, type EsshVersion } from './version';
import { libraryOfAnotherEra } from './keywords';

/** What the builder needs from its caller. */
export interface RegistryInput {
	id: string;
	files: EvaluationSetFile[];
	version: EsshVersion;
	/** The lowered symbols of a file, or undefined when it is missing or unreadable. */
	symbols(file: FileId): FileSymbols | undefined;
	/** Resolves `require "name"` along ESSH's search path (essh-semantics.md, require, dofile and the search path); undefined when not found. */
	resolveModule(name: string): FileId | undefined;
	/** The files `require "name"` tries, in ESSH's order (for the message when none is found). */
	moduleSearchPath(name: string): string[];
	/** Resolves a `dofile`/`script_file` path (relative to the directory essh runs in). */
	resolvePath(path: string): FileId | undefined;
}

/** A value together with the object table of the file replay it came from. */
interface BoundValue {
	value: Value;
	objects: Array<Resource | GroupState | NamespaceState | undefined>;
	file: FileId;
}

interface GroupState {
	stateKind: 'group';
	group: Group;
	drivesBuiltinDefault: boolean;
}

interface NamespaceState {
	stateKind: 'namespace';
	namespace: Namespace;
}

type ReplayObject = Resource | GroupState | NamespaceState;

const MAX_DOFILE_DEPTH = 20;

/** Builds the registry of one evaluation set. */
export function buildRegistry(input: RegistryInput): Registry {
	const builder = new RegistryBuilder(input);
	builder.run();
	replayTraces.set(builder.registry, builder.trace);
	return builder.registry;
}

/**
 * Where one file's replay put its results in the registry's lists (`[start, end)` indices), and
 * the replay clock (operations replayed so far) when it started and ended. For a file replayed
 * more than once (`dofile`), the last replay's.
 */
interface FileSegment {
	replays: number;
	opStart: number;
	opEnd: number;
	refStart: number;
	refEnd: number;
	diagStart: number;
	diagEnd: number;
	openStart: number;
	openEnd: number;
	linkStart: number;
	linkEnd: number;
	resStart: number;
	resEnd: number;
	groupStart: number;
	groupEnd: number;
	idStart: number;
	idEnd: number;
	/** Where the tag definitions of its hosts are, counted from the first tag definition. */
	tagStart: number;
	tagEnd: number;
}

/** What a replay leaves behind beside the registry, for patching it when one file changes (`patchRegistry`). */
interface ReplayTrace {
	segments: Map<FileId, FileSegment>;
	/** The replay clock at the last `select`/`assignSelected` operation (-1: none). */
	lastSelectOp: number;
	/** True when a namespace was created (resources may have moved, diagnostics been dropped). */
	namespaces: boolean;
	/** Names defined more than once, per kind. */
	multiplyDefined: { host: ReadonlySet<string>; task: ReadonlySet<string>; driver: ReadonlySet<string> };
	/** Lengths of `references` and `links` when the file replays ended (before tags and checks). */
	replayRefEnd: number;
	replayLinkEnd: number;
	/** How many tag definitions follow `replayRefEnd`. */
	tagRefCount: number;
}

const replayTraces = new WeakMap<Registry, ReplayTrace>();

/** What `patchRegistry` changed, for the checks (`ChecksPatch` of checks.ts). */
export interface RegistryPatch {
	previous: Registry;
	/** The edited file's resources that changed: the previous object → its replacement (an unchanged one stays the previous object). */
	replaced: Map<Resource, Resource>;
	/** Host names and tags whose hosts (or those hosts' `hidden`) may differ. */
	changedSelectors: Set<string>;
	/** True when the tags, in the order of `registry.tags`, differ. */
	tagOrderChanged: boolean;
	/** Whether the previous registry was open (its lists are the new registry's now). */
	previousOpen: boolean;
	/** `openReasonsKey` of the previous registry. */
	previousOpenKey: string;
}

/** How many of a set's open reasons a softened diagnostic points at (checks.ts). */
export const MAX_OPEN_RELATED = 3;

/** The open reasons a softened diagnostic points at, as a comparable key: when it differs, those diagnostics may. */
export function openReasonsKey(registry: Registry): string {
	return JSON.stringify(registry.openReasons.slice(0, MAX_OPEN_RELATED).map(reason => [reason.file, reason.range.start, reason.range.end, reason.reason]));
}

/**
 * True when a file's replay reads and writes only the objects it creates: hosts, tasks and groups
 * created and filled through the file's own object references, with no module, global, namespace,
 * driver or host query. Such a file's replay does not depend on the files before it, and the
 * files after it cannot reach its objects except by name.
 */
function selfContained(symbols: FileSymbols): boolean {
	let known = selfContainedSymbols.get(symbols);
	if (known === undefined) {
		known = isSelfContained(symbols);
		selfContainedSymbols.set(symbols, known);
	}
	return known;
}

/** `selfContained` per symbols object: an edit asks it of the file's previous symbols, which the edit before asked of as the new ones. */
const selfContainedSymbols = new WeakMap<FileSymbols, boolean>();

function isSelfContained(symbols: FileSymbols): boolean {
	const groups = new Set<number>();
	for (const op of symbols.ops) {
		switch (op.op) {
			case 'create':
				if (op.objectKind !== 'host' && op.objectKind !== 'task' && op.objectKind !== 'group') {
					return false;
				}
				if (op.objectKind === 'group') {
					groups.add(op.ref);
				}
				break;
			case 'apply': {
				if (op.target.kind !== 'object' || op.argument.kind === 'global') {
					return false;
				}
				if (groups.has(op.target.ref)) {
					const table = op.argument;
					if (table.kind !== 'table' || table.items.some(item => item.kind === 'global')
						|| table.fields.some(field => field.key === 'drivers' || (field.keyKind === 'number' && field.value.kind === 'global'))) {
						return false;
					}
				}
				break;
			}
			case 'assign':
			case 'use':
				if (op.target.kind !== 'object') {
					return false;
				}
				break;
			default:
				return false;
		}
	}
	return symbols.ops.length > 0;
}

function isHidden(host: Resource): boolean {
	const hidden = host.properties.get('hidden')?.value;
	return hidden?.kind === 'boolean' && hidden.value;
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
	if (a.length !== b.length) {
		return false;
	}
	for (let index = 0; index < a.length; index++) {
		if (a[index] !== b[index]) {
			return false;
		}
	}
	return true;
}

/** The position of `host` in a tag's hosts (sorted by name, each host once), or where it would go. */
function positionByName(hosts: Resource[], name: string): number {
	let low = 0;
	let high = hosts.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (compareNames(hosts[middle].name, name) < 0) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}
	return low;
}

function uniqueTags(host: Resource): string[] {
	const values = hostTagValues(host);
	if (values.length < 2) {
		return values;
	}
	// A host has a few tags: a pairwise test allocates nothing.
	if (values.length <= 16) {
		for (let index = 1; index < values.length; index++) {
			for (let earlier = 0; earlier < index; earlier++) {
				if (values[earlier] === values[index]) {
					return [...new Set(values)];
				}
			}
		}
		return values;
	}
	return new Set(values).size === values.length ? values : [...new Set(values)];
}

/**
 * Patches `tags` in place after some hosts were replaced by hosts of the same names (`replaced`),
 * as `fillTags` would build it from scratch: each tag's hosts sorted by name, tags in the order of
 * their first host by name (then of that host's tags). Returns the map (`tags` itself, or a new map
 * when the tags had to be re-sorted) and whether the order of the tags changed; undefined, with
 * `tags` untouched, when the map is not as expected.
 */
function patchTags(tags: Map<string, Resource[]>, replaced: Map<Resource, Resource>): { tags: Map<string, Resource[]>; orderChanged: boolean } | undefined {
	// Checked before anything is touched: every replaced host sits where its name says. The
	// positions found are kept for the hosts whose tags are the same (most of them).
	const pairs: Array<{ before: Resource; after: Resource; oldTags: string[]; positions: number[] | undefined }> = [];
	// Where each tag's previous host was found: a file's hosts usually come in name order, so the
	// next host of the same tag is usually right after it (tried first, then a binary search).
	const lastFound = new Map<string, number>();
	for (const [before, after] of replaced) {
		if (before.kind !== 'host') {
			continue;
		}
		const oldTags = uniqueTags(before);
		const positions: number[] = [];
		for (const tag of oldTags) {
			const list = tags.get(tag);
			if (!list) {
				return undefined;
			}
			const hint = (lastFound.get(tag) ?? -2) + 1;
			const position = list[hint] === before ? hint : positionByName(list, before.name);
			if (list[position] !== before) {
				return undefined;
			}
			lastFound.set(tag, position);
			positions.push(position);
		}
		pairs.push({ before, after, oldTags, positions: sameStrings(hostTagValues(before), hostTagValues(after)) ? positions : undefined });
	}
	// Hosts whose tags are the same, in the same order, take their place in each tag's list: no
	// list changes length, so the positions found hold.
	for (const pair of pairs) {
		if (pair.positions) {
			for (let index = 0; index < pair.oldTags.length; index++) {
				tags.get(pair.oldTags[index])![pair.positions[index]] = pair.after;
			}
		}
	}
	const oldOrder = [...tags.keys()];
	let reorder = false;
	let emptied = false;
	for (const { before, after, oldTags, positions } of pairs) {
		if (positions) {
			continue;
		}
		const newTags = uniqueTags(after);
		for (const tag of oldTags) {
			const list = tags.get(tag)!;
			const position = positionByName(list, before.name);
			if (position === 0) {
				// The tag's first host changed its tags: the tag's place among them may have moved.
				reorder = true;
			}
			if (newTags.includes(tag)) {
				list[position] = after;
				continue;
			}
			list.splice(position, 1);
			if (list.length === 0) {
				tags.delete(tag);
				emptied = true;
			}
		}
		for (const tag of newTags) {
			if (oldTags.includes(tag)) {
				continue;
			}
			let list = tags.get(tag);
			if (!list) {
				reorder = true;
				list = [];
				tags.set(tag, list);
			}
			const position = positionByName(list, after.name);
			if (position === 0) {
				reorder = true;
			}
			list.splice(position, 0, after);
		}
	}
	if (!reorder) {
		return { tags, orderChanged: emptied };
	}
	// A tag's place is its first host's (by name), then its place among that host's tags.
	const keyed = [...tags].map(([tag, hosts]) => ({ tag, hosts, first: hosts[0].name, at: hostTagValues(hosts[0]).indexOf(tag) }));
	keyed.sort((a, b) => (a.first === b.first ? a.at - b.at : compareNames(a.first, b.first)));
	const sorted = new Map(keyed.map(entry => [entry.tag, entry.hosts]));
	return { tags: sorted, orderChanged: !sameStrings(oldOrder, [...sorted.keys()]) };
}

/** How deep `sameData` looks before it answers false (a pathological nesting is then simply not reused). */
const SAME_DATA_DEPTH = 64;

/**
 * Structural equality of the registry's plain data (resources, property entries, lowered values,
 * sites, references, diagnostics): primitives by value; arrays element by element; `Map`s entry by
 * entry in order; other objects by their own enumerable keys, in the same order (so that a kept
 * object renders exactly as its twin would). Anything else, or data nested deeper than
 * `SAME_DATA_DEPTH`, is unequal unless it is the same object.
 */
function sameData(a: unknown, b: unknown, depth = 0): boolean {
	if (a === b) {
		return true;
	}
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > SAME_DATA_DEPTH) {
		return false;
	}
	const prototype = Object.getPrototypeOf(a);
	if (prototype !== Object.getPrototypeOf(b)) {
		return false;
	}
	if (prototype === Array.prototype) {
		const left = a as unknown[];
		const right = b as unknown[];
		if (left.length !== right.length) {
			return false;
		}
		for (let index = 0; index < left.length; index++) {
			if (!sameData(left[index], right[index], depth + 1)) {
				return false;
			}
		}
		return true;
	}
	if (prototype === Map.prototype) {
		const left = a as Map<unknown, unknown>;
		const right = b as Map<unknown, unknown>;
		if (left.size !== right.size) {
			return false;
		}
		const others = right.entries();
		for (const [key, value] of left) {
			const other = others.next().value as [unknown, unknown];
			if (other[0] !== key || !sameData(value, other[1], depth + 1)) {
				return false;
			}
		}
		return true;
	}
	if (prototype !== Object.prototype) {
		return false;
	}
	const left = a as Record<string, unknown>;
	const right = b as Record<string, unknown>;
	const keys = Object.keys(left);
	const otherKeys = Object.keys(right);
	if (keys.length !== otherKeys.length) {
		return false;
	}
	for (let index = 0; index < keys.length; index++) {
		const key = keys[index];
		if (key !== otherKeys[index] || !sameData(left[key], right[key], depth + 1)) {
			return false;
		}
	}
	return true;
}

/**
 * Compile-time guard for the comparisons below: `true` only when `K` names every key of `T`. A field
 * added to one of these shapes makes the compile fail here until its comparison reads it too.
 */
type AllKeys<T, K extends keyof T> = [Exclude<keyof T, K>] extends [never] ? true : false;
const COMPARED_SHAPES: [
	AllKeys<TextRange, 'start' | 'end'>,
	AllKeys<Site, 'file' | 'range'>,
	AllKeys<Resource, 'id' | 'kind' | 'name' | 'nameSite' | 'callSite' | 'form' | 'conditional' | 'properties' | 'namespace' | 'builtin' | 'replacedBy' | 'groups'>,
	AllKeys<PropertyEntry, 'key' | 'value' | 'file' | 'keyRange' | 'keySite' | 'origin'>,
	AllKeys<StringValue, 'kind' | 'value' | 'range'>,
	AllKeys<TableValue, 'kind' | 'range' | 'items' | 'fields'>,
	AllKeys<TableField, 'key' | 'keyKind' | 'keyRange' | 'value' | 'range'>,
	AllKeys<NameReference, 'site' | 'kind' | 'name' | 'role' | 'namespace' | 'resource' | 'context' | 'dynamic' | 'matched'>,
] = [true, true, true, true, true, true, true, true];
void COMPARED_SHAPES;

function sameRange(a: TextRange, b: TextRange): boolean {
	return a.start === b.start && a.end === b.end;
}

function sameSite(a: Site, b: Site): boolean {
	return a.file === b.file && sameRange(a.range, b.range);
}

/** `sameData` for lowered values, with the common kinds compared field by field (much faster than the generic walk). */
function sameValue(a: Value, b: Value, depth: number): boolean {
	if (a === b) {
		return true;
	}
	if (a.kind !== b.kind || !sameRange(a.range, b.range) || depth > SAME_DATA_DEPTH) {
		return false;
	}
	switch (a.kind) {
		case 'string':
			return a.value === (b as StringValue).value;
		case 'table': {
			const other = b as TableValue;
			if (a.items.length !== other.items.length || a.fields.length !== other.fields.length) {
				return false;
			}
			for (let index = 0; index < a.items.length; index++) {
				if (!sameValue(a.items[index], other.items[index], depth + 1)) {
					return false;
				}
			}
			for (let index = 0; index < a.fields.length; index++) {
				const field = a.fields[index];
				const twin = other.fields[index];
				if (field.key !== twin.key || field.keyKind !== twin.keyKind || !sameRange(field.keyRange, twin.keyRange) || !sameRange(field.range, twin.range) || !sameValue(field.value, twin.value, depth + 1)) {
					return false;
				}
			}
			return true;
		}
		default:
			return sameData(a, b, depth);
	}
}

/** True when a fresh resource equals the previous one in everything the registry and its readers see. */
function sameResource(before: Resource, after: Resource): boolean {
	if (before.id !== after.id || before.kind !== after.kind || before.name !== after.name || before.form !== after.form || before.conditional !== after.conditional
		|| before.namespace !== after.namespace || before.builtin !== after.builtin || before.replacedBy !== after.replacedBy
		|| !sameSite(before.nameSite, after.nameSite) || !sameSite(before.callSite, after.callSite)
		|| before.groups.length !== after.groups.length || before.properties.size !== after.properties.size) {
		return false;
	}
	for (let index = 0; index < before.groups.length; index++) {
		if (before.groups[index] !== after.groups[index]) {
			return false;
		}
	}
	// Entries in the same order: the order is what a dump or the generated ssh_config shows.
	const others = after.properties.values();
	for (const entry of before.properties.values()) {
		const twin = others.next().value as PropertyEntry;
		// (`keySite` is made from `file` and `keyRange`.)
		if (entry.key !== twin.key || entry.file !== twin.file || entry.origin !== twin.origin || !sameRange(entry.keyRange, twin.keyRange) || !sameValue(entry.value, twin.value, 0)) {
			return false;
		}
	}
	return true;
}

/** True when a fresh group (its members already the kept resources) equals the previous one. */
function sameGroup(before: Group, after: Group): boolean {
	return sameData(before, after);
}

/** True when a fresh reference equals the previous one: the same resource object, the same site and fields. */
function sameReference(before: NameReference, after: NameReference): boolean {
	return before.resource === after.resource && before.kind === after.kind && before.name === after.name && before.role === after.role && before.namespace === after.namespace
		&& before.context === after.context && before.dynamic === after.dynamic && before.matched === after.matched && sameSite(before.site, after.site);
}

/**
 * Puts in `fresh[index]` the previous list's entry at `start + index` wherever the two are equal
 * (`same`), within `[start, end)`: an unchanged entry stays the object it was.
 */
function keepEqual<T>(fresh: T[], previous: readonly T[], start: number, end: number, same: (before: T, after: T) => boolean): void {
	const count = Math.min(fresh.length, end - start);
	for (let index = 0; index < count; index++) {
		if (previous[start + index] !== fresh[index] && same(previous[start + index], fresh[index])) {
			fresh[index] = previous[start + index];
		}
	}
}

/** Replaces `list[start, end)` with `replacement`, in place. */
function replaceRange<T>(list: T[], start: number, end: number, replacement: readonly T[]): void {
	const delta = replacement.length - (end - start);
	if (delta > 0) {
		const oldLength = list.length;
		for (let index = 0; index < delta; index++) {
			list.push(replacement[0]);
		}
		list.copyWithin(end + delta, end, oldLength);
	} else if (delta < 0) {
		list.copyWithin(end + delta, end);
		list.length += delta;
	}
	for (let index = 0; index < replacement.length; index++) {
		list[start + index] = replacement[index];
	}
}

/** Which operations of an edited file `patchRegistry` replays, and the id each one's objects start at. */
interface PartialReplayPlan {
	replay: Uint8Array;
	ids: Int32Array;
}

/**
 * The objects (refs) an operation of a self-contained file changes or reads, pushed on `into`;
 * false for an operation the partial replay does not take (a group's `hosts`/`tasks`/`drivers`
 * table, which creates resources inside the operation, or any operation `selfContained` refuses).
 * A value that names an object in a host's or task's table or assignment is only stored there: it
 * neither reads nor changes that object. A group's elements become its members and take its defaults.
 */
function operationRefs(op: Op, into: number[]): boolean {
	switch (op.op) {
		case 'create':
			into.push(op.ref);
			return true;
		case 'apply': {
			const target = op.target;
			if (target.kind !== 'object') {
				return true;
			}
			into.push(target.ref);
			const argument = op.argument;
			if (target.objectKind === 'group' && argument.kind === 'table') {
				for (const item of argument.items) {
					if (item.kind === 'object') {
						into.push(item.ref);
					}
				}
				for (const field of argument.fields) {
					if (field.key === 'hosts' || field.key === 'tasks' || field.key === 'drivers') {
						return false;
					}
					if (field.value.kind === 'object') {
						into.push(field.value.ref);
					}
				}
			}
			return true;
		}
		case 'assign':
		case 'use':
			if (op.target.kind === 'object') {
				into.push(op.target.ref);
			}
			return true;
		default:
			return false;
	}
}

/** How many ids an operation takes in a replay (the operations `operationRefs` accepts). */
function operationIds(op: Op): number {
	return op.op === 'create' && (op.objectKind === 'group' || (op.name.kind === 'string' && op.objectKind !== 'namespace')) ? 1 : 0;
}

/**
 * The operations of the new lowering to replay when only some differ from the old one, or
 * undefined when every one should be. The lowering keeps an unchanged operation as the previous
 * object (`Workspace`), so the operations that differ are those between the longest common prefix
 * and suffix of the two lists (by identity). The objects any of them (old or new) touch are dirty;
 * an operation touching a dirty object is replayed and makes every object it touches dirty, until
 * nothing changes. Every other operation touches only objects that the same operations, in the same
 * order, made and filled in the previous replay: those objects are the previous ones as they are.
 */
function partialReplayPlan(oldOps: readonly Op[], newOps: readonly Op[], idStart: number, idCount: number): PartialReplayPlan | undefined {
	const count = newOps.length;
	let prefix = 0;
	while (prefix < count && prefix < oldOps.length && newOps[prefix] === oldOps[prefix]) {
		prefix++;
	}
	let suffix = 0;
	while (suffix < count - prefix && suffix < oldOps.length - prefix && newOps[count - 1 - suffix] === oldOps[oldOps.length - 1 - suffix]) {
		suffix++;
	}
	const dirty = new Set<number>();
	const refs: number[] = [];
	for (let index = prefix; index < oldOps.length - suffix; index++) {
		refs.length = 0;
		if (!operationRefs(oldOps[index], refs)) {
			return undefined;
		}
		for (const ref of refs) {
			dirty.add(ref);
		}
	}
	const replay = new Uint8Array(count);
	const ids = new Int32Array(count);
	// The refs of every new operation, flat: those of operation i are refs[starts[i], starts[i + 1]).
	const starts = new Int32Array(count + 1);
	let id = idStart;
	for (let index = 0; index < count; index++) {
		const op = newOps[index];
		starts[index] = refs.length;
		if (!operationRefs(op, refs)) {
			return undefined;
		}
		ids[index] = id;
		id += operationIds(op);
	}
	starts[count] = refs.length;
	if (id - idStart !== idCount) {
		return undefined;
	}
	const markReplayed = (index: number): void => {
		replay[index] = 1;
		for (let at = starts[index]; at < starts[index + 1]; at++) {
			dirty.add(refs[at]);
		}
	};
	for (let index = prefix; index < count - suffix; index++) {
		markReplayed(index);
	}
	for (let changed = true; changed;) {
		changed = false;
		for (let index = 0; index < count; index++) {
			if (replay[index]) {
				continue;
			}
			for (let at = starts[index]; at < starts[index + 1]; at++) {
				if (dirty.has(refs[at])) {
					markReplayed(index);
					changed = true;
					break;
				}
			}
		}
	}
	return { replay, ids };
}

/**
 * Completes a partial replay's registry (`fresh`, holding only the replayed operations' results)
 * into the whole file's: the previous objects in the places of the operations not replayed, and
 * their definitions. Exact only when the previous replay of the file reported nothing and referred
 * to nothing but its own definitions (then the operations not replayed added nothing else), and
 * the replayed ones added only definitions; false otherwise (the whole file is replayed instead).
 */
function completePartialReplay(fresh: Registry, plan: PartialReplayPlan, newOps: readonly Op[], previous: Registry, segment: FileSegment): boolean {
	const oldCount = segment.resEnd - segment.resStart;
	// Every resource the file's replay makes adds its definition to the file's references when it is
	// made: as many references as resources means there was nothing else, in creation order.
	if (segment.diagEnd !== segment.diagStart || segment.refEnd - segment.refStart !== oldCount || fresh.references.length !== fresh.allResources.length) {
		return false;
	}
	for (let index = 0; index < fresh.references.length; index++) {
		if (fresh.references[index].role !== 'definition' || fresh.references[index].resource !== fresh.allResources[index]) {
			return false;
		}
	}
	const resources: Resource[] = [];
	const references: NameReference[] = [];
	const groups: Group[] = [];
	let freshResource = 0;
	let freshGroup = 0;
	for (let index = 0; index < newOps.length; index++) {
		const op = newOps[index];
		if (operationIds(op) === 0) {
			continue;
		}
		const isGroup = op.op === 'create' && op.objectKind === 'group';
		if (plan.replay[index]) {
			if (isGroup) {
				groups.push(fresh.groups[freshGroup++]);
			} else {
				references.push(fresh.references[freshResource]);
				resources.push(fresh.allResources[freshResource++]);
			}
		} else if (isGroup) {
			groups.push(previous.groups[segment.groupStart + groups.length]);
		} else {
			references.push(previous.references[segment.refStart + resources.length]);
			resources.push(previous.allResources[segment.resStart + resources.length]);
		}
	}
	if (freshResource !== fresh.allResources.length || freshGroup !== fresh.groups.length || resources.length !== oldCount || groups.length !== segment.groupEnd - segment.groupStart) {
		return false;
	}
	fresh.allResources = resources;
	fresh.references = references;
	fresh.groups = groups;
	return true;
}

/**
 * The registry `buildRegistry` would build after one file's symbols changed from `oldSymbols` to
 * `newSymbols` (every other input the same as for `previous`), made by replaying that file alone
 * and putting its objects in place of the previous ones; undefined when that cannot be exact.
 *
 * Exact when the file is self-contained (see `selfContained`) both before and after, is replayed
 * once, creates the same resources (ids, kinds, names) and groups in the same order, none of its
 * names is defined elsewhere in the set, and no namespace exists and no host query runs after it:
 * then no other file's replay reads or writes the file's objects, and the file's replay reads
 * nothing of the others. What other files see of it is its hosts' tags (the `tags` map, patched)
 * and names (unchanged).
 *
 * A resource of the file that the edit left as it was (same sites, same properties, same groups)
 * stays the previous object, so only the changed ones are replaced in the `hosts`, `tasks` and
 * `tags` maps and checked again.
 *
 * The new registry takes over `previous`'s maps and lists and patches them in place, so an edit
 * costs what the file holds, not what the set holds: after a patch, `previous` must no longer be
 * read (the workspace replaces it by the new registry in the same step). When the patch is
 * refused (undefined), `previous` is untouched.
 */
export function patchRegistry(previous: Registry, input: RegistryInput, file: FileId, oldSymbols: FileSymbols, newSymbols: FileSymbols): { registry: Registry; patch: RegistryPatch } | undefined {
	const trace = replayTraces.get(previous);
	if (!trace || trace.namespaces) {
		return undefined;
	}
	const segment = trace.segments.get(file);
	if (!segment || segment.replays !== 1 || trace.lastSelectOp >= segment.opStart || segment.opEnd - segment.opStart !== oldSymbols.ops.length || segment.linkEnd !== segment.linkStart) {
		return undefined;
	}
	if (!selfContained(oldSymbols) || !selfContained(newSymbols)) {
		return undefined;
	}
	// The builder's own built-in default driver takes the id before the file's first object.
	// Only the operations that changed, and those touching what they touch, are replayed when the
	// rest can be taken from the previous replay as it is (`partialReplayPlan`); else the whole file.
	const symbolsInput: RegistryInput = { ...input, files: [], symbols: candidate => (candidate === file ? newSymbols : undefined) };
	const plan = partialReplayPlan(oldSymbols.ops, newSymbols.ops, segment.idStart, segment.idEnd - segment.idStart);
	let builder = new RegistryBuilder(symbolsInput, segment.idStart - 1);
	let partial = false;
	if (plan) {
		builder.replaySome(file, plan);
		partial = builder.noRedefinitions && completePartialReplay(builder.registry, plan, newSymbols.ops, previous, segment);
		if (!partial) {
			builder = new RegistryBuilder(symbolsInput, segment.idStart - 1);
		}
	}
	if (!partial) {
		builder.replayAlone(file);
	}
	const fresh = builder.registry;
	if (!builder.noRedefinitions || builder.trace.namespaces || fresh.links.length > 0 || builder.builtinDefaultDriver.properties.size > 0 || (!partial && builder.idClock !== segment.idEnd)) {
		return undefined;
	}
	const oldResources = previous.allResources.slice(segment.resStart, segment.resEnd);
	if (oldResources.length !== fresh.allResources.length) {
		return undefined;
	}
	// Only the resources that differ are replaced: one the edit left as it was (same sites, same
	// properties) stays the previous object, so the tags, the `hosts` map and the checks see no change
	// for it. `kept` maps such a fresh resource to the previous object that stands for it.
	const replaced = new Map<Resource, Resource>();
	const kept = new Map<Resource, Resource>();
	const multiplyDefined = trace.multiplyDefined;
	const someMultiplyDefined = multiplyDefined.host.size > 0 || multiplyDefined.task.size > 0 || multiplyDefined.driver.size > 0;
	for (let index = 0; index < oldResources.length; index++) {
		const before = oldResources[index];
		const after = fresh.allResources[index];
		if (before === after) {
			// Not replayed (a partial replay): the previous object as it was, which passed these tests
			// when it was made; only a name defined twice in the set still refuses the patch.
			if (someMultiplyDefined && multiplyDefined[before.kind].has(before.name)) {
				return undefined;
			}
			continue;
		}
		if (before.id !== after.id || before.kind !== after.kind || before.name !== after.name || before.kind === 'driver' || before.namespace !== undefined || after.namespace !== undefined
			|| before.replacedBy !== undefined || after.replacedBy !== undefined || trace.multiplyDefined[before.kind].has(before.name)) {
			return undefined;
		}
		if (sameResource(before, after)) {
			kept.set(after, before);
		} else {
			replaced.set(before, after);
		}
	}
	// A name defined once, outside any namespace and never replaced, is the effective one: checked for
	// the resources that change (the kept ones stay where they are).
	for (const before of replaced.keys()) {
		if ((before.kind === 'host' ? previous.hosts : previous.tasks).get(before.name) !== before) {
			return undefined;
		}
	}
	const oldGroups = previous.groups.slice(segment.groupStart, segment.groupEnd);
	if (oldGroups.length !== fresh.groups.length || oldGroups.some((group, index) => group.id !== fresh.groups[index].id)) {
		return undefined;
	}
	const freshResources = new Set(fresh.allResources);
	for (const group of fresh.groups) {
		if (group.members.some(member => !freshResources.has(member))) {
			return undefined;
		}
	}
	// The fresh replay's results, with the kept resources in place of their fresh twins, and its
	// references, groups and diagnostics that equal the previous ones taken from the previous replay.
	const stand = (resource: Resource): Resource => kept.get(resource) ?? resource;
	for (let index = 0; index < fresh.allResources.length; index++) {
		fresh.allResources[index] = stand(fresh.allResources[index]);
	}
	for (let index = 0; index < fresh.groups.length; index++) {
		const group = fresh.groups[index];
		for (let member = 0; member < group.members.length; member++) {
			group.members[member] = stand(group.members[member]);
		}
		if (sameGroup(oldGroups[index], group)) {
			fresh.groups[index] = oldGroups[index];
		}
	}
	for (const reference of fresh.references) {
		if (reference.resource) {
			reference.resource = stand(reference.resource);
		}
	}
	keepEqual(fresh.references, previous.references, segment.refStart, segment.refEnd, sameReference);
	keepEqual(fresh.diagnostics, previous.diagnostics, segment.diagStart, segment.diagEnd, sameData);
	// The file's replay, then every host's tag definitions in `allResources` order: a kept host's are
	// the previous ones (found by their `resource`, in the same order, in the file's part).
	const tagBase = trace.replayRefEnd;
	const oldTagEnd = tagBase + segment.tagEnd;
	const freshTagDefinitions: NameReference[] = [];
	let oldTagAt = tagBase + segment.tagStart;
	for (let index = 0; index < fresh.allResources.length; index++) {
		const resource = fresh.allResources[index];
		const before = oldResources[index];
		const keep = resource === before;
		for (; oldTagAt < oldTagEnd && previous.references[oldTagAt].resource === before; oldTagAt++) {
			if (keep) {
				freshTagDefinitions.push(previous.references[oldTagAt]);
			}
		}
		if (!keep && resource.kind === 'host') {
			pushTagDefinitions(freshTagDefinitions, resource);
		}
	}
	if (oldTagAt !== oldTagEnd) {
		// The previous tag definitions are not where the trace says: not expected, and nothing is touched yet.
		return undefined;
	}
	const previousOpen = previous.openReasons.length > 0;
	const previousOpenKey = openReasonsKey(previous);
	// The last refusal: from here on, `previous`'s maps and lists are patched in place.
	const patchedTags = patchTags(previous.tags, replaced);
	if (!patchedTags) {
		return undefined;
	}
	const { hosts, tasks } = previous;
	for (const [before, after] of replaced) {
		(before.kind === 'host' ? hosts : tasks).set(before.name, after);
	}
	const replayRefEnd = trace.replayRefEnd - (segment.refEnd - segment.refStart) + fresh.references.length;
	// The later range first, so the earlier one's indices still hold.
	const references = previous.references;
	references.length = tagBase + trace.tagRefCount;
	replaceRange(references, tagBase + segment.tagStart, tagBase + segment.tagEnd, freshTagDefinitions);
	replaceRange(references, segment.refStart, segment.refEnd, fresh.references);
	const allResources = previous.allResources;
	replaceRange(allResources, segment.resStart, segment.resEnd, fresh.allResources);
	const { groups, openReasons, diagnostics, links } = previous;
	replaceRange(groups, segment.groupStart, segment.groupEnd, fresh.groups);
	replaceRange(openReasons, segment.openStart, segment.openEnd, fresh.openReasons);
	replaceRange(diagnostics, segment.diagStart, segment.diagEnd, fresh.diagnostics);
	// The checks add their links again.
	links.length = trace.replayLinkEnd;

	const registry: Registry = {
		id: previous.id,
		files: previous.files,
		loadedFiles: previous.loadedFiles,
		hosts,
		tasks,
		drivers: previous.drivers,
		groups,
		namespaces: previous.namespaces,
		allResources,
		tags: patchedTags.tags,
		references,
		checkReferences: [],
		links,
		openReasons,
		diagnostics,
	};

	// The trace of the new registry: the file's segment is the fresh replay's; later ones shift.
	const delta = {
		op: newSymbols.ops.length - oldSymbols.ops.length,
		ref: fresh.references.length - (segment.refEnd - segment.refStart),
		diag: fresh.diagnostics.length - (segment.diagEnd - segment.diagStart),
		open: fresh.openReasons.length - (segment.openEnd - segment.openStart),
		tag: freshTagDefinitions.length - (segment.tagEnd - segment.tagStart),
	};
	// An edit that moves nothing (the usual typing edit of a value keeps every count) keeps the segments as they are.
	const moved = delta.op !== 0 || delta.ref !== 0 || delta.diag !== 0 || delta.open !== 0 || delta.tag !== 0;
	const segments = moved ? new Map<FileId, FileSegment>() : trace.segments;
	for (const [other, entry] of moved ? trace.segments : []) {
		if (other === file) {
			segments.set(other, {
				...entry, opEnd: entry.opStart + newSymbols.ops.length, refEnd: entry.refStart + fresh.references.length, diagEnd: entry.diagStart + fresh.diagnostics.length,
				openEnd: entry.openStart + fresh.openReasons.length, tagEnd: entry.tagStart + freshTagDefinitions.length,
			});
			continue;
		}
		// Events after the file's replay started happened after it ended (it loads nothing).
		const startsAfter = entry.opStart > segment.opStart;
		const endsAfter = entry.opEnd > segment.opStart;
		segments.set(other, {
			...entry,
			opStart: entry.opStart + (startsAfter ? delta.op : 0), opEnd: entry.opEnd + (endsAfter ? delta.op : 0),
			refStart: entry.refStart + (startsAfter ? delta.ref : 0), refEnd: entry.refEnd + (endsAfter ? delta.ref : 0),
			diagStart: entry.diagStart + (startsAfter ? delta.diag : 0), diagEnd: entry.diagEnd + (endsAfter ? delta.diag : 0),
			openStart: entry.openStart + (startsAfter ? delta.open : 0), openEnd: entry.openEnd + (endsAfter ? delta.open : 0),
			// Resources do not move (the file creates as many as before): the tag definitions of those after its own shift.
			tagStart: entry.tagStart + (entry.resStart >= segment.resEnd ? delta.tag : 0), tagEnd: entry.tagEnd + (entry.resEnd >= segment.resEnd ? delta.tag : 0),
		});
	}
	replayTraces.set(registry, { ...trace, segments, replayRefEnd, tagRefCount: trace.tagRefCount + delta.tag });

	const changedSelectors = new Set<string>();
	for (const [before, after] of replaced) {
		if (before.kind !== 'host') {
			continue;
		}
		const oldTags = hostTagValues(before);
		const newTags = hostTagValues(after);
		const hiddenChanged = isHidden(before) !== isHidden(after);
		if (hiddenChanged) {
			// Every selector of the host may now resolve to hidden hosts only, or no longer.
			changedSelectors.add(before.name);
			for (const tag of oldTags) {
				changedSelectors.add(tag);
			}
			for (const tag of newTags) {
				changedSelectors.add(tag);
			}
		} else if (!sameStrings(oldTags, newTags)) {
			// The hosts of a tag the host keeps are the same (by name, with the same `hidden`).
			for (const tag of oldTags) {
				if (!newTags.includes(tag)) {
					changedSelectors.add(tag);
				}
			}
			for (const tag of newTags) {
				if (!oldTags.includes(tag)) {
					changedSelectors.add(tag);
				}
			}
		}
	}
	return { registry, patch: { previous, replaced, changedSelectors, tagOrderChanged: patchedTags.orderChanged, previousOpen, previousOpenKey } };
}

/**
 * A property entry as the replay stores it: `keySite` is made on each read from `file` and
 * `keyRange` (every key's site is in the entry's file), so no site object is kept per property
 * (60,000 of them at 10,000 hosts).
 */
class Property implements PropertyEntry {
	constructor(readonly key: string, readonly value: Value, readonly file: FileId, readonly keyRange: TextRange, readonly origin: PropertyOrigin) {}

	get keySite(): Site {
		return { file: this.file, range: this.keyRange };
	}
}

/** Up to this many properties, a lookup reads the list; beyond, a `Map` of positions by key is kept beside it. */
const LINEAR_PROPERTIES = 16;
const NO_SLOTS: Array<PropertyEntry | undefined> = [];

/**
 * `Properties` as one list of entries in key order (each entry holds its key): a resource has a
 * handful of properties, and a `Map` per resource (a hash table of about 300 bytes) was the largest
 * single item of a registry. The list is allocated at the size the definition table asks for
 * (`reserve`), so it holds no spare room in the usual case.
 */
class PropertyMap implements Properties {
	/** The first `count` slots hold the entries, in order; the others are reserved room. */
	private slots = NO_SLOTS;
	private count = 0;
	/** Positions by key, once there are more than `LINEAR_PROPERTIES` entries. */
	private index: Map<string, number> | undefined;

	get size(): number {
		return this.count;
	}

	/** Makes room for `more` entries beyond the current ones. */
	reserve(more: number): void {
		if (this.count + more > this.slots.length) {
			this.grow(this.count + more);
		}
	}

	private grow(capacity: number): void {
		const slots = new Array<PropertyEntry | undefined>(capacity);
		for (let position = 0; position < this.count; position++) {
			slots[position] = this.slots[position];
		}
		this.slots = slots;
	}

	private position(key: string): number {
		if (this.index) {
			return this.index.get(key) ?? -1;
		}
		for (let position = 0; position < this.count; position++) {
			if (this.slots[position]!.key === key) {
				return position;
			}
		}
		return -1;
	}

	get(key: string): PropertyEntry | undefined {
		const position = this.position(key);
		return position < 0 ? undefined : this.slots[position];
	}

	has(key: string): boolean {
		return this.position(key) >= 0;
	}

	set(key: string, entry: PropertyEntry): void {
		const position = this.position(key);
		if (position >= 0) {
			this.slots[position] = entry;
			return;
		}
		if (this.count === this.slots.length) {
			this.grow(this.count + 1);
		}
		this.slots[this.count] = entry;
		this.count++;
		if (this.index) {
			this.index.set(key, this.count - 1);
		} else if (this.count > LINEAR_PROPERTIES) {
			this.reindex();
		}
	}

	delete(key: string): boolean {
		const position = this.position(key);
		if (position < 0) {
			return false;
		}
		for (let next = position + 1; next < this.count; next++) {
			this.slots[next - 1] = this.slots[next];
		}
		this.count--;
		this.slots[this.count] = undefined;
		if (this.index) {
			this.reindex();
		}
		return true;
	}

	private reindex(): void {
		this.index = new Map();
		for (let position = 0; position < this.count; position++) {
			this.index.set(this.slots[position]!.key, position);
		}
	}

	*keys(): IterableIterator<string> {
		for (let position = 0; position < this.count; position++) {
			yield this.slots[position]!.key;
		}
	}

	*values(): IterableIterator<PropertyEntry> {
		for (let position = 0; position < this.count; position++) {
			yield this.slots[position]!;
		}
	}
}

function isResource(object: ReplayObject | undefined): object is Resource {
	return object !== undefined && !('stateKind' in object);
}

class RegistryBuilder {
	readonly registry: Registry;
	private nextId = 0;
	private readonly globals = new Map<string, BoundValue>();
	/** Globals that a function of a file replayed so far assigns: they may hold a value once it has run. */
	private readonly functionGlobals = new Set<string>();
	private readonly loadedModules = new Set<string>();
	private dofileDepth = 0;
	private readonly version: EsshVersion;
	/**
	 * Every global definition of a name in order, per kind, for restoring (essh-semantics.md, Namespaces); a name defined once
	 * has no entry (its chain is the current definition alone).
	 */
	private readonly definitionChains = { host: new Map<string, Resource[]>(), task: new Map<string, Resource[]>(), driver: new Map<string, Resource[]>() };
	private readonly builtinDefault: Resource;
	private currentRole: EvaluationSetFile['role'] = 'project';
	/** The four property contexts, allocated once per build instead of once per property. */
	private readonly ownContext: PropertyContext;
	private readonly ownBuiltinContext: PropertyContext;
	private readonly assignContext: PropertyContext;
	private readonly assignBuiltinContext: PropertyContext;
	/** `loadedFiles` as a set, for the check on every file replay. */
	private readonly loadedFileSet = new Set<FileId>();
	/** The replay clock: operations replayed so far. */
	private opClock = 0;
	readonly trace: ReplayTrace;

	constructor(private readonly input: RegistryInput, firstId = 0) {
		this.nextId = firstId;
		this.trace = {
			segments: new Map(), lastSelectOp: -1, namespaces: false, replayRefEnd: 0, replayLinkEnd: 0, tagRefCount: 0,
			multiplyDefined: { host: new Set(), task: new Set(), driver: new Set() },
		};
		this.version = input.version;
		this.ownContext = { version: input.version, assignment: false, builtin: false };
		this.ownBuiltinContext = { version: input.version, assignment: false, builtin: true };
		this.assignContext = { version: input.version, assignment: true, builtin: false };
		this.assignBuiltinContext = { version: input.version, assignment: true, builtin: true };
		this.registry = {
			id: input.id,
			files: input.files,
			loadedFiles: [],
			hosts: new Map(),
			tasks: new Map(),
			drivers: new Map(),
			groups: [],
			namespaces: new Map(),
			allResources: [],
			tags: new Map(),
			references: [],
			checkReferences: [],
			links: [],
			openReasons: [],
			diagnostics: [],
		};
		this.builtinDefault = this.makeBuiltinDefault();
		this.registry.drivers.set('default', this.builtinDefault);
	}

	private makeBuiltinDefault(): Resource {
		return {
			id: this.nextId++, kind: 'driver', name: 'default', nameSite: { file: '', range: { start: 0, end: 0 } }, callSite: { file: '', range: { start: 0, end: 0 } },
			form: 'dsl', conditional: false, properties: new PropertyMap(), namespace: undefined, builtin: true, replacedBy: undefined, groups: [],
		};
	}

	run(): void {
		for (const entry of this.input.files) {
			this.currentRole = entry.role;
			this.replayFile(entry.file);
		}
		this.trace.replayRefEnd = this.registry.references.length;
		this.trace.replayLinkEnd = this.registry.links.length;
		this.finishTags();
		this.trace.multiplyDefined = {
			host: new Set(this.definitionChains.host.keys()), task: new Set(this.definitionChains.task.keys()), driver: new Set(this.definitionChains.driver.keys()),
		};
	}

	/** Replays one file alone (`patchRegistry`): its results are this builder's registry. */
	replayAlone(file: FileId): void {
		this.replayFile(file);
	}

	/**
	 * Replays only the operations of `file` that `plan` marks (`patchRegistry`'s partial replay):
	 * each at the id its objects get in a whole replay. The objects of the other operations are not
	 * made; no marked operation reads them (`partialReplayPlan`).
	 */
	replaySome(file: FileId, plan: PartialReplayPlan): void {
		const symbols = this.input.symbols(file)!;
		this.loadedFileSet.add(file);
		this.registry.loadedFiles.push(file);
		for (const name of symbols.functionGlobals) {
			this.functionGlobals.add(name);
		}
		for (const reason of symbols.openReasons) {
			this.registry.openReasons.push({ file, ...reason });
		}
		const objects: BoundValue['objects'] = new Array(symbols.objectCount);
		for (let index = 0; index < symbols.ops.length; index++) {
			if (plan.replay[index]) {
				this.nextId = plan.ids[index];
				this.replayOp(symbols.ops[index], file, objects);
			}
		}
	}

	/** True when no name was defined twice. */
	get noRedefinitions(): boolean {
		return this.definitionChains.host.size === 0 && this.definitionChains.task.size === 0 && this.definitionChains.driver.size === 0;
	}

	get builtinDefaultDriver(): Resource {
		return this.builtinDefault;
	}

	/** The id the next object gets. */
	get idClock(): number {
		return this.nextId;
	}

	private report(file: FileId, diag: Diag): void {
		this.registry.diagnostics.push({ ...diag, file });
	}

	private replayFile(file: FileId): void {
		const symbols = this.input.symbols(file);
		if (!this.loadedFileSet.has(file)) {
			this.loadedFileSet.add(file);
			this.registry.loadedFiles.push(file);
		}
		if (!symbols) {
			return;
		}
		const registry = this.registry;
		const previous = this.trace.segments.get(file);
		const segment: FileSegment = {
			replays: (previous?.replays ?? 0) + 1, opStart: this.opClock, opEnd: 0, refStart: registry.references.length, refEnd: 0, diagStart: registry.diagnostics.length, diagEnd: 0,
			openStart: registry.openReasons.length, openEnd: 0, linkStart: registry.links.length, linkEnd: 0, resStart: registry.allResources.length, resEnd: 0,
			groupStart: registry.groups.length, groupEnd: 0, idStart: this.nextId, idEnd: 0, tagStart: 0, tagEnd: 0,
		};
		this.trace.segments.set(file, segment);
		for (const name of symbols.functionGlobals) {
			this.functionGlobals.add(name);
		}
		for (const reason of symbols.openReasons) {
			this.registry.openReasons.push({ file, ...reason });
		}
		const objects: BoundValue['objects'] = new Array(symbols.objectCount);
		for (const op of symbols.ops) {
			this.opClock++;
			this.replayOp(op, file, objects);
		}
		segment.opEnd = this.opClock;
		segment.refEnd = registry.references.length;
		segment.diagEnd = this.registry.diagnostics.length;
		segment.openEnd = registry.openReasons.length;
		segment.linkEnd = registry.links.length;
		segment.resEnd = registry.allResources.length;
		segment.groupEnd = registry.groups.length;
		segment.idEnd = this.nextId;
	}

	private replayOp(op: Op, file: FileId, objects: BoundValue['objects']): void {
		switch (op.op) {
			case 'create': {
				if (op.objectKind === 'group') {
					const group: Group = { id: this.nextId++, callSite: { file, range: op.callRange }, memberKind: undefined, members: [], defaults: new Map(), conditional: op.conditional };
					this.registry.groups.push(group);
					objects[op.ref] = { stateKind: 'group', group, drivesBuiltinDefault: false };
					return;
				}
				if (op.name.kind !== 'string') {
					objects[op.ref] = undefined;
					return;
				}
				if (op.objectKind === 'namespace') {
					objects[op.ref] = { stateKind: 'namespace', namespace: this.createNamespace(op.name, file, op.callRange) };
					return;
				}
				objects[op.ref] = this.createResource(op.objectKind, op.name.value, { file, range: op.name.range }, { file, range: op.callRange }, op.form, op.conditional, undefined);
				return;
			}
			case 'apply': {
				const target = this.resolveObject({ value: op.target, objects, file });
				if (isResource(target)) {
					this.recordAlias(target, op.target, file);
				}
				if (target) {
					this.applyArgument(target, { value: op.argument, objects, file }, op.conditional);
				}
				return;
			}
			case 'assign': {
				const target = this.resolveObject({ value: op.target, objects, file });
				if (!target) {
					return;
				}
				if (!isResource(target)) {
					if (target.stateKind === 'group') {
						this.report(file, { range: op.keyRange, severity: 'error', code: 'group-assign', message: 'A Group object cannot be assigned to: ESSH fails with "unsupport to override group\'s properties".' });
					} else {
						this.report(file, { range: op.keyRange, severity: 'error', code: 'ns-unknown-field', message: `A namespace takes only hosts, tasks and drivers: ESSH fails with "unsupported namespace's field '${op.key}'."` });
					}
					return;
				}
				this.recordAlias(target, op.target, file);
				this.setProperty(target, op.key, op.keyRange, op.value, file, 'assign');
				return;
			}
			case 'require': {
				const resolved = this.input.resolveModule(op.name);
				this.registry.links.push({ site: { file, range: op.nameRange }, kind: 'require', target: op.name, resolved });
				if (resolved === undefined) {
					this.registry.openReasons.push({ file, range: op.nameRange, reason: `module "${op.name}" is not found on ESSH's search path` });
					if (!op.protected) {
						this.reportUnresolvedRequire(op, file);
					}
					return;
				}
				if (this.loadedModules.has(resolved)) {
					return;
				}
				this.loadedModules.add(resolved);
				const role = this.currentRole;
				this.replayFile(resolved);
				this.currentRole = role;
				return;
			}
			case 'dofile': {
				const resolved = this.input.resolvePath(op.path);
				this.registry.links.push({ site: { file, range: op.pathRange }, kind: 'dofile', target: op.path, resolved });
				if (resolved === undefined || this.dofileDepth >= MAX_DOFILE_DEPTH) {
					this.registry.openReasons.push({ file, range: op.pathRange, reason: `dofile "${op.path}" cannot be followed` });
					return;
				}
				this.dofileDepth++;
				this.replayFile(resolved);
				this.dofileDepth--;
				return;
			}
			case 'setGlobal':
				this.globals.set(op.name, { value: op.value, objects, file });
				return;
			case 'readGlobal':
				if (this.isUnsetGlobal(op.name)) {
					this.reportUnsetGlobal(op, file);
				}
				return;
			case 'select':
				this.trace.lastSelectOp = this.opClock;
				this.recordSelections(op.selections, file);
				return;
			case 'assignSelected':
				this.trace.lastSelectOp = this.opClock;
				this.assignSelected(op, file);
				return;
			case 'use': {
				const target = this.resolveObject({ value: op.target, objects, file });
				if (isResource(target)) {
					this.recordAlias(target, op.target, file);
				}
				return;
			}
		}
	}

	/**
	 * True when reading global `name` now yields nil for sure: no file replayed so far assigned it,
	 * no function of those files may have, and nothing unknown (an unresolved module, a dynamic
	 * name) was met that could have.
	 */
	private isUnsetGlobal(name: string): boolean {
		return !this.globals.has(name) && !this.functionGlobals.has(name) && this.registry.openReasons.length === 0;
	}

	private reportUnsetGlobal(op: Extract<Op, { op: 'readGlobal' }>, file: FileId): void {
		if (op.called) {
			// Diagnostic: global-undefined-call, calling a global that holds nil at that point of the load.
			this.report(file, {
				range: op.range, severity: 'error', code: 'global-undefined-call',
				message: `\`${op.name}\` is nil here: no file loaded before this line defines it, so calling it fails with "attempt to call a non-function object".`,
			});
			return;
		}
		// Diagnostic: global-undefined, reading a global that holds nil at that point of the load.
		this.report(file, {
			range: op.range, severity: 'warning', code: 'global-undefined',
			message: `\`${op.name}\` is nil here: no file loaded before this line defines it (it is no Lua, ESSH or bundled-library name), so nil is used.`,
		});
	}

	/** A `require` that no file of the workspace satisfies, outside `pcall`: what ESSH will do, and where it looked. */
	private reportUnresolvedRequire(op: Extract<Op, { op: 'require' }>, file: FileId): void {
		const version = this.version;
		const era = libraryOfAnotherEra(op.name, version);
		if (era?.workingName !== undefined) {
			// Diagnostic: library-version, a bundled library's name from another ESSH version, which fails to load.
			this.report(file, {
				range: op.nameRange, severity: 'error', code: 'library-version',
				message: `\`${op.name}\` names the ${era.library.name} library only in ESSH ${describeVersionRanges(era.names)}; here it is \`require "${era.workingName}"\`. ESSH ${formatVersion(version)} fails with "module ${op.name} not found".`,
				data: { suggestions: [era.workingName], edit: { range: op.nameRange, newText: JSON.stringify(era.workingName), title: `Change to "${era.workingName}"` } },
			});
			return;
		}
		const later = era ? ` (\`${op.name}\` is a library bundled with ESSH ${describeVersionRanges(era.names)}: set the ESSH version if the configs are for that one)` : '';
		// Diagnostic: require-unresolved, a module that no file of the workspace provides.
		this.report(file, {
			range: op.nameRange, severity: 'warning', code: 'require-unresolved',
			message: `Module "${op.name}" is in none of the places ESSH searches that this workspace holds: ${this.input.moduleSearchPath(op.name).join(', ')}. ESSH stops loading with "module ${op.name} not found" unless the module is installed in ~/.essh/lib or /usr/local/share/essh/lib where it runs; until then this set is open (checks that depend on the module are softened).${later}`,
		});
	}

	/** Navigation: the object alias of `h.K = v` (`local h = host "n"`) refers to the resource. */
	private recordAlias(target: Resource, value: Value, file: FileId): void {
		if ((value.kind === 'object' || value.kind === 'global') && !(target.callSite.file === file && target.callSite.range.start === value.range.start)) {
			this.registry.references.push({ site: { file, range: value.range }, kind: target.kind, name: target.name, role: 'reference', context: 'alias', namespace: target.namespace });
		}
	}

	/** `select_hosts`/`:filter` strings see only hosts defined so far (essh-semantics.md, Targets, filters and select_hosts). */
	private recordSelections(selections: StringValue[], file: FileId): void {
		// Something unknown was evaluated before this point (a dynamic name, an unresolved module): a match may exist (an open set, docs/diagnostics.md).
		const openSoFar = this.registry.openReasons.length > 0;
		for (const selection of selections) {
			// Navigation and hover resolve the string against the hosts matched here, not the final registry.
			const byName = this.registry.hosts.get(selection.value);
			const matched = byName ? [byName] : [...this.registry.hosts.values()].filter(host => hostTagValues(host).includes(selection.value)).sort((a, b) => compareNames(a.name, b.name));
			this.registry.references.push({ site: { file, range: selection.range }, kind: 'target', name: selection.value, role: 'reference', context: 'select', matched });
			if (matched.length === 0 && !openSoFar) {
				this.report(file, {
					range: selection.range, severity: 'information', code: 'select-unresolved',
					message: `No host or tag "${selection.value}" is defined before this point: select_hosts sees only hosts registered earlier in evaluation order, so this selects nothing here.`,
				});
			}
		}
	}

	/** `q:get()[n].K = v` and loops over `q:get()`: the query runs against the hosts registered so far. */
	private assignSelected(op: Extract<Op, { op: 'assignSelected' }>, file: FileId): void {
		if (op.query.dynamic) {
			this.registry.openReasons.push({ file, range: op.keyRange, reason: 'select_hosts with a selection that is not static writes into hosts we cannot know' });
			return;
		}
		const matches = (host: Resource, selector: string): boolean => host.name === selector || hostTagValues(host).includes(selector);
		let hosts = [...this.registry.hosts.values()];
		if (op.query.selections.length > 0) {
			hosts = hosts.filter(host => op.query.selections.some(selection => matches(host, selection)));
		}
		for (const filter of op.query.filters.flat()) {
			hosts = hosts.filter(host => matches(host, filter));
		}
		if (op.query.visibility !== 'all') {
			const wantHidden = op.query.visibility === 'hidden';
			hosts = hosts.filter(host => {
				const hidden = host.properties.get('hidden')?.value;
				return (hidden?.kind === 'boolean' && hidden.value) === wantHidden;
			});
		}
		if (op.index !== 'each' && hosts.length > 1) {
			// get() returns hosts in random order, so `[n]` is one of several hosts.
			this.registry.openReasons.push({ file, range: op.keyRange, reason: `select_hosts(…):get()[${op.index}] is one of ${hosts.length} hosts in random order` });
			return;
		}
		if (op.index !== 'each' && op.index !== 1) {
			return;
		}
		for (const host of hosts) {
			this.setProperty(host, op.key, op.keyRange, op.value, file, 'assign');
		}
	}

	private resolveObject(bound: BoundValue): ReplayObject | undefined {
		const value = bound.value;
		if (value.kind === 'object') {
			return bound.objects[value.ref];
		}
		if (value.kind === 'global') {
			const global = this.globals.get(value.name);
			if (global && global !== bound && global.value.kind !== 'global') {
				return this.resolveObject(global);
			}
		}
		return undefined;
	}

	// Creation.

	private createResource(kind: ResourceKind, name: string, nameSite: Site, callSite: Site, form: Resource['form'], conditional: boolean, namespace: string | undefined): Resource {
		const resource: Resource = {
			id: this.nextId++, kind, name, nameSite, callSite, form, conditional, properties: new PropertyMap(), namespace: undefined, builtin: false, replacedBy: undefined, groups: [],
		};
		this.registry.allResources.push(resource);
		this.registry.references.push({ site: nameSite, kind, name, role: 'definition', resource });
		if (namespace !== undefined) {
			this.moveIntoNamespace(resource, namespace);
			return resource;
		}
		this.registerGlobal(resource);
		return resource;
	}

	private globalMap(kind: ResourceKind): Map<string, Resource> {
		return kind === 'host' ? this.registry.hosts : kind === 'task' ? this.registry.tasks : this.registry.drivers;
	}

	private registerGlobal(resource: Resource): void {
		const map = this.globalMap(resource.kind);
		const previous = map.get(resource.name);
		// A name's chain is kept once it has a second definition; until then it is just the current one.
		const chains = this.definitionChains[resource.kind];
		const chain = chains.get(resource.name);
		if (chain) {
			chain.push(resource);
		} else if (previous && !previous.builtin) {
			chains.set(resource.name, [previous, resource]);
		}
		map.set(resource.name, resource);
		if (resource.kind === 'driver' && resource.name === 'default' && resource.form !== 'default') {
			this.report(resource.nameSite.file, {
				range: resource.nameSite.range, severity: 'information', code: 'driver-default-redefined',
				message: 'This replaces the built-in "default" driver for every task that does not name a driver.',
			});
		}
		if (!previous || previous.builtin) {
			return;
		}
		previous.replacedBy = resource;
		if (previous.conditional || resource.conditional) {
			return;
		}
		const kindLabel = resource.kind;
		const related = [{ file: previous.nameSite.file, range: previous.nameSite.range, message: `the earlier definition of ${kindLabel} "${resource.name}", which is discarded` }];
		if (resource.kind === 'host' && isOverrideRole(this.currentRole) && previous.nameSite.file !== resource.nameSite.file) {
			this.report(resource.nameSite.file, {
				range: resource.nameSite.range, severity: 'warning', code: 'override-redefinition',
				message: `This redefinition replaces host "${resource.name}" entirely instead of patching it: every property set earlier is lost. To change one property, use essh.select_hosts("${resource.name}"):get()[1].Key = value.`,
				related,
				data: { suggestions: [`essh.select_hosts("${resource.name}"):get()[1]`] },
			});
			return;
		}
		const code = resource.kind === 'host' ? 'host-redefined' : resource.kind === 'task' ? 'task-redefined' : 'driver-redefined';
		this.report(resource.nameSite.file, {
			range: resource.nameSite.range, severity: 'warning', code,
			message: `${capitalize(kindLabel)} "${resource.name}" is defined again: ESSH keeps only this definition and discards the earlier one entirely (properties are not merged).`,
			related,
		});
	}

	private createNamespace(name: StringValue, file: FileId, callRange: TextRange): Namespace {
		this.trace.namespaces = true;
		const previous = this.registry.namespaces.get(name.value);
		const namespace: Namespace = {
			name: name.value, nameSite: { file, range: name.range }, callSite: { file, range: callRange },
			hosts: new Map(), tasks: new Map(), drivers: new Map([['default', this.builtinDefault]]), replacedBy: undefined,
		};
		this.registry.references.push({ site: namespace.nameSite, kind: 'namespace', name: name.value, role: 'definition' });
		if (previous) {
			previous.replacedBy = namespace;
			this.report(file, {
				range: name.range, severity: 'warning', code: 'ns-redefined',
				message: `Namespace "${name.value}" is defined again: the earlier namespace and all its hosts, tasks and drivers are discarded.`,
				related: [{ file: previous.nameSite.file, range: previous.nameSite.range, message: 'the discarded namespace' }],
			});
		}
		this.registry.namespaces.set(name.value, namespace);
		return namespace;
	}

	/** Moves a resource out of the global space into a namespace; the previous global of that name comes back. */
	private moveIntoNamespace(resource: Resource, namespaceName: string): void {
		const namespace = this.registry.namespaces.get(namespaceName);
		if (!namespace) {
			return;
		}
		const map = this.globalMap(resource.kind);
		if (map.get(resource.name) === resource) {
			const chain = this.definitionChains[resource.kind].get(resource.name) ?? [resource];
			const index = chain.lastIndexOf(resource);
			if (index >= 0) {
				chain.splice(index, 1);
			}
			const restored = [...chain].reverse().find(candidate => candidate.namespace === undefined);
			if (restored) {
				map.set(resource.name, restored);
				restored.replacedBy = undefined;
			} else if (resource.kind === 'driver' && resource.name === 'default') {
				map.set('default', this.builtinDefault);
			} else {
				map.delete(resource.name);
			}
			// A redefinition warning was about a global replacement that no longer happens.
			this.registry.diagnostics = this.registry.diagnostics.filter(diag => !(diag.file === resource.nameSite.file && diag.range.start === resource.nameSite.range.start && (diag.code === 'host-redefined' || diag.code === 'task-redefined' || diag.code === 'driver-redefined' || diag.code === 'override-redefinition' || diag.code === 'driver-default-redefined')));
		}
		resource.namespace = namespaceName;
		const target = resource.kind === 'host' ? namespace.hosts : resource.kind === 'task' ? namespace.tasks : namespace.drivers;
		target.set(resource.name, resource);
	}

	// Applying tables and values.

	private applyArgument(target: ReplayObject, argument: BoundValue, conditional: boolean): void {
		const value = argument.value;
		if (isResource(target)) {
			if ((value.kind === 'string' || value.kind === 'partialString') && target.kind === 'task') {
				this.setProperty(target, 'script', value.range, value, argument.file, 'own');
				return;
			}
			if (value.kind === 'table') {
				this.applyTable(target, value, argument);
				return;
			}
			if (value.kind === 'global') {
				const global = this.globals.get(value.name);
				if (global && global.value.kind === 'table') {
					this.applyTable(target, global.value, global);
				}
			}
			return;
		}
		const table = value.kind === 'table' ? { table: value, bound: argument } : undefined;
		if (!table) {
			return;
		}
		if (target.stateKind === 'group') {
			this.processGroup(target, table.table, table.bound, conditional);
		} else {
			this.processNamespace(target.namespace, table.table, table.bound);
		}
	}

	private applyTable(target: Resource, table: TableValue, bound: BoundValue): void {
		const file = bound.file;
		const items = table.items;
		(target.properties as PropertyMap).reserve(items.length + table.fields.length);
		for (let index = 0; index < items.length; index++) {
			const item = items[index];
			this.setProperty(target, String(index + 1), item.range, item, file, 'own');
		}
		for (const field of table.fields) {
			if (field.key === undefined) {
				continue;
			}
			this.setProperty(target, field.key, field.keyRange, field.value, file, 'own');
		}
	}

	/** Validates and stores one property through ESSH's update path. */
	private setProperty(target: Resource, key: string, keyRange: TextRange, value: Value, file: FileId, origin: PropertyOrigin): boolean {
		if (value.kind === 'global' && this.isUnsetGlobal(value.name)) {
			// The global holds nil: a table field with a nil value does not exist, an assignment of nil clears.
			value = { kind: 'nil', range: value.range };
		}
		const diagnostics = validateProperty(target.kind, key, value, origin === 'assign' ? (target.builtin ? this.assignBuiltinContext : this.assignContext) : (target.builtin ? this.ownBuiltinContext : this.ownContext));
		let fatal = false;
		for (const diag of diagnostics) {
			this.report(file, { range: diag.on === 'key' ? keyRange : diag.range ?? value.range, severity: diag.severity, code: diag.code, message: diag.message, data: diag.data });
			fatal ||= diag.severity === 'error';
		}
		if (fatal) {
			return false;
		}
		if (value.kind === 'nil') {
			target.properties.delete(key);
			return true;
		}
		target.properties.set(key, new Property(key, value, file, keyRange, origin));
		return true;
	}

	// Groups (essh-semantics.md, Group defaults).

	private processGroup(state: GroupState, table: TableValue, bound: BoundValue, conditional: boolean): void {
		const group = state.group;
		const newMembers: Resource[] = [];
		const kindsSeen = new Map<ResourceKind, Site>();
		// 1. String keys first: hosts/tasks/drivers tables register members; other keys are defaults.
		for (const field of table.fields) {
			if (field.keyKind === 'number') {
				continue;
			}
			if (field.keyKind === 'other') {
				this.report(bound.file, { range: field.keyRange, severity: 'error', code: 'group-element', message: 'A group key must be a string or a number: ESSH fails with "invalid operation".' });
				continue;
			}
			if (field.key === undefined) {
				continue;
			}
			if (field.key === 'hosts' || field.key === 'tasks' || field.key === 'drivers') {
				const kind: ResourceKind = field.key === 'hosts' ? 'host' : field.key === 'tasks' ? 'task' : 'driver';
				if (field.value.kind !== 'table') {
					if (field.value.kind !== 'unknown' && field.value.kind !== 'global') {
						this.report(bound.file, { range: field.value.range, severity: 'error', code: 'group-element', message: `\`${field.key}\` must be a table of definitions: ESSH fails with "expected table but got '…'".` });
					}
					continue;
				}
				kindsSeen.set(kind, { file: bound.file, range: field.keyRange });
				if (kind === 'driver') {
					state.drivesBuiltinDefault = true;
				}
				newMembers.push(...this.createFromTable(kind, field.value, bound, conditional || group.conditional, undefined));
				continue;
			}
			group.defaults.set(field.key, new Property(field.key, field.value, bound.file, field.keyRange, 'group'));
		}
		// 2. Array elements: Host, Task or Driver objects.
		const elements: Value[] = [...table.items, ...table.fields.filter(field => field.keyKind === 'number').map(field => field.value)];
		for (const element of elements) {
			const object = this.resolveObject({ value: element, objects: bound.objects, file: bound.file });
			if (isResource(object)) {
				if (!kindsSeen.has(object.kind)) {
					kindsSeen.set(object.kind, { file: bound.file, range: element.range });
				}
				newMembers.push(object);
				continue;
			}
			if (element.kind === 'unknown' || element.kind === 'global') {
				continue;
			}
			const message = element.kind === 'object' || object !== undefined
				? 'A group element must be a host, task or driver: ESSH fails with "expected host, task or driver but got \'…\'" (groups do not nest).'
				: `A group element must be a host, task or driver object: ESSH fails with "expected userdata (host, task or driver) but got '${element.kind === 'string' ? element.value : element.kind === 'partialString' ? partialStringText(element) : luaTypeName(element)}'".`;
			this.report(bound.file, { range: element.range, severity: 'error', code: 'group-element', message });
		}
		// 3. One kind per group.
		if (group.memberKind) {
			kindsSeen.set(group.memberKind, kindsSeen.get(group.memberKind) ?? group.callSite);
		}
		if (kindsSeen.size > 1) {
			const kinds = [...kindsSeen.keys()];
			this.report(bound.file, {
				range: table.range.start < table.range.end ? { start: table.range.start, end: table.range.start + 1 } : table.range, severity: 'error', code: 'group-mixed',
				message: `This group mixes ${kinds.join(' and ')} resources: ESSH fails with "group can use only one type of resources."`,
				related: [...kindsSeen.entries()].map(([kind, site]) => ({ file: site.file, range: site.range, message: `a ${kind}` })),
			});
			for (const member of newMembers) {
				member.groups.push(group.id);
			}
			group.members.push(...newMembers);
			return;
		}
		if (!group.memberKind && kindsSeen.size === 1) {
			group.memberKind = [...kindsSeen.keys()][0];
		}
		for (const member of newMembers) {
			if (!group.members.includes(member)) {
				group.members.push(member);
				member.groups.push(group.id);
			}
		}
		// 4. Defaults apply to every member (old and new) that has no value for the key.
		this.applyGroupDefaults(state);
	}

	private applyGroupDefaults(state: GroupState): void {
		const group = state.group;
		if (group.members.length === 0 || !group.memberKind) {
			return;
		}
		const reported = new Set<string>();
		const targets = [...group.members];
		if (state.drivesBuiltinDefault && group.memberKind === 'driver' && group.defaults.size > 0) {
			const firstDefault = [...group.defaults.values()][0];
			this.report(firstDefault.keySite.file, {
				range: firstDefault.keySite.range, severity: 'warning', code: 'group-drivers-default-leak',
				message: 'With the `drivers = {…}` form, ESSH also applies the group\'s defaults to the built-in "default" driver, so every task without its own driver is affected.',
			});
			if (this.registry.drivers.get('default') === this.builtinDefault) {
				targets.push(this.builtinDefault);
			}
		}
		for (const member of targets) {
			for (const entry of group.defaults.values()) {
				if (member.properties.has(entry.key)) {
					continue;
				}
				const diagnostics = validateProperty(member.kind, entry.key, entry.value, { version: this.version, assignment: false, builtin: member.builtin });
				const errors = diagnostics.filter(diag => diag.severity === 'error');
				if (errors.length > 0) {
					if (!reported.has(entry.key)) {
						reported.add(entry.key);
						this.report(entry.keySite.file, {
							range: entry.keySite.range, severity: 'error', code: 'group-default-invalid',
							message: `The group default \`${entry.key}\` is not valid for a ${member.kind}, and ESSH applies it to every member: ${errors[0].quote ? `ESSH fails with "${errors[0].quote}"` : errors[0].message}`,
						});
					}
					continue;
				}
				member.properties.set(entry.key, new Property(entry.key, entry.value, entry.file, entry.keyRange, 'group'));
			}
		}
	}

	/** The `{ name = {definition}, … }` form inside groups and namespaces. */
	private createFromTable(kind: ResourceKind, table: TableValue, bound: BoundValue, conditional: boolean, namespace: string | undefined): Resource[] {
		const created: Resource[] = [];
		for (const item of table.items) {
			this.report(bound.file, { range: item.range, severity: 'error', code: 'hosts-table-entry', message: `Every entry must be written as name = {…}: ESSH fails with "expected string of ${kind}'s name but got '…'".` });
		}
		for (const field of table.fields) {
			if (field.keyKind !== 'string' || field.key === undefined) {
				if (field.keyKind !== 'unknown') {
					this.report(bound.file, { range: field.keyRange, severity: 'error', code: 'hosts-table-entry', message: `Every key must be a ${kind} name string: ESSH fails with "expected string of ${kind}'s name but got '…'".` });
				}
				continue;
			}
			if (field.value.kind !== 'table') {
				if (field.value.kind !== 'unknown' && field.value.kind !== 'global') {
					this.report(bound.file, { range: field.value.range, severity: 'error', code: 'hosts-table-entry', message: `The definition of ${kind} "${field.key}" must be a table: ESSH fails with "expected table of ${kind}'s config but got '…'".` });
				}
				continue;
			}
			const resource = this.createResource(kind, field.key, { file: bound.file, range: field.keyRange }, { file: bound.file, range: field.range }, namespace ? 'namespace-table' : 'group-table', conditional, namespace);
			this.applyTable(resource, field.value, bound);
			created.push(resource);
		}
		return created;
	}

	// Namespaces (essh-semantics.md, Namespaces).

	private processNamespace(namespace: Namespace, table: TableValue, bound: BoundValue): void {
		for (const field of table.fields) {
			if (field.keyKind === 'number') {
				continue;
			}
			if (field.key === 'hosts' || field.key === 'tasks' || field.key === 'drivers') {
				if (field.value.kind === 'table') {
					const kind: ResourceKind = field.key === 'hosts' ? 'host' : field.key === 'tasks' ? 'task' : 'driver';
					this.createFromTable(kind, field.value, bound, false, namespace.name);
				}
				continue;
			}
			if (field.key !== undefined) {
				this.report(bound.file, {
					range: field.keyRange, severity: 'error', code: 'ns-unknown-field',
					message: `A namespace takes only hosts, tasks and drivers: ESSH fails with "unsupported namespace's field '${field.key}'."`,
				});
			}
		}
		const elements: Value[] = [...table.items, ...table.fields.filter(field => field.keyKind === 'number').map(field => field.value)];
		for (const element of elements) {
			const object = this.resolveObject({ value: element, objects: bound.objects, file: bound.file });
			if (isResource(object)) {
				this.moveIntoNamespace(object, namespace.name);
			} else if (object && object.stateKind === 'group') {
				for (const member of object.group.members) {
					this.moveIntoNamespace(member, namespace.name);
				}
			} else if (element.kind !== 'unknown' && element.kind !== 'global' && element.kind !== 'nil') {
				this.report(bound.file, { range: element.range, severity: 'error', code: 'group-element', message: 'A namespace element must be a host, task, driver or group: ESSH fails with "expected host, task, driver, group or module but got \'…\'".' });
			}
		}
	}

	// Tags.

	private finishTags(): void {
		fillTags(this.registry.tags, sortByName([...this.registry.hosts.values()]));
		// Tag strings are definition sites of the tag.
		const references = this.registry.references;
		const allResources = this.registry.allResources;
		const first = references.length;
		// Where each resource's tag definitions start, for the segments.
		const tagAt = new Int32Array(allResources.length + 1);
		for (let position = 0; position < allResources.length; position++) {
			tagAt[position] = references.length - first;
			const resource = allResources[position];
			if (resource.kind === 'host') {
				pushTagDefinitions(references, resource);
			}
		}
		tagAt[allResources.length] = references.length - first;
		this.trace.tagRefCount = references.length - first;
		for (const segment of this.trace.segments.values()) {
			segment.tagStart = tagAt[segment.resStart];
			segment.tagEnd = tagAt[segment.resEnd];
		}
	}
}

/** Tag → hosts carrying it, from the effective global hosts sorted by name. */
function fillTags(tags: Map<string, Resource[]>, sortedHosts: Resource[]): void {
	for (const host of sortedHosts) {
		for (const tag of hostTagValues(host)) {
			const hosts = tags.get(tag);
			if (!hosts) {
				tags.set(tag, [host]);
			} else if (hosts[hosts.length - 1] !== host) {
				// A tag written twice on one host: its second push would follow the first directly.
				hosts.push(host);
			}
		}
	}
}

function pushTagDefinitions(references: NameReference[], host: Resource): void {
	const tags = tagsTable(host);
	if (tags) {
		forEachTag(tags.table, (tag, range) => references.push({ site: { file: tags.file, range }, kind: 'tag', name: tag, role: 'definition', resource: host, namespace: host.namespace }));
	}
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

const SURROGATE = /[\ud800-\udfff]/;

/**
 * Sorts resources by name in `compareNames` order. Without surrogates in any name, UTF-16 code unit
 * order is code point order, and the engine's own string comparison is several times faster.
 */
export function sortByName<T extends { name: string }>(resources: T[]): T[] {
	if (resources.some(resource => SURROGATE.test(resource.name))) {
		return resources.sort((a, b) => compareNames(a.name, b.name));
	}
	return resources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Byte-order comparison of names, as Go's sort.Strings does for ASCII and UTF-8. */
export function compareNames(a: string, b: string): number {
	// UTF-8 byte order is code point order. UTF-16 code unit order differs from it only when the
	// first differing units are a surrogate and a unit at or above U+E000: surrogates then go last.
	const length = Math.min(a.length, b.length);
	for (let index = 0; index < length; index++) {
		let left = a.charCodeAt(index);
		let right = b.charCodeAt(index);
		if (left !== right) {
			if (left >= 0xd800 && right >= 0xd800) {
				left = left >= 0xe000 ? left - 0x800 : left + 0x2000;
				right = right >= 0xe000 ? right - 0x800 : right + 0x2000;
			}
			return left < right ? -1 : 1;
		}
	}
	return a.length - b.length;
}

/**
 * Tag values per `tags` table value. Lowered values are cached per file text and never mutated, so
 * a cache kept on the value stays exact across registry rebuilds and lets checks and queries ask for
 * a host's tags in O(1). The cache is a symbol-keyed, non-enumerable property of the table, which
 * plain-data comparisons and serialisation ignore: a `WeakMap` of one entry per host's table made
 * every garbage collection walk 100,000 ephemerons at 50,000 hosts, and every patch insert 500 of them.
 * Tag sites are not cached: the tag definitions of a replay are made from the table directly, and
 * the other readers (a clash, a namespace check) are rare.
 */
const TAG_VALUES = Symbol('tagValues');
interface TagCaches {
	[TAG_VALUES]?: string[];
}
const NO_TAG_VALUES: string[] = [];

/** Sets a cache property, not enumerable: deep comparisons (`assert.deepStrictEqual` reads enumerable symbols) do not see it. */
function cacheOn<K extends keyof TagCaches>(table: TableValue & TagCaches, key: K, value: TagCaches[K]): void {
	Object.defineProperty(table, key, { value, writable: true, configurable: true, enumerable: false });
}

/** The `tags` table of a host, when it has one. */
function tagsTable(host: Resource): { table: TableValue & TagCaches; file: FileId } | undefined {
	const entry = host.properties.get('tags');
	return entry && entry.value.kind === 'table' ? { table: entry.value, file: entry.file } : undefined;
}

/** Calls `visit` for each string of a `tags` table, in order (array part first). */
function forEachTag(table: TableValue, visit: (tag: string, range: TextRange) => void): void {
	for (const item of table.items) {
		if (item.kind === 'string') {
			visit(item.value, item.range);
		}
	}
	for (const field of table.fields) {
		if (field.value.kind === 'string') {
			visit(field.value.value, field.value.range);
		}
	}
}

/** The tag strings of a host with where each is written, in order (array part first): a new list on each call. */
export function hostTagSites(host: Resource): TagSite[] {
	const tags = tagsTable(host);
	const sites: TagSite[] = [];
	if (tags) {
		forEachTag(tags.table, (tag, range) => sites.push({ tag, site: { file: tags.file, range } }));
	}
	return sites;
}

/** The tag strings of a host, in order. Shared: do not mutate. */
export function hostTagValues(host: Resource): string[] {
	const tags = tagsTable(host);
	if (!tags) {
		return NO_TAG_VALUES;
	}
	let cached = tags.table[TAG_VALUES];
	if (!cached) {
		// Kept per table, so at its exact length (a list grown by `push` keeps room for 17).
		let count = 0;
		forEachTag(tags.table, () => count++);
		const values: string[] = count === 0 ? NO_TAG_VALUES : new Array<string>(count);
		let index = 0;
		forEachTag(tags.table, tag => {
			values[index++] = tag;
		});
		cacheOn(tags.table, TAG_VALUES, values);
		cached = values;
	}
	return cached;
}

export type { NameReference };
