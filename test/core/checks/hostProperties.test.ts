/**
 * Fixture tests for the "Host properties" checks of docs/diagnostics.md (host-*, ssh-*): each fires on
 * the smallest host definition or assignment that triggers it and stays silent on its nearest
 * valid neighbour. Applies alike to ESSH 3.4 and 2.1; the one 2.1 run shows that.
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('host-ssh-prop-type: Port = 22 is fatal', () => {
	checkDiagnostics(`
host "a" { Port = 22 }
--                ^^ error host-ssh-prop-type
`);
});

test('host-ssh-prop-type: booleans and tables are fatal too, also in 2.1', () => {
	checkDiagnostics(`
host "a" { ForwardAgent = true, LocalForward = {} }
--                        ^^^^ error host-ssh-prop-type
--                                             ^^ error host-ssh-prop-type
`, { version: '2.1' });
});

test('host-ssh-prop-type: assigning nil to an SSH property is fatal', () => {
	checkDiagnostics(`
local h = host "a" { User = "me" }
h.User = nil
--       ^^^ error host-ssh-prop-type
`);
});

test('host-ssh-prop-type: quoted values and a nil in the table constructor are fine', () => {
	checkDiagnostics(`
host "a" { Port = "22", ForwardAgent = "yes", User = nil }
`);
});

test('host-unknown-field: a lower-case key that is not an ESSH key', () => {
	checkDiagnostics(`
host "a" { tag = { "web" }, _x = "1", name = "a" }
--         ^^^ error host-unknown-field
--                          ^^ error host-unknown-field
--                                    ^^^^ error host-unknown-field
`);
});

test('host-unknown-field: a lower-case ssh keyword', () => {
	checkDiagnostics(`
host "a" { hostname = "10.0.0.1" }
--         ^^^^^^^^ error host-unknown-field
`);
});

test('host-unknown-field: every ESSH host key is known', () => {
	checkDiagnostics(`
host "a" { description = "d", hidden = false, tags = {}, props = {}, hooks_before_connect = {}, hooks_after_connect = {}, hooks_after_disconnect = {} }
`);
});

test('host-unknown-field: through an object assignment too', () => {
	checkDiagnostics(`
local h = host "a"
h.tag = { "web" }
--^^^ error host-unknown-field
`);
});

test('host-field-type: wrong types for description, hidden, tags, props and hooks', () => {
	checkDiagnostics(`
host "a" { description = 1, hidden = "yes", tags = "web", props = "x", hooks_after_connect = "ls" }
--                       ^ error host-field-type
--                                   ^^^^^ error host-field-type
--                                                 ^^^^^ error host-field-type
--                                                                ^^^ error host-field-type
--                                                                                           ^^^^ error host-field-type
`);
});

test('host-tag-type: a non-string tag', () => {
	checkDiagnostics(`
host "a" { tags = { "web", 1 } }
--                         ^ error host-tag-type
`);
});

test('host-tag-type: string tags are fine', () => {
	checkDiagnostics(`
host "a" { tags = { "web", "db" } }
`);
});

test('host-props-type: non-string keys and values', () => {
	checkDiagnostics(`
host "a" { props = { "x", role = 1 } }
--                   ^^^ error host-props-type
--                               ^ error host-props-type
`);
});

test('host-props-type: string keys and values are fine', () => {
	checkDiagnostics(`
host "a" { props = { role = "web", ["app.name"] = "shop" } }
`);
});

test('host-tags-map: tags written with keys', () => {
	checkDiagnostics(`
host "a" { tags = { primary = "web" } }
--                  ^^^^^^^ warning host-tags-map
`);
});

test('host-hook-element: a hook that is neither a string nor a function', () => {
	checkDiagnostics(`
host "a" { hooks_after_disconnect = { "echo bye", 42 } }
--                                                ^^ warning host-hook-element
`);
});

test('host-hook-element: strings and functions are fine', () => {
	checkDiagnostics(`
host "a" { hooks_before_connect = { "echo hi", function() return "ls" end } }
`);
});

test('host-hook-map: a hooks table with keys only is ignored', () => {
	checkDiagnostics(`
host "a" { hooks_before_connect = { first = "echo hi" } }
--                                ^^^^^^^^^^^^^^^^^^^^^ warning host-hook-map
`);
});

test('host-hooks-scope: hooks on a host that tasks target', () => {
	checkDiagnostics(`
host "a" { hooks_before_connect = { "echo hi" } }
--         ^^^^^^^^^^^^^^^^^^^^ hint host-hooks-scope
task "t" { targets = "a" }
`);
});

test('host-hooks-scope: hooks on a host no task targets', () => {
	checkDiagnostics(`
host "a" { hooks_before_connect = { "echo hi" } }
task "t" {}
`);
});

test('host-name-whitespace, host-name-pattern, host-name-empty', () => {
	checkDiagnostics(`
host "web 01" {}
--   ^^^^^^^^ warning host-name-whitespace
host "web*" {}
--   ^^^^^^ warning host-name-pattern
host "" {}
--   ^^ warning host-name-empty
`);
});

test('host-name-*: dots, dashes and digits are fine', () => {
	checkDiagnostics(`
host "web-01.example.com" {}
`);
});

test('ssh-value-newline: a line break in an SSH value', () => {
	checkDiagnostics(`
host "a" { HostName = "10.0.0.1\\nUser root" }
--                    ^^^^^^^^^^^^^^^^^^^^^ warning ssh-value-newline
`);
});

test('ssh-unknown-keyword: a capitalised key ssh does not know', () => {
	checkDiagnostics(`
host "a" { HostNme = "x" }
--         ^^^^^^^ warning ssh-unknown-keyword
`);
});

test('ssh-unknown-keyword: keywords are compared case-insensitively', () => {
	checkDiagnostics(`
host "a" { Hostname = "x", IdentityFile = "~/.ssh/id" }
`);
});

test('ssh-keyword-case-dup: two spellings of one keyword', () => {
	checkDiagnostics(`
host "a" { HostName = "1", Hostname = "2" }
--                         ^^^^^^^^ warning ssh-keyword-case-dup
`);
});
