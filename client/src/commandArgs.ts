/**
 * Argument handling for the extension's commands, in the client layer but PURE (no `vscode`
 * import, tested under plain Node): normalising what a command receives from a code lens, a tree
 * item, a quick pick or the palette into `{ setId, kind, name }`; the word under the cursor; the
 * terminal command line for run and connect (shell-quoted) and its working directory; the task
 * definition of the `essh` task type; and the lookup parameters of the live-preview quick pick.
 */
import type { ExtLocation, LookupParams, RegistrySet } from '../../server/src/lsp/ext';

/** An item of the registry as commands address it. */
export interface ItemRef {
	/** Absent when the command could not tell (palette with no context): the caller asks. */
	setId?: string;
	kind: 'host' | 'task' | 'driver' | 'tag' | 'group' | 'namespace';
	name: string;
	location?: ExtLocation;
}

const itemKinds = new Set(['host', 'task', 'driver', 'tag', 'group', 'namespace']);

/**
 * Normalises a command's arguments to an item of `expectedKind`:
 * - a code lens passes `[setId, name]` (the server's `essh.runTask` / `essh.showTaskHosts`);
 * - a tree context menu passes the node (`{ kind, setId, name, location }`), and with a
 *   multi-selection the same node again followed by the selection array;
 * - a quick pick or a test passes a `LookupItem`-like object;
 * - a plain string is a name.
 * Returns undefined when the arguments name no item of that kind, so the caller can ask.
 */
export function itemFromArgs(args: readonly unknown[], expectedKind?: ItemRef['kind']): ItemRef | undefined {
	const [first, second] = args;
	if (typeof first === 'string' && typeof second === 'string') {
		return expectedKind ? { setId: first, kind: expectedKind, name: second } : undefined;
	}
	if (typeof first === 'string' && first !== '' && expectedKind) {
		return { kind: expectedKind, name: first };
	}
	if (isRecord(first) && typeof first.name === 'string' && typeof first.kind === 'string' && itemKinds.has(first.kind)) {
		if (expectedKind && first.kind !== expectedKind) {
			return undefined;
		}
		return {
			setId: typeof first.setId === 'string' ? first.setId : undefined,
			kind: first.kind as ItemRef['kind'],
			name: first.name,
			location: isLocation(first.location) ? first.location : undefined,
		};
	}
	return undefined;
}

/** Arguments of `essh.openLocation`: an `ExtLocation`, or `[uri, line, character]`. */
export function locationFromArgs(args: readonly unknown[]): ExtLocation | undefined {
	const [first, line, character] = args;
	if (isLocation(first)) {
		return first;
	}
	if (isRecord(first) && isLocation(first.location)) {
		return first.location;
	}
	if (typeof first === 'string' && typeof line === 'number') {
		const position = { line, character: typeof character === 'number' ? character : 0 };
		return { uri: first, range: { start: position, end: position } };
	}
	return undefined;
}

/**
 * The name under the cursor: the contents of the string literal around `character` (`"web-01"`,
 * `'x'`, without `[[…]]` long strings), else the identifier-ish word (letters, digits, `_ - . :`).
 * Returns undefined on whitespace or punctuation.
 */
export function nameAtPosition(lineText: string, character: number): string | undefined {
	const stringMatch = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g;
	for (const match of lineText.matchAll(stringMatch)) {
		const start = match.index;
		const end = start + match[0].length;
		if (character >= start && character <= end) {
			const content = match[1] ?? match[2] ?? '';
			return content === '' ? undefined : content;
		}
	}
	const isWordChar = (char: string | undefined) => char !== undefined && /[\w.:-]/.test(char);
	let start = character;
	while (start > 0 && isWordChar(lineText[start - 1])) {
		start--;
	}
	let end = character;
	while (end < lineText.length && isWordChar(lineText[end])) {
		end++;
	}
	const word = lineText.slice(start, end);
	return word === '' ? undefined : word;
}

/**
 * Quotes one word for a POSIX shell (or PowerShell with `powershell`): safe words are left bare,
 * anything else is single-quoted.
 */
export function shellQuote(word: string, shell: 'posix' | 'powershell' = 'posix'): string {
	if (/^[\w@%+=:,./-]+$/.test(word)) {
		return word;
	}
	return shell === 'powershell' ? `'${word.replace(/'/g, "''")}'` : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * The command line a terminal runs for run/connect: `essh <task>` or `essh <host>`, with the
 * configured `essh.path` (default `essh`; empty or blank falls back to it).
 */
export function esshCommandLine(esshPath: string | undefined, name: string, shell: 'posix' | 'powershell' = 'posix'): string {
	const executable = esshPath && esshPath.trim() !== '' ? esshPath.trim() : 'essh';
	const quotedExecutable = shellQuote(executable, shell);
	// PowerShell runs a quoted path only through the call operator.
	const prefix = shell === 'powershell' && quotedExecutable.startsWith("'") ? '& ' : '';
	return `${prefix}${quotedExecutable} ${shellQuote(name, shell)}`;
}

/** The argument vector for a process execution (the task provider): `[executable, name]`. */
export function esshProcessArgs(esshPath: string | undefined, name: string): { executable: string; args: string[] } {
	return { executable: esshPath && esshPath.trim() !== '' ? esshPath.trim() : 'essh', args: [name] };
}

/**
 * The working directory URI of a set: the project (or user) directory, or the directory of a
 * loose file, so `essh` finds the same config the tree shows.
 */
export function setDirectory(set: Pick<RegistrySet, 'id' | 'kind'>): string {
	if (set.kind !== 'loose') {
		return set.id.replace(/\/+$/, '');
	}
	const slash = set.id.lastIndexOf('/');
	return slash > 'file://'.length ? set.id.slice(0, slash) : set.id;
}

/** The `essh` task type's definition (package.json `taskDefinitions`). */
export interface EsshTaskDefinition {
	type: 'essh';
	/** The ESSH task name. */
	task: string;
	/** The directory whose config defines the task (defaults to the workspace folder). */
	cwd?: string;
}

/** Validates a task definition read from tasks.json; undefined when it is not an ESSH task. */
export function parseTaskDefinition(definition: unknown): EsshTaskDefinition | undefined {
	if (!isRecord(definition) || definition.type !== 'essh' || typeof definition.task !== 'string' || definition.task === '') {
		return undefined;
	}
	return { type: 'essh', task: definition.task, cwd: typeof definition.cwd === 'string' ? definition.cwd : undefined };
}

/**
 * The `essh/lookup` parameters for what is typed in the host quick pick: a glob over names; a blank
 * input lists every host; `#tag` looks up a tag instead.
 */
export function lookupParamsForInput(input: string, kind: 'hosts' | 'tasks', scope?: string): LookupParams {
	const text = input.trim();
	if (kind === 'hosts' && text.startsWith('#') && text.length > 1) {
		return { kind, tag: text.slice(1), scope };
	}
	return { kind, pattern: text === '' ? '*' : text, scope };
}

/** True when the error is "the user typed an unfinished glob", which the quick pick shows softly. */
export function isValidGlob(pattern: string): boolean {
	let depth = 0;
	let bracket = false;
	for (const char of pattern) {
		if (char === '[') {
			bracket = true;
		} else if (char === ']') {
			bracket = false;
		} else if (char === '{' && !bracket) {
			depth++;
		} else if (char === '}' && !bracket) {
			depth--;
			if (depth < 0) {
				return false;
			}
		}
	}
	return depth === 0 && !bracket;
}

/** The message shown when run/connect is refused in Restricted Mode. */
export function untrustedMessage(action: 'run' | 'connect'): string {
	return `ESSH: ${action === 'run' ? 'Running a task' : 'Connecting to a host'} is disabled in Restricted Mode, because it executes "essh" with this workspace's config. Trust the workspace to enable it.`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isLocation(value: unknown): value is ExtLocation {
	return isRecord(value) && typeof value.uri === 'string' && isRecord(value.range) && isRecord(value.range.start) && isRecord(value.range.end);
}
