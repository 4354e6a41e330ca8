/**
 * Fixture tests of core/ide/navigation.ts: go to definition from every reference kind of
 * reference §9, find references, highlights, prepareRename and rename across files.
 */
import { describe, test } from 'node:test';
import { checkDefinition, checkDefinitionText, checkHighlights, checkReferences, checkRename } from '../../support/ide';

describe('definition', () => {
	test('a targets entry naming a host goes to the host, across files (module required by the project)', () => {
		checkDefinition(`
--- /p/.essh/lib/hosts.lua
host "web01" { HostName = "10.0.0.1" }
--   ^^^^^^^
--- /p/.esshconfig.lua
require "hosts"
task "deploy" { targets = { "web$001" } }
`);
	});

	test('a targets entry naming a tag goes to every host carrying it', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
--   ^^^
host "b" { tags = { "db" } }
host "c" { tags = { "web", "db" } }
--   ^^^
task "deploy" { targets = "w$0eb" }
`);
	});

	test('a tag string in a tags table goes to every host carrying the tag', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "a" { tags = { "w$0eb" } }
--   ^^^
host "c" { tags = { "web" } }
--   ^^^
`);
	});

	test('filters entries and select_hosts strings resolve like targets', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
--   ^^^
local q = essh.select_hosts("web"):filter("$0a")
`);
	});

	test('driver = "x" goes to the driver', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
driver "docker" { engine = "sh" }
--     ^^^^^^^^
task "deploy" { driver = "dock$0er" }
`);
	});

	test('driver = "default" with only the built-in default goes nowhere', () => {
		checkDefinitionText(`
--- /p/.esshconfig.lua
task "deploy" { driver = "def$0ault" }
`, '');
	});

	test('a user driver "default" is found', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
driver "default" { engine = "sh" }
--     ^^^^^^^^^
task "deploy" { driver = "def$0ault" }
`);
	});

	test('ProxyJump names resolve to hosts', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "bastion" { HostName = "1.2.3.4" }
--   ^^^^^^^^^
host "web" { ProxyJump = "admin@bas$0tion:2222" }
`);
	});

	test('a definition name goes to the whole definition chain', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "w$0eb" { User = "a" }
--   ^^^^^
host "web" { User = "b" }
--   ^^^^^
`);
	});

	test('require goes to the module file', () => {
		checkDefinitionText(`
--- /p/.essh/lib/hosts.lua
host "a" {}
--- /p/.esshconfig.lua
require "ho$0sts"
`, '/p/.essh/lib/hosts.lua:0 (require)');
	});

	test('non-ASCII text on the line before does not shift offsets', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "é😀" { tags = { "web" } }
--   ^^^^^
-- café 😀 ünïcode
task "t" { targets = { "é😀", "w$0eb" } }
`);
	});

	test('an object alias goes to its host', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
local h = host "web" {}
--             ^^^^^
h$0.User = "deploy"
`);
	});

	test('namespace era: a namespace task resolves within its namespace', () => {
		checkDefinition(`
--- /p/esshconfig.lua
host "web" { tags = { "x" } }
namespace "ns" {
    hosts = {
        web = { tags = { "x" } },
--      ^^^
    },
    tasks = {
        deploy = { targets = { "w$0eb" } },
    },
}
`, { version: '2.1' });
	});
});

describe('references', () => {
	test('a host: its definition, targets resolving to it, proxies and selections, across files', () => {
		checkReferences(`
--- /p/.essh/lib/hosts.lua
host "web01" { HostName = "10.0.0.1" }
--   ^^^^^^^
--- /p/.esshconfig.lua
require "hosts"
host "x" { ProxyJump = "web01" }
--                      ^^^^^
task "deploy" { targets = { "web$001" } }
--                          ^^^^^^^
task "other" { targets = "web", filters = { "web01" } }
--                                          ^^^^^^^
`);
	});

	test('a tag: every tag string and every entry naming it', () => {
		checkReferences(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
--                  ^^^^^
host "b" { tags = { "web", "db" } }
--                  ^^^^^
task "deploy" { targets = "w$0eb" }
--                        ^^^^^
`);
	});

	test('without declarations only uses are listed', () => {
		checkReferences(`
--- /p/.esshconfig.lua
driver "d$0" { engine = "x" }
task "a" { driver = "d" }
--                  ^^^
task "b" { driver = "d" }
--                  ^^^
`, { includeDeclaration: false });
	});
});

describe('highlights', () => {
	test('definitions are writes, uses are reads', () => {
		checkHighlights(`
--- /p/.esshconfig.lua
host "web" {}
task "a" { targets = { "we$0b" } }
task "b" { targets = "web" }
`, `
write "web"
read "web"
read "web"
`);
	});
});

describe('rename', () => {
	test('a host across files renames targets, filters, proxies and selections', () => {
		checkRename(`
--- /p/.essh/lib/hosts.lua
host "web01" { HostName = "10.0.0.1" }
--- /p/.esshconfig.lua
require 'hosts'
host "x" { ProxyJump = "admin@web01:22" }
task "deploy" { targets = { 'web$001' }, filters = "web01" }
local q = essh.select_hosts("web01")
`, 'app01', `
--- /p/.essh/lib/hosts.lua
host "app01" { HostName = "10.0.0.1" }
--- /p/.esshconfig.lua
require 'hosts'
host "x" { ProxyJump = "admin@app01:22" }
task "deploy" { targets = { 'app01' }, filters = "app01" }
local q = essh.select_hosts("app01")
`);
	});

	test('a tag renames every tag string and target entry naming it', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
host "b" { tags = { "w$0eb", "db" } }
task "deploy" { targets = { "web", "db" } }
`, 'frontend', `
--- /p/.esshconfig.lua
host "a" { tags = { "frontend" } }
host "b" { tags = { "frontend", "db" } }
task "deploy" { targets = { "frontend", "db" } }
`);
	});

	test('a driver renames its definition and every driver = "x"', () => {
		checkRename(`
--- /p/.esshconfig.lua
driver "docker" { engine = "sh" }
task "a" { driver = "dock$0er" }
`, 'podman', `
--- /p/.esshconfig.lua
driver "podman" { engine = "sh" }
task "a" { driver = "podman" }
`);
	});

	test('a task renames its definitions; table keys stay valid Lua', () => {
		checkRename(`
--- /p/.esshconfig.lua
group { tasks = { deploy = { script = "x" } } }
task "dep$0loy" { script = "y" }
`, 'ship-it', `
--- /p/.esshconfig.lua
group { tasks = { ["ship-it"] = { script = "x" } } }
task "ship-it" { script = "y" }
`);
	});

	test('object aliases are kept, and renaming on one is refused', () => {
		checkRename(`
--- /p/.esshconfig.lua
local h = host "web" {}
h.User = "deploy"
task "t" { targets = "w$0eb" }
`, 'app', `
--- /p/.esshconfig.lua
local h = host "app" {}
h.User = "deploy"
task "t" { targets = "app" }
`);
		checkRename(`
--- /p/.esshconfig.lua
local h = host "web" {}
h$0.User = "deploy"
`, 'app', 'error: This is a variable holding the object: rename its name string instead.');
	});

	test('the built-in default driver is refused', () => {
		checkRename(`
--- /p/.esshconfig.lua
task "a" { driver = "defa$0ult" }
`, 'x', 'error: The "default" driver is used by every task without a driver: it cannot be renamed.');
	});

	test('a name built dynamically is refused', () => {
		checkRename(`
--- /p/.esshconfig.lua
host ("we" .. "b") {}
task "a" { targets = "w$0eb" }
`, 'x', 'error: "web" is not written as a plain string at /p/.esshconfig.lua:1: it cannot be renamed safely.');
	});

	test('a position that is no name is refused', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "web" { Us$0er = "x" }
`, 'x', 'error: Only host, tag, task and driver names can be renamed.');
	});

	test('an escape in a string is refused', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "w\\101b" {}
task "a" { targets = "w$0eb" }
`, 'x', 'error: "web" is not written as a plain string at /p/.esshconfig.lua:1: it cannot be renamed safely.');
	});
});
