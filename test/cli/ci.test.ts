/**
 * The command line as a CI citizen (issue 14), through the bundled `dist/cli.js` in child
 * processes: `check --format sarif` validated against the published SARIF 2.1.0 schema (vendored
 * in test/data/sarif with its licence) by ajv, `--format github` workflow commands with GitHub's
 * escaping, every option each command's help offers actually accepted, `--version`, a closed
 * stdout, files that are not text, and `dist/server.js --help`.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { CHECKS } from '../../server/src/cli/checkCatalogue';
import { escapeWorkflowData, escapeWorkflowProperty } from '../../server/src/cli/report';
import { makeTempDir, removeTempDir, repoRoot, writeTree } from '../support/paths';

const CLI = path.join(repoRoot(), 'dist', 'cli.js');
const SERVER = path.join(repoRoot(), 'dist', 'server.js');

let temp: string;

function run(args: string[], cwd = '.', input?: string): { status: number | null; stdout: string; stderr: string } {
	const result = spawnSync(process.execPath, [CLI, ...args], { cwd: path.join(temp, cwd), env: { PATH: process.env.PATH ?? '', HOME: path.join(temp, 'home') }, encoding: 'utf8', input, timeout: 30_000 });
	return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
	assert.ok(fs.existsSync(CLI), `${CLI} is missing: run "npm run build" first (npm test does)`);
	temp = makeTempDir('cli-ci');
	writeTree(temp, {
		'home/.keep': '',
		'repo/web app/.esshconfig.lua': 'host "web01" {\n    Port = 22,\n    description = "a%b, c: d",\n}\ntask "t" { targets = "nothing", script = "true" }\n',
		'repo/clean/.esshconfig.lua': 'host "a" { HostName = "10.0.0.1" }\n',
	});
	fs.mkdirSync(path.join(temp, 'bin'));
	// A binary file under a config name, and a Latin-1 file with an é outside a string.
	fs.writeFileSync(path.join(temp, 'bin', '.esshconfig.lua'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x3e, 0x00]));
	fs.mkdirSync(path.join(temp, 'latin1'));
	fs.writeFileSync(path.join(temp, 'latin1', '.esshconfig.lua'), Buffer.concat([Buffer.from('host "caf\xe9" {}\n', 'latin1'), Buffer.from([0xe9]), Buffer.from(' = 1\n')]));
});

after(() => removeTempDir(temp));

describe('check --format sarif', () => {
	const schemaPath = path.join(repoRoot(), 'test', 'data', 'sarif', 'sarif-schema-2.1.0.json');

	test('validates against the SARIF 2.1.0 schema, with every check as a rule and 1-based regions relative to the root', () => {
		const result = run(['check', 'repo', '--no-user-config', '--format', 'sarif', '--root', 'repo']);
		assert.equal(result.status, 1, result.stderr);
		const log = JSON.parse(result.stdout);
		const ajv = new Ajv({ allErrors: true, strict: false });
		addFormats(ajv);
		const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
		assert.ok(validate(JSON.parse(result.stdout)), JSON.stringify(validate.errors, null, 2));
		const run0 = log.runs[0];
		assert.deepEqual(run0.tool.driver.rules.map((rule: { id: string }) => rule.id), CHECKS.map(check => check.code));
		// One rule per documented check, each once (the catalogue is generated from docs/diagnostics.md).
		const ruleIds: string[] = run0.tool.driver.rules.map((rule: { id: string }) => rule.id);
		assert.ok(ruleIds.length > 0);
		assert.equal(new Set(ruleIds).size, ruleIds.length);
		const syntax = run0.tool.driver.rules[0];
		assert.deepEqual(syntax.defaultConfiguration, { level: 'error' });
		assert.match(syntax.helpUri, /\/docs\/diagnostics\.md#lua-dialect$/);
		assert.equal(run0.columnKind, 'utf16CodeUnits');
		assert.equal(run0.originalUriBaseIds.ROOT.uri, `${new URL(`file://${path.join(temp, 'repo')}`).href}/`);
		const location = (line: number, startColumn: number, endColumn: number): unknown => ({
			artifactLocation: { uri: 'web%20app/.esshconfig.lua', uriBaseId: 'ROOT' }, region: { startLine: line, startColumn, endLine: line, endColumn },
		});
		assert.deepEqual(run0.results.map((result: { ruleId: string; level: string; locations: Array<{ physicalLocation: unknown }> }) => [result.ruleId, result.level, result.locations[0].physicalLocation]), [
			['host-ssh-prop-type', 'error', location(2, 12, 14)],
			['target-empty', 'warning', location(5, 12, 19)],
			['target-unresolved', 'warning', location(5, 22, 31)],
		]);
		for (const sarifResult of run0.results) {
			assert.equal(run0.tool.driver.rules[sarifResult.ruleIndex].id, sarifResult.ruleId);
		}
	});

	test('a run without findings is still a valid log', () => {
		const result = run(['check', 'repo/clean', '--no-user-config', '--format', 'sarif']);
		assert.equal(result.status, 0, result.stderr);
		const ajv = new Ajv({ allErrors: true, strict: false });
		addFormats(ajv);
		const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
		const log = JSON.parse(result.stdout);
		assert.ok(validate(JSON.parse(result.stdout)), JSON.stringify(validate.errors, null, 2));
		assert.deepEqual(log.runs[0].results, []);
	});

	test('the schema rejects a broken log (the validator is really validating)', () => {
		const ajv = new Ajv({ allErrors: true, strict: false });
		addFormats(ajv);
		const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
		assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
	});
});

describe('check --format github', () => {
	test('one workflow command per diagnostic, escaped as GitHub requires', () => {
		const result = run(['check', '.', '--no-user-config', '--format', 'github'], 'repo/web app');
		assert.equal(result.status, 1, result.stderr);
		const lines = result.stdout.trimEnd().split('\n');
		assert.equal(lines[0], '::error file=.esshconfig.lua,line=2,col=12,endLine=2,endColumn=14,title=host-ssh-prop-type::The SSH property `Port` must be a string, not a number: ESSH fails with "SSH property must be string". Write "22".');
		assert.deepEqual(lines.slice(1), [
			'::warning file=.esshconfig.lua,line=5,col=12,endLine=5,endColumn=19,title=target-empty::These targets and filters select no host: running the task fails with "There are not hosts to run the command. you must specify the valid hosts."',
			'::warning file=.esshconfig.lua,line=5,col=22,endLine=5,endColumn=31,title=target-unresolved::No host or tag is named "nothing": this entry selects nothing (ESSH matches names and tags exactly).',
		]);
	});

	test('escaping: % CR LF in messages; also : and , in properties', () => {
		assert.equal(escapeWorkflowData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
		assert.equal(escapeWorkflowProperty('dir: a,b/50%.lua'), 'dir%3A a%2Cb/50%25.lua');
	});
});

/** The options a command's help lists, with the value each takes (undefined for a switch). */
function optionsFromHelp(help: string): Array<{ flag: string; value?: string }> {
	const section = help.slice(help.indexOf('\nOptions:\n'));
	return [...section.matchAll(/^ {2}(--[a-z-]+)(?: ([A-Z|a-z=]+))?/gm)].map(match => ({ flag: match[1], value: match[2] }));
}

describe('help texts offer only real options', () => {
	const values: Record<string, string> = {
		'--format': 'json', '--essh-version': '2.1', '--user-dir': 'home', '--root': 'repo/clean', '--tag': 'web', '--severity': 'host-ssh-prop-type=off', '--cache': 'cache-dir',
	};
	for (const command of ['check', 'hosts', 'tasks', 'tags', 'drivers', 'show', 'ssh-config']) {
		test(`every option of "${command} --help" is accepted`, () => {
			const help = run([command, '--help']);
			assert.equal(help.status, 0);
			const options = optionsFromHelp(help.stdout);
			assert.ok(options.length >= 5, help.stdout);
			for (const option of options) {
				const args = [command, ...(command === 'show' ? ['a'] : []), option.flag, ...(option.value ? [values[option.flag] ?? assert.fail(`no sample value for ${option.flag}`)] : [])];
				if (option.flag !== '--root' && !args.includes('--root')) {
					args.push(...(command === 'check' ? ['repo/clean'] : ['--root', 'repo/clean']));
				}
				const result = run(args);
				assert.ok(result.status === 0 || result.status === 1, `${args.join(' ')} exited ${result.status}: ${result.stderr}`);
				assert.doesNotMatch(result.stderr, /unknown option|needs a value|takes no value/, args.join(' '));
			}
		});
	}
	test('the --format values of each help are accepted', () => {
		for (const command of ['check', 'hosts']) {
			const format = optionsFromHelp(run([command, '--help']).stdout).find(option => option.flag === '--format');
			for (const value of format!.value!.split('|')) {
				const result = run([command, ...(command === 'check' ? ['repo/clean'] : ['--root', 'repo/clean']), '--format', value, '--no-user-config']);
				assert.equal(result.status, 0, `${command} --format ${value}: ${result.stderr}`);
			}
		}
	});
});

describe('process behaviour', () => {
	test('--version prints the package version', () => {
		const result = run(['--version']);
		assert.equal(result.status, 0);
		assert.equal(result.stdout, `${JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')).version}\n`);
	});

	test('a reader that closes the pipe early ends the run quietly with its usual status', () => {
		// Many diagnostics, then `head -1`: the rest of the output hits a closed pipe (EPIPE).
		writeTree(temp, { 'many/.esshconfig.lua': 'host "h" { Port = 22 }\n'.repeat(2000) });
		const result = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" check many --no-user-config | head -1`], { cwd: temp, env: { PATH: process.env.PATH ?? '', HOME: path.join(temp, 'home') }, encoding: 'utf8' });
		assert.equal(result.stdout, 'many/.esshconfig.lua:1:19: error host-ssh-prop-type: The SSH property `Port` must be a string, not a number: ESSH fails with "SSH property must be string". Write "22".\n');
		assert.equal(result.stderr, '');
		assert.equal(result.status, 1, 'the status of the check (errors found), not a crash');
	});

	test('a binary file and a stray byte each give one clear diagnostic', () => {
		const binary = run(['check', 'bin', '--no-user-config']);
		assert.equal(binary.status, 1);
		assert.equal(binary.stdout, 'bin/.esshconfig.lua:1:1: error lua-syntax: This file is not text (it contains NUL bytes), so it is not an ESSH config: ESSH stops loading it with a syntax error at line 1, column 1\n1 error, 0 warnings, 0 information, 0 hints in 1 file\n');
		const latin1 = run(['check', 'latin1', '--no-user-config']);
		assert.equal(latin1.status, 1);
		assert.equal(latin1.stdout, "latin1/.esshconfig.lua:2:1: error lua-syntax: Byte 0xE9 is not UTF-8 text (is the file saved in another encoding?): ESSH fails with 'Invalid token'\n1 error, 0 warnings, 0 information, 0 hints in 1 file\n");
		// The same file's diagnostics do not change with the files checked before it.
		const both = run(['check', 'bin', 'latin1', '--no-user-config']);
		assert.equal(both.stdout, `${binary.stdout.split('\n')[0]}\n${latin1.stdout.split('\n')[0]}\n2 errors, 0 warnings, 0 information, 0 hints in 2 files\n`);
	});

	test('a program binary as a config gets one diagnostic, not hundreds', () => {
		// /bin/ls gave 510 diagnostics before; any ELF program starts with 0x7F "ELF" and holds NULs.
		fs.mkdirSync(path.join(temp, 'ls'));
		fs.copyFileSync('/bin/ls', path.join(temp, 'ls', '.esshconfig.lua'));
		const result = run(['check', 'ls', '--no-user-config']);
		assert.equal(result.status, 1, result.stderr);
		assert.equal(result.stdout, 'ls/.esshconfig.lua:1:1: error lua-syntax: This file is not text (it contains NUL bytes), so it is not an ESSH config: ESSH stops loading it with a syntax error at line 1, column 1\n1 error, 0 warnings, 0 information, 0 hints in 1 file\n');
	});

	test('node dist/server.js --help prints its usage; without a transport it says so', () => {
		const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8', timeout: 30_000 });
		assert.equal(help.status, 0);
		assert.match(help.stdout, /^Usage: node server\.js --stdio \| --node-ipc \| --socket=PORT \| --pipe=NAME\n/);
		assert.equal(help.stderr, '');
		const bare = spawnSync(process.execPath, [SERVER], { encoding: 'utf8', timeout: 30_000 });
		assert.equal(bare.status, 2);
		assert.match(bare.stderr, /^essh-language-server: no transport given\n\nUsage: node server\.js /);
	});
});
