/**
 * The benchmark's workspace generator: writes a fleet of `hosts` hosts into a folder, with tasks
 * (20% of the hosts), groups and targets that cross files, in one of two shapes:
 * - `mixed` (100 files): one project whose `.esshconfig.lua` requires 95 modules under
 *   `.essh/lib/`, and four separate single-file projects;
 * - `fleet` (101 files, one evaluation set): one project whose `.esshconfig.lua` requires 100
 *   modules under `.essh/lib/` holding every host and task.
 * It returns the file list and the spots the measurements use: a host tag in one module that
 * decides what a task in another module targets, a completion spot inside that task's `targets`,
 * and a tag to go to the definition of.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Files of a `mixed` workspace. */
export const FILE_COUNT = 100;
/** Modules of a `fleet` workspace (its files are these and the project's `.esshconfig.lua`). */
export const FLEET_MODULES = 100;
/** Separate single-file projects beside the main project. */
const EXTRA_PROJECTS = 4;
const RACKS = 100;
const ROLES = ['web', 'db', 'cache', 'queue', 'batch'];

/** A position as LSP counts it (0-based line, UTF-16 character). */
export interface Spot {
	file: string;
	line: number;
	character: number;
}

/** `mixed`: a project of 95 modules and four single-file projects; `fleet`: one project of 100 modules. */
export type Shape = 'mixed' | 'fleet';
export const SHAPES: readonly Shape[] = ['mixed', 'fleet'];

/** What the generator wrote and where the measurements look. */
export interface GeneratedWorkspace {
	root: string;
	shape: Shape;
	hosts: number;
	tasks: number;
	groups: number;
	/** Absolute paths of every file, sorted. */
	files: string[];
	bytes: number;
	/** The edit: the tag string `"hot1"` of a host in one module, toggled to `"hot2"` and back. */
	edit: Spot & { length: number; on: string; off: string };
	/** The task in another module whose `targets = { "hot1" }` depends on the edit. */
	dependent: Spot;
	/** Inside the string of that task's targets (completion). */
	completion: Spot;
	/** On a rack tag in a task's targets (definition). */
	definition: Spot;
}

function pad(value: number): string {
	return String(value).padStart(6, '0');
}

function hostBlock(index: number, racks: number, extraTags: string[] = []): string {
	const tags = [`rack-${index % racks}`, `role-${ROLES[index % ROLES.length]}`, ...extraTags].map(tag => JSON.stringify(tag)).join(', ');
	return [
		`host "h-${pad(index)}" {`,
		`    HostName = "10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}",`,
		'    User = "deploy",',
		'    Port = "22",',
		`    description = "host ${index}",`,
		`    tags = { ${tags} },`,
		'}',
		'',
	].join('\n');
}

/** A definition as a group member: indented, followed by a comma. */
function indentMember(block: string): string {
	return block.trimEnd().split('\n').map(line => `    ${line}`).join('\n') + ',\n\n';
}

function taskBlock(index: number, targets: string[], filters: string[] = []): string {
	const lines = [
		`task "t-${pad(index)}" {`,
		`    description = "task ${index}",`,
		'    backend = "remote",',
		`    targets = { ${targets.map(target => JSON.stringify(target)).join(', ')} },`,
	];
	if (filters.length > 0) {
		lines.push(`    filters = { ${filters.map(filter => JSON.stringify(filter)).join(', ')} },`);
	}
	lines.push('    script = { "uptime" },', '}', '');
	return lines.join('\n');
}

/** Writes the workspace under `root` (created when missing) and returns what the measurements need. */
export function generateWorkspace(root: string, hosts: number, shape: Shape = 'mixed'): GeneratedWorkspace {
	const fleet = shape === 'fleet';
	const modules = fleet ? FLEET_MODULES : FILE_COUNT - 1 - EXTRA_PROJECTS;
	const extraProjects = fleet ? 0 : EXTRA_PROJECTS;
	const main = path.join(root, 'fleet');
	const libDirectory = path.join(main, '.essh', 'lib');
	fs.mkdirSync(libDirectory, { recursive: true });
	// Files holding hosts: in a fleet, the modules only (the project file only requires them).
	const hostFiles = fleet ? modules : FILE_COUNT;
	const perFile = Math.max(1, Math.floor(hosts / hostFiles));
	const tasksPerFile = Math.max(1, Math.floor(perFile / 5));
	// Every file's consecutive hosts carry every rack tag, so rack targets resolve in every project.
	const racks = Math.min(RACKS, perFile);
	const mainHosts = perFile * (fleet ? modules : modules + 1);
	const texts = new Map<string, string>();
	let hostIndex = 0;
	let taskIndex = 0;
	let groups = 0;
	const editModule = Math.floor(modules / 10);
	const dependentModule = Math.floor(modules / 2);
	const body = (fileIndex: number, count: number, crossFile: boolean): string => {
		let text = `-- generated: file ${fileIndex}\n\n`;
		const first = hostIndex;
		const grouped = count >= 2 ? Math.max(1, Math.floor(count / 10)) : 0;
		for (let local = 0; local < count - grouped; local++) {
			text += hostBlock(hostIndex++, racks, fileIndex === editModule && local === 0 ? ['hot1'] : []);
		}
		if (grouped > 0) {
			groups++;
			text += 'group {\n    User = "ops",\n    ForwardAgent = "no",\n\n';
			for (let local = 0; local < grouped; local++) {
				text += indentMember(hostBlock(hostIndex++, racks));
			}
			text += '}\n\n';
		}
		for (let local = 0; local < tasksPerFile; local++) {
			const index = taskIndex++;
			// Cross-file: a rack tag (carried by hosts of every file) and a host of another file.
			const other = crossFile ? (first + count * (1 + (index % 7)) + local) % mainHosts : first + (local % count);
			const rack = (index * 7) % racks;
			const targets = [`rack-${rack}`, `h-${pad(other)}`];
			// A role filter where every rack has one role (rack ≡ role modulo 5).
			text += taskBlock(index, targets, index % 3 === 0 && racks % ROLES.length === 0 ? [`role-${ROLES[rack % ROLES.length]}`] : []);
		}
		return text;
	};
	let config = '-- generated: the main project\n\n';
	for (let module = 1; module <= modules; module++) {
		config += `require "m${String(module).padStart(3, '0')}"\n`;
	}
	if (!fleet) {
		config += '\n' + body(0, perFile, true);
	}
	texts.set(path.join(main, '.esshconfig.lua'), config);
	for (let module = 1; module <= modules; module++) {
		// The last module of a fleet takes what the division left over.
		const count = fleet && module === modules ? Math.max(hosts - hostIndex, 1) : perFile;
		let text = body(module, count, true);
		if (module === dependentModule) {
			text += 'task "t-hot" {\n    backend = "remote",\n    targets = { "hot1" },\n    script = { "uptime" },\n}\n\n';
			text += `task "t-def" {\n    backend = "remote",\n    targets = { "rack-${7 % racks}" },\n    script = { "uptime" },\n}\n`;
			taskIndex += 2;
		}
		texts.set(path.join(libDirectory, `m${String(module).padStart(3, '0')}.lua`), text);
	}
	for (let project = 1; project <= extraProjects; project++) {
		const remaining = project === extraProjects ? Math.max(hosts - hostIndex, 1) : perFile;
		texts.set(path.join(root, `project${project}`, '.esshconfig.lua'), body(modules + project, remaining, false));
	}
	let bytes = 0;
	for (const [file, text] of texts) {
		fs.mkdirSync(path.dirname(file), { recursive: true });
		fs.writeFileSync(file, text);
		bytes += Buffer.byteLength(text);
	}
	const find = (file: string, needle: string, offsetInNeedle: number): Spot => {
		const text = texts.get(file)!;
		const offset = text.indexOf(needle);
		if (offset < 0) {
			throw new Error(`generator: ${needle} not found in ${file}`);
		}
		const before = text.slice(0, offset + offsetInNeedle).split('\n');
		return { file, line: before.length - 1, character: before[before.length - 1].length };
	};
	const editFile = path.join(libDirectory, `m${String(editModule).padStart(3, '0')}.lua`);
	const dependentFile = path.join(libDirectory, `m${String(dependentModule).padStart(3, '0')}.lua`);
	return {
		root,
		shape,
		hosts: hostIndex,
		tasks: taskIndex,
		groups,
		files: [...texts.keys()].sort(),
		bytes,
		edit: { ...find(editFile, '"hot1"', 1), length: 4, on: 'hot1', off: 'hot2' },
		dependent: find(dependentFile, '"hot1"', 1),
		completion: find(dependentFile, '"hot1"', 1),
		definition: find(dependentFile, `targets = { "rack-${7 % racks}" }`, 'targets = { "rack'.length),
	};
}
