/**
 * Fixture tests of core/ide/completion.ts: host/tag, driver and backend values in strings, keys of
 * hosts, tasks, drivers and groups, top-level snippets, in half-typed files that do not parse
 * (candidates then come from the file's last good symbols).
 */
import { describe, test } from 'node:test';
import { checkCompletionRange, checkCompletions } from '../../support/ide';

const HOSTS = `
--- /p/.essh/lib/hosts.lua
host "web01" { description = "front 1", tags = { "web" } }
host "web02" { tags = { "web", "prod" } }
host "db01" { tags = { "db" } }
`;

const HOST_ENTRIES = `
host db01 .essh/lib/hosts.lua
host web01 front 1
host web02 .essh/lib/hosts.lua
tag db tag: 1 host
tag prod tag: 1 host
tag web tag: 2 hosts
`;

describe('values', () => {
	test('targets string in a half-typed file: hosts and tags from the last good registry', () => {
		checkCompletions(`${HOSTS}
--- /p/.esshconfig.lua
require "hosts"
task "deploy" { targets = "we$0
`, HOST_ENTRIES, { lastGood: 'require "hosts"\ntask "deploy" {}' });
	});

	test('targets table entry after non-ASCII text on the line before (the entry already written is left out)', () => {
		checkCompletions(`${HOSTS}
--- /p/.esshconfig.lua
require "hosts"
-- déploiement 🚀
task "deploy" { targets = { "web", "$0" } }
`, HOST_ENTRIES.replace('tag web tag: 2 hosts\n', ''));
	});

	test('driver = " in a half-typed file lists every driver', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
driver "docker" { engine = "x" }
driver "ssh" { engine = "y" }
task "deploy" { driver = "do$0
`, `
driver default built-in
driver docker .esshconfig.lua
driver ssh .esshconfig.lua
`, { lastGood: 'driver "docker" { engine = "x" }\ndriver "ssh" { engine = "y" }' });
	});

	test('the replace range is the string contents', () => {
		checkCompletionRange(`
--- /p/.esshconfig.lua
driver "docker" { engine = "x" }
task "deploy" { driver = "do$0ck" }
`, '"dock"');
	});

	test('the replace range of an unterminated string ends at the word', () => {
		checkCompletionRange(`
--- /p/.esshconfig.lua
task "deploy" { driver = "do$0ck }
`, '"dock"');
	});

	test('backend values', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
task "deploy" { backend = "$0" }
`, `
value local run the script on this machine (default)
value remote run the script on each target host over ssh
`);
	});

	test('select_hosts and :filter strings', () => {
		checkCompletions(`${HOSTS}
--- /p/.esshconfig.lua
require "hosts"
local q = essh.select_hosts("web"):filter({ "$0" })
`, HOST_ENTRIES);
	});

	test('namespace era: a namespace task sees the namespace hosts', () => {
		checkCompletions(`
--- /p/esshconfig.lua
host "global" {}
namespace "ns" {
    hosts = { inner = { tags = { "t" } } },
    tasks = { deploy = { targets = { "$0" } } },
}
`, `
host inner esshconfig.lua
tag t tag: 1 host
`, { version: '2.1' });
	});
});

describe('values in files that never parsed', () => {
	test('hosts of the other files of the set, and hosts written in the file itself', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
host "web01" { tags = { "web" } }
--- /p/.esshconfig_override.lua
host "local1" {}
host('local2', {})
task "deploy" { targets = { "$0
`, `
host local1 .esshconfig_override.lua
host local2 .esshconfig_override.lua
host web01 .esshconfig.lua
tag web tag: 1 host
`);
	});

	test('hosts of a module the file requires', () => {
		checkCompletions(`${HOSTS}
--- /p/.esshconfig.lua
require "hosts"
task "deploy" { targets = "$0
`, `
host db01 .essh/lib/hosts.lua
host web01 .essh/lib/hosts.lua
host web02 .essh/lib/hosts.lua
`);
	});

	test('drivers of the other files of the set', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
driver "docker" {}
--- /p/.esshconfig_override.lua
task "deploy" { driver = "$0
`, `
driver default built-in
driver docker .esshconfig.lua
`);
	});
});

describe('entries already in the list', () => {
	test('a targets table leaves out the entries it already has', () => {
		checkCompletions(`${HOSTS}
--- /p/.esshconfig.lua
require "hosts"
task "deploy" { targets = { "web01", "$0", 'db' } }
`, `
host db01 .essh/lib/hosts.lua
host web02 .essh/lib/hosts.lua
tag prod tag: 1 host
tag web tag: 2 hosts
`);
	});

	test('the entry under the cursor is still offered', () => {
		checkCompletions(`${HOSTS}
--- /p/.esshconfig.lua
require "hosts"
task "deploy" { filters = {
    "web",
    "db0$01",
} }
`, `
host db01 .essh/lib/hosts.lua
host web01 front 1
host web02 .essh/lib/hosts.lua
tag db tag: 1 host
tag prod tag: 1 host
`);
	});
});

describe('template fields', () => {
	test('driver engine: the fields of the driver template', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
driver "d" {
    engine = [[
        {{template "environment" .}}
        {{range .Scripts}}{{.code}}{{end}} {{.$0
`, `
field .Debug driver template
field .Driver driver template
field .Executable driver template (v2.5+)
field .GOARCH driver template
field .GOOS driver template
field .Host driver template
field .SSHConfigPath driver template
field .Scripts driver template
field .Task driver template
`);
	});

	test('.Executable needs v2.5', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
driver "d" { engine = "{{ .E$0 }}" }
`, `
field .Debug driver template
field .Driver driver template
field .GOARCH driver template
field .GOOS driver template
field .Host driver template
field .SSHConfigPath driver template
field .Scripts driver template
field .Task driver template
`, { version: '2.4' });
	});

	test('task prefix: .Host and .Task, replacing the dotted word', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
task "t" { prefix = "[{{.Ho$0}}] " }
`, `
field .Host prefix template
field .Task prefix template
`);
		checkCompletionRange(`
--- /p/.esshconfig.lua
task "t" { prefix = "[{{.Ho$0st}}] " }
`, '".Host"');
	});

	test('nothing outside an action or after a nested field', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
task "t" { prefix = "[.Ho$0] " }
`, '');
		checkCompletions(`
--- /p/.esshconfig.lua
task "t" { prefix = "{{.Host.Na$0}}" }
`, '');
	});
});

describe('keys', () => {
	test('task keys in a half-typed task', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
task "deploy" {
    description = "x",
    ba$0
`, `
key args task key
key backend task key
key description task key
key disabled task key
key driver task key
key filters task key
key hidden task key
key parallel task key
key prefix task key
key prepare task key
key privileged task key
key props task key
key pty task key
key script task key
key script_file task key
key ssh_options task key
key targets task key
key user task key
`, { kinds: ['key'] });
	});

	test('task keys follow the version (no user or ssh_options in 2.0)', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
task "deploy" { $0 }
`, `
key args task key
key backend task key
key description task key
key disabled task key
key driver task key
key filters task key
key hidden task key
key parallel task key
key prefix task key
key prepare task key
key privileged task key
key props task key
key pty task key
key script task key
key script_file task key
key targets task key
`, { kinds: ['key'], version: '2.0' });
	});

	test('host keys include ssh_config keywords in canonical case', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
host "web" {
    User = "x",
    hos$0
}
`, `
key hooks_after_connect host key
key hooks_after_disconnect host key
key hooks_before_connect host key
sshKeyword HostKeyAlgorithms ssh_config
sshKeyword HostKeyAlias ssh_config
sshKeyword HostName ssh_config
sshKeyword HostbasedAcceptedAlgorithms ssh_config
sshKeyword HostbasedAuthentication ssh_config
`, { labelPrefix: 'ho' });
	});

	test('a group of drivers offers group keys and driver keys', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
group {
    $0
    drivers = { d = {} },
}
`, `
key drivers group members
key engine default: driver key
key hosts group members
key tasks group members
`);
	});

	test('no key completion in a value position', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
host "web" { User = us$0 }
`, '');
	});

	test('top level offers snippets', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
host "a" {}
ho$0
`, `
snippet driver driver definition
snippet group group with member defaults
snippet host host definition
snippet task task definition
`);
	});

	test('nothing inside a comment', () => {
		checkCompletions(`
--- /p/.esshconfig.lua
-- task "x" { driver = "$0" }
`, '');
	});
});
