/**
 * The `essh-tools` library (`openRegistry`, server/src/library.ts, published types in
 * types/index.d.ts): this file imports the types from the published declaration, so it only
 * compiles while they describe the implementation, and checks each lookup's answer against the
 * CLI's JSON for the same project, since both promise the same shapes.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { EsshRegistry, HostJson, OpenRegistryOptions } from '../../types/index';
import { describeSupportedVersions } from '../../server/src/core/version';
import { openRegistry } from '../../server/src/library';
import { makeTempDir, removeTempDir, repoRoot, writeTree } from '../support/paths';

let temp: string;
let project: string;

before(() => {
	temp = makeTempDir('library');
	project = path.join(temp, 'project');
	writeTree(project, {
		'.esshconfig.lua': [
			'host "web01" { HostName = "10.0.0.1", description = "web one", tags = { "web" } }',
			'host "web02" { HostName = "10.0.0.2", tags = { "web" }, hidden = true }',
			'group { User = "ops", hosts = { db01 = { HostName = "10.0.1.1", tags = { "db" } } } }',
			'driver "quiet" { engine = "{{range .Scripts}}{{.code}}{{end}}" }',
			'task "deploy" { targets = "web", driver = "quiet", script = "make" }',
			'task "backup" { targets = { "db" }, script = "pg_dump", Port = 22 }',
			'',
		].join('\n'),
	});
	writeTree(temp, { 'home/.essh/config_override.lua': 'host "from-home" { HostName = "h" }\n' });
});

after(() => removeTempDir(temp));

/** The CLI's JSON for the same project, the reference the library must equal. */
function cliJson(args: string[]): Record<string, unknown> {
	const result = spawnSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), ...args, '--root', '.', '--no-user-config', '--format', 'json'], { cwd: project, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: path.join(temp, 'home') } });
	assert.ok(result.status === 0 || result.status === 1, result.stderr);
	return JSON.parse(result.stdout);
}

test('openRegistry answers with the same objects as the CLI JSON', async () => {
	const options: OpenRegistryOptions = { esshVersion: '3.4', userConfig: false };
	const registry: EsshRegistry = await openRegistry(project, options);
	assert.equal(registry.root, project);
	assert.equal(registry.esshVersion, '3.4.0');
	assert.deepEqual(registry.lookupHosts(), cliJson(['hosts']).hosts);
	assert.deepEqual(registry.lookupHosts('web*').map(host => host.name), ['web01', 'web02']);
	assert.deepEqual(registry.lookupHosts(['*', '!web02']).map(host => host.name), ['db01', 'web01']);
	assert.deepEqual(registry.lookupHostsByTag('web').map((host: HostJson) => host.name), ['web01', 'web02']);
	assert.deepEqual(registry.lookupTasks(), cliJson(['tasks']).tasks);
	assert.deepEqual(registry.lookupTasksByTag('db').map(task => task.name), ['backup']);
	assert.deepEqual(registry.tags(), cliJson(['tags']).tags);
	assert.deepEqual(registry.drivers(), cliJson(['drivers']).drivers);
	assert.deepEqual(registry.getHost('web01'), cliJson(['show', 'web01']));
	assert.deepEqual(registry.getTask('deploy'), cliJson(['show', 'deploy']));
	assert.deepEqual(registry.getDriver('quiet'), cliJson(['show', 'quiet']));
	assert.equal(registry.getHost('nope'), undefined);
	assert.equal(registry.getTask('web01'), undefined);
	assert.equal(registry.sshConfig(), (cliJson(['ssh-config']) as { sshConfig: string }).sshConfig);
	assert.equal(registry.sshConfig('db01'), (cliJson(['show', 'db01']) as { sshConfig: string }).sshConfig);
	assert.match(registry.sshConfig('db01')!, /^Host db01\n {4}HostName 10\.0\.1\.1\n/);
	assert.equal(registry.sshConfig('nope'), undefined);
	assert.deepEqual(registry.groups(), [{ id: registry.groups()[0].id, memberKind: 'host', members: ['db01'], defaults: ['User'], file: '.esshconfig.lua', line: 3 }]);
	assert.deepEqual(registry.lookupHostsByGroup(registry.groups()[0].id).map(host => host.name), ['db01']);
	assert.deepEqual(registry.lookupHostsByGroup(999), []);
	const checkResult = spawnSync(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), 'check', '.', '--no-user-config', '--format', 'json'], { cwd: project, encoding: 'utf8' });
	assert.deepEqual(registry.diagnostics, JSON.parse(checkResult.stdout).diagnostics);
	assert.deepEqual(registry.diagnostics.map(diag => diag.code), ['task-unknown-field']);
});

test('userConfig: true reads ~/.essh, a string names the directory, false reads none', async () => {
	const home = path.join(temp, 'home', '.essh');
	const withDirectory = await openRegistry(project, { userConfig: home });
	assert.ok(withDirectory.lookupHosts().some(host => host.name === 'from-home'));
	const without = await openRegistry(project, { userConfig: false });
	assert.ok(!without.lookupHosts().some(host => host.name === 'from-home'));
});

test('a missing directory, a file or a bad version rejects with a message that says so', async () => {
	await assert.rejects(openRegistry(path.join(temp, 'nope')), { message: `${path.join(temp, 'nope')}: does not exist` });
	await assert.rejects(openRegistry(path.join(project, '.esshconfig.lua'), { userConfig: false }), { message: `${path.join(project, '.esshconfig.lua')}: is a file, not a directory (give the directory that holds the .esshconfig.lua)` });
	await assert.rejects(openRegistry(project, { esshVersion: 'banana' }), { message: `esshVersion: "banana" is not an ESSH release; known versions: ${describeSupportedVersions()}` });
});

test('the package entry points: exports for Node (with types), main for VS Code', () => {
	const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
	assert.equal(manifest.main, './dist/extension.js');
	assert.deepEqual(manifest.exports['.'], { types: './types/index.d.ts', default: './dist/library.js' });
	assert.equal(manifest.bin['essh-registry'], './dist/cli.js');
	assert.equal(manifest.dependencies, undefined, 'everything is bundled: installing the package downloads nothing');
});
