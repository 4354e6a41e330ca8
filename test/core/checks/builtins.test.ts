/**
 * Fixture tests for the "Built-in names and version" checks of docs/diagnostics.md: removed-builtin,
 * select-first, call-arity, call-arg-type and hosts-table-entry. Each fires on its smallest
 * trigger and stays silent on its nearest valid neighbour, under ESSH 3.4 (the default) and, where
 * the answer differs, under 2.1 (the namespace era).
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('removed-builtin: namespace does not exist in 3.4', () => {
	checkDiagnostics(`
local x = namespace "shop" {}
--        ^^^^^^^^^ error removed-builtin
`);
});

test('removed-builtin: namespace exists in 2.1', () => {
	checkDiagnostics(`
namespace "shop" {}
`, { version: '2.1' });
});

test('removed-builtin: job is gone by 2.1', () => {
	checkDiagnostics(`
local x = job "deploy" {}
--        ^^^ error removed-builtin
`, { version: '2.1' });
});

test('removed-builtin: load_module and import are gone in 3.4', () => {
	checkDiagnostics(`
local m = load_module "github.com/u/r" {}
--        ^^^^^^^^^^^ error removed-builtin
local p = import "github.com/u/r"
--        ^^^^^^ error removed-builtin
`);
});

test('removed-builtin: import exists in 2.1', () => {
	checkDiagnostics(`
local p = import "github.com/u/r"
`, { version: '2.1' });
});

test('removed-builtin: capitalised Host is gone', () => {
	checkDiagnostics(`
local x = Host "a" {}
--        ^^^^ error removed-builtin
`);
});

test('removed-builtin: essh.get_namespace is gone in 3.4', () => {
	checkDiagnostics(`
local n = essh.get_namespace("shop")
--        ^^^^^^^^^^^^^^^^^^ error removed-builtin
`);
});

test('removed-builtin: essh.get_namespace exists in 2.1', () => {
	checkDiagnostics(`
local n = essh.get_namespace("shop")
`, { version: '2.1' });
});

test('removed-builtin: module "x" {…} calls the nil that Lua\'s module returns in 3.4', () => {
	checkDiagnostics(`
local m = module "github.com/u/r" { x = 1 }
--        ^^^^^^ error removed-builtin
local n = module("github.com/u/r", {})
--        ^^^^^^ error removed-builtin
`);
});

test('removed-builtin: Lua\'s own module("x") alone is fine in 3.4', () => {
	checkDiagnostics(`
module("mymodule")
`);
});

test('removed-builtin: module "x" {…} is ESSH\'s module loader in 2.1', () => {
	checkDiagnostics(`
module "github.com/u/r" { x = 1 }
`, { version: '2.1' });
});

test('removed-builtin: module "x" {…} in 2.4 points to load_module', () => {
	checkDiagnostics(`
local m = module "github.com/u/r" {}
--        ^^^^^^ error removed-builtin
`, { version: '2.4' });
});

test('removed-builtin: a local of the same name is not the built-in', () => {
	checkDiagnostics(`
local function namespace(name) return function(t) return t end end
local x = namespace "shop" {}
`);
});

test('select-first: :first() is broken in every release', () => {
	checkDiagnostics(`
host "a" {}
local h = essh.select_hosts("a"):first()
--                               ^^^^^ error select-first
`);
});

test('select-first: .first read without a call is flagged too', () => {
	checkDiagnostics(`
host "a" {}
local f = essh.select_hosts("a").first
--                               ^^^^^ error select-first
`);
});

test('select-first: :get()[1] is the working form', () => {
	checkDiagnostics(`
host "a" {}
local h = essh.select_hosts("a"):get()[1]
`);
});

test('call-arity: host, task and driver take at most two arguments', () => {
	checkDiagnostics(`
local h = host("a", {}, {})
--        ^^^^^^^^^^^^^^^^^ error call-arity
local t = task("t", {}, {})
--        ^^^^^^^^^^^^^^^^^ error call-arity
local d = driver("d", {}, {})
--        ^^^^^^^^^^^^^^^^^^^ error call-arity
`);
});

test('call-arity: two arguments are fine', () => {
	checkDiagnostics(`
host("a", {})
task("t", {})
driver("d", { engine = "x" })
`);
});

test('call-arity: select_hosts takes at most one argument in 3.4', () => {
	checkDiagnostics(`
host "a" {}
local q = essh.select_hosts("a", "b")
--        ^^^^^^^^^^^^^^^^^^^^^^^^^^^ error call-arity
`);
});

test('call-arity: :filter() needs exactly one argument', () => {
	checkDiagnostics(`
host "a" {}
local q = essh.select_hosts():filter()
--        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error call-arity
local r = essh.select_hosts():filter("a", "a")
--        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ error call-arity
`);
});

test('call-arity: :filter() with one argument is fine (method call receiver not counted)', () => {
	checkDiagnostics(`
host "a" { tags = { "web" } }
local q = essh.select_hosts("a"):filter("web"):get()
local s = essh.select_hosts("a")
local r = s.filter(s, "web")
`);
});

test('call-arity: namespace takes at most two arguments in 2.1', () => {
	checkDiagnostics(`
local n = namespace("a", {}, {})
--        ^^^^^^^^^^^^^^^^^^^^^^ error call-arity
`, { version: '2.1' });
});

test('call-arg-type: host with a number, a boolean or nothing', () => {
	checkDiagnostics(`
local a = host(1)
--             ^ error call-arg-type
local b = host(true)
--             ^^^^ error call-arg-type
local c = host()
--        ^^^^^^ error call-arg-type
`);
});

test('call-arg-type: task and driver names must be strings', () => {
	checkDiagnostics(`
local t = task(1)
--             ^ error call-arg-type
local d = driver(false)
--               ^^^^^ error call-arg-type
`);
});

test('call-arg-type: group takes a table', () => {
	checkDiagnostics(`
local g = group(1)
--              ^ error call-arg-type
`);
});

test('call-arg-type: the second argument must be a table', () => {
	checkDiagnostics(`
local h = host("a", "b")
--                  ^^^ error call-arg-type
`);
});

test('call-arg-type: Host, Driver and Group objects take only tables', () => {
	checkDiagnostics(`
local h = host "a"
h "b"
--^^^ error call-arg-type
local d = driver "d"
d "x"
--^^^ error call-arg-type
local g = group {}
g "x"
--^^^ error call-arg-type
`);
});

test('call-arg-type: object calls with tables are fine', () => {
	checkDiagnostics(`
local h = host "a"
h { HostName = "x" }
local d = driver "d"
d { engine = "x" }
local g = group { h }
g { User = "u" }
`);
});

test('call-arg-type: a Task object takes a script string from 2.5', () => {
	checkDiagnostics(`
task "hello" "echo hello"
`);
});

test('call-arg-type: a Task object takes no script string in 2.1', () => {
	checkDiagnostics(`
task "hello" "echo hello"
--           ^^^^^^^^^^^^ error call-arg-type
`, { version: '2.1' });
});

test('call-arg-type: a Task object never takes a number', () => {
	checkDiagnostics(`
local t = task "t"
t(1)
--^ error call-arg-type
`);
});

test('call-arg-type: essh.debug takes a string, not a number', () => {
	checkDiagnostics(`
essh.debug(1)
--         ^ error call-arg-type
essh.debug("ok")
`);
});

test('call-arg-type: select_hosts and :filter take strings or arrays', () => {
	checkDiagnostics(`
host "a" {}
local q = essh.select_hosts(1)
--                          ^ error call-arg-type
local r = essh.select_hosts("a"):filter(true)
--                                      ^^^^ error call-arg-type
`);
});

test('call-arg-type: select_hosts with an array or nothing is fine', () => {
	checkDiagnostics(`
host "a" {}
local q = essh.select_hosts({ "a" }):get()
local r = essh.select_hosts():get()
`);
});

test('hosts-table-entry: positional entries, numeric keys and non-table definitions', () => {
	checkDiagnostics(`
local a = host { "web" }
--               ^^^^^ error hosts-table-entry
local b = host { [1] = {} }
--                ^ error hosts-table-entry
local c = host { web = "x" }
--                     ^^^ error hosts-table-entry
`);
});

test('hosts-table-entry: the table-of-hosts form with name = {…}', () => {
	checkDiagnostics(`
local hosts = host { web = { HostName = "w" }, ["db.example.com"] = {} }
`);
});

test('hosts-table-entry: the same rule inside a group\'s hosts table', () => {
	checkDiagnostics(`
group { hosts = { "web" } }
--                ^^^^^ error hosts-table-entry
`);
});
