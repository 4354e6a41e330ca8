/**
 * Fixture tests of core/ide hover, symbols, code actions, lenses, inlay hints and links.
 */
import { describe, test } from 'node:test';
import { checkCodeActions, checkHover, checkInlayHints, checkLenses, checkLinks, checkSymbols, checkWorkspaceSymbols } from '../../support/ide';

describe('hover', () => {
	test('a host: ssh_config block, tags and where each value comes from', () => {
		checkHover(`
--- /p/.esshconfig.lua
host "web" { HostName = "old" }
local h = host "w$0eb" { description = "front", HostName = "10.0.0.1", tags = { "app" }, hidden = true }
group { User = "deploy", h }
h.Port = "2222"
`, `
**host** \`web\`

front

\`\`\`ssh-config
Host web
    HostName 10.0.0.1
    Port 2222
    User deploy
\`\`\`

tags: \`app\` · hidden

- \`HostName\` = "10.0.0.1" — own, .esshconfig.lua:2
- \`Port\` = "2222" — later assignment, .esshconfig.lua:4
- \`User\` = "deploy" — group default, .esshconfig.lua:3
- \`description\` = "front" — own, .esshconfig.lua:2
- \`hidden\` = true — own, .esshconfig.lua:2
- \`tags\` = { "app" } — own, .esshconfig.lua:2
`);
	});

	test('a shadowed host definition says so', () => {
		checkHover(`
--- /p/.esshconfig.lua
host "w$0eb" { HostName = "old" }
host "web" { HostName = "new" }
`, `
**host** \`web\`

**Shadowed** by the later definition at .esshconfig.lua:2: ESSH keeps only the last definition (properties are not merged).

\`\`\`ssh-config
Host web
    HostName old
\`\`\`

tags: (none)

- \`HostName\` = "old" — own, .esshconfig.lua:1
`);
	});

	test('a task: resolved hosts, driver and backend', () => {
		checkHover(`
--- /p/.esshconfig.lua
host "b" { tags = { "web" } }
host "a" { tags = { "web" } }
driver "d" { engine = "sh" }
task "dep$0loy" { description = "ship", backend = "remote", driver = "d", targets = "web" }
`, `
**task** \`deploy\`

ship

- backend: \`remote\`
- driver: \`d\` (.esshconfig.lua:3)
- targets: \`web\`
- 2 hosts: \`a\`, \`b\`
`);
	});

	test('a targets entry naming a tag', () => {
		checkHover(`
--- /p/.esshconfig.lua
host "b" { tags = { "web" } }
host "a" { tags = { "web" } }
task "deploy" { targets = { "w$0eb" } }
`, 'targets entry `web` is a tag and selects 2 hosts: `a`, `b`');
	});

	test('a property key: ssh keyword documentation', () => {
		checkHover(`
--- /p/.esshconfig.lua
host "web" { Host$0Name = "x" }
`, `
**ssh_config** \`HostName\`

The real host name or IP address to connect to; the ESSH host name is only the alias written after \`Host\`.
`);
	});

	test('a task key', () => {
		checkHover(`
--- /p/.esshconfig.lua
task "t" { back$0end = "local" }
`, `
**task key** \`backend\`

Where the script runs: \`"local"\` (default) or \`"remote"\` (over ssh on each target host).

Another string is fatal: \`backend must be 'local' or 'remote'.\`

**A non-string value is silently ignored** and the task runs locally.
`);
	});
});

describe('symbols', () => {
	test('groups nest their members', () => {
		checkSymbols(`
--- /p/.esshconfig.lua
group {
    User = "x",
    hosts = { web = { HostName = "1.2.3.4" } },
}
host "db" { description = "database" }
task "deploy" {}
driver "d" {}
`, `
group group (1 host) "group"
  host web (1.2.3.4) "web"
host db (database) "\\"db\\""
task deploy "\\"deploy\\""
driver d "\\"d\\""
`);
	});

	test('workspace symbols match fuzzily, best first', () => {
		checkWorkspaceSymbols(`
--- /p/.esshconfig.lua
host "web01" {}
host "db-web" {}
host "wxeyb" {}
task "web" {}
`, 'web', `
task web /p/.esshconfig.lua
host web01 /p/.esshconfig.lua
host db-web /p/.esshconfig.lua
host wxeyb /p/.esshconfig.lua
`);
	});
});

describe('code actions', () => {
	test('quote a number ssh value', () => {
		checkCodeActions(`
--- /p/.esshconfig.lua
host "web" { Port = $022 }
`, `
quickfix* Quote the value: "22" [host-ssh-prop-type]
  /p/.esshconfig.lua:1 "22" -> "\\"22\\""
`);
	});

	test('did-you-mean and add missing host for an unresolved target', () => {
		checkCodeActions(`
--- /p/.esshconfig.lua
host "web01" {}
task "t" { targets = { "web0$02" } }
`, `
quickfix* Change to "web01" [target-unresolved]
  /p/.esshconfig.lua:2 "\\"web02\\"" -> "\\"web01\\""
quickfix Add missing host "web02" [target-unresolved]
  /p/.esshconfig.lua:3 "" -> "\\nhost \\"web02\\" {}\\n"
`);
	});

	test('fix keyword case of an unknown lower-case key', () => {
		checkCodeActions(`
--- /p/.esshconfig.lua
host "web01" { host$0name = "x" }
`, `
quickfix* Change to \`HostName\` [host-unknown-field]
  /p/.esshconfig.lua:1 "hostname" -> "HostName"
`);
	});
});

describe('lenses and hints', () => {
	test('task lenses', () => {
		checkLenses(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
task "deploy" { targets = "web" }
task "local" {}
`, `
2: → 1 host essh.showTaskHosts ["/p","deploy"]
2: Run task essh.runTask ["/p","deploy"]
3: → local, no hosts essh.showTaskHosts ["/p","local"]
3: Run task essh.runTask ["/p","local"]
`);
	});

	test('inlay hints after targets', () => {
		checkInlayHints(`
--- /p/.esshconfig.lua
host "a" { tags = { "web" } }
host "b" { tags = { "web" } }
task "deploy" { targets = { "web" } }
`, '3:36 → 2 hosts');
	});
});

describe('links', () => {
	test('require, dofile and script_file', () => {
		checkLinks(`
--- /p/.esshconfig.lua
require "hosts"
dofile "extra.lua"
task "t" { script_file = "run.sh" }
--- /p/.essh/lib/hosts.lua
host "a" {}
`, `
"hosts" -> /p/.essh/lib/hosts.lua (Module "hosts": /p/.essh/lib/hosts.lua)
"extra.lua" -> (unresolved) ("extra.lua" is not found relative to /p (where essh runs))
"run.sh" -> (unresolved) ("run.sh" is not found relative to /p (where essh runs))
`);
	});
});
