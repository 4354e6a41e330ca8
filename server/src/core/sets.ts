/**
 * Evaluation sets (essh-semantics.md, Files and load order): which files ESSH loads together and in what order,
 * computed from a list of known file paths (absolute, POSIX separators). One set per project
 * directory (`esshconfig.lua` winning over `.esshconfig.lua`, then the `_override` file, then the
 * user override), a user set for `~/.essh/config.lua`, and a loose set for every other file that
 * no set reaches. `require` and `dofile` resolution along ESSH's search path also lives here.
 * Pure string work: no file system access.
 */
import type { FileId } from './diagnostic';
import type { EvaluationSetFile } from './model';
import { type EsshVersion, versionAtLeast } from './version';

export interface SetOptions {
	version: EsshVersion;
	/** The user directory (`~/.essh`), absolute; undefined when user config is disabled. */
	userDirectory: string | undefined;
}

export interface EvaluationSetDefinition {
	/** The project directory, the user directory, or the file itself for loose files. */
	id: string;
	kind: 'project' | 'user' | 'loose';
	/** The directory ESSH runs in (for `dofile`, `script_file` and `./?.lua`). */
	workingDirectory: string;
	files: EvaluationSetFile[];
	/** The project file name that lost because the preferred one exists beside it (`.esshconfig.lua` upstream, `esshconfig.lua` in the fork). */
	ignoredProjectFile?: FileId;
}

export function dirname(path: string): string {
	const index = path.lastIndexOf('/');
	return index <= 0 ? '/' : path.slice(0, index);
}

export function basename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins and normalises POSIX path segments (`.` and `..` resolved; an absolute segment restarts). */
export function joinPath(base: string, relative: string): string {
	const start = relative.startsWith('/') ? relative : `${base}/${relative}`;
	const parts: string[] = [];
	for (const part of start.split('/')) {
		if (part === '' || part === '.') {
			continue;
		}
		if (part === '..') {
			parts.pop();
		} else {
			parts.push(part);
		}
	}
	return `/${parts.join('/')}`;
}

/**
 * The project file names in the order they win (essh-semantics.md, Files and load order): upstream prefers `esshconfig.lua`
 * (v2.2+), the sevir/essh fork prefers `.esshconfig.lua` (v3.5.4+). The last name is the default,
 * whose override file is looked for when there is no project file.
 */
export function projectFileNames(version: EsshVersion): string[] {
	if (versionAtLeast(version, '3.5.4')) {
		return ['.esshconfig.lua', 'esshconfig.lua'];
	}
	return versionAtLeast(version, '2.2') ? ['esshconfig.lua', '.esshconfig.lua'] : ['esshconfig.lua'];
}

function overrideName(projectName: string): string {
	return projectName.replace(/\.lua$/, '_override.lua');
}

/** Groups known files into evaluation sets. `paths` are every ESSH file the caller knows (workspace and user directory). */
export function computeEvaluationSets(paths: Iterable<string>, options: SetOptions): EvaluationSetDefinition[] {
	const known = new Set(paths);
	const byDirectory = new Map<string, Set<string>>();
	for (const path of known) {
		const directory = dirname(path);
		const names = byDirectory.get(directory) ?? new Set<string>();
		names.add(basename(path));
		byDirectory.set(directory, names);
	}
	const userConfig = options.userDirectory ? `${options.userDirectory}/config.lua` : undefined;
	const userOverride = options.userDirectory ? `${options.userDirectory}/config_override.lua` : undefined;
	const hasUserConfig = userConfig !== undefined && known.has(userConfig);
	const hasUserOverride = userOverride !== undefined && known.has(userOverride);
	const sets: EvaluationSetDefinition[] = [];
	const claimed = new Set<string>();
	const candidates = projectFileNames(options.version);
	for (const [directory, names] of [...byDirectory.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
		if (options.userDirectory && directory === options.userDirectory) {
			continue;
		}
		const projectName = candidates.find(name => names.has(name));
		// The override of the project file that would be used (the default name when there is none).
		const overrideFile = overrideName(projectName ?? candidates[candidates.length - 1]);
		if (!projectName && !names.has(overrideFile)) {
			continue;
		}
		const files: EvaluationSetFile[] = [];
		if (projectName) {
			files.push({ file: `${directory}/${projectName}`, role: 'project' });
		} else if (hasUserConfig) {
			files.push({ file: userConfig!, role: 'user' });
		}
		if (names.has(overrideFile)) {
			files.push({ file: `${directory}/${overrideFile}`, role: 'override' });
		}
		if (hasUserOverride) {
			files.push({ file: userOverride!, role: 'user-override' });
		}
		const set: EvaluationSetDefinition = { id: directory, kind: 'project', workingDirectory: directory, files };
		const loser = candidates.find(name => name !== projectName && names.has(name));
		if (projectName !== undefined && loser !== undefined) {
			set.ignoredProjectFile = `${directory}/${loser}`;
		}
		for (const file of files) {
			claimed.add(file.file);
		}
		sets.push(set);
	}
	if (hasUserConfig || hasUserOverride) {
		const files: EvaluationSetFile[] = [];
		if (hasUserConfig) {
			files.push({ file: userConfig!, role: 'user' });
		}
		if (hasUserOverride) {
			files.push({ file: userOverride!, role: 'user-override' });
		}
		sets.push({ id: options.userDirectory!, kind: 'user', workingDirectory: options.userDirectory!, files });
		for (const file of files) {
			claimed.add(file.file);
		}
	}
	const ignored = new Set(sets.flatMap(set => (set.ignoredProjectFile === undefined ? [] : [set.ignoredProjectFile])));
	const workingDirectories = new Set(sets.map(set => set.workingDirectory));
	for (const path of [...known].sort()) {
		if (claimed.has(path) || ignored.has(path)) {
			continue;
		}
		if (isModuleOfSomeSet(path, workingDirectories) || (options.userDirectory !== undefined && path.startsWith(`${options.userDirectory}/lib/`))) {
			continue;
		}
		sets.push({ id: path, kind: 'loose', workingDirectory: dirname(path), files: [{ file: path, role: 'loose' }] });
	}
	return sets;
}

const LIB = '/.essh/lib/';

/**
 * Files under a project's `.essh/lib/` are modules of that project, loaded only through `require`
 * (as are those of the user's `lib/`, on every project's search path).
 * `workingDirectories` are those of the project and user sets; each `/.essh/lib/` in the path is tried.
 */
function isModuleOfSomeSet(path: string, workingDirectories: Set<string>): boolean {
	for (let found = path.indexOf(LIB); found >= 0; found = path.indexOf(LIB, found + 1)) {
		if (workingDirectories.has(found === 0 ? '/' : path.slice(0, found))) {
			return true;
		}
	}
	return false;
}

/** The candidate files for `require "name"` in ESSH's order (essh-semantics.md, require, dofile and the search path), absolute. */
export function moduleCandidates(name: string, set: EvaluationSetDefinition, userDirectory: string | undefined): string[] {
	const relative = name.replace(/\./g, '/');
	const result = [joinPath(set.workingDirectory, `.essh/lib/${relative}.lua`)];
	if (userDirectory) {
		result.push(joinPath(userDirectory, `lib/${relative}.lua`));
	}
	result.push(`/usr/local/share/essh/lib/${relative}.lua`);
	result.push(joinPath(set.workingDirectory, `${relative}.lua`));
	result.push(`/usr/local/share/lua/5.1/${relative}.lua`, `/usr/local/share/lua/5.1/${relative}/init.lua`);
	return result;
}

/** Resolves `require` against the known files. */
export function resolveModule(name: string, set: EvaluationSetDefinition, userDirectory: string | undefined, exists: (path: string) => boolean): FileId | undefined {
	return moduleCandidates(name, set, userDirectory).find(exists);
}

/** Resolves a `dofile`/`script_file` path: relative to the directory essh runs in. */
export function resolveRelativePath(path: string, set: EvaluationSetDefinition): string {
	return joinPath(set.workingDirectory, path);
}
