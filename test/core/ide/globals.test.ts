/**
 * Fixture tests of navigation, hover and rename on globals across the files of an evaluation set
 * (core/ide/globals.ts): definition follows ESSH's load order (a required module runs at its
 * `require`), a local of the same name shadows the global, and rename covers every file of every
 * set that loads those files, refusing names that would change what the config means.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { definition } from '../../../server/src/core/ide/navigation';
import { analyse } from '../../support/check';
import { checkDefinition, checkDefinitionText, checkHighlights, checkHover, checkReferences, checkRename } from '../../support/ide';

describe('definition of a global', () => {
	test('a read in .esshconfig.lua goes to the function a required module defines', () => {
		checkDefinition(`
--- /p/drivers.lua
function select_host(t) return true end
--       ^^^^^^^^^^^
--- /p/.esshconfig.lua
pcall(require, "drivers")
task "remote" { backend = "remote", prepare = select_$0host, script = "x" }
`);
	});

	test('a read in a module goes to the assignment .esshconfig.lua made before requiring it', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
   default_user = "deploy"
-- ^^^^^^^^^^^^
require "hosts"
--- /p/.essh/lib/hosts.lua
host "web" { User = default_$0user }
`);
	});

	test('the last assignment before the read wins; a later one is not seen', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
user = "a"
   user = "b"
-- ^^^^
host "web" { User = us$0er }
user = "c"
`);
	});

	test('assignments in branches are all candidates, back to the last unconditional one', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
   user = "a"
-- ^^^^
if os.getenv("X") then user = "b" end
--                     ^^^^
host "web" { User = us$0er }
`);
	});

	test('a read before any assignment in load order goes nowhere (the global is nil there)', () => {
		checkDefinitionText(`
--- /p/esshconfig.lua
host "web" { User = us$0er }
--- /p/esshconfig_override.lua
user = "late"
`, '');
		// The override is in the set: its assignment is a reference, only not one the read sees.
		checkReferences(`
--- /p/esshconfig.lua
host "web" { User = us$0er }
--                  ^^^^
--- /p/esshconfig_override.lua
   user = "late"
-- ^^^^
`);
	});

	test('a read inside a function body sees the value the global holds once the load has ended', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
function pick(t) t.targets = target_$0name return true end
target_name = "a"
   target_name = "b"
-- ^^^^^^^^^^^
task "t" { prepare = pick, script = "x" }
`);
	});

	test('a read inside a function body sees an earlier assignment in the same body', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
counter = 0
function bump()
    counter = 1
--  ^^^^^^^
    return coun$0ter
end
`);
	});

	test('a global assigned only inside a function: its assignment is the candidate', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
function setup() helper = function() end end
--               ^^^^^^
setup()
help$0er()
`);
	});

	test('reads after `..`, first in a table, and writes in a multiple assignment are globals; keys and members are not', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
x,    user = 1, "a"
--    ^^^^
host "web" { description = "u: " ..us$0er }
`);
		checkDefinition(`
--- /p/.esshconfig.lua
   user = "a"
-- ^^^^
local list = {us$0er}
`);
		checkDefinitionText(`
--- /p/.esshconfig.lua
user = "a"
local t = { us$0er = 1 }
`, '');
		checkDefinitionText(`
--- /p/.esshconfig.lua
user = "a"
print(os.us$0er)
`, '');
	});

	test('a local of the same name shadows: navigation on the local stays local', () => {
		checkDefinitionText(`
--- /p/.esshconfig.lua
user = "global"
local user = "local"
host "web" { User = us$0er }
`, '');
	});

	test('non-ASCII text before the names does not shift offsets (UTF-16)', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
-- café 😀 ünïcode
x = "é😀"; nom = "é😀"
--         ^^^
host "h" { description = "😀 " .. n$0om }
`);
	});
});

test('an edit inside a function body that the lowering does not see still moves the answer', () => {
	// Same length, same operations, same names assigned in functions: the set's registry is reused, the global sites must not be.
	const before = 'function g() aaa = 0 zzz = 0 end\nfunction f() zzz = 0 return aaa end\naaa = 1\n';
	const after = 'function g() aaa = 0 zzz = 0 end\nfunction f() aaa = 0 return aaa end\naaa = 1\n';
	const { workspace, analysis } = analyse(`--- /p/.esshconfig.lua\n${before}`);
	const read = before.lastIndexOf('return aaa') + 'return a'.length;
	assert.deepEqual(definition(analysis, '/p/.esshconfig.lua', read).map(target => target.nameRange.start), [before.lastIndexOf('aaa = 1')]);
	workspace.setFile('/p/.esshconfig.lua', after);
	const edited = workspace.analysis(analysis.config);
	assert.equal(edited.setsOfFile('/p/.esshconfig.lua')[0], analysis.setsOfFile('/p/.esshconfig.lua')[0], 'the set analysis is reused');
	assert.deepEqual(definition(edited, '/p/.esshconfig.lua', read).map(target => target.nameRange.start), [after.indexOf('aaa = 0 return')]);
});

describe('references and highlights of a global', () => {
	test('every read and assignment across the set, declaration included or not', () => {
		const fixture = `
--- /p/drivers.lua
function select_host(t) return true end
--       ^^^^^^^^^^^
--- /p/.esshconfig.lua
pcall(require, "drivers")
task "a" { prepare = select_$0host, script = "x" }
--                   ^^^^^^^^^^^
task "b" { prepare = select_host, script = "x" }
--                   ^^^^^^^^^^^
local function wrap() return select_host end
--                           ^^^^^^^^^^^
`;
		checkReferences(fixture);
		checkReferences(fixture.replace('--       ^^^^^^^^^^^\n', ''), { includeDeclaration: false });
	});

	test('a local of the same name is not a reference of the global', () => {
		checkReferences(`
--- /p/.esshconfig.lua
   user = "a"
-- ^^^^
do
    local user = "b"
    print(user)
end
print(us$0er)
--    ^^^^
`);
	});

	test('highlights in the file: assignments write, reads read', () => {
		checkHighlights(`
--- /p/.esshconfig.lua
user = "a"
host "web" { User = us$0er }
function f() user = "b" end
`, `
write user
read user
write user
`);
	});
});

describe('hover on a global', () => {
	test('a function defined in a required module, and where', () => {
		checkHover(`
--- /p/drivers.lua
function select_host(t) return true end
--- /p/.esshconfig.lua
pcall(require, "drivers")
task "remote" { backend = "remote", prepare = select_$0host, script = "x" }
`, `
**global** \`select_host\`

a function, assigned at drivers.lua:1
`);
	});

	test('a string, a host object, and nil before any assignment', () => {
		checkHover(`
--- /p/.esshconfig.lua
user = "deploy"
host "web" { User = us$0er }
`, `
**global** \`user\`

the string \`"deploy"\`, assigned at .esshconfig.lua:1
`);
		checkHover(`
--- /p/.esshconfig.lua
web = host "web" {}
print(w$0eb)
`, `
**global** \`web\`

the host object \`web\`, assigned at .esshconfig.lua:1
`);
		checkHover(`
--- /p/.esshconfig.lua
task "remote" { backend = "remote", prepare = select_$0host, script = "x" }
`, `
**global** \`select_host\`

nil here: no file loaded before this line assigns it
`);
	});

	test('a string known in part shows its placeholders', () => {
		checkHover(`
--- /p/.esshconfig.lua
proxy = "ssh -F " .. essh.ssh_config .. " -W %h:%p gw"
print(pro$0xy)
`, `
**global** \`proxy\`

a string known in part, \`"ssh -F <essh.ssh_config> -W %h:%p gw"\`, assigned at .esshconfig.lua:1
`);
	});

	test('on an assignment: what it stores, or that it runs with its function', () => {
		checkHover(`
--- /p/.esshconfig.lua
targ$0et = "web"
`, `
**global** \`target\`

assigned here: the string \`"web"\`
`);
		checkHover(`
--- /p/.esshconfig.lua
function setup() targ$0et = "web" end
`, `
**global** \`target\`

assigned here when the function runs
`);
		checkHover(`
--- /p/.esshconfig.lua
function setup() target = "web" end
setup()
print(targ$0et)
`, `
**global** \`target\`

a value set when a function runs, assigned at .esshconfig.lua:1
`);
	});

	test('a global holding a host object also shows the host', () => {
		checkHover(`
--- /p/.esshconfig.lua
web = host "web" { HostName = "10.0.0.1" }
w$0eb.User = "deploy"
`, `
**global** \`web\`

the host object \`web\`, assigned at .esshconfig.lua:1

---

**host** \`web\`

\`\`\`ssh-config
Host web
    HostName 10.0.0.1
    User deploy
\`\`\`

tags: (none)

- \`HostName\` = "10.0.0.1" — own, .esshconfig.lua:1
- \`User\` = "deploy" — later assignment, .esshconfig.lua:2
`);
	});

	test('several candidates are listed', () => {
		checkHover(`
--- /p/.esshconfig.lua
user = "a"
if os.getenv("X") then user = 1 end
print(us$0er)
`, `
**global** \`user\`

one of (depending on which assignment ran):
- the string \`"a"\`, assigned at .esshconfig.lua:1
- the number \`1\`, assigned at .esshconfig.lua:2
`);
	});

	test('Lua and ESSH names keep their own hover (no global hover on print)', () => {
		checkHover(`
--- /p/.esshconfig.lua
pri$0nt("x")
`, '(none)');
	});
});

describe('rename of a global', () => {
	test('across the module and the project file', () => {
		checkRename(`
--- /p/drivers.lua
function select_host(t) return true end
--- /p/.esshconfig.lua
pcall(require, "drivers")
task "a" { prepare = select_$0host, script = "x" }
local function wrap() return select_host end
`, 'pick_host', `
--- /p/drivers.lua
function pick_host(t) return true end
--- /p/.esshconfig.lua
pcall(require, "drivers")
task "a" { prepare = pick_host, script = "x" }
local function wrap() return pick_host end
`);
	});

	test('a module shared by two projects is renamed in both', () => {
		checkRename(`
--- /home/u/.essh/lib/common.lua
function helper() end
--- /a/.esshconfig.lua
require "common"
help$0er()
--- /b/.esshconfig.lua
require "common"
helper()
`, 'assist', `
--- /home/u/.essh/lib/common.lua
function assist() end
--- /a/.esshconfig.lua
require "common"
assist()
--- /b/.esshconfig.lua
require "common"
assist()
`, { userDirectory: '/home/u/.essh' });
	});

	test('a local of the same name is left alone', () => {
		checkRename(`
--- /p/.esshconfig.lua
us$0er = "a"
do local user = "b"; print(user) end
print(user)
`, 'account', `
--- /p/.esshconfig.lua
account = "a"
do local user = "b"; print(user) end
print(account)
`);
	});

	test('refused: not an identifier, a keyword, a Lua/ESSH/library name', () => {
		const fixture = `
--- /p/.esshconfig.lua
us$0er = "a"
`;
		checkRename(fixture, '1user', 'error: "1user" is not a Lua identifier (letters, digits and underscores, not starting with a digit).');
		checkRename(fixture, 'end', 'error: "end" is a Lua keyword: a global cannot be named so.');
		checkRename(fixture, 'print', 'error: "print" is a global that Lua or ESSH defines: assigning it would replace the built-in: choose another name.');
		checkRename(fixture, 'host', 'error: "host" is a global that Lua or ESSH defines: assigning it would replace the built-in: choose another name.');
		checkRename(fixture, 'json', 'error: "json" is the name of a bundled library (`require "json"`), usually kept in a variable of that name: choose another name.');
		checkRename(fixture, 'logger_ud', 'error: "logger_ud" is a global that a bundled library creates when it is required: choose another name.');
	});

	test('refused: an existing global, or a local in scope that would capture it', () => {
		checkRename(`
--- /p/esshconfig.lua
us$0er = "a"
--- /p/esshconfig_override.lua
account = "b"
`, 'account', 'error: The global "account" is already used (/p/esshconfig_override.lua:1): after the rename the two would be one variable.');
		checkRename(`
--- /p/.esshconfig.lua
us$0er = "a"
local account = "b"
print(user)
`, 'account', 'error: A local "account" is in scope at /p/.esshconfig.lua:3: it would capture the renamed global there.');
	});

	test('refused: a global reached through _G by name', () => {
		checkRename(`
--- /p/.esshconfig.lua
us$0er = "a"
print(_G.user)
`, 'account', 'error: "user" is reached through _G at /p/.esshconfig.lua:2: it cannot be renamed safely.');
	});
});
