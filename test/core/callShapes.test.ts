/**
 * Registration through every call shape (essh-semantics.md, Registration and call shapes): the DSL,
 * call and chained forms, object aliases, the table-of-hosts form, `task "n" "script"`, the
 * `default` task and driver, objects called again, groups in all their forms, the `essh.*` aliases,
 * namespaces (v2.1), conditional definitions, names built with `..`, names that are not static,
 * and a global object patched in the override file. Each test compares a rendered registry dump.
 */
import { test } from 'node:test';
import { analyse, renderDiagnostics, type CheckOptions } from '../support/check';
import { expectText } from '../support/expect';
import { renderSet } from '../support/registryDump';

/** The registry of a one-file fixture (`/main.lua`, a loose set) or of the set `/p`. */
function dump(source: string, options: CheckOptions = {}): string {
	const { analysis } = analyse(source, options);
	return renderSet(analysis, analysis.sets.some(set => set.id === '/p') ? '/p' : '/main.lua');
}

function diagnosticsOf(source: string, options: CheckOptions = {}): string {
	const { fixture, analysis } = analyse(source, options);
	return renderDiagnostics(analysis, fixture.files.map(file => file.path));
}

// host

test('host "n" {…} registers a host with its properties', () => {
	expectText(dump(`
host "web" { HostName = "10.0.0.1", tags = { "prod" } }
`), `
host "web" [dsl /main.lua]
  HostName = "10.0.0.1" (own)
  tags = { "prod" } (own)
tag "prod": web
driver "default" [dsl built-in]
open: 0
`);
});

test('host("n", {…}) registers and applies in one call', () => {
	expectText(dump(`
host("web", { HostName = "10.0.0.1" })
`), `
host "web" [call /main.lua]
  HostName = "10.0.0.1" (own)
driver "default" [dsl built-in]
open: 0
`);
});

test('host "n" alone registers an empty host', () => {
	expectText(dump(`
host "bare"
host("bare2")
`), `
host "bare" [dsl /main.lua]
host "bare2" [dsl /main.lua]
driver "default" [dsl built-in]
open: 0
`);
});

test('chained host "n" {…} {…} merges the second table over the first', () => {
	expectText(dump(`
host "web" { HostName = "1", Port = "22" } { HostName = "2", User = "u" }
`), `
host "web" [dsl /main.lua]
  HostName = "2" (own)
  Port = "22" (own)
  User = "u" (own)
driver "default" [dsl built-in]
open: 0
`);
});

test('an object alias: local h = host "n", then h.K = v and h {…}', () => {
	expectText(dump(`
local h = host "web"
h.HostName = "10.0.0.1"
h { Port = "2222" }
h.User = "deploy"
`), `
host "web" [dsl /main.lua]
  HostName = "10.0.0.1" (assign)
  Port = "2222" (own)
  User = "deploy" (assign)
driver "default" [dsl built-in]
open: 0
`);
});

test('the table-of-hosts form registers every key as a host', () => {
	expectText(dump(`
host {
    ["web 01"] = { HostName = "1" },
    db = { HostName = "2", tags = { "store" } },
}
`), `
host "db" [hosts-table /main.lua]
  HostName = "2" (own)
  tags = { "store" } (own)
host "web 01" [hosts-table /main.lua]
  HostName = "1" (own)
tag "store": db
driver "default" [dsl built-in]
open: 0
`);
});

// task and driver

test('task "n" "script" sets the script from v2.5', () => {
	expectText(dump(`
task "hello" "echo hello"
`, { version: '2.5' }), `
task "hello" [dsl /main.lua]
  -> hosts: (no targets); driver default; backend local
  script = "echo hello" (own)
driver "default" [dsl built-in]
open: 0
`);
});

test('task "n" "script" before v2.5 is a call-arg-type error', () => {
	expectText(diagnosticsOf(`
task "hello" "echo hello"
`, { version: '2.4' }), `
/main.lua:1:14 error call-arg-type
`);
});

test('task {…} and driver {…} define the task and the driver named default', () => {
	expectText(dump(`
task { script = "echo default" }
driver { engine = "sh -c" }
`), `
task "default" [default /main.lua]
  -> hosts: (no targets); driver default; backend local
  script = "echo default" (own)
driver "default" [default /main.lua]
  engine = "sh -c" (own)
open: 0
`);
});

test('task and driver objects called again apply on top; a string call replaces the script', () => {
	expectText(dump(`
host "web" {}
local t = task "deploy" { script = "one" }
t "two"
t { targets = "web", backend = "remote" }
local d = driver "docker" { engine = "docker run" }
d { description = "containers" }
t.driver = "docker"
`), `
host "web" [dsl /main.lua]
task "deploy" [dsl /main.lua]
  -> hosts: web; driver docker; backend remote
  backend = "remote" (own)
  driver = "docker" (assign)
  script = "two" (own)
  targets = "web" (own)
driver "default" [dsl built-in]
driver "docker" [dsl /main.lua]
  description = "containers" (own)
  engine = "docker run" (own)
open: 0
`);
});

// group

test('group {…} with host elements: defaults fill only unset keys', () => {
	expectText(dump(`
group {
    User = "group-user",
    host "a" {},
    host "b" { User = "own" },
}
`), `
host "a" [dsl /main.lua group #3]
  User = "group-user" (group)
host "b" [dsl /main.lua group #3]
  User = "own" (own)
driver "default" [dsl built-in]
group #3 [/main.lua]: host a, host b
  default User = "group-user"
open: 0
`);
});

test('group {…} with hosts, tasks and drivers tables', () => {
	expectText(dump(`
group { User = "g", hosts = { a = { HostName = "1" }, b = {} } }
group { backend = "remote", tasks = { t = { targets = "a" } } }
group { description = "d", drivers = { dd = { engine = "x" } } }
`), `
host "a" [group-table /main.lua group #1]
  HostName = "1" (own)
  User = "g" (group)
host "b" [group-table /main.lua group #1]
  User = "g" (group)
task "t" [group-table /main.lua group #4]
  -> hosts: a; driver default; backend remote
  backend = "remote" (group)
  targets = "a" (own)
driver "dd" [group-table /main.lua group #6]
  description = "d" (group)
  engine = "x" (own)
driver "default" [dsl built-in]
  description = "d" (group)
group #1 [/main.lua]: host a, host b
  default User = "g"
group #4 [/main.lua]: task t
  default backend = "remote"
group #6 [/main.lua]: driver dd
  default description = "d"
open: 0
`);
});

test('local g = group {…} then g {…}: earlier defaults reach later members', () => {
	expectText(dump(`
local g = group { User = "u" }
g { host "a" {} }
g { Port = "22", host "b" { User = "own" } }
`), `
host "a" [dsl /main.lua group #1]
  Port = "22" (group)
  User = "u" (group)
host "b" [dsl /main.lua group #1]
  Port = "22" (group)
  User = "own" (own)
driver "default" [dsl built-in]
group #1 [/main.lua]: host a, host b
  default Port = "22"
  default User = "u"
open: 0
`);
});

// essh aliases

test('essh.host, essh.task, essh.driver and essh.group are aliases of the globals', () => {
	expectText(dump(`
essh.host "a" { HostName = "1" }
essh.task("t", { targets = "a" })
essh.driver "d" { engine = "x" }
essh.group { User = "u", essh.host "b" {} }
`), `
host "a" [dsl /main.lua]
  HostName = "1" (own)
host "b" [dsl /main.lua group #5]
  User = "u" (group)
task "t" [call /main.lua]
  -> hosts: a; driver default; backend local
  targets = "a" (own)
driver "d" [dsl /main.lua]
  engine = "x" (own)
driver "default" [dsl built-in]
group #5 [/main.lua]: host b
  default User = "u"
open: 0
`);
});

// namespace (v0.85–v2.1)

test('namespace "ns" {…}, namespace {…} and local n = namespace "ns"; n {…} in v2.1', () => {
	expectText(dump(`
host "global" {}
namespace "ns" {
    hosts = { a = { HostName = "1" } },
    tasks = { t = { targets = "a" } },
}
namespace { tasks = { plain = {} } }
local n = namespace "other"
n { host "b" {}, task "run" { targets = "b" } }
`, { version: '2.1' }), `
host "global" [dsl /main.lua]
driver "default" [dsl built-in]
namespace "default" [/main.lua]
  task "plain" [namespace-table /main.lua]
    -> hosts: (no targets); driver default; backend local
  driver "default" [dsl built-in]
namespace "ns" [/main.lua]
  host "a" [namespace-table /main.lua]
    HostName = "1" (own)
  task "ns:t" [namespace-table /main.lua]
    -> hosts: a; driver default; backend local
    targets = "a" (own)
  driver "default" [dsl built-in]
namespace "other" [/main.lua]
  host "b" [dsl /main.lua]
  task "other:run" [dsl /main.lua]
    -> hosts: b; driver default; backend local
    targets = "b" (own)
  driver "default" [dsl built-in]
open: 0
`);
});

// static analysis limits

test('definitions inside if and loops are conditional', () => {
	expectText(dump(`
if os.getenv("PROD") then
    host "prod" {}
end
for i = 1, 2 do
    host "loop" {}
end
host "always" {}
`), `
host "always" [dsl /main.lua]
host "loop" [dsl /main.lua conditional]
host "prod" [dsl /main.lua conditional]
driver "default" [dsl built-in]
open: 0
`);
});

test('names built with .. of static strings are known', () => {
	expectText(dump(`
local prefix = "web-"
host("web-" .. "01") {}
host(prefix .. "02") {}
task("deploy" .. "-" .. "all") {}
`), `
host "web-01" [dsl /main.lua]
host "web-02" [dsl /main.lua]
task "deploy-all" [dsl /main.lua]
  -> hosts: (no targets); driver default; backend local
driver "default" [dsl built-in]
open: 0
`);
});

test('a name that is not static makes the set open', () => {
	expectText(dump(`
for _, name in ipairs({ "a", "b" }) do
    host(name) {}
end
host(os.getenv("HOST")) {}
host "known" {}
`), `
host "known" [dsl /main.lua]
driver "default" [dsl built-in]
open: 2
`);
});

// across files

test('a global object set in the project file is patched in the override file', () => {
	expectText(dump(`
--- /p/.esshconfig.lua
web = host "web" { HostName = "10.0.0.1", Port = "22" }
--- /p/.esshconfig_override.lua
web.User = "me"
web { Port = "2222" }
`), `
host "web" [dsl /p/.esshconfig.lua]
  HostName = "10.0.0.1" (own)
  Port = "2222" (own)
  User = "me" (assign)
driver "default" [dsl built-in]
open: 0
`);
});
