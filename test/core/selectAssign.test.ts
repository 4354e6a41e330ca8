/**
 * Writes through `essh.select_hosts(…)` (essh-semantics.md, Targets, filters and select_hosts): `q:get()[1].K = v`, loops over
 * `ipairs(q:get())`, `:filter` changing the query in place, and the cases that make the set open
 * (random order, dynamic selections). Checked through the generated ssh_config and diagnostics.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateSshConfig } from '../../server/src/core/queries';
import { analyse, checkDiagnostics } from '../support/check';

function registryOf(source: string) {
	const { analysis } = analyse(source);
	return analysis.set('/p')!.registry;
}

test('get()[1] of a one-host selection patches that host', () => {
	const registry = registryOf(`
--- /p/.esshconfig.lua
host "web01" { HostName = "10.0.0.1" }
--- /p/.esshconfig_override.lua
essh.select_hosts("web01"):get()[1].User = "me"
`);
	assert.equal(generateSshConfig(registry), 'Host web01\n    HostName 10.0.0.1\n    User me\n\n');
	assert.equal(registry.hosts.get('web01')!.properties.get('User')!.origin, 'assign');
	assert.equal(registry.openReasons.length, 0);
});

test('a loop over get() writes into every selected host, filters applied in place', () => {
	const registry = registryOf(`
--- /p/.esshconfig.lua
host "a" { tags = { "web", "prod" } }
host "b" { tags = { "web" } }
host "c" { tags = { "db", "prod" } }
local q = essh.select_hosts("web")
q:filter("prod")
for _, h in ipairs(q:get()) do
    h.User = "deploy"
end
`);
	assert.equal(generateSshConfig(registry), 'Host a\n    User deploy\n\nHost b\n\nHost c\n\n');
});

test('the query sees only hosts defined before it', () => {
	const registry = registryOf(`
--- /p/.esshconfig.lua
for _, h in ipairs(essh.select_hosts():get()) do
    h.User = "early"
end
host "late" {}
`);
	assert.equal(generateSshConfig(registry), 'Host late\n\n');
});

test('get()[1] of several hosts is one of them at random: the set becomes open', () => {
	const registry = registryOf(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
host "b" { tags = { "web" } }
essh.select_hosts("web"):get()[1].User = "x"
`);
	assert.equal(generateSshConfig(registry), 'Host a\n\nHost b\n\n');
	assert.equal(registry.openReasons.length, 1);
});

test('a patched value is validated like any assignment', () => {
	checkDiagnostics(`
--- /p/.esshconfig.lua
host "web01" {}
essh.select_hosts("web01"):get()[1].Port = 22
--                                         ^^ error host-ssh-prop-type
`);
});
