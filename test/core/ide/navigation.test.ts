/**
 * Fixture tests of core/ide/navigation.ts: go to definition from every kind of reference ESSH
 * names resolve through (hosts, tags, tasks, drivers, modules), find references, highlights, prepareRename and rename across files.
 */
import { describe, test } from 'node:test';
import { checkDefinition, checkDefinitionText, checkHighlights, checkHover, checkReferences, checkRename } from '../../support/ide';

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
`, 'x', 'error: Only host, tag, task and driver names and the globals the config defines can be renamed.');
	});

	test('an escape in a string is refused', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "w\\101b" {}
task "a" { targets = "w$0eb" }
`, 'x', 'error: "web" is not written as a plain string at /p/.esshconfig.lua:1: it cannot be renamed safely.');
	});
});

describe('rename: new names that would clash', () => {
	test('a host renamed to another host is refused (ESSH would keep only one of them)', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "w$0eb" {}
host "db" {}
`, 'db', 'error: Host "db" already exists (/p/.esshconfig.lua:2): after the rename ESSH would keep only one of the two hosts.');
	});

	test('a host renamed to another file\'s host of the same set is refused', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "db" {}
--- /p/.esshconfig_override.lua
host "w$0eb" {}
`, 'db', 'error: Host "db" already exists (/p/.esshconfig.lua:1): after the rename ESSH would keep only one of the two hosts.');
	});

	test('a host renamed to a tag, a tag renamed to a host: tag-host-clash', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "w$0eb" {}
host "db" { tags = { "prod" } }
`, 'prod', 'error: "prod" is a tag (/p/.esshconfig.lua:2): a host of that name would clash with it (ESSH fails with "Tag \'prod\' is duplicated with hostname.").');
		checkRename(`
--- /p/.esshconfig.lua
host "web" {}
host "db" { tags = { "pr$0od" } }
`, 'web', 'error: Host "web" exists (/p/.esshconfig.lua:1): a tag of that name would clash with it (ESSH fails with "Tag \'web\' is duplicated with hostname.").');
	});

	test('a tag renamed to another tag is refused (the two tags would merge)', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "a" { tags = { "w$0eb" } }
host "b" { tags = { "db" } }
`, 'db', 'error: Tag "db" already exists (/p/.esshconfig.lua:2): the rename would merge the two tags.');
	});

	test('a task renamed to a host, and a host renamed to a task: task-host-clash', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "web" {}
task "dep$0loy" {}
`, 'web', 'error: Host "web" exists (/p/.esshconfig.lua:1): a task of that name would clash with it (ESSH fails with "Task \'web\' is duplicated with hostname.").');
		checkRename(`
--- /p/.esshconfig.lua
host "w$0eb" {}
task "deploy" {}
`, 'deploy', 'error: Task "deploy" exists (/p/.esshconfig.lua:2): a host of that name would clash with it (ESSH fails with "Task \'deploy\' is duplicated with hostname.").');
	});

	test('a task or driver renamed to one of its own kind is refused; "default" for a driver too', () => {
		checkRename(`
--- /p/.esshconfig.lua
task "a$0" {}
task "b" {}
`, 'b', 'error: Task "b" already exists (/p/.esshconfig.lua:2): after the rename ESSH would keep only one of the two tasks.');
		checkRename(`
--- /p/.esshconfig.lua
driver "dock$0er" {}
driver "ssh" {}
`, 'ssh', 'error: Driver "ssh" already exists (/p/.esshconfig.lua:2): after the rename ESSH would keep only one of the two drivers.');
		checkRename(`
--- /p/.esshconfig.lua
driver "dock$0er" {}
`, 'default', 'error: Driver "default" is the built-in driver: a driver of that name would replace it for every task without a driver.');
	});

	test('an empty new name is refused; the same name is a no-op', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "w$0eb" {}
`, '', 'error: The new name must not be empty.');
		checkRename(`
--- /p/.esshconfig.lua
host "w$0eb" {}
`, 'web', `
--- /p/.esshconfig.lua
host "web" {}
`);
	});

	test('a task and a tag may share a name (ESSH allows it)', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "a" { tags = { "ops" } }
task "dep$0loy" {}
`, 'ops', `
--- /p/.esshconfig.lua
host "a" { tags = { "ops" } }
task "ops" {}
`);
	});

	test('namespace era: a task name with ":" is refused (public names ns:task would become ambiguous)', () => {
		checkRename(`
--- /p/esshconfig.lua
task "dep$0loy" {}
`, 'ns:deploy', 'error: Task names with ":" are ambiguous in the namespace era (public names are written "namespace:task"): choose a name without ":".', { version: '2.1' });
	});
});

describe('object aliases', () => {
	test('h {…} and h:name() of a local host object go to the host', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
local h = host "web" {}
--             ^^^^^
h$0 { User = "deploy" }
`);
		checkDefinition(`
--- /p/.esshconfig.lua
local h = host "web" {}
--             ^^^^^
print(h$0:name())
`);
	});

	test('task and driver objects', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
local t = task "deploy" {}
--             ^^^^^^^^
t$0 { description = "ship" }
`);
		checkDefinition(`
--- /p/.esshconfig.lua
local d = driver "docker" {}
--               ^^^^^^^^
d$0.engine = "sh"
`);
	});

	test('references list the alias uses; rename keeps them', () => {
		checkReferences(`
--- /p/.esshconfig.lua
local h = host "w$0eb" {}
--             ^^^^^
   h { User = "deploy" }
-- ^
print(h:name())
--    ^
task "t" { targets = "web" }
--                   ^^^^^
`);
		checkRename(`
--- /p/.esshconfig.lua
local h = host "w$0eb" {}
h { User = "deploy" }
print(h:name())
`, 'app', `
--- /p/.esshconfig.lua
local h = host "app" {}
h { User = "deploy" }
print(h:name())
`);
	});
});

describe('selections see only the hosts defined before them', () => {
	test('a select_hosts string goes to the hosts matching at that point', () => {
		checkDefinitionText(`
--- /p/.esshconfig.lua
local early = essh.select_hosts("w$0eb")
host "a" { tags = { "web" } }
`, '');
		checkDefinition(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
--   ^^^
local q = essh.select_hosts("w$0eb")
host "b" { tags = { "web" } }
`);
	});

	test('a redefined host: the selection goes to the definition in effect then', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "x" { User = "a" }
--   ^^^
essh.select_hosts("x$0"):get()[1].Port = "2222"
host "x" { User = "b" }
`);
	});

	test('hover says which hosts are selected there', () => {
		checkHover(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
local q = essh.select_hosts("w$0eb")
host "b" { tags = { "web" } }
`, 'selection `web` is a tag and selects 1 host defined before this point: `a`');
	});
});
