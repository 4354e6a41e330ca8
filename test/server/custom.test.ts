/**
 * Protocol tests of the custom methods of lsp/ext.ts (docs/protocol.md): `essh/registry`,
 * `essh/lookup` and the `essh/registryChanged` notification.
 */
import * as assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LookupResult, RegistryChangedParams, RegistryResult } from '../../server/src/lsp/ext';
import { startInBand, uri, type InBand } from '../support/inBand';

const MAIN = '/ws/proj/.esshconfig.lua';
const MAIN_TEXT = [
	'-- é🚀',
	'host "web-01" { HostName = "10.0.0.1", tags = { "web" }, description = "first" }',
	'host "web-02" { HostName = "10.0.0.2", tags = { "web" }, Port = 22 }',
	'host "db-01" { HostName = "10.0.0.3", tags = { "db" }, hidden = true }',
	'driver "docker" { engine = "sh" }',
	'task "deploy" { targets = { "web" }, filters = { "web-02" }, driver = "docker", backend = "remote", script = "x" }',
	'task "backup" { targets = { "db" }, script = "x" }',
	'',
].join('\n');

let server: InBand;

before(async () => {
	server = await startInBand({ files: { [MAIN]: MAIN_TEXT, '/ws/other/esshconfig.lua': 'host "lonely" {}\n' } });
});

after(async () => {
	await server.dispose();
});

test('essh/registry lists every set with items, locations and problem counts', async () => {
	const result = await server.request<RegistryResult>('essh/registry', {});
	assert.deepEqual(result.sets.map(set => [set.id, set.label, set.kind]), [[uri('/ws/other'), 'other', 'project'], [uri('/ws/proj'), 'proj', 'project']]);
	const proj = result.sets[1];
	assert.deepEqual(proj.files, [uri(MAIN)]);
	assert.deepEqual(proj.hosts.map(host => [host.name, host.tags.join('+'), host.hidden, host.problems.errors]), [
		['db-01', 'db', true, 0], ['web-01', 'web', false, 0], ['web-02', 'web', false, 1],
	]);
	const web01 = proj.hosts[1];
	assert.equal(web01.description, 'first');
	assert.deepEqual(web01.location, { uri: uri(MAIN), range: { start: { line: 1, character: 5 }, end: { line: 1, character: 13 } } });
	assert.equal(web01.sshConfig, 'Host web-01\n    HostName 10.0.0.1\n\n');
	const deploy = proj.tasks.find(task => task.name === 'deploy')!;
	assert.deepEqual([deploy.backend, deploy.driver, deploy.targets, deploy.filters, deploy.hosts], ['remote', 'docker', ['web'], ['web-02'], ['web-02']]);
	assert.deepEqual(proj.drivers.map(driver => [driver.name, driver.builtin]), [['default', true], ['docker', false]]);
	assert.deepEqual(proj.tags, [{ name: 'db', hosts: ['db-01'] }, { name: 'web', hosts: ['web-01', 'web-02'] }]);
	assert.deepEqual(proj.problems, { errors: 1, warnings: 0 });
	const one = await server.request<RegistryResult>('essh/registry', { setId: uri('/ws/other') });
	assert.deepEqual(one.sets.map(set => set.hosts.map(host => host.name)), [['lonely']]);
});

test('essh/lookup answers hosts by glob and tag, tasks by tag, hosts of a task, tags and drivers, scoped by set or file', async () => {
	const names = (result: LookupResult): string[] => result.items.map(item => `${item.kind}:${item.name}`);
	assert.deepEqual(names(await server.request<LookupResult>('essh/lookup', { kind: 'hosts', pattern: 'web-*' })), ['host:web-01', 'host:web-02']);
	assert.deepEqual(names(await server.request<LookupResult>('essh/lookup', { kind: 'hosts', pattern: '{db,lonely}*' })), ['host:lonely', 'host:db-01']);
	assert.deepEqual(names(await server.request<LookupResult>('essh/lookup', { kind: 'hosts', tag: 'db', scope: uri(MAIN) })), ['host:db-01']);
	assert.deepEqual(names(await server.request<LookupResult>('essh/lookup', { kind: 'tasksByTag', tag: 'web' })), ['task:deploy']);
	assert.deepEqual(names(await server.request<LookupResult>('essh/lookup', { kind: 'hostsOfTask', name: 'deploy' })), ['host:web-02']);
	assert.deepEqual(names(await server.request<LookupResult>('essh/lookup', { kind: 'tags', scope: uri('/ws/proj') })), ['tag:db', 'tag:web']);
	assert.deepEqual(names(await server.request<LookupResult>('essh/lookup', { kind: 'drivers', scope: uri('/ws/proj') })), ['driver:default', 'driver:docker']);
	const hosts = await server.request<LookupResult>('essh/lookup', { kind: 'hosts', pattern: 'web-01' });
	assert.deepEqual(hosts.items, [{
		kind: 'host', name: 'web-01', description: 'first', setId: uri('/ws/proj'),
		location: { uri: uri(MAIN), range: { start: { line: 1, character: 5 }, end: { line: 1, character: 13 } } },
	}]);
	await assert.rejects(server.request('essh/lookup', { kind: 'nope' }), (error: { code: number }) => error.code === -32602);
});

test('essh/registryChanged names the changed set after an edit, and essh/registry reports the new revision', async () => {
	const before = await server.request<RegistryResult>('essh/registry', {});
	const mark = server.mark();
	await server.open(MAIN, MAIN_TEXT);
	await server.change(MAIN, `${MAIN_TEXT}host "web-03" { tags = { "web" } }\n`, 2);
	const changed = await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	const params = changed.params as RegistryChangedParams;
	assert.deepEqual(params.sets, [uri('/ws/proj')]);
	assert.ok(params.revision > before.revision);
	const afterChange = await server.request<RegistryResult>('essh/registry', { setId: uri('/ws/proj') });
	assert.equal(afterChange.revision, params.revision);
	assert.deepEqual(afterChange.sets[0].tasks.find(task => task.name === 'deploy')?.hosts, ['web-02']);
	assert.deepEqual(afterChange.sets[0].tags.find(tag => tag.name === 'web')?.hosts, ['web-01', 'web-02', 'web-03']);
	// A whitespace-only edit changes no registry: no notification.
	const mark2 = server.mark();
	await server.change(MAIN, `${MAIN_TEXT}host "web-03" { tags = { "web" } }\n\n`, 3);
	await new Promise(resolve => setTimeout(resolve, 150));
	assert.deepEqual(server.since(mark2).filter(message => message.method === 'essh/registryChanged'), []);
	await server.close(MAIN);
});
