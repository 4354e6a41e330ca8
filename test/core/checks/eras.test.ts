/**
 * Load-time failures of other eras and of misused queries: iterating a query object instead of its
 * `:get()` list (`query-iterate`), reading `essh.module.*` in v3 where `essh.module` is nil
 * (`removed-builtin`), and a bundled library's name from another version (`library-version`, more
 * in requires.test.ts). Each fires on its smallest trigger and is silent on its valid neighbour.
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('query-iterate: pairs over essh.select_hosts(…) without :get() fails the load', () => {
	checkDiagnostics(`
host "web" { tags = { "app" } }
for _, h in pairs(essh.select_hosts("app")) do h.User = "ops" end
--                ^^^^^^^^^^^^^^^^^^^^^^^^ error query-iterate
`);
});

test('query-iterate: ipairs over a filtered query too', () => {
	checkDiagnostics(`
host "web" { tags = { "app" } }
for _, h in ipairs(essh.select_hosts("app"):filter("app")) do end
--                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error query-iterate
`);
});

test('query-iterate: silent over :get()', () => {
	checkDiagnostics(`
host "web" { tags = { "app" } }
for _, h in pairs(essh.select_hosts("app"):get()) do h.User = "ops" end
`);
});

test('removed-builtin: essh.module.var in a v3 config indexes nil', () => {
	checkDiagnostics(`
local description = "x"
if essh.module.var.description then description = "y" end
--             ^^^ error removed-builtin
`);
});

test('removed-builtin: essh.module.var is silent in v2.x, where a module runs with it set', () => {
	checkDiagnostics(`
local description = "x"
if essh.module.var.description then description = "y" end
`, { version: '2.0' });
});
