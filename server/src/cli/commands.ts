/**
 * The `essh-registry` command line: argument parsing, loading the evaluation sets
 * under the given paths from disk (cli/project.ts), and the commands `check`, `hosts`, `tasks`,
 * `tags`, `drivers`, `show` and `ssh-config` with their text, JSON (cli/json.ts), SARIF and GitHub
 * (cli/report.ts) output and exit codes (0 clean, 1 errors found, 2 bad usage or unreadable
 * input). Each command's options come from one table, which both the parser and the help use, so
 * the help shows exactly the options a command takes. Output goes through the `CliIo` given, so
 * tests run it in-process.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisConfig, SetAnalysis } from '../core/analysis';
import { publicTaskName } from '../core/checks';
import type { Severity, SeverityOverrides } from '../core/diagnostic';
import { nearestName } from '../core/keywords';
import { generateSshConfig, matchesPatterns, hostDescription, hostsOfTask, hostTags, isDisabled, isHidden, lookupDrivers, lookupHosts, lookupTags, lookupTasks, sshConfigBlock, taskBackend, taskDriver } from '../core/queries';
import { DEFAULT_VERSION, describeSupportedVersions, parseSupportedVersion } from '../core/version';
import { StateCache } from '../cache/store';
import { defaultUserDirectory, toFileId } from '../files';
import { CHECKS } from './checkCatalogue';
import { computedSshValues, diagnosticJson, driverJson, engineKind, hostJson, Placer, resourceJson, stringProperty, tagJson, taskJson, type DiagnosticJson } from './json';
import { packageInfo } from './packageInfo';
import { checkRootDirectory, CONFIG_NAMES, loadWorkspace, setForRoot, UsageError } from './project';
import { toGithubAnnotations, toSarif } from './report';

export interface CliIo {
	out(text: string): void;
	err(text: string): void;
	cwd: string;
	env: Record<string, string | undefined>;
}

const COMMANDS = ['check', 'hosts', 'tasks', 'tags', 'drivers', 'show', 'ssh-config'] as const;
type Command = typeof COMMANDS[number];
type Format = 'text' | 'json' | 'sarif' | 'github';

/** One option: its flag, the value it takes (shown in the help), and what it does. */
interface OptionSpec {
	flag: string;
	value?: string;
	help: string;
}

const FORMAT_TEXT_JSON: OptionSpec = { flag: '--format', value: 'text|json', help: 'output format (default text)' };
const ROOT: OptionSpec = { flag: '--root', value: 'DIR', help: 'the project directory whose evaluation set is read (default ".")' };
const COMMON: OptionSpec[] = [
	{ flag: '--essh-version', value: 'V', help: `ESSH version to check against (default ${DEFAULT_VERSION.major}.${DEFAULT_VERSION.minor}): upstream releases up to 3.4, the sevir/essh fork's 3.5.0-3.8.3` },
	{ flag: '--no-user-config', help: 'do not read the ESSH user directory' },
	{ flag: '--user-dir', value: 'DIR', help: 'the ESSH user directory (default ~/.essh, or $ESSH_USER_DIR)' },
	{ flag: '--help', help: 'this help (also -h)' },
];

/** What each command takes: usage line, description, formats and options (besides COMMON). */
const COMMAND_SPECS: Record<Command, { usage: string; description: string; formats: Format[]; options: OptionSpec[] }> = {
	check: {
		usage: 'check [PATH...]',
		description: `Checks every evaluation set found under the paths (default "."). A directory is searched for
${CONFIG_NAMES}; a file is checked as given.
Text output: one "file:line:column: severity code: message" line per diagnostic, then a summary.
sarif is SARIF 2.1.0 for code scanning; github prints GitHub Actions workflow commands (annotations).
Exit status: 0 no errors, 1 errors found, 2 bad usage, no ESSH config under the paths, or unreadable input.`,
		formats: ['text', 'json', 'sarif', 'github'],
		options: [
			{ flag: '--format', value: 'text|json|sarif|github', help: 'output format (default text)' },
			{ flag: '--severity', value: 'CODE=LEVEL', help: 'set a check\'s severity (error, warning, information, hint or off); repeatable' },
			{ flag: '--root', value: 'DIR', help: 'the directory to check when no PATH is given; SARIF paths are relative to it' },
			{ flag: '--cache', value: 'DIR', help: 'keep what parsing and each evaluation set produced in DIR and reuse what still matches on the next run (answers never change)' },
		],
	},
	hosts: {
		usage: 'hosts [PATTERN...]',
		description: `Lists the hosts of the evaluation set of --root, sorted by name. PATTERNs are globs over
names (web-*, {web,db}-0[1-3], !*.internal). Hidden hosts are listed (marked) unless --visible is given.`,
		formats: ['text', 'json'],
		options: [FORMAT_TEXT_JSON, ROOT, { flag: '--tag', value: 'T', help: 'keep hosts carrying the tag; repeatable (all must match)' }, { flag: '--visible', help: 'leave out hidden hosts' }],
	},
	tasks: {
		usage: 'tasks [PATTERN...]',
		description: 'Lists tasks with their backend, driver, targets, filters and the hosts they resolve to.',
		formats: ['text', 'json'],
		options: [FORMAT_TEXT_JSON, ROOT, { flag: '--tag', value: 'T', help: 'keep tasks whose targets or filters name the tag; repeatable' }],
	},
	tags: {
		usage: 'tags [PATTERN...]',
		description: 'Lists every tag (hidden hosts included) with the hosts carrying it.',
		formats: ['text', 'json'],
		options: [FORMAT_TEXT_JSON, ROOT],
	},
	drivers: {
		usage: 'drivers [PATTERN...]',
		description: 'Lists drivers, the built-in "default" included unless a config replaces it.',
		formats: ['text', 'json'],
		options: [FORMAT_TEXT_JSON, ROOT],
	},
	show: {
		usage: 'show NAME',
		description: `Shows the effective configuration of a host, task or driver and where each value comes from
(own definition, group default, later assignment).`,
		formats: ['text', 'json'],
		options: [FORMAT_TEXT_JSON, ROOT],
	},
	'ssh-config': {
		usage: 'ssh-config',
		description: `Prints the ssh_config ESSH would generate: every host, sorted by name, properties in byte order.
With --format json: {"sshConfig": the same text, "computed": the values only known when ESSH runs}.`,
		formats: ['text', 'json'],
		options: [FORMAT_TEXT_JSON, ROOT],
	},
};

function optionLines(options: OptionSpec[]): string {
	const labels = options.map(option => (option.value ? `${option.flag} ${option.value}` : option.flag));
	const width = Math.max(...labels.map(label => label.length)) + 2;
	return options.map((option, index) => `  ${labels[index].padEnd(width)}${option.help}\n`).join('');
}

function commandHelp(command: Command): string {
	const spec = COMMAND_SPECS[command];
	return `Usage: essh-registry ${spec.usage} [options]\n\n${spec.description}\n\nOptions:\n${optionLines([...spec.options, ...COMMON])}`;
}

function mainHelp(): string {
	return `Usage: essh-registry <command> [options]

Checks ESSH configs (.esshconfig.lua and friends) and answers registry lookups, exactly as ESSH reads them.

Commands:
  check [PATH...]        report every mistake ESSH would stop on, and the silent ones
  hosts [PATTERN...]     list hosts (glob patterns over names, --tag to filter)
  tasks [PATTERN...]     list tasks with the hosts they resolve to
  tags [PATTERN...]      list tags and the hosts carrying them
  drivers [PATTERN...]   list drivers
  show NAME              effective config of a host, task or driver, with the origin of each value
  ssh-config             the ssh_config ESSH would generate

Options of every command:
${optionLines(COMMON)}
Other options:
  --version              print the version

Run "essh-registry <command> --help" for a command's options.
Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.
`;
}

interface Options {
	command: Command;
	positionals: string[];
	format: Format;
	config: AnalysisConfig;
	root: string;
	/** `--root` as written, for messages; undefined when not given. */
	rootGiven: string | undefined;
	tags: string[];
	visibleOnly: boolean;
	help: boolean;
	/** `--cache DIR`, absolute. */
	cache: string | undefined;
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint', 'off']);
const CHECK_CODES = CHECKS.map(check => check.code);

function parseArguments(args: string[], io: CliIo): Options | 'help' | 'version' | 'no-command' {
	const first = args[0];
	if (first === undefined) {
		return 'no-command';
	}
	if (first === '-h' || first === '--help' || first === 'help') {
		return 'help';
	}
	if (first === '--version' || first === '-V') {
		return 'version';
	}
	if (!(COMMANDS as readonly string[]).includes(first)) {
		const suggestion = nearestName(first, COMMANDS);
		throw new UsageError(`unknown command "${first}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; the commands are ${COMMANDS.join(', ')}`);
	}
	const command = first as Command;
	const spec = COMMAND_SPECS[command];
	const accepted = new Set([...spec.options, ...COMMON].map(option => option.flag));
	const options: Options = {
		command,
		positionals: [],
		format: 'text',
		config: { version: DEFAULT_VERSION, userDirectory: undefined, severity: {} },
		root: io.cwd,
		rootGiven: undefined,
		tags: [],
		visibleOnly: false,
		cache: undefined,
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
		if (flag === '-h' || flag === '--help') {
			options.help = true;
			continue;
		}
		if (arg.startsWith('-') && arg !== '-') {
			if (!accepted.has(flag)) {
				const suggestion = nearestName(flag, accepted);
				const elsewhere = COMMANDS.filter(other => COMMAND_SPECS[other].options.some(option => option.flag === flag));
				throw new UsageError(`unknown option "${flag}" for ${command}${suggestion ? ` (did you mean "${suggestion}"?)` : elsewhere.length > 0 ? ` (${flag} belongs to ${elsewhere.join(', ')})` : ''}`);
			}
			if (inline !== undefined && !spec.options.concat(COMMON).find(option => option.flag === flag)?.value) {
				throw new UsageError(`${flag} takes no value (got "${arg}")`);
			}
		}
		switch (flag) {
			case '--format': {
				const format = value();
				if (!(spec.formats as string[]).includes(format)) {
					const others = COMMANDS.filter(other => (COMMAND_SPECS[other].formats as string[]).includes(format));
					throw new UsageError(`--format for ${command} is ${spec.formats.join(' or ')}, not "${format}"${others.length > 0 ? ` (${format} is for ${others.join(', ')})` : ''}`);
				}
				options.format = format as Format;
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
			case '--root': {
				const given = value();
				options.root = path.resolve(io.cwd, given);
				options.rootGiven = given;
				break;
			}
			case '--tag':
				options.tags.push(value());
				break;
			case '--visible':
				options.visibleOnly = true;
				break;
			case '--cache':
				options.cache = path.resolve(io.cwd, value());
				break;
			case '--severity': {
				const text = value();
				const [code, level, ...rest] = text.split('=');
				if (!code || level === undefined || rest.length > 0 || !SEVERITIES.has(level)) {
					throw new UsageError(`--severity expects CODE=LEVEL with LEVEL one of error, warning, information, hint, off (got "${text}")`);
				}
				if (!CHECK_CODES.includes(code)) {
					const suggestion = nearestName(code, CHECK_CODES, Math.max(2, Math.floor(code.length / 3)));
					throw new UsageError(`--severity: no check is called "${code}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; the codes are listed in docs/diagnostics.md`);
				}
				severity[code] = level as Severity | 'off';
				break;
			}
			default:
				options.positionals.push(arg);
		}
	}
	options.config.userDirectory = userDirectory ? toFileId(userDirectory) : undefined;
	options.config.severity = severity;
	return options;
}

/** Runs the CLI; returns the exit status. */
export function runCli(args: string[], io: CliIo): number {
	let options: ReturnType<typeof parseArguments>;
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
		io.out(mainHelp());
		return 0;
	}
	if (options === 'version') {
		io.out(`${packageInfo().version}\n`);
		return 0;
	}
	if (options === 'no-command') {
		// No command is bad usage: the help goes to stderr so a pipeline never mistakes it for output.
		io.err(mainHelp());
		return 2;
	}
	if (options.help) {
		io.out(commandHelp(options.command));
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
	if (options.rootGiven !== undefined) {
		checkRootDirectory(options.root, `--root ${options.rootGiven}`);
	}
	const paths = options.positionals.length > 0 ? options.positionals : [options.rootGiven !== undefined ? options.root : '.'];
	// Problems with the cache folder are said once on stderr and never change the answer or the exit status.
	const cache = options.cache === undefined ? undefined : new StateCache({ directory: options.cache, log: message => io.err(`essh-registry: ${message.replace(/^\[\w+\] /, '')}\n`) });
	const { workspace, skipped, filesUnderPaths } = loadWorkspace(paths, options.config, io.cwd, cache?.source());
	for (const skip of skipped) {
		io.err(`essh-registry: skipped ${relative(io, skip.path)}: ${skip.reason}\n`);
	}
	const shownPaths = options.positionals.length > 0 ? options.positionals.join(', ') : options.rootGiven ?? '.';
	if (filesUnderPaths === 0) {
		// A CI job pointed at the wrong folder must not pass: nothing to check is bad usage.
		throw new UsageError(`no ESSH config under ${shownPaths} (looked for ${CONFIG_NAMES}); give the directory that holds your .esshconfig.lua`);
	}
	const analysis = workspace.analysis(options.config);
	const placer = new Placer(workspace, io.cwd);
	const rows: DiagnosticJson[] = [];
	for (const file of workspace.fileIds().sort()) {
		for (const diag of analysis.diagnostics(file)) {
			rows.push(diagnosticJson({ ...diag, file }, workspace, placer));
		}
	}
	if (cache) {
		try {
			cache.saveSync(workspace, analysis);
		} catch (error) {
			io.err(`essh-registry: cache: not saved (${error instanceof Error ? error.message : String(error)})\n`);
		}
	}
	const counts = { error: 0, warning: 0, information: 0, hint: 0 };
	for (const row of rows) {
		counts[row.severity]++;
	}
	switch (options.format) {
		case 'json':
			io.out(`${JSON.stringify({ diagnostics: rows }, null, 2)}\n`);
			break;
		case 'sarif': {
			const info = packageInfo();
			io.out(`${JSON.stringify(toSarif(rows, { root: options.root, cwd: io.cwd, version: info.version, diagnosticsUrl: info.diagnosticsUrl }), null, 2)}\n`);
			break;
		}
		case 'github':
			io.out(toGithubAnnotations(rows));
			break;
		case 'text': {
			for (const row of rows) {
				io.out(`${row.file}:${row.line}:${row.column}: ${row.severity} ${row.code}: ${row.message}\n`);
			}
			const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;
			io.out(`${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.information} information, ${plural(counts.hint, 'hint')} in ${plural(workspace.fileIds().length, 'file')}\n`);
			break;
		}
	}
	return counts.error > 0 ? 1 : 0;
}

function table(rows: string[][]): string {
	if (rows.length === 0) {
		return '';
	}
	const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
	return rows.map(row => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * A positional that names a directory where a name or pattern is expected is refused with what to
 * write instead: always when it looks like a path (`.`, `a/b`), and for a bare name when it also
 * matches no name of the registry (`isName`).
 */
function refuseDirectoryPatterns(options: Options, io: CliIo, isName: (positional: string) => boolean): void {
	for (const positional of options.positionals) {
		const looksLikePath = positional === '.' || positional === '..' || positional.includes('/') || positional.includes(path.sep);
		if (!looksLikePath && isName(positional)) {
			continue;
		}
		let isDirectory = false;
		try {
			isDirectory = fs.statSync(path.resolve(io.cwd, positional)).isDirectory();
		} catch {
			// Not a path on disk: a pattern.
		}
		if (isDirectory) {
			const what = options.command === 'show' ? 'a NAME' : 'a name PATTERN';
			throw new UsageError(`"${positional}" is a directory, but ${options.command} takes ${what}: to read the project in that directory, write "essh-registry ${options.command} --root ${positional}"`);
		}
	}
}

function runLookup(options: Options, io: CliIo): number {
	if (options.command === 'ssh-config' && options.positionals.length > 0) {
		throw new UsageError(`ssh-config takes no arguments (got "${options.positionals.join(' ')}"); use --root DIR to choose the project`);
	}
	checkRootDirectory(options.root, `--root ${options.rootGiven ?? '.'}`);
	const { set, workspace } = setForRoot(options.root, options.config, io.cwd);
	const placer = new Placer(workspace, io.cwd);
	const registry = set.registry;
	const names = [...registry.hosts.keys(), ...lookupTasks(registry).map(publicTaskName), ...registry.drivers.keys(), ...registry.tags.keys()];
	refuseDirectoryPatterns(options, io, positional => names.some(name => matchesPatterns(name, [positional])));
	const json = options.format === 'json';
	const print = (value: object): void => io.out(`${JSON.stringify(value, null, 2)}\n`);
	switch (options.command) {
		case 'hosts': {
			const hosts = lookupHosts(registry, { patterns: options.positionals, tags: options.tags }).filter(host => !options.visibleOnly || !isHidden(host));
			if (json) {
				print({ hosts: hosts.map(host => hostJson(host, placer)) });
			} else {
				io.out(table([['NAME', 'DESCRIPTION', 'TAGS', 'HIDDEN'], ...hosts.map(host => [host.name, hostDescription(host), hostTags(host).join(','), isHidden(host) ? 'true' : ''])]));
			}
			return 0;
		}
		case 'tasks': {
			const tasks = lookupTasks(registry, { patterns: options.positionals, tags: options.tags });
			if (json) {
				print({ tasks: tasks.map(task => taskJson(task, set, placer)) });
			} else {
				io.out(table([['NAME', 'DESCRIPTION', 'BACKEND', 'DRIVER', 'HOSTS'], ...tasks.map(task => [
					publicTaskName(task) + (isDisabled(task) ? ' (disabled)' : isHidden(task) ? ' (hidden)' : ''), stringProperty(task, 'description'), taskBackend(task), taskDriver(task),
					hostsOfTask(set, task).map(host => host.name).join(','),
				])]));
			}
			return 0;
		}
		case 'tags': {
			const tags = lookupTags(registry, options.positionals);
			if (json) {
				print({ tags: tags.map(tagJson) });
			} else {
				io.out(table([['TAG', 'HOSTS'], ...tags.map(entry => [entry.tag, entry.hosts.map(host => host.name).join(',')])]));
			}
			return 0;
		}
		case 'drivers': {
			const drivers = lookupDrivers(registry, options.positionals);
			if (json) {
				print({ drivers: drivers.map(driver => driverJson(driver, placer)) });
			} else {
				io.out(table([['NAME', 'ENGINE', 'DEFINED'], ...drivers.map(driver => {
					const where = driverJson(driver, placer);
					return [driver.name, engineKind(driver) ?? '(none)', driver.builtin ? '(built-in)' : `${where.file}:${where.line}`];
				})]));
			}
			return 0;
		}
		case 'show':
			return runShow(options, io, set, placer);
		case 'ssh-config': {
			const computed = computedSshValues(lookupHosts(registry), placer);
			if (json) {
				print({ sshConfig: generateSshConfig(registry), computed });
				return 0;
			}
			io.out(generateSshConfig(registry));
			for (const entry of computed) {
				io.err(entry.placeholders
					? `essh-registry: note: ${entry.file}:${entry.line}: ${entry.host} ${entry.key} is partly computed when ESSH runs: ${entry.placeholders.join(', ')} above stand${entry.placeholders.length === 1 ? 's' : ''} for ${entry.placeholders.length === 1 ? 'that part' : 'those parts'}\n`
					: `essh-registry: note: ${entry.file}:${entry.line}: ${entry.host} ${entry.key} is computed when ESSH runs, so it is missing above\n`);
			}
			return 0;
		}
		default:
			return 2;
	}
}

function runShow(options: Options, io: CliIo, set: SetAnalysis, placer: Placer): number {
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
	const shown = resourceJson(resource, set, placer);
	if (options.format === 'json') {
		io.out(`${JSON.stringify(shown, null, 2)}\n`);
		return 0;
	}
	io.out(`${resource.kind} ${JSON.stringify(resource.name)}${resource.builtin ? ' (built-in)' : ` at ${shown.file}:${shown.line}`}\n`);
	io.out(table(shown.properties.map(entry => [`  ${entry.key}`, entry.value, `${entry.origin} (${entry.file}:${entry.line})`])));
	if (resource.kind === 'host') {
		io.out(`\n${sshConfigBlock(resource)}`);
	} else if (resource.kind === 'task') {
		io.out(`\nhosts: ${hostsOfTask(set, resource).map(host => host.name).join(', ') || '(none: runs locally without a host)'}\n`);
	}
	return 0;
}
