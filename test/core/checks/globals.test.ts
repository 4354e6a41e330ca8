/**
 * Globals across the files of an evaluation set (reference §1.3: one Lua state, files in load
 * order): a global read before any loaded file assigned it is nil there (`global-undefined`),
 * calling it fails the load (`global-undefined-call`), and the checks downstream see that nil.
 * Silent on the nearest valid neighbours: a global from an earlier file, a Lua or ESSH name, a
 * global a bundled library creates, an existence test, and sets left open by an unknown module.
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('global-undefined: a helper read as a value before anything defines it', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
task "remote" { backend = "remote", prepare = select_host, script = "x" }
--                        ^^^^^^^^ warning remote-without-targets
--                                            ^^^^^^^^^^^ warning global-undefined
`);
});

test('global-undefined: silent when an earlier file of the set defines the helper', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
function select_host(t) t.targets = "web" return true end
--- /p/esshconfig_override.lua
task "remote" { backend = "remote", prepare = select_host, script = "x" }
`);
});

test('global-undefined: a later file does not help (load order)', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
task "remote" { backend = "remote", prepare = select_host, script = "x" }
--                        ^^^^^^^^ warning remote-without-targets
--                                            ^^^^^^^^^^^ warning global-undefined
--- /p/esshconfig_override.lua
function select_host(t) return true end
`);
});

test('global-undefined-call: calling a global nothing defined fails the load', () => {
	checkDiagnostics(`
print("first")
local x = setup_hosts()
--        ^^^^^^^^^^^ error global-undefined-call
`);
});

test('global-undefined-call: silent once a module required earlier defines it', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
require "helpers"
setup_hosts()
--- /p/.essh/lib/helpers.lua
function setup_hosts() end
`);
});

test('globals: Lua, ESSH and bundled-library names, and existence tests, are never reported', () => {
	checkDiagnostics(`
local json = require "json"
print(tostring(essh.ssh_config), string.format("%s", _VERSION))
config = config or {}
if not extra then extra = {} end
if type(missing) == "nil" then print("none") end
if maybe == nil then print("none") end
`);
	checkDiagnostics(`
local log = require "log"
print(logger_ud)
`, { version: '3.8.3' });
});

test('globals: a global a function assigns may be set once it ran, so it is not reported', () => {
	checkDiagnostics(`
function init() defaults = { User = "ops" } end
init()
host "a" { User = defaults.User }
`);
});

test('globals: an unresolved module may define anything, so nothing after it is reported', () => {
	checkDiagnostics(`
pcall(require, "helpers")
task "remote" { backend = "remote", prepare = select_host, script = "x" }
`);
});
