/**
 * Fixture tests for the "Task properties" checks of docs/diagnostics.md (task-*): each fires on the
 * smallest task that triggers it and stays silent on its nearest valid neighbour. Version-bound
 * keys (`user` from 2.1, `ssh_options` from 3.3) are checked under both sides of the boundary.
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('task-unknown-field: a key tasks do not have', () => {
	checkDiagnostics(`
task "t" { descripton = "x" }
--         ^^^^^^^^^^ error task-unknown-field
`);
});

test('task-unknown-field: ssh_options does not exist before 3.3', () => {
	checkDiagnostics(`
task "t" { ssh_options = { "-v" }, backend = "remote", targets = "a" }
--         ^^^^^^^^^^^ error task-unknown-field
host "a" {}
`, { version: '2.1' });
});

test('task-unknown-field: user exists in 2.1', () => {
	checkDiagnostics(`
task "t" { user = "deploy", script = "id" }
`, { version: '2.1' });
});

test('task-unknown-field: user does not exist in 2.0', () => {
	checkDiagnostics(`
task "t" { user = "deploy" }
--         ^^^^ error task-unknown-field
`, { version: '2.0' });
});

test('task-field-type: wrong types for the typed keys', () => {
	checkDiagnostics(`
task "t" { description = 1, pty = "yes", driver = 1, hidden = "no", script_file = false, targets = 1 }
--                       ^ error task-field-type
--                                ^^^^^ error task-field-type
--                                                ^ error task-field-type
--                                                            ^^^^ error task-field-type
--                                                                                ^^^^^ error task-field-type
--                                                                                                 ^ error task-field-type
`);
});

test('task-field-type: a map-style targets table is a type error', () => {
	checkDiagnostics(`
host "a" {}
task "t" { targets = { web = "a" } }
--                   ^^^^^^^^^^^^^ error task-field-type
`);
});

test('task-field-type: correct types are fine', () => {
	checkDiagnostics(`
host "a" {}
task "t" { description = "d", pty = true, parallel = false, privileged = false, hidden = true, targets = { "a" }, script = "ls" }
`);
});

test('task-backend-value: a string other than local or remote', () => {
	checkDiagnostics(`
task "t" { backend = "remot" }
--                   ^^^^^^^ error task-backend-value
`);
});

test('task-backend-value: local is fine', () => {
	checkDiagnostics(`
task "t" { backend = "local" }
`);
});

test('task-backend-type: a non-string backend is ignored', () => {
	checkDiagnostics(`
task "t" { backend = true }
--                   ^^^^ warning task-backend-type
`);
});

test('task-script-and-file: both on one task', () => {
	checkDiagnostics(`
task "t" { script = "make", script_file = "build.sh" }
--   ^^^ error task-script-and-file
`);
});

test('task-script-and-file: empty script_file or empty script does not count', () => {
	checkDiagnostics(`
task "t" { script = "make", script_file = "" }
task "u" { script = {}, script_file = "build.sh" }
`);
});

test('task-script-and-file: through an object assignment', () => {
	checkDiagnostics(`
local t = task "t" { script = "make" }
--             ^^^ error task-script-and-file
t.script_file = "build.sh"
`);
});

test('task-script-entry: invalid script values and entries', () => {
	checkDiagnostics(`
task "a" { script = 1 }
--                  ^ error task-script-entry
task "b" { script = { "ls", 5, { x = "1" }, { code = "ls", n = 1 } } }
--                          ^ error task-script-entry
--                             ^^^^^^^^^^^ error task-script-entry
--                                                             ^ error task-script-entry
`);
});

test('task-script-entry: strings, code tables, functions and nested arrays are fine', () => {
	checkDiagnostics(`
task "t" { script = { "ls", { code = "pwd", description = "where", quiet = true }, function() return "id" end, { "a", "b" } } }
`);
});

test('task-prepare-type and task-prefix-type', () => {
	checkDiagnostics(`
task "t" { prepare = "x", prefix = 1 }
--                   ^^^ error task-prepare-type
--                                 ^ error task-prefix-type
`);
});

test('task-prepare-type and task-prefix-type: a function and a boolean or template are fine', () => {
	checkDiagnostics(`
task "t" { prepare = function(t) return true end, prefix = true }
task "u" { prefix = "[{{.Host.Name}}] " }
`);
});

test('task-ssh-options-ignored: not an array, non-string elements, or a local task', () => {
	checkDiagnostics(`
host "a" {}
task "r" { backend = "remote", targets = "a", ssh_options = { "-v", 1 } }
--                                                                  ^ warning task-ssh-options-ignored
task "s" { backend = "remote", targets = "a", ssh_options = "-v" }
--                                                          ^^^^ warning task-ssh-options-ignored
task "l" { ssh_options = { "-v" } }
--         ^^^^^^^^^^^ warning task-ssh-options-ignored
`);
});

test('task-ssh-options-ignored: an array of strings on a remote task is fine', () => {
	checkDiagnostics(`
host "a" {}
task "r" { backend = "remote", targets = "a", ssh_options = { "-o", "ConnectTimeout=5" } }
`);
});

test('task-list-nonstring: non-string elements in targets, filters and args are dropped', () => {
	checkDiagnostics(`
host "a" {}
task "t" { targets = { "a", 1 }, filters = { "a", false } }
--                          ^ warning task-list-nonstring
--                                                ^^^^^ warning task-list-nonstring
`);
});

test('task-args-set: args are overwritten at run time', () => {
	checkDiagnostics(`
task "t" { args = { "x" } }
--         ^^^^ information task-args-set
`);
});

test('task-name-default: task {…} and driver {…} define "default"', () => {
	checkDiagnostics(`
local t = task { script = "ls" }
--        ^^^^ information task-name-default
local d = driver { engine = "{{range .Scripts}}{{.code}}{{end}}" }
--        ^^^^^^ information task-name-default
`);
});

test('task-name-default: task "default" {…} says so itself', () => {
	checkDiagnostics(`
task "default" { script = "ls" }
`);
});

test('task-disabled: a disabled task is a hint', () => {
	checkDiagnostics(`
task "t" { disabled = true }
--                    ^^^^ hint task-disabled
`);
});

test('task-disabled: disabled = false is silent', () => {
	checkDiagnostics(`
task "t" { disabled = false }
`);
});
