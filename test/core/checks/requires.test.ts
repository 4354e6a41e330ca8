/**
 * Requires as ESSH resolves them (reference §1.4, §9): `pcall(require, "M")` follows M like
 * `require` but a missing M is no error; a `require` that no file of the workspace satisfies says
 * what ESSH will do and where it looked (`require-unresolved`); a bundled library's name from
 * another era is refused with the name that works (`library-version`); and every diagnostic that
 * an open set softens points at what opened the set.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyse, checkDiagnostics } from '../../support/check';

test('pcall(require, "M") loads ./M.lua beside the project file: its drivers are known', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
pcall(require, 'drivers')
task "t" { driver = "lua", script = "print(1)" }
--- /p/drivers.lua
driver "lua" { engine = "lua" }
`);
});

test('pcall(require, "M") with M nowhere: no error, the set is open and the unknown driver only informs', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
pcall(require, 'drivers')
task "t" { driver = "lua", script = "print(1)" }
--                  ^^^^^ information task-driver-unknown
`);
});

test('require-unresolved: a plain require of a module the workspace lacks warns with the paths searched', () => {
	const source = `
--- /p/esshconfig.lua
require "helpers"
--      ^^^^^^^^^ warning require-unresolved
`;
	checkDiagnostics(source);
	const { analysis } = analyse(source, { userDirectory: '/home/u/.essh' });
	const [diag] = analysis.diagnostics('/p/esshconfig.lua');
	assert.equal(diag.message, 'Module "helpers" is in none of the places ESSH searches that this workspace holds: /p/.essh/lib/helpers.lua, /home/u/.essh/lib/helpers.lua, '
		+ '/usr/local/share/essh/lib/helpers.lua, /p/helpers.lua, /usr/local/share/lua/5.1/helpers.lua, /usr/local/share/lua/5.1/helpers/init.lua. '
		+ 'ESSH stops loading with "module helpers not found" unless the module is installed in ~/.essh/lib or /usr/local/share/essh/lib where it runs; '
		+ 'until then this set is open (checks that depend on the module are softened).');
});

test('require-unresolved: silent when the module is in .essh/lib, in the user lib or beside the project file', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
require "a"
require "b"
require "c"
--- /p/.essh/lib/a.lua
host "a" {}
--- /home/u/.essh/lib/b.lua
host "b" {}
--- /p/c.lua
host "c" {}
`, { userDirectory: '/home/u/.essh' });
});

test('a fork library name in 3.4 is an unresolved module; in 3.8 it is bundled', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
local strings = require "strings"
--                      ^^^^^^^^^ warning require-unresolved
`);
	checkDiagnostics(`
--- /p/esshconfig.lua
local strings = require "strings"
`, { version: '3.8.3' });
});

test('library-version: glua.sh in 3.4 is an error naming `sh`; in 0.45 it loads', () => {
	checkDiagnostics(`
local sh = require "glua.sh"
--                 ^^^^^^^^^ error library-version
`);
	checkDiagnostics(`
local sh = require "glua.sh"
`, { version: '0.45' });
	const { analysis } = analyse('local json = require "essh.json"\n');
	assert.equal(analysis.diagnostics('/main.lua')[0].message,
		'`essh.json` names the json library only in ESSH v0.12.0 to before v0.45.0; here it is `require "json"`. ESSH 3.4.0 fails with "module essh.json not found".');
});

test('library-version: an old name is fine when the workspace has a module file of that name', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
local sh = require "glua.sh"
--- /p/.essh/lib/glua/sh.lua
return {}
`);
});

test('library-version: under pcall an old name is no error (the call just fails)', () => {
	checkDiagnostics(`
local ok, sh = pcall(require, "glua.sh")
`);
});

test('a softened diagnostic carries related information pointing at what opened the set', () => {
	const { analysis } = analyse(`
--- /p/esshconfig.lua
pcall(require, 'drivers')
task "t" { driver = "lua", targets = "nowhere", script = "x" }
`);
	const diagnostics = analysis.diagnostics('/p/esshconfig.lua');
	assert.deepEqual(diagnostics.map(diag => `${diag.severity} ${diag.code}`), ['information task-driver-unknown', 'information target-unresolved']);
	for (const diag of diagnostics) {
		assert.deepEqual(diag.related?.map(site => `${site.file}@${site.range.start}-${site.range.end}: ${site.message}`), [
			'/p/esshconfig.lua@15-24: softened because the set is open here: module "drivers" is not found on ESSH\'s search path',
		]);
	}
	// Closed: the same mistakes are warnings without that related site.
	const closed = analyse(`
--- /p/esshconfig.lua
task "t" { driver = "lua", targets = "nowhere", script = "x" }
`).analysis.diagnostics('/p/esshconfig.lua');
	assert.deepEqual(closed.map(diag => `${diag.severity} ${diag.code} ${diag.related?.length ?? 0}`), ['warning task-driver-unknown 0', 'warning target-empty 0', 'warning target-unresolved 0']);
});
