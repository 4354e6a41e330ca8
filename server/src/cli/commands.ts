/**
 * The `essh-registry` command line (product.md §6): argument parsing, loading the evaluation sets
 * under the given paths from disk, and the commands `check`, `hosts`, `tasks`, `tags`, `drivers`,
 * `show` and `ssh-config` with their text and JSON output and exit codes (0 clean, 1 errors found,
 * 2 bad usage or unreadable input). Output goes through the `CliIo` given, so tests run it in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Workspace, type AnalysisConfig, type SetAnalysis } from '../core/analysis';
import { publicTaskName } from '../core/checks';
import type { FileDiag, Severity, SeverityOverrides } from '../core/diagnostic';
import type { Resource } from '../core/model';
import {
	dynamicSshProperties, generateSshConfig, hostDescription, hostTags, hostsOfTask, isHidden, lookupDrivers, lookupHosts, lookupTags, lookupTasks, renderValue, sshConfigBlock,
	sshProperties, taskBackend, taskDriver, taskFilters, taskTargets, isDisabled,
} from '../core/queries';
import { DEFAULT_VERSION, describeSupportedVersions, parseSupportedVersion } from '../core/version';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, defaultUserDirectory, findEsshFiles, findUserFiles, readTextFile, toFileId, type SkippedFile } from '../files';

export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	cwd: string;
	env: Record<string, string | undefined>;
}

class UsageError extends Error {}

const COMMANDS = ['check', 'hosts', 'tasks', 'tags', 'drivers', 'show', 'ssh-config'] as const;
type Command = typeof COMMANDS[number];

const HELP: Record<Command | 'main', string> = {
	main: `Usage: essh-registry <command> [options]

Checks ESSH configs (.esshconfig.lua and friends) and answers registry lookups, exactly as ESSH reads them.

Commands:
  check [PATH...]        report every mistake ESSH would stop on, and the silent ones
  hosts [PATTERN...]     list hosts (glob patterns over names, --tag to filter)
  tasks [PATTERN...]     list tasks with the hosts they resolve to
  tags                   list tags and the hosts carrying them
  drivers                list drivers
  show NAME              effective config of a host, task or driver, with the origin of each value
  ssh-config             the ssh_config ESSH would generate

Common options:
  --essh-version V       ESSH version to check against (default ${DEFAULT_VERSION.major}.${DEFAULT_VERSION.minor});
                         upstream releases up to 3.4, the sevir/essh fork's 3.5.0-3.8.3
  --no-user-config       do not read ~/.essh
  --user-dir DIR         the ESSH user directory (default ~/.essh, or $ESSH_USER_DIR)
  --format text|json     output format (default text)
  -h, --help             help for a command

Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.
`,
	check: `Usage: essh-registry check [PATH...] [--format text|json] [--essh-version V] [--no-user-config] [--severity CODE=LEVEL]...

Checks every evaluation set found under the paths (default "."). A directory is searched for
.esshconfig.lua, esshconfig.lua, their _override files and .essh/lib modules; a file is checked
as given. LEVEL is error, warning, information, hint or off.
Text output: one "file:line:column: severity code: message" line per diagnostic, then a summary.
`,
	hosts: `Usage: essh-registry hosts [PATTERN...] [--tag T]... [--root DIR] [--format text|json] [--all]

Lists the hosts of the evaluation set of DIR (default "."), sorted by name. PATTERNs are globs
over names (web-*, {web,db}-0[1-3], !*.internal); --tag keeps hosts carrying every given tag.
Hidden hosts are listed (marked) unless --visible is given.
`,
	tasks: `Usage: essh-registry tasks [PATTERN...] [--tag T]... [--root DIR] [--format text|json]

Lists tasks with their backend, driver, targets, filters and the hosts they resolve to.
--tag keeps tasks whose targets or filters name the tag.
`,
	tags: `Usage: essh-registry tags [PATTERN...] [--root DIR] [--format text|json]

Lists every tag (hidden hosts included) with the hosts carrying it.
`,
	drivers: `Usage: essh-registry drivers [PATTERN...] [--root DIR] [--format text|json]

Lists drivers, the built-in "default" included unless a config replaces it.
`,
	show: `Usage: essh-registry show NAME [--root DIR] [--format text|json]

Shows the effective configuration of a host, task or driver and where each value comes from
(own definition, group default, later assignment).
`,
	'ssh-config': `Usage: essh-registry ssh-config [--root DIR] [--format text|json]

Prints the ssh_config ESSH would generate: every host, sorted by name, properties in byte order.
With --format json: {"sshConfig": the same text, "computed": the values only known when ESSH runs}.
`,
};

interface Options {
	command: Command;
	positionals: string[];
	format: 'text' | 'json';
	config: AnalysisConfig;
	root: string;
	/** `--root` was given: `check` then checks that directory when no PATH is given. */
	rootGiven: boolean;
	tags: string[];
	visibleOnly: boolean;
	help: boolean;
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);

function parseArguments(args: string[], io: CliIo): Options | 'help' | 'no-command' {
	const first = args[0];
	if (first === undefined) {
		return 'no-command';
	}
	if (first === '-h' || first === '--help' || first === 'help') {
		return 'help';
	}
	if (!(COMMANDS as readonly string[]).includes(first)) {
		throw new UsageError(`unknown command "${first}" (expected one of ${COMMANDS.join(', ')})`);
	}
	const options: Options = {
		command: first as Command,
		positionals: [],
		format: 'text',
		config: { version: DEFAULT_VERSION, userDirectory: undefined, severity: {} },
		root: io.cwd,
		rootGiven: false,
		tags: [],
		visibleOnly: false,
		help: false,
	};
	// The home comes from the io's environment, so an in-process run never reads the real ~/.essh by accident.
	let userDirectory: string | undefined = io.env.ESSH_USER_DIR || defaultUserDirectory(io.env.HOME);
	const severity: SeverityOverrides = {};
	for (let index = 1; index < args.length; index++) {
		const arg = args[index];
		const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
		const value = (): string => {
			if (inline !== undefined) {
				return inline;
			}
			const next = args[index + 1];
			// `--format --no-user-config` is a forgotten value, not the format "--no-user-config".
			if (next === undefined || (next.startsWith('--') && next.length > 2)) {
				throw new UsageError(`${flag} needs a value`);
			}
			index++;
			return next;
		};
		switch (flag) {
			case '-h':
			case '--help':
				options.help = true;
				break;
			case '--format': {
				const format = value();
				if (format !== 'text' && format !== 'json') {
					throw new UsageError(`--format must be text or json, not "${format}"`);
				}
				options.format = format;
				break;
			}
			case '--essh-version': {
				const text = value();
				const version = parseSupportedVersion(text);
				if (!version) {
					throw new UsageError(`--essh-version: "${text}" is not an ESSH release; known versions: ${describeSupportedVersions()}`);
				}
				options.config.version = version;
				break;
			}
			case '--no-user-config':
				userDirectory = undefined;
				break;
			case '--user-dir':
				userDirectory = path.resolve(io.cwd, value());
				break;
			case '--root':
				options.root = path.resolve(io.cwd, value());
				options.rootGiven = true;
				break;
			case '--tag':
				options.tags.push(value());
				break;
			case '--visible':
				options.visibleOnly = true;
				break;
			case '--severity': {
				const text = value();
				const [code, level] = text.split('=');
				if (!code || !level || !SEVERITIES.has(level)) {
					throw new UsageError(`--severity expects CODE=LEVEL with LEVEL one of error, warning, information, hint, off (got "${text}")`);
				}
				severity[code] = level as Severity | 'off';
				break;
			}
			default:
				if (arg.startsWith('-') && arg !== '-') {
					throw new UsageError(`unknown option "${arg}" for ${options.command}`);
				}
				options.positionals.push(arg);
		}
	}
	options.config.userDirectory = userDirectory ? toFileId(userDirectory) : undefined;
	options.config.severity = severity;
	return options;
}

/** Loads every ESSH file under the paths (and the user directory) into a workspace. */
function loadWorkspace(paths: string[], options: Options, io: CliIo): { workspace: Workspace; explicitFiles: string[]; skipped: SkippedFile[] } {
	const workspace = new Workspace();
	const skipped: SkippedFile[] = [];
	const explicitFiles: string[] = [];
	const files = new Set<string>();
	for (const given of paths) {
		const absolute = path.resolve(io.cwd, given);
		let stat: fs.Stats;
		try {
			stat = fs.statSync(absolute);
		} catch {
			throw new UsageError(`${given}: no such file or directory`);
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
	if (options.config.userDirectory) {
		for (const file of findUserFiles(options.config.userDirectory)) {
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
				throw new UsageError(`${path.relative(io.cwd, file) || file}: ${read.reason}`);
			}
		}
	}
	return { workspace, explicitFiles, skipped };
}

/** Runs the CLI; returns the exit status. */
export function runCli(args: string[], io: CliIo): number {
	let options: Options | 'help' | 'no-command';
	try {
		options = parseArguments(args, io);
	} catch (error) {
		if (error instanceof UsageError) {
			const command = (COMMANDS as readonly string[]).includes(args[0]) ? `${args[0]} ` : '';
			io.err(`essh-registry: ${error.message}\nRun "essh-registry ${command}--help" for usage.\n`);
			return 2;
		}
		throw error;
	}
	if (options === 'help') {
		io.out(HELP.main);
		return 0;
	}
	if (options === 'no-command') {
		// No command is bad usage: the help goes to stderr so a pipeline never mistakes it for output.
		io.err(HELP.main);
		return 2;
	}
	if (options.help) {
		io.out(HELP[options.command]);
		return 0;
	}
	try {
		return options.command === 'check' ? runCheck(options, io) : runLookup(options, io);
	} catch (error) {
		if (error instanceof UsageError) {
			io.err(`essh-registry: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}

function relative(io: CliIo, file: string): string {
	const result = path.relative(io.cwd, file);
	return result === '' ? file : result;
}

function runCheck(options: Options, io: CliIo): number {
	const paths = options.positionals.length > 0 ? options.positionals : [options.rootGiven ? options.root : '.'];
	const { workspace, skipped } = loadWorkspace(paths, options, io);
	for (const skip of skipped) {
		io.err(`essh-registry: skipped ${relative(io, skip.path)}: ${skip.reason}\n`);
	}
	if (workspace.fileIds().length === 0) {
		// Not an error (a CI job may run before any config exists), but say why nothing was reported.
		io.err(`essh-registry: no ESSH config files found under ${paths.join(', ')}\n`);
	}
	const analysis = workspace.analysis(options.config);
	const rows: Array<{ file: string; diag: FileDiag; start: { line: number; character: number }; end: { line: number; character: number } }> = [];
	for (const file of workspace.fileIds().sort()) {
		const index = analysis.lineIndex(file)!;
		for (const diag of analysis.diagnostics(file)) {
			rows.push({ file: relative(io, file), diag, start: index.position(diag.range.start), end: index.position(diag.range.end) });
		}
	}
	const counts = { error: 0, warning: 0, information: 0, hint: 0 };
	for (const row of rows) {
		counts[row.diag.severity]++;
	}
	if (options.format === 'json') {
		io.out(`${JSON.stringify({
			diagnostics: rows.map(row => ({
				file: row.file, line: row.start.line + 1, column: row.start.character + 1, endLine: row.end.line + 1, endColumn: row.end.character + 1,
				severity: row.diag.severity, code: row.diag.code, message: row.diag.message,
			})),
		}, null, 2)}\n`);
	} else {
		for (const row of rows) {
			io.out(`${row.file}:${row.start.line + 1}:${row.start.character + 1}: ${row.diag.severity} ${row.diag.code}: ${row.diag.message}\n`);
		}
		const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
		io.out(`${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information, ${plural(counts.hint, 'hint')} in ${plural(workspace.fileIds().length, 'file')}\n`);
	}
	return counts.error > 0 ? 1 : 0;
}

/** The evaluation set ESSH would use when run in `root`, and the workspace holding its texts. */
function setForRoot(options: Options, io: CliIo): { set: SetAnalysis; workspace: Workspace } {
	const root = options.root;
	if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
		throw new UsageError(`--root ${relative(io, root)}: not a directory`);
	}
	const { workspace } = loadWorkspace([root], options, io);
	const analysis = workspace.analysis(options.config);
	const rootId = toFileId(root);
	const definition = analysis.sets.find(candidate => candidate.kind === 'project' && candidate.id === rootId)
		?? analysis.sets.find(candidate => candidate.kind === 'user');
	const set = definition
		? analysis.set(definition.id)!
		: workspace.setAnalysis({ id: rootId, kind: 'project', workingDirectory: rootId, files: [] }, options.config);
	return { set, workspace };
}

/** Where a resource or property is written, relative to the current directory, 1-based line. */
function locate(io: CliIo, workspace: Workspace, file: string, offset: number): { file: string; line: number } {
	if (file === '') {
		return { file: '', line: 0 };
	}
	const index = workspace.lineIndex(file);
	return { file: relative(io, file), line: index ? index.position(offset).line + 1 : 0 };
}

function sshConfigObject(host: Resource): Record<string, string> {
	const result: Record<string, string> = {};
	for (const entry of sshProperties(host)) {
		result[entry.key] = entry.value.kind === 'string' ? entry.value.value : '';
	}
	return result;
}

function table(rows: string[][]): string {
	if (rows.length === 0) {
		return '';
	}
	const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
	return rows.map(row => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n') + '\n';
}

function runLookup(options: Options, io: CliIo): number {
	if (options.command === 'ssh-config' && options.positionals.length > 0) {
		throw new UsageError(`ssh-config takes no arguments (got "${options.positionals.join(' ')}"); use --root DIR to choose the project`);
	}
	const { set, workspace } = setForRoot(options, io);
	const registry = set.registry;
	const json = options.format === 'json';
	switch (options.command) {
		case 'hosts': {
			const hosts = lookupHosts(registry, { patterns: options.positionals, tags: options.tags }).filter(host => !options.visibleOnly || !isHidden(host));
			if (json) {
				io.out(`${JSON.stringify({ hosts: hosts.map(host => ({ name: host.name, description: hostDescription(host), tags: hostTags(host), hidden: isHidden(host), ...locate(io, workspace, host.nameSite.file, host.nameSite.range.start), sshConfig: sshConfigObject(host) })) }, null, 2)}\n`);
			} else {
				io.out(table([['NAME', 'DESCRIPTION', 'TAGS', 'HIDDEN'], ...hosts.map(host => [host.name, hostDescription(host), hostTags(host).join(','), isHidden(host) ? 'true' : ''])]));
			}
			return 0;
		}
		case 'tasks': {
			const tasks = lookupTasks(registry, { patterns: options.positionals, tags: options.tags });
			if (json) {
				io.out(`${JSON.stringify({
					tasks: tasks.map(task => ({
						name: publicTaskName(task), description: stringOf(task, 'description'), backend: taskBackend(task), driver: taskDriver(task),
						targets: taskTargets(task), filters: taskFilters(task), hosts: hostsOfTask(set, task).map(host => host.name), ...locate(io, workspace, task.nameSite.file, task.nameSite.range.start),
					})),
				}, null, 2)}\n`);
			} else {
				io.out(table([['NAME', 'DESCRIPTION', 'BACKEND', 'DRIVER', 'HOSTS'], ...tasks.map(task => [
					publicTaskName(task) + (isDisabled(task) ? ' (disabled)' : isHidden(task) ? ' (hidden)' : ''), stringOf(task, 'description'), taskBackend(task), taskDriver(task),
					hostsOfTask(set, task).map(host => host.name).join(','),
				])]));
			}
			return 0;
		}
		case 'tags': {
			const tags = lookupTags(registry, options.positionals);
			if (json) {
				io.out(`${JSON.stringify({ tags: tags.map(entry => ({ name: entry.tag, hosts: entry.hosts.map(host => host.name) })) }, null, 2)}\n`);
			} else {
				io.out(table([['TAG', 'HOSTS'], ...tags.map(entry => [entry.tag, entry.hosts.map(host => host.name).join(',')])]));
			}
			return 0;
		}
		case 'drivers': {
			const drivers = lookupDrivers(registry, options.positionals);
			if (json) {
				io.out(`${JSON.stringify({ drivers: drivers.map(driver => ({ name: driver.name, builtin: driver.builtin, engine: engineKind(driver), ...locate(io, workspace, driver.nameSite.file, driver.nameSite.range.start) })) }, null, 2)}\n`);
			} else {
				io.out(table([['NAME', 'ENGINE', 'DEFINED'], ...drivers.map(driver => [driver.name, engineKind(driver) ?? '(none)', driver.builtin ? '(built-in)' : `${locate(io, workspace, driver.nameSite.file, driver.nameSite.range.start).file}:${locate(io, workspace, driver.nameSite.file, driver.nameSite.range.start).line}`])]));
			}
			return 0;
		}
		case 'show':
			return runShow(options, io, set, workspace);
		case 'ssh-config': {
			const computed = lookupHosts(registry).flatMap(host => dynamicSshProperties(host).map(entry => ({ host: host.name, key: entry.key, ...locate(io, workspace, entry.keySite.file, entry.keySite.range.start) })));
			if (json) {
				io.out(`${JSON.stringify({ sshConfig: generateSshConfig(registry), computed }, null, 2)}\n`);
				return 0;
			}
			io.out(generateSshConfig(registry));
			for (const entry of computed) {
				io.err(`essh-registry: note: ${entry.file}:${entry.line}: ${entry.host} ${entry.key} is computed when ESSH runs, so it is missing above\n`);
			}
			return 0;
		}
		default:
			return 2;
	}
}

function stringOf(resource: Resource, key: string): string {
	const value = resource.properties.get(key)?.value;
	return value?.kind === 'string' ? value.value : '';
}

function engineKind(driver: Resource): string | null {
	if (driver.builtin) {
		return 'built-in';
	}
	const value = driver.properties.get('engine')?.value;
	return value === undefined ? null : value.kind === 'string' ? 'template' : value.kind === 'function' ? 'function' : 'dynamic';
}

function runShow(options: Options, io: CliIo, set: SetAnalysis, workspace: Workspace): number {
	const name = options.positionals[0];
	if (name === undefined || options.positionals.length > 1) {
		throw new UsageError('show takes exactly one NAME');
	}
	const registry = set.registry;
	const resource = registry.hosts.get(name) ?? [...registry.tasks.values(), ...[...registry.namespaces.values()].flatMap(ns => [...ns.tasks.values()])].find(task => publicTaskName(task) === name) ?? registry.drivers.get(name);
	if (!resource) {
		io.err(`essh-registry: no host, task or driver named "${name}" in ${relative(io, options.root) || '.'}\n`);
		return 1;
	}
	const properties = [...resource.properties.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(entry => {
		return { key: entry.key, value: renderValue(entry), origin: entry.origin, ...locate(io, workspace, entry.keySite.file, entry.keySite.range.start) };
	});
	const extra = resource.kind === 'host'
		? { sshConfig: sshConfigBlock(resource), tags: hostTags(resource) }
		: resource.kind === 'task' ? { hosts: hostsOfTask(set, resource).map(host => host.name), driver: taskDriver(resource), backend: taskBackend(resource) } : {};
	if (options.format === 'json') {
		io.out(`${JSON.stringify({ kind: resource.kind, name: resource.kind === 'task' ? publicTaskName(resource) : resource.name, ...locate(io, workspace, resource.nameSite.file, resource.nameSite.range.start), properties, ...extra }, null, 2)}\n`);
		return 0;
	}
	const where = locate(io, workspace, resource.nameSite.file, resource.nameSite.range.start);
	io.out(`${resource.kind} ${JSON.stringify(resource.name)}${resource.builtin ? ' (built-in)' : ` at ${where.file}:${where.line}`}\n`);
	io.out(table(properties.map(entry => [`  ${entry.key}`, entry.value, `${entry.origin} (${entry.file}:${entry.line})`])));
	if (resource.kind === 'host') {
		io.out(`\n${sshConfigBlock(resource)}`);
	} else if (resource.kind === 'task') {
		io.out(`\nhosts: ${hostsOfTask(set, resource).map(host => host.name).join(', ') || '(none: runs locally without a host)'}\n`);
	}
	return 0;
}
