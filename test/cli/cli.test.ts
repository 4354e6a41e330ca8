/**
 * The bundled CLI (`dist/cli.js`, what `npm run build` produces and the `essh-registry` bin runs)
 * driven as a user drives it: a child Node process on temporary directories, with HOME pointing at
 * a temporary home so the real ~/.essh is never read. Covers the text and JSON output of every
 * command, exit statuses 0/1/2 and their messages, per-command help, severity
 * overrides, the ESSH version switch, the user directory options and UTF-16 columns.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { makeTempDir, removeTempDir, repoRoot, writeTree } from '../support/paths';

const CLI = path.join(repoRoot(), 'dist', 'cli.js');

let temp: string;
let home: string;

interface Result {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd` (relative to the temp dir) with a temporary HOME. */
function run(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Result {
	const result = spawnSync(process.execPath, [CLI, ...args], {
		cwd: path.join(temp, options.cwd ?? '.'),
		env: { PATH: process.env.PATH ?? '', HOME: home, ...options.env },
		encoding: 'utf8',
		timeout: 30_000,
	});
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const DIAGNOSTIC_LINE = /^(?<file>[^:\n]+):(?<line>\d+):(?<column>\d+): (?<severity>error|warning|information|hint) (?<code>[a-z0-9]+(?:-[a-z0-9]+)*): (?<message>.+)$/;
const SUMMARY_LINE = /^\d+ errors?, \d+ warnings?, \d+ information, \d+ hints? in \d+ files?$/;

before(() => {
	assert.ok(fs.existsSync(CLI), `${CLI} is missing: run "npm run build" first (npm test does)`);
	temp = makeTempDir('cli');
	home = path.join(temp, 'home');
	fs.mkdirSync(home);
	writeTree(temp, {
		'clean/.esshconfig.lua': [
			'host "web01" { HostName = "10.0.0.1", description = "web one", tags = { "web", "prod" } }',
			'host "web02" { HostName = "10.0.0.2", tags = { "web" }, hidden = true }',
			'host "db01" { HostName = "10.0.1.1", User = "postgres", tags = { "db" } }',
			'driver "quiet" { engine = "{{range .Scripts}}{{.code}}\\n{{end}}" }',
			'task "deploy" { description = "ship it", backend = "remote", targets = "web", filters = "prod", script = "make deploy" }',
			'task "backup" { targets = { "db" }, driver = "quiet", script = "pg_dump" }',
			'',
		].join('\n'),
		'warn/.esshconfig.lua': 'task "t" { targets = "nothing", script = "true" }\n',
		'broken/.esshconfig.lua': [
			'host "web01" {',
			'    HostName = "10.0.0.1",',
			'    Port = 22,',
			'    tag = { "web" },',
			'}',
			'',
		].join('\n'),
		'ns/esshconfig.lua': 'namespace "shop" {\n    host "web01" { HostName = "10.1.0.1" },\n}\n',
		// é is one UTF-16 unit, 😀 two: the error's column counts UTF-16 code units.
		'unicode/.esshconfig.lua': 'host "café" { description = "é 😀 😀", Port = 22 }\n',
		'home/.essh/config_override.lua': 'host "from-home" { HostName = "10.9.9.9" }\n',
		'otheruser/config_override.lua': 'host "from-other" { Port = 2222 }\n',
	});
});

after(() => removeTempDir(temp));

describe('check', () => {
	test('a clean project: summary only, exit 0', () => {
		const result = run(['check', 'clean', '--no-user-config']);
		assert.equal(result.status, 0, result.stderr);
		assert.equal(result.stdout, '0 errors, 0 warnings, 0 information, 0 hints in 1 file\n');
		assert.equal(result.stderr, '');
	});

	test('warnings only still exit 0', () => {
		const result = run(['check', 'warn', '--no-user-config']);
		assert.equal(result.status, 0);
		const lines = result.stdout.trimEnd().split('\n');
		assert.match(lines[lines.length - 1], SUMMARY_LINE);
		assert.match(lines[lines.length - 1], /^0 errors, 2 warnings,/);
		for (const line of lines.slice(0, -1)) {
			assert.match(line, DIAGNOSTIC_LINE);
			assert.equal(DIAGNOSTIC_LINE.exec(line)!.groups!.severity, 'warning');
		}
	});

	test('errors: one "file:line:column: severity code: message" line each, a summary, exit 1', () => {
		const result = run(['check', 'broken', '--no-user-config']);
		assert.equal(result.status, 1);
		const lines = result.stdout.trimEnd().split('\n');
		assert.equal(lines.length, 3);
		const rows = lines.slice(0, 2).map(line => DIAGNOSTIC_LINE.exec(line)?.groups);
		assert.deepEqual(rows.map(row => row && [row.file, row.line, row.column, row.severity, row.code]), [
			['broken/.esshconfig.lua', '3', '12', 'error', 'host-ssh-prop-type'],
			['broken/.esshconfig.lua', '4', '5', 'error', 'host-unknown-field'],
		]);
		assert.equal(lines[2], '2 errors, 0 warnings, 0 information, 0 hints in 1 file');
	});

	test('paths are relative to the current directory', () => {
		const result = run(['check', '.', '--no-user-config'], { cwd: 'broken' });
		assert.equal(result.status, 1);
		assert.match(result.stdout, /^\.esshconfig\.lua:3:12: error host-ssh-prop-type: /m);
	});

	test('a single file given explicitly is checked', () => {
		const result = run(['check', 'broken/.esshconfig.lua', '--no-user-config']);
		assert.equal(result.status, 1);
		assert.match(result.stdout, /^broken\/\.esshconfig\.lua:4:5: error host-unknown-field: .*tags/m);
	});

	test('--format json has exactly the documented fields, 1-based', () => {
		const result = run(['check', 'broken', '--no-user-config', '--format', 'json']);
		assert.equal(result.status, 1);
		const json = JSON.parse(result.stdout) as { diagnostics: Array<Record<string, unknown>> };
		assert.deepEqual(Object.keys(json), ['diagnostics']);
		assert.equal(json.diagnostics.length, 2);
		for (const diag of json.diagnostics) {
			assert.deepEqual(Object.keys(diag).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
			assert.equal(typeof diag.message, 'string');
		}
		assert.deepEqual(json.diagnostics[0], {
			file: 'broken/.esshconfig.lua', line: 3, column: 12, endLine: 3, endColumn: 14, severity: 'error', code: 'host-ssh-prop-type', message: json.diagnostics[0].message,
		});
		assert.match(String(json.diagnostics[0].message), /SSH property must be string/);
	});

	test('--severity CODE=off drops a check and can turn exit 1 into 0', () => {
		const result = run(['check', 'broken', '--no-user-config', '--severity', 'host-ssh-prop-type=off', '--severity=host-unknown-field=warning']);
		assert.equal(result.status, 0, result.stdout);
		assert.doesNotMatch(result.stdout, /host-ssh-prop-type/);
		assert.match(result.stdout, /^broken\/\.esshconfig\.lua:4:5: warning host-unknown-field: /m);
		assert.match(result.stdout, /^0 errors, 1 warning, /m);
	});

	test('--essh-version 2.1 accepts namespace; the default 3.4 reports it as removed', () => {
		const old = run(['check', 'ns', '--no-user-config', '--essh-version', '2.1']);
		assert.equal(old.status, 0, old.stdout);
		assert.equal(old.stdout, '0 errors, 0 warnings, 0 information, 0 hints in 1 file\n');
		const current = run(['check', 'ns', '--no-user-config']);
		assert.equal(current.status, 1);
		assert.match(current.stdout, /^ns\/esshconfig\.lua:1:1: error removed-builtin: /m);
	});

	test('columns count UTF-16 code units after é and emoji', () => {
		const text = fs.readFileSync(path.join(temp, 'unicode/.esshconfig.lua'), 'utf8');
		const expectedColumn = text.indexOf('22') + 1;
		// Code points and UTF-16 units differ on this line (two emoji), so the test can tell them apart.
		assert.notEqual(expectedColumn, [...text.slice(0, text.indexOf('22'))].length + 1);
		const result = run(['check', 'unicode', '--no-user-config', '--format', 'json']);
		assert.equal(result.status, 1);
		const diag = (JSON.parse(result.stdout) as { diagnostics: Array<{ line: number; column: number; endColumn: number; code: string }> }).diagnostics[0];
		assert.deepEqual([diag.code, diag.line, diag.column, diag.endColumn], ['host-ssh-prop-type', 1, expectedColumn, expectedColumn + 2]);
		const textResult = run(['check', 'unicode', '--no-user-config']);
		assert.match(textResult.stdout, new RegExp(`^unicode/\\.esshconfig\\.lua:1:${expectedColumn}: error host-ssh-prop-type: `, 'm'));
	});

	test('user config: read from $HOME/.essh by default, not with --no-user-config, elsewhere with --user-dir', () => {
		const withHome = run(['hosts', '--root', 'clean', '--format', 'json']);
		assert.equal(withHome.status, 0, withHome.stderr);
		assert.ok((JSON.parse(withHome.stdout) as { hosts: Array<{ name: string }> }).hosts.some(host => host.name === 'from-home'));

		const without = run(['hosts', '--root', 'clean', '--format', 'json', '--no-user-config']);
		assert.ok(!(JSON.parse(without.stdout) as { hosts: Array<{ name: string }> }).hosts.some(host => host.name.startsWith('from-')));

		const other = run(['check', 'clean', '--user-dir', 'otheruser']);
		assert.equal(other.status, 1, 'the other user directory has Port = 2222 as a number');
		assert.match(other.stdout, /^otheruser\/config_override\.lua:1:28: error host-ssh-prop-type: /m);
		assert.doesNotMatch(other.stdout, /from-home/);
	});
});

describe('lookups', () => {
	test('hosts: text table and JSON with the documented fields', () => {
		const text = run(['hosts', '--root', 'clean', '--no-user-config']);
		assert.equal(text.status, 0);
		assert.equal(text.stdout, [
			'NAME   DESCRIPTION  TAGS      HIDDEN',
			'db01                db',
			'web01  web one      web,prod',
			'web02               web       true',
			'',
		].join('\n'));
		const json = run(['hosts', '--root', 'clean', '--no-user-config', '--format', 'json']);
		assert.deepEqual(JSON.parse(json.stdout), {
			hosts: [
				{ name: 'db01', description: '', tags: ['db'], hidden: false, file: 'clean/.esshconfig.lua', line: 3, sshConfig: { HostName: '10.0.1.1', User: 'postgres' } },
				{ name: 'web01', description: 'web one', tags: ['web', 'prod'], hidden: false, file: 'clean/.esshconfig.lua', line: 1, sshConfig: { HostName: '10.0.0.1' } },
				{ name: 'web02', description: '', tags: ['web'], hidden: true, file: 'clean/.esshconfig.lua', line: 2, sshConfig: { HostName: '10.0.0.2' } },
			],
		});
	});

	test('hosts: glob patterns and --tag filter', () => {
		const names = (args: string[]): string[] => (JSON.parse(run(['hosts', '--root', 'clean', '--no-user-config', '--format', 'json', ...args]).stdout) as { hosts: Array<{ name: string }> }).hosts.map(host => host.name);
		assert.deepEqual(names(['web*']), ['web01', 'web02']);
		assert.deepEqual(names(['!web*']), ['db01']);
		assert.deepEqual(names(['--tag', 'web', '--tag', 'prod']), ['web01']);
	});

	test('tasks: JSON with the resolved hosts', () => {
		const result = run(['tasks', '--root', 'clean', '--no-user-config', '--format', 'json']);
		assert.equal(result.status, 0);
		assert.deepEqual(JSON.parse(result.stdout), {
			tasks: [
				{ name: 'backup', description: '', backend: 'local', driver: 'quiet', targets: ['db'], filters: [], hosts: ['db01'], file: 'clean/.esshconfig.lua', line: 6 },
				{ name: 'deploy', description: 'ship it', backend: 'remote', driver: 'default', targets: ['web'], filters: ['prod'], hosts: ['web01'], file: 'clean/.esshconfig.lua', line: 5 },
			],
		});
		const text = run(['tasks', '--root', 'clean', '--no-user-config']);
		assert.match(text.stdout, /^deploy\s+ship it\s+remote\s+default\s+web01$/m);
	});

	test('tags and drivers: JSON', () => {
		const tags = run(['tags', '--root', 'clean', '--no-user-config', '--format', 'json']);
		assert.deepEqual(JSON.parse(tags.stdout), { tags: [{ name: 'db', hosts: ['db01'] }, { name: 'prod', hosts: ['web01'] }, { name: 'web', hosts: ['web01', 'web02'] }] });
		const drivers = run(['drivers', '--root', 'clean', '--no-user-config', '--format', 'json']);
		assert.deepEqual(JSON.parse(drivers.stdout), {
			drivers: [
				{ name: 'default', builtin: true, engine: 'built-in', file: '', line: 0 },
				{ name: 'quiet', builtin: false, engine: 'template', file: 'clean/.esshconfig.lua', line: 4 },
			],
		});
	});

	test('show: a host with the origin of each value, text and JSON', () => {
		const json = JSON.parse(run(['show', 'db01', '--root', 'clean', '--no-user-config', '--format', 'json']).stdout) as Record<string, unknown>;
		assert.equal(json.kind, 'host');
		assert.equal(json.name, 'db01');
		assert.equal(json.file, 'clean/.esshconfig.lua');
		assert.equal(json.line, 3);
		assert.deepEqual(json.tags, ['db']);
		assert.equal(json.sshConfig, 'Host db01\n    HostName 10.0.1.1\n    User postgres\n\n');
		assert.deepEqual((json.properties as Array<{ key: string; origin: string }>).map(entry => `${entry.key}:${entry.origin}`), ['HostName:own', 'User:own', 'tags:own']);
		const text = run(['show', 'deploy', '--root', 'clean', '--no-user-config']);
		assert.equal(text.status, 0);
		assert.match(text.stdout, /^task "deploy" at clean\/\.esshconfig\.lua:5$/m);
		assert.match(text.stdout, /^hosts: web01$/m);
	});

	test('show: an unknown name exits 1 with a message', () => {
		const result = run(['show', 'nope', '--root', 'clean', '--no-user-config']);
		assert.equal(result.status, 1);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /no host, task or driver named "nope"/);
	});

	test('ssh-config: every host sorted, hidden included, properties in byte order', () => {
		const result = run(['ssh-config', '--root', 'clean', '--no-user-config']);
		assert.equal(result.status, 0);
		assert.equal(result.stdout, 'Host db01\n    HostName 10.0.1.1\n    User postgres\n\nHost web01\n    HostName 10.0.0.1\n\nHost web02\n    HostName 10.0.0.2\n\n');
	});

	test('ssh-config: a value computed at run time is named on stderr, not invented', () => {
		writeTree(temp, { 'dynamic/.esshconfig.lua': 'local user = os.getenv("USER")\nhost "h" { HostName = "10.0.0.1", User = user }\n' });
		const result = run(['ssh-config', '--root', 'dynamic', '--no-user-config']);
		assert.equal(result.status, 0);
		assert.equal(result.stdout, 'Host h\n    HostName 10.0.0.1\n\n');
		assert.equal(result.stderr, 'essh-registry: note: dynamic/.esshconfig.lua:2: h User is computed when ESSH runs, so it is missing above\n');
	});

	test('ssh-config --format json: the text and the computed values in one JSON document, nothing on stderr', () => {
		writeTree(temp, { 'dynamic-json/.esshconfig.lua': 'local user = os.getenv("USER")\nhost "h" { HostName = "10.0.0.1", User = user }\n' });
		const result = run(['ssh-config', '--root', 'dynamic-json', '--no-user-config', '--format', 'json']);
		assert.equal(result.status, 0);
		assert.equal(result.stderr, '');
		assert.deepEqual(JSON.parse(result.stdout), {
			sshConfig: 'Host h\n    HostName 10.0.0.1\n\n',
			computed: [{ host: 'h', key: 'User', file: 'dynamic-json/.esshconfig.lua', line: 2 }],
		});
	});

	test('ssh-config: a partly computed value is written with a placeholder and named on stderr', () => {
		writeTree(temp, { 'partial/.esshconfig.lua': 'host "gw" { HostName = "10.0.0.1" }\nhost "web" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gw" }\n' });
		const result = run(['ssh-config', '--root', 'partial', '--no-user-config']);
		assert.equal(result.status, 0);
		assert.equal(result.stdout, 'Host gw\n    HostName 10.0.0.1\n\nHost web\n    ProxyCommand ssh -q -F <essh.ssh_config> -W %h:%p gw\n\n');
		assert.equal(result.stderr, 'essh-registry: note: partial/.esshconfig.lua:2: web ProxyCommand is partly computed when ESSH runs: <essh.ssh_config> above stands for that part\n');
	});

	test('ssh-config --format json, hosts --format json and show: the placeholder in every output', () => {
		writeTree(temp, { 'partial-json/.esshconfig.lua': 'host "gw" {}\nhost "web" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gw" }\n' });
		const config = run(['ssh-config', '--root', 'partial-json', '--no-user-config', '--format', 'json']);
		assert.equal(config.status, 0);
		assert.equal(config.stderr, '');
		assert.deepEqual(JSON.parse(config.stdout), {
			sshConfig: 'Host gw\n\nHost web\n    ProxyCommand ssh -q -F <essh.ssh_config> -W %h:%p gw\n\n',
			computed: [{ host: 'web', key: 'ProxyCommand', file: 'partial-json/.esshconfig.lua', line: 2, placeholders: ['<essh.ssh_config>'] }],
		});
		const hosts = run(['hosts', 'web', '--root', 'partial-json', '--no-user-config', '--format', 'json']);
		assert.equal(hosts.status, 0);
		assert.deepEqual((JSON.parse(hosts.stdout) as { hosts: Array<{ sshConfig: unknown }> }).hosts.map(host => host.sshConfig), [{ ProxyCommand: 'ssh -q -F <essh.ssh_config> -W %h:%p gw' }]);
		const show = run(['show', 'web', '--root', 'partial-json', '--no-user-config']);
		assert.equal(show.status, 0);
		assert.match(show.stdout, /^ {2}ProxyCommand +"ssh -q -F <essh\.ssh_config> -W %h:%p gw" +own/m);
		assert.match(show.stdout, /^ {4}ProxyCommand ssh -q -F <essh\.ssh_config> -W %h:%p gw$/m);
	});

	test('--format json is JSON for every command', () => {
		for (const args of [['check', 'clean'], ['hosts', '--root', 'clean'], ['tasks', '--root', 'clean'], ['tags', '--root', 'clean'], ['drivers', '--root', 'clean'], ['show', 'web01', '--root', 'clean'], ['ssh-config', '--root', 'clean']]) {
			const result = run([...args, '--format', 'json', '--no-user-config']);
			assert.equal(result.status, 0, args.join(' '));
			assert.doesNotThrow(() => JSON.parse(result.stdout), args.join(' '));
		}
	});

	test('a module required beside the project file is read though no include glob selects it, and its own requires too', () => {
		writeTree(temp, {
			'modules/.esshconfig.lua': 'pcall(require, "drivers")\ntask "t" { driver = "lua", script = "x" }\n',
			'modules/drivers.lua': 'require "more"\ndriver "lua" { engine = "lua" }\n',
			'modules/more.lua': 'host "from-more" { HostName = "10.0.0.9" }\n',
			'modules/unrelated.lua': 'host "unrelated" { Port = 22 }\n',
		});
		const check = run(['check', 'modules', '--no-user-config']);
		assert.equal(check.status, 0, check.stdout);
		assert.equal(check.stdout, '0 errors, 0 warnings, 0 information, 0 hints in 3 files\n');
		const hosts = run(['hosts', '--root', 'modules', '--no-user-config']);
		assert.match(hosts.stdout, /^from-more\b/m);
		assert.doesNotMatch(hosts.stdout, /unrelated/);
	});

	test('--root defaults to the current directory', () => {
		const result = run(['ssh-config', '--no-user-config'], { cwd: 'clean' });
		assert.match(result.stdout, /^Host db01$/m);
	});
});

describe('usage', () => {
	test('--help lists the commands; every command has its own help', () => {
		const main = run(['--help']);
		assert.equal(main.status, 0);
		assert.match(main.stdout, /^Usage: essh-registry <command>/);
		for (const command of ['check', 'hosts', 'tasks', 'tags', 'drivers', 'show', 'ssh-config']) {
			assert.match(main.stdout, new RegExp(`^  ${command}\\b`, 'm'), `${command} in the main help`);
			for (const flag of ['--help', '-h']) {
				const help = run([command, flag]);
				assert.equal(help.status, 0, `${command} ${flag}`);
				assert.match(help.stdout, new RegExp(`^Usage: essh-registry ${command}\\b`), `${command} ${flag}`);
				assert.equal(help.stderr, '');
			}
		}
	});

	test('no command: usage on stderr, exit 2', () => {
		const result = run([]);
		assert.equal(result.status, 2);
		assert.equal(result.stdout, '');
		assert.match(result.stderr, /^Usage: essh-registry <command>/);
	});

	// Every invocation mistake: exit 2, nothing on stdout, and exactly this message (with the pointer
	// to the command's help when the command line itself is wrong).
	const usageErrors: Array<[string[], string]> = [
		[['deploy'], 'essh-registry: unknown command "deploy"; the commands are check, hosts, tasks, tags, drivers, show, ssh-config\nRun "essh-registry --help" for usage.\n'],
		[['chek'], 'essh-registry: unknown command "chek" (did you mean "check"?); the commands are check, hosts, tasks, tags, drivers, show, ssh-config\nRun "essh-registry --help" for usage.\n'],
		[['check', '--bogus'], 'essh-registry: unknown option "--bogus" for check\nRun "essh-registry check --help" for usage.\n'],
		[['check', '--tag', 'web'], 'essh-registry: unknown option "--tag" for check (--tag belongs to hosts, tasks)\nRun "essh-registry check --help" for usage.\n'],
		[['hosts', '--all'], 'essh-registry: unknown option "--all" for hosts\nRun "essh-registry hosts --help" for usage.\n'],
		[['hosts', '--visible=yes'], 'essh-registry: --visible takes no value (got "--visible=yes")\nRun "essh-registry hosts --help" for usage.\n'],
		[['hosts', '--format', 'xml'], 'essh-registry: --format for hosts is text or json, not "xml"\nRun "essh-registry hosts --help" for usage.\n'],
		[['hosts', '--format', 'sarif'], 'essh-registry: --format for hosts is text or json, not "sarif" (sarif is for check)\nRun "essh-registry hosts --help" for usage.\n'],
		[['check', '--severity', 'host-ssh-prop-type'], 'essh-registry: --severity expects CODE=LEVEL with LEVEL one of error, warning, information, hint, off (got "host-ssh-prop-type")\nRun "essh-registry check --help" for usage.\n'],
		[['check', '--severity', 'target-glbo=off'], 'essh-registry: --severity: no check is called "target-glbo" (did you mean "target-glob"?); the codes are listed in docs/diagnostics.md\nRun "essh-registry check --help" for usage.\n'],
		[['check', '--severity', 'no-such-check=off'], 'essh-registry: --severity: no check is called "no-such-check"; the codes are listed in docs/diagnostics.md\nRun "essh-registry check --help" for usage.\n'],
		[['check', '--format'], 'essh-registry: --format needs a value\nRun "essh-registry check --help" for usage.\n'],
		[['check', 'does-not-exist'], 'essh-registry: does-not-exist: does not exist\n'],
		[['check', '--root', 'does-not-exist'], 'essh-registry: --root does-not-exist: does not exist\n'],
		[['hosts', '--root', 'does-not-exist'], 'essh-registry: --root does-not-exist: does not exist\n'],
		[['hosts', '--root', 'clean/.esshconfig.lua'], 'essh-registry: --root clean/.esshconfig.lua: is a file, not a directory (give the directory that holds the .esshconfig.lua)\n'],
		[['check', 'otheruser'], 'essh-registry: no ESSH config under otheruser (looked for .esshconfig.lua, esshconfig.lua, their _override files or .essh/lib modules); give the directory that holds your .esshconfig.lua\n'],
		[['hosts', 'clean/'], 'essh-registry: "clean/" is a directory, but hosts takes a name PATTERN: to read the project in that directory, write "essh-registry hosts --root clean/"\n'],
		[['hosts', 'clean'], 'essh-registry: "clean" is a directory, but hosts takes a name PATTERN: to read the project in that directory, write "essh-registry hosts --root clean"\n'],
		[['show', './clean'], 'essh-registry: "./clean" is a directory, but show takes a NAME: to read the project in that directory, write "essh-registry show --root ./clean"\n'],
		[['show', '--root', 'clean'], 'essh-registry: show takes exactly one NAME\n'],
		[['ssh-config', 'extra', '--root', 'clean'], 'essh-registry: ssh-config takes no arguments (got "extra"); use --root DIR to choose the project\n'],
	];
	for (const [args, message] of usageErrors) {
		test(`exit 2 with a message: ${args.join(' ')}`, () => {
			const result = run([...args, '--no-user-config']);
			assert.equal(result.status, 2, result.stdout + result.stderr);
			assert.equal(result.stdout, '');
			assert.equal(result.stderr, message);
		});
	}

	// The version list is long and grows with the fork's releases: its start and end are checked.
	const versionErrors: Array<[string[], RegExp]> = [
		[['check', '--essh-version', 'banana'], /^essh-registry: --essh-version: "banana" is not an ESSH release; known versions: .*3\.4 .*3\.8\.3.*\nRun "essh-registry check --help" for usage\.\n$/],
		[['check', '--essh-version', '9.9'], /^essh-registry: --essh-version: "9\.9" is not an ESSH release/],
		[['check', '--essh-version', '3.9'], /^essh-registry: --essh-version: "3\.9" is not an ESSH release/],
	];
	for (const [args, message] of versionErrors) {
		test(`exit 2 with a message: ${args.join(' ')}`, () => {
			const result = run([...args, '--no-user-config']);
			assert.equal(result.status, 2, result.stdout + result.stderr);
			assert.equal(result.stdout, '');
			assert.match(result.stderr, message);
		});
	}

	test('a name pattern that names no directory stays a pattern', () => {
		const result = run(['hosts', 'web01', '--root', 'clean', '--no-user-config']);
		assert.equal(result.status, 0, result.stderr);
		assert.match(result.stdout, /^web01 /m);
	});

	test('check --root DIR checks DIR when no PATH is given', () => {
		const result = run(['check', '--root', 'broken', '--no-user-config']);
		assert.equal(result.status, 1);
		assert.match(result.stdout, /^broken\/\.esshconfig\.lua:3:12: error /m);
	});

	test('a usage error points at the command\'s help', () => {
		const result = run(['hosts', '--bogus']);
		assert.match(result.stderr, /Run "essh-registry hosts --help" for usage\./);
	});
});

describe('the bundled examples/ (README quick start)', () => {
	const examples = (args: string[]): Result => {
		const result = spawnSync(process.execPath, [CLI, ...args, '--no-user-config'], { cwd: repoRoot(), env: { PATH: process.env.PATH ?? '', HOME: home }, encoding: 'utf8' });
		return { status: result.status, stdout: result.stdout, stderr: result.stderr };
	};

	test('examples/project is clean (npm start exits 0) and its require resolves', () => {
		const result = examples(['check', 'examples/project']);
		assert.equal(result.status, 0, result.stdout);
		assert.equal(result.stdout, '0 errors, 0 warnings, 0 information, 0 hints in 3 files\n');
		const tasks = JSON.parse(examples(['tasks', '--root', 'examples/project', '--format', 'json']).stdout) as { tasks: Array<{ name: string; hosts: string[] }> };
		assert.deepEqual(tasks.tasks.map(task => `${task.name}: ${task.hosts.join(',')}`), [
			'db-backup: db01', 'deploy: web01,web02', 'hello: ', 'uptime: my-vm,stage-db01,stage-web01',
		]);
	});

	test('examples/broken shows each planted mistake (npm run demo:broken exits 1)', () => {
		const result = examples(['check', 'examples/broken']);
		assert.equal(result.status, 1);
		const codes = result.stdout.split('\n').map(line => DIAGNOSTIC_LINE.exec(line)?.groups?.code).filter(code => code !== undefined);
		assert.deepEqual(codes, ['host-ssh-prop-type', 'host-unknown-field', 'task-host-clash', 'target-empty', 'target-unresolved']);
	});
});
