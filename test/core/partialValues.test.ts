/**
 * Partly known values (essh-semantics.md, Partly known values): a string built with `..` from known
 * and unknown operands keeps its literal pieces. Type checks take it as a string, exact-value checks
 * stay quiet, proxy host names inside its known pieces are checked and navigable, and the generated
 * ssh_config, `show` and hover write it with `<label>` for each unknown part.
 */
import { describe, test } from 'node:test';
import { generateSshConfig, hostDescription, renderValue } from '../../server/src/core/queries';
import { analyse, checkDiagnostics } from '../support/check';
import { expectText } from '../support/expect';
import { checkCodeActions, checkDefinition, checkHover, checkReferences, checkRename } from '../support/ide';

function sshConfigOf(source: string): string {
	const { analysis } = analyse(source);
	// expectText compares trimmed texts: the blank line that ends each block is covered by lookups.test.ts.
	return generateSshConfig(analysis.set('/main.lua')!.registry).trimEnd();
}

function shownValue(source: string, host: string, key: string): string {
	const { analysis } = analyse(source);
	const entry = analysis.set('/main.lua')!.registry.hosts.get(host)!.properties.get(key)!;
	return renderValue(entry);
}

describe('lowering and the generated ssh_config', () => {
	test('ESSH\'s gateway idiom keeps the ProxyCommand, with a placeholder for essh.ssh_config', () => {
		expectText(sshConfigOf(`
host "gateway" { HostName = "192.0.2.1" }
host "web" { HostName = "192.0.2.2", ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gateway" }
`), `
Host gateway
    HostName 192.0.2.1

Host web
    HostName 192.0.2.2
    ProxyCommand ssh -q -F <essh.ssh_config> -W %h:%p gateway
`);
	});

	test('a concatenation of known strings and numbers is a plain string (numbers as tostring writes them)', () => {
		expectText(sshConfigOf(`
host "web" { ProxyCommand = "nc %h " .. 0x16 .. "" }
`), `
Host web
    ProxyCommand nc %h 22
`);
	});

	test('a concatenation with no known piece is left out, as any computed value', () => {
		expectText(sshConfigOf(`
local a, b = os.getenv("A"), os.getenv("B")
host "web" { HostName = "192.0.2.2", User = a .. b }
`), `
Host web
    HostName 192.0.2.2
`);
	});

	test('nested concatenations flatten, through locals too; each unknown part is labelled by its expression', () => {
		expectText(sshConfigOf(`
local ssh = "ssh -F " .. essh.ssh_config
local port, cfg = os.getenv("PORT"), require("json").decode(os.getenv("CFG"))
host "web" { ProxyCommand = ssh .. " -l " .. os.getenv("USER") .. " -p " .. port .. " " .. cfg.jump[1] .. " nc %h %p" }
`), `
Host web
    ProxyCommand ssh -F <essh.ssh_config> -l <os.getenv(…)> -p <port> <cfg.jump[1]> nc %h %p
`);
	});

	test('an index with a literal key is labelled as written', () => {
		expectText(sshConfigOf(`
host "web" { ProxyCommand = "ssh -F " .. essh["ssh_config"] .. " -W %h:%p gw" }
`), `
Host web
    ProxyCommand ssh -F <essh["ssh_config"]> -W %h:%p gw
`);
	});

	test('descriptions of hosts and tasks are listed with their placeholders', () => {
		const { analysis } = analyse(`
local stage = os.getenv("STAGE")
host "web" { description = "front end (" .. stage .. ")" }
task "deploy" { description = "deploy to " .. stage, script = "true" }
`);
		const registry = analysis.set('/main.lua')!.registry;
		expectText([registry.hosts.get('web')!, registry.tasks.get('deploy')!].map(hostDescription).join('\n'), `
front end (<stage>)
deploy to <stage>
`);
	});

	test('show and hover render a partial value quoted, with its placeholders', () => {
		expectText(shownValue(`
local env = os.getenv("STAGE")
host "web" { User = "deploy-" .. env }
`, 'web', 'User'), '"deploy-<env>"');
	});
});

describe('type checks take a partial value as a string', () => {
	test('an SSH property built with .. is a string: no host-ssh-prop-type', () => {
		checkDiagnostics(`
local suffix = os.getenv("SUFFIX")
host "web" { Port = "22" .. suffix, User = 22 }
--                                         ^^ error host-ssh-prop-type
`);
	});

	test('a string where a boolean is required fails whatever its exact value', () => {
		checkDiagnostics(`
local suffix, flag = os.getenv("SUFFIX"), os.getenv("FLAG") == "1"
host "web" { hidden = "yes" .. suffix }
--                    ^^^^^^^^^^^^^^^ error host-field-type
host "db" { hidden = flag }
`);
	});

	test('a line break in a known piece is in the value: ssh-value-newline', () => {
		checkDiagnostics(`
local suffix = os.getenv("SUFFIX")
host "web" { User = "deploy\\nHost *" .. suffix }
--                  ^^^^^^^^^^^^^^^^^^^^^^^^^^ warning ssh-value-newline
host "db" { User = "deploy" .. suffix }
`);
	});

	test('a task script, prefix and description built with .. are strings; prepare must still be a function', () => {
		checkDiagnostics(`
local name = os.getenv("NAME")
task "t" { description = "run " .. name, script = "echo " .. name, prefix = "[" .. name .. "]" }
task "u" { prepare = "echo " .. name }
--                   ^^^^^^^^^^^^^^^ error task-prepare-type
`);
	});

	test('a Task object called with a partial string takes it as its script', () => {
		checkDiagnostics(`
local name = os.getenv("NAME")
local t = task "t"
t("echo " .. name)
local h = host "h"
h("x" .. name)
--^^^^^^^^^^^ error call-arg-type
`);
	});

	test('group with a partial string is still a named group', () => {
		checkDiagnostics(`
local suffix = os.getenv("SUFFIX")
local g = group("web" .. suffix)
--              ^^^^^^^^^^^^^^^ error group-string-name
`);
	});

	test('a table-of-hosts key built with .. is a name computed at run time, not a wrong key', () => {
		checkDiagnostics(`
local n = os.getenv("N")
host { ["web" .. n] = { HostName = "192.0.2.2" } }
`);
	});
});

describe('exact-value checks stay quiet on a partial value', () => {
	test('backend, driver and targets built with .. are not judged', () => {
		checkDiagnostics(`
local mode, suffix, n = os.getenv("MODE"), os.getenv("SUFFIX"), os.getenv("N")
driver "docker" { engine = "sh" }
task "a" { backend = "re" .. mode, driver = "dock" .. suffix, targets = "web" .. n, script = "x" }
task "b" { backend = "remot", driver = "dockr", targets = "nope", script = "x" }
--                   ^^^^^^^ error task-backend-value
--                                     ^^^^^^^ warning task-driver-unknown
--                                              ^^^^^^^ warning target-empty
--                                                        ^^^^^^ warning target-unresolved
`);
	});
});

describe('proxy checks on the known pieces', () => {
	test('a typo in the host after -W %h:%p is reported on the name inside its literal', () => {
		checkDiagnostics(`
host "gateway" {}
host "web" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gatway" }
--                                                                        ^^^^^^ warning proxy-host-unknown
host "app" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gateway" }
`);
	});

	test('proxy-no-essh-config needs the whole command: quiet when a part is unknown', () => {
		checkDiagnostics(`
local opts = os.getenv("SSH_OPTS")
host "gateway" {}
host "web" { ProxyCommand = "ssh " .. opts .. " -W %h:%p gateway" }
host "app" { ProxyCommand = "ssh -W %h:%p gateway" }
--                                        ^^^^^^^ warning proxy-no-essh-config
`);
	});

	test('a name touching an unknown part is not a name', () => {
		checkDiagnostics(`
local suffix, jump = os.getenv("SUFFIX"), os.getenv("JUMP")
host "web" { ProxyCommand = "ssh -F " .. essh.ssh_config .. " -W %h:%p gate" .. suffix }
host "app" { ProxyJump = "admin@" .. jump }
host "db" { ProxyJump = jump .. "gate" }
host "mq" { ProxyJump = "gatway," .. jump }
--                       ^^^^^^ warning proxy-host-unknown
`);
	});

	test('an ssh destination is not guessed past an unknown part, except the value of an option', () => {
		checkDiagnostics(`
local opts = os.getenv("SSH_OPTS")
host "web" { ProxyCommand = "ssh " .. opts .. " gatway" }
host "app" { ProxyCommand = "ssh -F " .. essh.ssh_config .. " gatway" }
--                                                            ^^^^^^ warning proxy-host-unknown
`);
	});

	test('ns-proxy-outside: a namespace host whose partial ProxyCommand names a global host', () => {
		checkDiagnostics(`
host "gateway" {}
namespace "shop" { host "web" { ProxyCommand = "ssh -F " .. essh.ssh_config .. " -W %h:%p gateway" } }
--                                                                                        ^^^^^^^ warning ns-proxy-outside
namespace "shop2" { host "gateway" {}, host "app" { ProxyCommand = "ssh -F " .. essh.ssh_config .. " -W %h:%p gateway" } }
`, { version: '2.1' });
	});

	test('the host after -W %h:%p must follow it directly in known text', () => {
		checkDiagnostics(`
local fmt = os.getenv("FORMAT")
host "web" { ProxyCommand = "connect -W " .. fmt .. " gatway" }
host "app" { ProxyCommand = fmt .. " -W %h:%p gatway" }
--                                            ^^^^^^ warning proxy-host-unknown
`);
	});
});

describe('navigation on the known pieces', () => {
	test('definition from a proxy name inside a partial ProxyCommand', () => {
		checkDefinition(`
--- /p/.esshconfig.lua
host "gateway" { HostName = "192.0.2.1" }
--   ^^^^^^^^^
host "web" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gate$0way" }
`);
	});

	test('references of a host include the proxy name inside a partial ProxyCommand', () => {
		checkReferences(`
--- /p/.esshconfig.lua
host "gate$0way" { HostName = "192.0.2.1" }
--   ^^^^^^^^^
host "web" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gateway" }
--                                                                        ^^^^^^^
`, { includeDeclaration: true });
	});

	test('rename edits the name inside the literal piece', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "gate$0way" {}
host "web" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gateway" }
`, 'bastion', `
--- /p/.esshconfig.lua
host "bastion" {}
host "web" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p bastion" }
`);
	});

	test('a partial command kept in a local and used by several hosts is renamed once, in its literal', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "gate$0way" {}
local ssh = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gateway"
host "a" { ProxyCommand = ssh }
host "b" { ProxyCommand = ssh }
`, 'bastion', `
--- /p/.esshconfig.lua
host "bastion" {}
local ssh = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p bastion"
host "a" { ProxyCommand = ssh }
host "b" { ProxyCommand = ssh }
`);
	});

	test('a name in a joined literal that is not one source string is found but not renamed', () => {
		checkRename(`
--- /p/.esshconfig.lua
host "gate$0way" {}
host "web" { ProxyCommand = "ssh -F " .. essh.ssh_config .. (" -W %h:%p " .. "gateway\\t") }
`, 'bastion', `
error: "gateway" is not written as a plain string at /p/.esshconfig.lua:2: it cannot be renamed safely.
`);
	});

	test('the did-you-mean fix replaces just the name inside the literal piece', () => {
		checkCodeActions(`
--- /p/.esshconfig.lua
host "gateway" {}
host "web" { ProxyCommand = "ssh -F " .. essh.ssh_config .. " -W %h:%p gat$0way" }
`, `
quickfix* Change to \`gateway\` [proxy-host-unknown]
  /p/.esshconfig.lua:2 "gatway" -> "gateway"
`);
	});

	test('no did-you-mean fix where the name is not written as its own characters', () => {
		// The typo is reported on the literal that holds it; replacing that literal with the name would break the code.
		checkDiagnostics(`
host "gateway" {}
host "web" { ProxyCommand = "ssh -F " .. essh.ssh_config .. (" -W %h:%p " .. "gatway") }
--                                                           ^^^^^^^^^^^^^^^^^^^^^^^^ warning proxy-host-unknown
host "app" { ProxyJump = [[gatway]] }
--                       ^^^^^^^^^^ warning proxy-host-unknown
`);
		checkCodeActions(`
--- /p/.esshconfig.lua
host "gateway" {}
$0host "web" { ProxyCommand = "ssh -F " .. essh.ssh_config .. (" -W %h:%p " .. "gatway") }
host "app" { ProxyJump = [[gatway]] }$0
`, '');
	});

	test('hover on a host writes the partial value with its placeholder', () => {
		checkHover(`
--- /p/.esshconfig.lua
host "w$0eb" { ProxyCommand = "ssh -q -F " .. essh.ssh_config .. " -W %h:%p gateway" }
`, `
**host** \`web\`

\`\`\`ssh-config
Host web
    ProxyCommand ssh -q -F <essh.ssh_config> -W %h:%p gateway
\`\`\`

tags: (none)

- \`ProxyCommand\` = "ssh -q -F <essh.ssh_config> -W %h:%p gateway" — own, .esshconfig.lua:1
`);
	});
});
