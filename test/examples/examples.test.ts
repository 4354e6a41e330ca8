/**
 * The ESSH examples of the optional external reference material (see test/support/paths.ts) as
 * acceptance tests; skipped with one line when that material is absent, where the own fixtures of
 * test/fixtures cover the same behaviours. Each file's header states how ESSH loads it, the registry ESSH builds and the diagnostics an
 * editor should report. A small header parser turns the "Expected diagnostics" section into
 * `{ code, severity, line }` rows (finding the line from the construct the header names), and
 * the analysis must produce exactly those. The registries are written out per file below from
 * the headers, checked through the same query functions the CLI uses, and then through the CLI
 * itself (`runCli` in-process, on a temporary directory) for the lookup commands.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { Workspace, type SetAnalysis } from '../../server/src/core/analysis';
import { publicTaskName } from '../../server/src/core/checks';
import { runCli } from '../../server/src/cli/commands';
import {
	generateSshConfig, hostTags, hostsOfTask, isHidden, lookupDrivers, lookupHosts, lookupTags, lookupTasks, taskDriver,
} from '../../server/src/core/queries';
import { parseVersion } from '../../server/src/core/version';
import { hasReference, makeTempDir, referenceSuite, removeTempDir, sharedDir } from '../support/paths';

const EXAMPLES = path.join(sharedDir(), 'essh-examples');
const REFERENCE_PARTS = ['essh-examples', 'essh-reference.md'];
const AVAILABLE = hasReference(...REFERENCE_PARTS);

type Severity = 'error' | 'warning' | 'information' | 'hint';

/** One diagnostic row: what the header expects and what the analysis is compared on. */
interface Row {
	code: string;
	severity: Severity;
	line: number;
}

/** What the "Expected diagnostics" section of a header says. */
interface HeaderExpectation {
	/** Rows, each with the version condition it was stated under (undefined: every version). */
	rows: Array<Row & { when?: (version: string) => boolean }>;
	/** Codes the header says must not appear ("task-driver-unknown: none."). */
	absent: string[];
	/** "Optional Hint: …": hints beyond the rows are allowed. */
	optionalHints: boolean;
	/** "<code> hover: task -> host, host": resolutions the header states. */
	resolutions: Array<{ task: string; hosts: string[] }>;
	/** Every kebab-case word of the section, for the honesty check. */
	mentionedCodes: string[];
}

interface ExampleFile {
	name: string;
	text: string;
	header: string[];
	/** Code lines (1-based) with comments removed, for finding constructs. */
	code: Map<number, string>;
}

function readExample(name: string): ExampleFile {
	const text = fs.readFileSync(path.join(EXAMPLES, name), 'utf8');
	const lines = text.split('\n');
	const header: string[] = [];
	let index = 0;
	while (index < lines.length && lines[index].startsWith('--')) {
		header.push(lines[index].replace(/^--\s?/, ''));
		index++;
	}
	const code = new Map<number, string>();
	for (; index < lines.length; index++) {
		// The examples put no `--` inside strings, so cutting at the first `--` leaves the code.
		code.set(index + 1, lines[index].replace(/--.*$/, ''));
	}
	return { name, text, header, code };
}

const CODE_WORD = /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g;

/** The check IDs listed in the reference material's table of checks (its first column). */
function checkIds(): Set<string> {
	const reference = fs.readFileSync(path.join(sharedDir(), 'essh-reference.md'), 'utf8');
	const section = reference.slice(reference.indexOf('## 8. '), reference.indexOf('## 9. '));
	// A cell may hold several IDs: `| task-redefined / driver-redefined |`.
	return new Set([...section.matchAll(/^\| ([a-z0-9-]+(?: \/ [a-z0-9-]+)*) \|/gm)].flatMap(match => match[1].split(' / ')));
}

const CHECK_IDS = AVAILABLE ? checkIds() : new Set<string>();
const SEVERITY_WORDS: Record<string, Severity> = { error: 'error', warning: 'warning', information: 'information', hint: 'hint' };

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The 1-based line of the construct a header names (`on …`), searched in code lines only. */
function findConstruct(example: ExampleFile, description: string): number {
	let rest = description.trim();
	let occurrence = 1;
	const ordinal = /^the (first|second|third) /.exec(rest);
	if (ordinal) {
		occurrence = ['first', 'second', 'third'].indexOf(ordinal[1]) + 1;
		rest = rest.slice(ordinal[0].length);
	}
	let pattern: RegExp;
	const key = /^the key `([^`]+)`/.exec(rest);
	const backticked = /`([^`]+)`/.exec(rest);
	const quoted = /^(?:the \w+ string )?("[^"]*")/.exec(rest);
	if (key) {
		pattern = new RegExp(`(^|[\\s{,])${escapeRegExp(key[1])}\\s*=`);
	} else if (backticked && !(quoted && quoted.index + quoted[0].indexOf('"') < backticked.index)) {
		// `task { … }` names the construct by its start.
		const literal = backticked[1].split('…')[0].trim();
		pattern = /^\w+$/.test(literal) ? new RegExp(`\\b${literal}\\b`) : new RegExp(escapeRegExp(literal));
	} else if (quoted) {
		pattern = new RegExp(escapeRegExp(quoted[1]));
	} else if (/^the (task|host|driver)\b/.test(rest)) {
		pattern = new RegExp(`\\b${/^the (\w+)/.exec(rest)![1]}\\s*[("]`);
	} else {
		throw new Error(`${example.name}: cannot tell which construct "${description}" names`);
	}
	let seen = 0;
	for (const [line, code] of example.code) {
		if (pattern.test(code) && ++seen === occurrence) {
			return line;
		}
	}
	throw new Error(`${example.name}: construct "${description}" (${pattern}) not found`);
}

/** Parses the "Expected diagnostics" section of a header. */
function parseExpectedDiagnostics(example: ExampleFile): HeaderExpectation {
	const start = example.header.findIndex(line => /Expected diagnostics/.test(line));
	assert.ok(start >= 0, `${example.name}: the header has no "Expected diagnostics" section`);
	const section = [example.header[start].replace(/^.*Expected diagnostics[^:]*:/, ''), ...example.header.slice(start + 1)].map(line => line.trim());
	const result: HeaderExpectation = { rows: [], absent: [], optionalHints: false, resolutions: [], mentionedCodes: [] };
	for (const line of section) {
		result.mentionedCodes.push(...(line.replace(/`[^`]*`/g, '').match(CODE_WORD) ?? []).filter(word => CHECK_IDS.has(word)));
		let rest = line;
		let when: ((version: string) => boolean) | undefined;
		const versioned = /^version setting v([\d.]+)(\+|–v([\d.]+)):\s*(.*)$/.exec(rest);
		if (versioned) {
			const low = parseVersion(versioned[1])!;
			const high = versioned[3] ? parseVersion(versioned[3])! : undefined;
			const key = (text: string): number => {
				const version = parseVersion(text)!;
				return version.major * 1000 + version.minor;
			};
			when = version => key(version) >= low.major * 1000 + low.minor && (high === undefined || key(version) <= high.major * 1000 + high.minor);
			rest = versioned[4];
		}
		const row = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)+) \((\w+)[^)]*\) on (.*)$/.exec(rest);
		const none = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)+): none\b/.exec(rest);
		const hover = /^([a-z][a-z0-9]*(?:-[a-z0-9]+)+) hover: (\S+) -> (.+?)\.?$/.exec(rest);
		if (row) {
			const severity = SEVERITY_WORDS[row[2].toLowerCase()];
			assert.ok(severity, `${example.name}: unknown severity "${row[2]}"`);
			result.rows.push({ code: row[1], severity, line: findConstruct(example, row[3]), when });
		} else if (none) {
			result.absent.push(none[1]);
		} else if (hover) {
			result.resolutions.push({ task: hover[2], hosts: hover[3].split(/,\s*/) });
		} else if (/^Optional Hint\b/.test(rest)) {
			result.optionalHints = true;
		}
	}
	return result;
}

/** The diagnostics the analysis reports for one file, as rows sorted by line and code. */
function actualRows(workspace: Workspace, version: string, file: string): Row[] {
	const analysis = workspace.analysis({ version: parseVersion(version)!, userDirectory: undefined, severity: {} });
	const index = analysis.lineIndex(file)!;
	return analysis.diagnostics(file).map(diag => ({ code: diag.code, severity: diag.severity, line: index.position(diag.range.start).line + 1 }));
}

function sortRows(rows: Row[]): Row[] {
	return [...rows].map(row => ({ code: row.code, severity: row.severity, line: row.line }))
		.sort((a, b) => a.line - b.line || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** How an example is loaded: which example goes to which file name, under which versions. */
interface Load {
	title: string;
	files: Array<{ example: string; as: string }>;
	versions: string[];
}

const PAIR_BASE = '15-override-base.lua';
const PAIR_OVERRIDE = '15-override-override.lua';
const NAMESPACE = '17-namespace-v2.lua';

function loads(): Load[] {
	const names = fs.readdirSync(EXAMPLES).filter(name => name.endsWith('.lua')).sort();
	const result: Load[] = [];
	for (const name of names) {
		if (name === PAIR_OVERRIDE) {
			continue;
		}
		if (name === PAIR_BASE) {
			result.push({ title: `${name} alone`, files: [{ example: name, as: '.esshconfig.lua' }], versions: ['3.4'] });
			result.push({ title: `${name} + ${PAIR_OVERRIDE}`, files: [{ example: name, as: '.esshconfig.lua' }, { example: PAIR_OVERRIDE, as: '.esshconfig_override.lua' }], versions: ['3.4'] });
		} else if (name === NAMESPACE) {
			result.push({ title: name, files: [{ example: name, as: 'esshconfig.lua' }], versions: ['2.1', '3.4'] });
		} else {
			result.push({ title: name, files: [{ example: name, as: '.esshconfig.lua' }], versions: ['3.4'] });
		}
	}
	return result;
}

const ROOT = '/ex';

function workspaceFor(load: Load): Workspace {
	const workspace = new Workspace();
	for (const file of load.files) {
		workspace.setFile(`${ROOT}/${file.as}`, readExample(file.example).text);
	}
	return workspace;
}

describe('essh-examples: diagnostics stated in each header', referenceSuite(...REFERENCE_PARTS), () => {
	test('every example file is covered by a load', () => {
		const covered = new Set(loads().flatMap(load => load.files.map(file => file.example)));
		const all = fs.readdirSync(EXAMPLES).filter(name => name.endsWith('.lua'));
		assert.ok(all.length >= 14, `expected the examples in ${EXAMPLES}`);
		assert.deepEqual([...covered].sort(), all.sort());
	});

	for (const load of loads()) {
		for (const version of load.versions) {
			test(`${load.title} under ESSH ${version}`, () => {
				const workspace = workspaceFor(load);
				for (const file of load.files) {
					const example = readExample(file.example);
					if (file.as !== '.esshconfig_override.lua') {
						assert.match(example.header.join('\n'), new RegExp(`Load as: ${escapeRegExp(file.as)}`), `${file.example}: the header loads it as ${file.as}`);
					}
					const expectation = parseExpectedDiagnostics(example);
					// Honesty: every code the section names is either expected, expected absent, or a hover statement.
					const understood = new Set([...expectation.rows.map(row => row.code), ...expectation.absent]);
					const hoverWords: string[] = example.header.join('\n').match(/\b[a-z]+(?:-[a-z]+)+(?= hover:)/g) ?? [];
					assert.ok(CHECK_IDS.size > 50, 'the check IDs of the reference were read');
					for (const row of expectation.rows) {
						assert.ok(CHECK_IDS.has(row.code), `${file.example}: ${row.code} is not a check ID of the reference`);
					}
					for (const code of expectation.mentionedCodes) {
						assert.ok(understood.has(code) || hoverWords.includes(code), `${file.example}: the header names ${code} but the parser did not turn it into an expectation`);
					}
					const expected = sortRows(expectation.rows.filter(row => row.when === undefined || row.when(version)));
					let actual = sortRows(actualRows(workspace, version, `${ROOT}/${file.as}`));
					if (expectation.optionalHints) {
						actual = actual.filter(row => row.severity !== 'hint');
					}
					assert.deepEqual(actual, expected, `${file.example} as ${file.as} under ${version}`);
					for (const code of expectation.absent) {
						assert.ok(!actual.some(row => row.code === code), `${file.example}: ${code} must not be reported`);
					}
					if (expectation.resolutions.length > 0) {
						const set = workspace.analysis({ version: parseVersion(version)!, userDirectory: undefined, severity: {} }).set(ROOT)!;
						for (const resolution of expectation.resolutions) {
							const task = lookupTasks(set.registry, { patterns: [resolution.task] })[0];
							assert.ok(task, `${file.example}: task ${resolution.task}`);
							assert.deepEqual(hostsOfTask(set, task).map(host => host.name), resolution.hosts);
						}
					}
				}
			});
		}
	}

	test('the header parser finds constructs by their text, not by comments', () => {
		const example = readExample(NAMESPACE);
		// Line 22 is a comment that mentions (namespace); the call is on line 23.
		assert.equal(findConstruct(example, '`namespace`.'), 23);
		assert.equal(findConstruct(readExample(PAIR_BASE), 'the second `host "web01"`, with a related location'), 25);
		assert.equal(findConstruct(readExample('04-unknown-essh-field.lua'), 'the key `tag`; suggest `tags`.'), 11);
	});
});

/** A registry as a header describes it. Task values are the resolved host lists. */
interface ExpectedRegistry {
	hosts: string[];
	hidden?: string[];
	hostTags?: Record<string, string[]>;
	tags: string[];
	tasks: Record<string, string[]>;
	hiddenTasks?: string[];
	taskDrivers?: Record<string, string>;
	drivers: string[];
	/** The generated ssh_config; undefined when the header does not spell it out. */
	sshConfig?: string;
	namespaces?: Record<string, string[]>;
}

/** Parses "Host a / K V / K V   (comment)" lines of a header into ssh_config blocks. */
function sshConfigFromHeader(example: ExampleFile): string {
	return example.header
		.map(line => line.trim())
		.filter(line => /^Host \S+\s+\//.test(line))
		.map(line => {
			const [host, ...properties] = line.replace(/\s*\(.*\)\s*$/, '').split('/').map(part => part.trim());
			return `${host}\n${properties.map(property => `    ${property.replace(/\s+/, ' ')}\n`).join('')}\n`;
		})
		.join('');
}

/** The registries, written from the headers (fatal examples have none: ESSH stops before building one). */
const REGISTRIES: Record<string, { load: Load; version: string; registry: ExpectedRegistry }> = {};

function defineRegistry(title: string, version: string, registry: ExpectedRegistry): void {
	const load = loads().find(candidate => candidate.title === title);
	assert.ok(load, title);
	REGISTRIES[`${title} @${version}`] = { load, version, registry };
}

/** Writes the registries of the headers into REGISTRIES (only when the examples are there to read). */
function defineRegistries(): void {
	defineRegistry('01-basic-forms.lua', '3.4', {
		hosts: ['bastion', 'db01.example.com', 'db02.example.com', 'web01.example.com', 'web02.example.com'],
		hidden: ['db02.example.com'],
		hostTags: { 'web01.example.com': ['web', 'production'], 'web02.example.com': ['web', 'staging'], 'db01.example.com': ['db', 'production'], 'db02.example.com': ['db'], bastion: [] },
		tags: ['db', 'production', 'staging', 'web'],
		tasks: { uptime: ['web01.example.com'] },
		drivers: ['default'],
		sshConfig: sshConfigFromHeader(readExample('01-basic-forms.lua')),
	});
	defineRegistry('02-object-style.lua', '3.4', {
		hosts: ['app01', 'app02'],
		hostTags: { app01: ['app'], app02: ['app'] },
		tags: ['app'],
		// deploy targets the tag "app", which both hosts carry (docs/essh-semantics.md, targets).
		tasks: { default: [], deploy: ['app01', 'app02'], hello: [] },
		drivers: ['default'],
		sshConfig: 'Host app01\n    HostName 10.1.0.1\n    User app\n\nHost app02\n    HostName 10.1.0.2\n    User app\n\n',
	});
	defineRegistry('05-task-full.lua', '3.4', {
		hosts: ['web01', 'web02'],
		hostTags: { web01: ['web'], web02: ['web', 'canary'] },
		tags: ['canary', 'web'],
		tasks: { build: [], deploy: ['web02'], internal: [] },
		hiddenTasks: ['internal'],
		drivers: ['default'],
		sshConfig: 'Host web01\n    HostName 192.168.0.11\n\nHost web02\n    HostName 192.168.0.12\n\n',
	});
	defineRegistry('10-drivers.lua', '3.4', {
		hosts: [],
		tags: [],
		tasks: { a: [], b: [], c: [], d: [], e: [] },
		taskDrivers: { a: 'steps', b: 'fn', c: 'default', d: 'broken', e: 'stpes' },
		drivers: ['broken', 'default', 'fn', 'steps'],
		sshConfig: '',
	});
	defineRegistry('11-groups.lua', '3.4', {
		hosts: ['batch01', 'web01', 'web02', 'web03'],
		hostTags: { batch01: [], web01: ['web'], web02: ['web'], web03: ['web', 'canary'] },
		tags: ['canary', 'web'],
		tasks: { logs: ['web01', 'web02', 'web03'], restart: ['web01', 'web02', 'web03'], status: ['web01', 'web02', 'web03'] },
		hiddenTasks: ['logs', 'restart'],
		drivers: ['default'],
		sshConfig: [
			'Host batch01\n    HostName 10.0.1.1\n    Port 2222\n\n',
			'Host web01\n    ForwardAgent yes\n    HostName 10.0.0.1\n    User deploy\n\n',
			'Host web02\n    ForwardAgent yes\n    HostName 10.0.0.2\n    User admin\n\n',
			'Host web03\n    ForwardAgent yes\n    HostName 10.0.0.3\n    User deploy\n\n',
		].join(''),
	});
	defineRegistry(`${PAIR_BASE} alone`, '3.4', {
		hosts: ['web01'],
		hostTags: { web01: ['web'] },
		tags: ['web'],
		tasks: { ping: ['web01'] },
		drivers: ['default'],
		sshConfig: 'Host web01\n    HostName 10.0.0.1\n\n',
	});
	defineRegistry(`${PAIR_BASE} + ${PAIR_OVERRIDE}`, '3.4', {
		hosts: ['web01'],
		hostTags: { web01: [] },
		tags: [],
		tasks: { ping: [] },
		drivers: ['default'],
		sshConfig: 'Host web01\n    User me\n\n',
	});
	defineRegistry(NAMESPACE, '2.1', {
		hosts: ['public01'],
		tags: ['web'],
		tasks: { 'global-web': ['public01'], shop: [], 'shop:deploy': ['web01'], 'shop:q': [] },
		taskDrivers: { 'shop:q': 'quiet' },
		drivers: ['default'],
		sshConfig: 'Host public01\n    HostName 10.0.0.1\n\n',
		namespaces: { shop: ['web01'] },
	});
	defineRegistry('19-hooks-props.lua', '3.4', {
		hosts: ['web01'],
		hostTags: { web01: [] },
		tags: [],
		tasks: {},
		drivers: ['default'],
		sshConfig: 'Host web01\n    HostName 10.0.0.1\n\n',
	});
}

if (AVAILABLE) {
	defineRegistries();
}

function setOf(load: Load, version: string): SetAnalysis {
	const set = workspaceFor(load).analysis({ version: parseVersion(version)!, userDirectory: undefined, severity: {} }).set(ROOT);
	assert.ok(set, `no evaluation set at ${ROOT}`);
	return set;
}

describe('essh-examples: registry stated in each header (queries.ts)', referenceSuite(...REFERENCE_PARTS), () => {
	for (const [title, { load, version, registry: expected }] of Object.entries(REGISTRIES)) {
		test(title, () => {
			// Honesty: every host and task named here is named in the header of one of the files.
			const headers = load.files.map(file => readExample(file.example).header.join('\n')).join('\n');
			// The built-in driver "default" is there whether a header mentions it or not.
			for (const name of [...expected.hosts, ...Object.keys(expected.tasks), ...expected.drivers.filter(driver => driver !== 'default'), ...expected.tags]) {
				assert.ok(headers.includes(name), `${title}: "${name}" is not in the header`);
			}
			const set = setOf(load, version);
			const registry = set.registry;
			const hosts = lookupHosts(registry);
			assert.deepEqual(hosts.map(host => host.name), expected.hosts);
			assert.deepEqual(hosts.filter(isHidden).map(host => host.name), expected.hidden ?? []);
			for (const [host, tags] of Object.entries(expected.hostTags ?? {})) {
				assert.deepEqual(hostTags(registry.hosts.get(host)!), tags, `tags of ${host}`);
			}
			assert.deepEqual(lookupTags(registry).map(entry => entry.tag), expected.tags);
			const tasks = lookupTasks(registry);
			assert.deepEqual(Object.fromEntries(tasks.map(task => [publicTaskName(task), hostsOfTask(set, task).map(host => host.name)])), expected.tasks);
			assert.deepEqual(tasks.filter(isHidden).map(publicTaskName), expected.hiddenTasks ?? []);
			for (const [task, driver] of Object.entries(expected.taskDrivers ?? {})) {
				assert.equal(taskDriver(tasks.find(candidate => publicTaskName(candidate) === task)!), driver, `driver of ${task}`);
			}
			assert.deepEqual(lookupDrivers(registry).map(driver => driver.name), expected.drivers);
			if (expected.sshConfig !== undefined) {
				assert.equal(generateSshConfig(registry), expected.sshConfig);
			}
			for (const [namespace, names] of Object.entries(expected.namespaces ?? {})) {
				assert.deepEqual(lookupHosts(registry, { namespace }).map(host => host.name), names, `hosts of namespace ${namespace}`);
			}
			assert.deepEqual([...registry.namespaces.keys()].sort(), Object.keys(expected.namespaces ?? {}).sort());
		});
	}

	test('the patch the 15 header recommends, select_hosts(…):get()[1].User = "me", reaches the registry', () => {
		const workspace = new Workspace();
		workspace.setFile(`${ROOT}/.esshconfig.lua`, 'host "web01" { HostName = "10.0.0.1" }\n');
		workspace.setFile(`${ROOT}/.esshconfig_override.lua`, 'essh.select_hosts("web01"):get()[1].User = "me"\n');
		const set = workspace.analysis({ version: parseVersion('3.4')!, userDirectory: undefined, severity: {} }).set(ROOT)!;
		// ESSH writes "Host web01 / HostName 10.0.0.1 / User me": assigning to the fields of :get() results changes the real hosts.
		assert.equal(generateSshConfig(set.registry), 'Host web01\n    HostName 10.0.0.1\n    User me\n\n');
		assert.equal(set.registry.openReasons.length, 0);
	});

	test('the 01 header spells out five ssh_config blocks', () => {
		const text = sshConfigFromHeader(readExample('01-basic-forms.lua'));
		assert.equal(text.match(/^Host /gm)?.length, 5);
		assert.match(text, /^Host web01\.example\.com\n {4}HostName 192\.168\.0\.11\n {4}Port 22\n {4}User deploy\n\n/m);
	});
});

/** Runs the CLI in-process; returns exit status and output. */
function cli(args: string[], cwd: string): { status: number; out: string; err: string } {
	let out = '';
	let err = '';
	// HOME points into the temp dir so nothing can read the real ~/.essh even without --no-user-config.
	const status = runCli(args, { out: text => (out += text), err: text => (err += text), cwd, env: { HOME: cwd } });
	return { status, out, err };
}

describe('essh-examples: the CLI (runCli in-process) reports the header registries', referenceSuite(...REFERENCE_PARTS), () => {
	const temp = makeTempDir('examples');
	after(() => removeTempDir(temp));

	const cliCases = ['01-basic-forms.lua', '02-object-style.lua', '05-task-full.lua', '11-groups.lua', `${PAIR_BASE} + ${PAIR_OVERRIDE}`];
	for (const title of cliCases) {
		const { load, version, registry: expected } = REGISTRIES[`${title} @3.4`];
		test(title, () => {
			const directory = path.join(temp, title.replace(/[^A-Za-z0-9.-]+/g, '_'));
			fs.mkdirSync(directory, { recursive: true });
			for (const file of load.files) {
				fs.copyFileSync(path.join(EXAMPLES, file.example), path.join(directory, file.as));
			}
			const common = ['--root', directory, '--no-user-config', '--essh-version', version];

			const hosts = cli(['hosts', '--format', 'json', ...common], temp);
			assert.equal(hosts.status, 0, hosts.err);
			const hostsJson = JSON.parse(hosts.out) as { hosts: Array<{ name: string; tags: string[]; hidden: boolean; file: string; line: number; sshConfig: Record<string, string> }> };
			assert.deepEqual(hostsJson.hosts.map(host => host.name), expected.hosts);
			assert.deepEqual(hostsJson.hosts.filter(host => host.hidden).map(host => host.name), expected.hidden ?? []);
			for (const host of hostsJson.hosts) {
				assert.deepEqual(host.tags, expected.hostTags?.[host.name] ?? host.tags);
				assert.match(host.file, /\.esshconfig(_override)?\.lua$/);
				assert.ok(host.line > 0);
			}

			const tasks = cli(['tasks', '--format', 'json', ...common], temp);
			assert.equal(tasks.status, 0, tasks.err);
			const tasksJson = JSON.parse(tasks.out) as { tasks: Array<{ name: string; hosts: string[]; driver: string }> };
			assert.deepEqual(Object.fromEntries(tasksJson.tasks.map(task => [task.name, task.hosts])), expected.tasks);

			const sshConfig = cli(['ssh-config', ...common], temp);
			assert.equal(sshConfig.status, 0, sshConfig.err);
			assert.equal(sshConfig.out, expected.sshConfig);

			const check = cli(['check', directory, '--no-user-config', '--essh-version', version], temp);
			assert.equal(check.status, 0, check.out);
		});
	}

	test('a fatal example makes check exit 1 with the header code', () => {
		const directory = path.join(temp, 'fatal');
		fs.mkdirSync(directory, { recursive: true });
		fs.copyFileSync(path.join(EXAMPLES, '03-ssh-prop-number.lua'), path.join(directory, '.esshconfig.lua'));
		const check = cli(['check', directory, '--no-user-config'], temp);
		assert.equal(check.status, 1);
		assert.match(check.out, /^fatal\/\.esshconfig\.lua:13:\d+: error host-ssh-prop-type: /m);
	});
});
