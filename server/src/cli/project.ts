/**
 * Loading ESSH configs from disk for the command line and the library (`openRegistry`): every
 * ESSH file under the given paths and the user directory into one core `Workspace`, and the
 * evaluation set ESSH would use when run in a directory. Errors a user can cause are thrown as
 * `UsageError` with a message that says what to do.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workspace, type AnalysisConfig, type KeptStateSource, type SetAnalysis } from '../core/analysis';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, findEsshFiles, findUserFiles, readTextFile, toFileId, type SkippedFile } from '../files';

/** A mistake in what the user asked for (exit status 2 on the command line). */
export class UsageError extends Error {}

/** The file names ESSH reads in a project directory, for messages. */
export const CONFIG_NAMES = '.esshconfig.lua, esshconfig.lua, their _override files or .essh/lib modules';

export interface LoadedWorkspace {
	workspace: Workspace;
	/** Files given by path (not found by searching a directory). */
	explicitFiles: string[];
	/** How many files the paths gave (by search or by name), the user directory's not counted. */
	filesUnderPaths: number;
	skipped: SkippedFile[];
}

/** Loads every ESSH file under `paths` (relative to `cwd`) and, when set, the user directory's files. */
export function loadWorkspace(paths: string[], config: AnalysisConfig, cwd: string, kept?: KeptStateSource): LoadedWorkspace {
	const workspace = new Workspace();
	workspace.restoreFrom(kept);
	const skipped: SkippedFile[] = [];
	const explicitFiles: string[] = [];
	const files = new Set<string>();
	for (const given of paths) {
		const absolute = path.resolve(cwd, given);
		let stat: fs.Stats;
		try {
			stat = fs.statSync(absolute);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			throw new UsageError(code === 'ENOENT' || code === 'ENOTDIR' ? `${given}: does not exist` : `${given}: cannot be read (${code ?? String(error)})`);
		}
		if (stat.isDirectory()) {
			for (const file of findEsshFiles(absolute, { include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE }, skipped)) {
				files.add(file);
			}
		} else {
			const id = toFileId(absolute);
			files.add(id);
			explicitFiles.push(id);
		}
	}
	const filesUnderPaths = files.size;
	if (config.userDirectory) {
		for (const file of findUserFiles(config.userDirectory)) {
			files.add(file);
		}
	}
	for (const file of files) {
		const read = readTextFile(file);
		if (read.ok) {
			workspace.setFile(file, read.text);
		} else {
			skipped.push({ path: file, reason: read.reason });
			if (explicitFiles.includes(file)) {
				throw new UsageError(`${path.relative(cwd, file) || file}: ${read.reason}`);
			}
		}
	}
	followRequiredModules(workspace, config);
	return { workspace, explicitFiles, skipped, filesUnderPaths };
}

/**
 * Reads the `./M.lua` modules that the loaded configs `require` (found beside the project file, as
 * ESSH finds them from the directory it runs in) although no include glob selects them; repeated
 * while a module found this way requires more.
 */
function followRequiredModules(workspace: Workspace, config: AnalysisConfig): void {
	for (let round = 0; round < MAX_MODULE_ROUNDS; round++) {
		let added = false;
		for (const file of workspace.analysis(config).requiredModulePaths()) {
			if (workspace.hasFile(file) || !fs.existsSync(file)) {
				continue;
			}
			const read = readTextFile(file);
			if (read.ok) {
				workspace.setFile(file, read.text);
				added = true;
			}
		}
		if (!added) {
			return;
		}
	}
}

/** How many times required modules are looked for (each round follows the modules found in the one before). */
const MAX_MODULE_ROUNDS = 8;

/** Refuses a `root` that is missing or not a directory, naming it as the user wrote it. */
export function checkRootDirectory(root: string, shown: string): void {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(root);
	} catch {
		throw new UsageError(`${shown}: does not exist`);
	}
	if (!stat.isDirectory()) {
		throw new UsageError(`${shown}: is a file, not a directory (give the directory that holds the .esshconfig.lua)`);
	}
}

/** The evaluation set ESSH would use when run in `root`, and the workspace holding its texts. */
export function setForRoot(root: string, config: AnalysisConfig, cwd: string): { set: SetAnalysis; workspace: Workspace } {
	const { workspace } = loadWorkspace([root], config, cwd);
	const analysis = workspace.analysis(config);
	const rootId = toFileId(root);
	const definition = analysis.sets.find(candidate => candidate.kind === 'project' && candidate.id === rootId)
		?? analysis.sets.find(candidate => candidate.kind === 'user');
	const set = definition
		? analysis.set(definition.id)!
		: workspace.setAnalysis({ id: rootId, kind: 'project', workingDirectory: rootId, files: [] }, config);
	return { set, workspace };
}
