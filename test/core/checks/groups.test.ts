/**
 * Fixture tests for the "Groups" checks of docs/diagnostics.md (group-*): each fires on the smallest
 * `group` call that triggers it and stays silent on its nearest valid neighbour. Groups behave the
 * same from v0.85 on, so one 2.1 run stands for the namespace era.
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('group-mixed: hosts and tasks in one group', () => {
	checkDiagnostics(`
group { host "a" {}, task "t" {} }
--    ^ error group-mixed
`);
});

test('group-mixed: hosts and tasks tables in one group', () => {
	checkDiagnostics(`
group { hosts = { a = {} }, tasks = { t = {} } }
--    ^ error group-mixed
`);
});

test('group-mixed: one kind per group is fine', () => {
	checkDiagnostics(`
group { host "a" {}, hosts = { b = {} } }
`);
});

test('group-mixed: also in 2.1', () => {
	checkDiagnostics(`
group { host "a" {}, driver "d" { engine = "x" } }
--    ^ error group-mixed
`, { version: '2.1' });
});

test('group-element: strings, numbers and plain tables are not resources', () => {
	checkDiagnostics(`
group { "a", 1, {} }
--      ^^^ error group-element
--           ^ error group-element
--              ^^ error group-element
`);
});

test('group-element: groups do not nest', () => {
	checkDiagnostics(`
local inner = group { host "a" {} }
group { inner }
--      ^^^^^ error group-element
`);
});

test('group-element: hosts must be a table; keys must be strings or numbers', () => {
	checkDiagnostics(`
group { hosts = "a" }
--              ^^^ error group-element
group { [true] = 1, host "b" {} }
--       ^^^^ error group-element
`);
});

test('group-element: objects held in locals are fine', () => {
	checkDiagnostics(`
local a = host "a"
local b = host "b" {}
group { a, b }
`);
});

test('group-default-invalid: a task key as a default of a hosts group', () => {
	checkDiagnostics(`
group { backend = "remote", host "a" {} }
--      ^^^^^^^ error group-default-invalid
`);
});

test('group-default-invalid: a wrong type for the member kind', () => {
	checkDiagnostics(`
group { Port = 22, host "a" {} }
--      ^^^^ error group-default-invalid
group { pty = "yes", task "t" {} }
--      ^^^ error group-default-invalid
`);
});

test('group-default-invalid: valid defaults are fine', () => {
	checkDiagnostics(`
group { User = "deploy", tags = { "web" }, host "a" {} }
group { backend = "remote", targets = "web", task "t" {} }
`);
});

test('group-default-conflict: a default script_file with a member script', () => {
	checkDiagnostics(`
group { script_file = "run.sh", task "t" { script = "ls" } }
--      ^^^^^^^^^^^ error group-default-conflict
`);
});

test('group-default-conflict: a member script_file with a default script', () => {
	checkDiagnostics(`
group { script = "ls", task "t" { script_file = "run.sh" } }
--      ^^^^^^ error group-default-conflict
`);
});

test('group-default-conflict: a default script for members without script_file is fine', () => {
	checkDiagnostics(`
group { script = "ls", task "t" {}, task "u" { description = "x" } }
`);
});

test('group-default-unused: defaults on a group with no members', () => {
	checkDiagnostics(`
group { User = "deploy" }
--      ^^^^ warning group-default-unused
`);
});

test('group-default-unused: members added later through the object are enough', () => {
	checkDiagnostics(`
local g = group { User = "deploy" }
g { host "a" {} }
`);
});

test('group-assign: assigning to a Group object', () => {
	checkDiagnostics(`
local g = group { host "a" {} }
g.User = "x"
--^^^^ error group-assign
`);
});

test('group-assign: reading a Group object is fine', () => {
	checkDiagnostics(`
local g = group { User = "x", host "a" {} }
local user = g.User
`);
});

test('group-drivers-default-leak: drivers = {…} with a default key', () => {
	checkDiagnostics(`
group { engine = "echo X", drivers = { d = {} } }
--      ^^^^^^ warning group-drivers-default-leak
`);
});

test('group-drivers-default-leak: driver objects as elements do not leak', () => {
	checkDiagnostics(`
group { engine = "echo X", driver "d" {} }
`);
});

test('group-string-name: groups have no names', () => {
	checkDiagnostics(`
group "web" {}
--    ^^^^^ error group-string-name
`);
});
