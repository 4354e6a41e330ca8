/**
 * Fixture tests for the "Names and references" checks of docs/diagnostics.md that work inside one file:
 * clashes, redefinitions, drivers, targets and filters, proxies and selections. Each fires on its
 * smallest trigger and stays silent on its nearest valid neighbour. "Not found" checks are
 * downgraded (or dropped) when the evaluation set is open, shown here with an
 * unresolvable `require`. The file-level checks (override files, user config) are in files.test.ts.
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('task-host-clash: a task named like a host', () => {
	checkDiagnostics(`
host "web01" {}
task "web01" {}
--   ^^^^^^^ error task-host-clash
`);
});

test('task-host-clash: hidden hosts and disabled tasks count', () => {
	checkDiagnostics(`
host "web01" { hidden = true }
task "web01" { disabled = true }
--   ^^^^^^^ error task-host-clash
--                        ^^^^ hint task-disabled
`);
});

test('task-host-clash: a task named like a tag is allowed', () => {
	checkDiagnostics(`
host "web01" { tags = { "deploy" } }
task "deploy" {}
`);
});

test('task-host-clash: in 2.1 the public name ns:t is compared', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
host "shop:deploy" {}
host "deploy" {}
namespace "shop" { task "deploy" {} }
--                      ^^^^^^^^ error task-host-clash
`, { version: '2.1' });
});

test('tag-host-clash: a tag named like a host, its own host name included', () => {
	checkDiagnostics(`
host "web01" { tags = { "web", "web01" } }
--                      ^^^^^ error tag-host-clash
--                             ^^^^^^^ error tag-host-clash
host "web" {}
`);
});

test('tag-host-clash: tags that name no host are fine', () => {
	checkDiagnostics(`
host "web01" { tags = { "web" } }
`);
});

test('host-redefined: a second definition discards the first', () => {
	checkDiagnostics(`
host "a" { HostName = "1", Port = "22" }
host "a" { HostName = "2" }
--   ^^^ warning host-redefined
`);
});

test('host-redefined: chained tables and object assignment patch instead', () => {
	checkDiagnostics(`
local h = host "a" { HostName = "1" } { Port = "22" }
h.User = "me"
`);
});

test('host-redefined: definitions in different branches are not reported', () => {
	checkDiagnostics(`
if os.getenv("PROD") then
  host "a" { HostName = "1" }
else
  host "a" { HostName = "2" }
end
`);
});

test('task-redefined and driver-redefined', () => {
	checkDiagnostics(`
task "t" { script = "a" }
task "t" { script = "b" }
--   ^^^ warning task-redefined
driver "d" { engine = "a" }
driver "d" { engine = "b" }
--     ^^^ warning driver-redefined
`);
});

test('driver-default-redefined: driver "default" replaces the built-in driver', () => {
	checkDiagnostics(`
driver "default" { engine = "{{range .Scripts}}{{.code}}{{end}}" }
--     ^^^^^^^^^ information driver-default-redefined
`);
});

test('driver-default-redefined: a named driver does not', () => {
	checkDiagnostics(`
driver "mine" { engine = "{{range .Scripts}}{{.code}}{{end}}" }
`);
});

test('task-driver-unknown: a driver name nobody defines', () => {
	checkDiagnostics(`
driver "steps" { engine = "x" }
task "t" { driver = "stpes" }
--                  ^^^^^^^ warning task-driver-unknown
`);
});

test('task-driver-unknown: "default" and "" resolve to the built-in driver', () => {
	checkDiagnostics(`
task "t" { driver = "default" }
task "u" { driver = "" }
`);
});

test('task-driver-unknown: drivers defined later still resolve (run time lookup)', () => {
	checkDiagnostics(`
task "t" { driver = "late" }
driver "late" { engine = "x" }
`);
});

test('task-driver-unknown: Information in an open set', () => {
	checkDiagnostics(`
require "helpers"
--      ^^^^^^^^^ warning require-unresolved
task "t" { driver = "fromhelpers" }
--                  ^^^^^^^^^^^^^ information task-driver-unknown
`);
});

test('target-unresolved: a target that is no host and no tag', () => {
	checkDiagnostics(`
host "web01" { tags = { "web" } }
task "t" { targets = { "web", "wbe" } }
--                            ^^^^^ warning target-unresolved
`);
});

test('target-unresolved: hosts and tags resolve, exactly', () => {
	checkDiagnostics(`
host "web01" { tags = { "web" } }
task "t" { targets = { "web", "web01" } }
`);
});

test('target-unresolved: Information in an open set', () => {
	checkDiagnostics(`
require "helpers"
--      ^^^^^^^^^ warning require-unresolved
host "web01" {}
task "t" { targets = { "web01", "db" } }
--                              ^^^^ information target-unresolved
`);
});

test('target-empty: targets and filters that leave no host', () => {
	checkDiagnostics(`
host "web01" { tags = { "web" } }
host "db01" { tags = { "db" } }
task "t" { targets = "web", filters = "db" }
--         ^^^^^^^ warning target-empty
`);
});

test('target-empty: targets and filters that keep a host', () => {
	checkDiagnostics(`
host "web01" { tags = { "web", "prod" } }
task "t" { targets = "web", filters = "prod" }
`);
});

test('target-glob: patterns are taken literally', () => {
	checkDiagnostics(`
host "web*" {}
--   ^^^^^^ warning host-name-pattern
task "t" { targets = "web*" }
--                   ^^^^^^ warning target-glob
`);
});

test('target-glob: a comma does not split', () => {
	checkDiagnostics(`
host "a" { tags = { "web,db" } }
task "t" { targets = "web,db" }
--                   ^^^^^^^^ warning target-glob
`);
});

test('filters-without-targets: filters alone are ignored', () => {
	checkDiagnostics(`
host "a" { tags = { "web" } }
task "t" { filters = "web" }
--         ^^^^^^^ warning filters-without-targets
`);
});

test('remote-without-targets: a remote task needs targets', () => {
	checkDiagnostics(`
task "t" { backend = "remote" }
--                   ^^^^^^^^ warning remote-without-targets
`);
});

test('remote-without-targets: prepare may set them', () => {
	checkDiagnostics(`
task "t" { backend = "remote", prepare = function(t) t.targets = "web" end }
`);
});

test('target-hidden: a target that resolves only to hidden hosts', () => {
	checkDiagnostics(`
host "a" { hidden = true, tags = { "secret" } }
task "t" { targets = { "a", "secret" } }
--                     ^^^ hint target-hidden
--                          ^^^^^^^^ hint target-hidden
`);
});

test('target-hidden: one visible host is enough', () => {
	checkDiagnostics(`
host "a" { hidden = true, tags = { "web" } }
host "b" { tags = { "web" } }
task "t" { targets = "web" }
`);
});

test('proxy-host-unknown: ProxyJump and ProxyCommand naming no host', () => {
	checkDiagnostics(`
host "a" { ProxyJump = "jump" }
--                      ^^^^ warning proxy-host-unknown
host "b" { ProxyCommand = "ssh -F /tmp/essh -W %h:%p gatway" }
--                                                   ^^^^^^ warning proxy-host-unknown
host "gateway" {}
`);
});

test('proxy-host-unknown: ESSH hosts and DNS names are fine', () => {
	checkDiagnostics(`
host "jump" {}
host "a" { ProxyJump = "me@jump:2222,bastion.example.com" }
`);
});

test('proxy-host-unknown: Information in an open set', () => {
	checkDiagnostics(`
require "helpers"
--      ^^^^^^^^^ warning require-unresolved
host "a" { ProxyJump = "jump" }
--                      ^^^^ information proxy-host-unknown
`);
});

test('proxy-no-essh-config: an inner ssh without -F cannot see ESSH hosts', () => {
	checkDiagnostics(`
host "gateway" {}
host "a" { ProxyCommand = "ssh -W %h:%p gateway" }
--                                      ^^^^^^^ warning proxy-no-essh-config
`);
});

test('select-unresolved: a selection made before the host exists', () => {
	checkDiagnostics(`
local q = essh.select_hosts("web01")
--                          ^^^^^^^ information select-unresolved
host "web01" {}
`);
});

test('select-unresolved: hosts and tags defined earlier resolve', () => {
	checkDiagnostics(`
host "web01" { tags = { "web" } }
local hosts = essh.select_hosts({ "web01", "web" }):filter("web"):get()
`);
});

test('select-unresolved: dropped in an open set', () => {
	checkDiagnostics(`
require "helpers"
--      ^^^^^^^^^ warning require-unresolved
local hosts = essh.select_hosts("fromhelpers"):get()
`);
});

test('task-name-option: a task named like an ESSH option can never run', () => {
	checkDiagnostics(`
task "--hosts" { script = "echo never" }
--   ^^^^^^^^^ warning task-name-option
local t = task("--target=web", { script = "echo never" })
--             ^^^^^^^^^^^^^^ warning task-name-option
essh.task "--quiet" { script = "echo never" }
--        ^^^^^^^^^ warning task-name-option
`);
});

test('task-name-option: other names starting with dashes run', () => {
	checkDiagnostics(`
task "-x" { script = "echo runs" }
task "--hosts-of-web" { script = "echo runs" }
task "--targets" { script = "echo runs" }
task "hosts" { script = "echo runs" }
`);
});

test('task-name-option: --global is an option from 3.2, and the check follows the 3.x options only', () => {
	checkDiagnostics(`
task "--global" { script = "echo" }
--   ^^^^^^^^^^ warning task-name-option
`, { version: '3.2' });
	checkDiagnostics(`
task "--global" { script = "echo" }
`, { version: '3.1' });
	checkDiagnostics(`
task "--hosts" { script = "echo" }
`, { version: '2.5' });
});
