/**
 * The npm package as a user gets it: `npm pack` of the repository (the dist/ that `npm test`
 * built; the `prepack` script builds it on a fresh clone) gives a small package without tests,
 * TypeScript sources or CI files, which installs offline (everything is bundled) both globally,
 * where `essh-registry` runs, and into a project, where Node scripts `require` and `import` it and
 * TypeScript finds its types.
 */
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { makeTempDir, removeTempDir, repoRoot, writeTree } from '../support/paths';

let temp: string;
let tarball: string;
let files: string[];

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
	const result = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 180_000, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
	assert.equal(result.status, 0, `npm ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
	return result;
}

before(() => {
	temp = makeTempDir('package');
	// --ignore-scripts: the prepack build already ran as `npm test`'s build; rebuilding here would
	// rewrite dist/ under the other test files.
	const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', temp], repoRoot());
	const report = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
	tarball = path.join(temp, report[0].filename);
	files = report[0].files.map(file => file.path).sort();
	writeTree(temp, {
		'project/.esshconfig.lua': 'host "web01" { HostName = "10.0.0.1", tags = { "web" } }\nhost "db01" { Port = 22 }\n',
		'consumer/package.json': '{ "name": "consumer", "version": "1.0.0", "private": true }\n',
	});
});

after(() => removeTempDir(temp));

test('the package holds the bundles, types and docs, at most 40 files, and no sources, tests or CI files', () => {
	assert.ok(files.length <= 40, `${files.length} files: ${files.join(', ')}`);
	for (const needed of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/cli.js', 'dist/library.js', 'types/index.d.ts', 'docs/diagnostics.md']) {
		assert.ok(files.includes(needed), `${needed} is missing from ${files.join(', ')}`);
	}
	const unwanted = files.filter(file => /^(test|server|client|scripts|\.ci|examples|node_modules)\//.test(file) || (/\.ts$/.test(file) && !file.endsWith('.d.ts')) || file.endsWith('.map'));
	assert.deepEqual(unwanted, []);
	assert.equal(path.basename(tarball), `essh-tools-${JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')).version}.tgz`);
});

test('npm install -g of the tarball works offline and gives a working essh-registry', () => {
	const prefix = path.join(temp, 'global');
	npm(['install', '-g', '--offline', '--prefix', prefix, tarball], temp);
	const bin = path.join(prefix, 'bin', 'essh-registry');
	const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
	assert.equal(version.stdout, `${JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')).version}\n`);
	const check = spawnSync(bin, ['check', 'project', '--no-user-config'], { cwd: temp, encoding: 'utf8' });
	assert.equal(check.status, 1, check.stderr);
	assert.match(check.stdout, /^project\/\.esshconfig\.lua:2:22: error host-ssh-prop-type: /m);
});

test('a Node script requires and imports it, and TypeScript finds its types', () => {
	const consumer = path.join(temp, 'consumer');
	npm(['install', '--offline', tarball], consumer);
	const project = JSON.stringify(path.join(temp, 'project'));
	const required = spawnSync(process.execPath, ['-e', `require('essh-tools').openRegistry(${project}, { userConfig: false }).then(r => console.log(r.lookupHostsByTag('web').map(h => h.name).join(), r.diagnostics.length))`], { cwd: consumer, encoding: 'utf8' });
	assert.equal(required.stdout, 'web01 1\n', required.stderr);
	const imported = spawnSync(process.execPath, ['--input-type=module', '-e', `import { openRegistry } from 'essh-tools'; const r = await openRegistry(${project}, { userConfig: false }); console.log(r.sshConfig('web01'));`], { cwd: consumer, encoding: 'utf8' });
	assert.equal(imported.stdout, 'Host web01\n    HostName 10.0.0.1\n\n\n', imported.stderr);
	fs.writeFileSync(path.join(consumer, 'use.ts'), [
		'import { openRegistry, type HostJson } from \'essh-tools\';',
		'export async function names(dir: string): Promise<string[]> {',
		'\tconst registry = await openRegistry(dir, { esshVersion: \'3.4\', userConfig: false });',
		'\treturn registry.lookupHosts(\'web*\').map((host: HostJson) => host.name);',
		'}',
		'// @ts-expect-error: lookupHostsByGroup takes a group id (a number)',
		'export const wrong = (dir: string) => openRegistry(dir).then(registry => registry.lookupHostsByGroup(\'x\'));',
		'',
	].join('\n'));
	const tsc = spawnSync(process.execPath, [path.join(repoRoot(), 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'node16', '--moduleResolution', 'node16', '--target', 'es2022', 'use.ts'], { cwd: consumer, encoding: 'utf8' });
	assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
});
