/**
 * Fixture tests for the checks of docs/diagnostics.md that depend on which files ESSH loads together
 * (essh-semantics.md, Files and load order): override-redefinition across the project and override files, user-config-shadowed and
 * both-config-names. The last two sit at the start of a file (column 0), so they are compared as
 * rendered `path:line:col severity code` lines rather than annotations.
 */
import { test } from 'node:test';
import { analyse, checkDiagnostics, renderDiagnostics, type CheckOptions } from '../../support/check';
import { expectText } from '../../support/expect';

/** The rendered diagnostics of every file of a fixture. */
function render(fixture: string, options: CheckOptions = {}): string {
	const { fixture: parsed, analysis } = analyse(fixture, options);
	return renderDiagnostics(analysis, parsed.files.map(file => file.path));
}

test('override-redefinition: redefining a host in .esshconfig_override.lua loses its properties', () => {
	checkDiagnostics(`
--- /p/.esshconfig.lua
host "web01" { HostName = "10.0.0.1", Port = "2222" }
task "ping" { script = "echo ping" }
--- /p/.esshconfig_override.lua
host "web01" { User = "me" }
--   ^^^^^^^ warning override-redefinition
task "ping" { description = "redefined" }
--   ^^^^^^ warning task-redefined
`);
});

test('override-redefinition: patching through select_hosts is fine', () => {
	checkDiagnostics(`
--- /p/.esshconfig.lua
host "web01" { HostName = "10.0.0.1" }
--- /p/.esshconfig_override.lua
essh.select_hosts("web01"):get()[1].User = "me"
`);
});

test('override-redefinition: also for the user override file', () => {
	checkDiagnostics(`
--- /p/.esshconfig.lua
host "web01" { HostName = "10.0.0.1" }
--- /home/u/.essh/config_override.lua
host "web01" { User = "me" }
--   ^^^^^^^ warning override-redefinition
`, { userDirectory: '/home/u/.essh' });
});

test('override-redefinition: in 2.1 the project file is esshconfig.lua', () => {
	checkDiagnostics(`
--- /p/esshconfig.lua
host "web01" { HostName = "10.0.0.1" }
--- /p/esshconfig_override.lua
host "web01" { User = "me" }
--   ^^^^^^^ warning override-redefinition
`, { version: '2.1' });
});

test('user-config-shadowed: ~/.essh/config.lua is not loaded beside a project config', () => {
	expectText(render(`
--- /p/.esshconfig.lua
host "a" {}
--- /home/u/.essh/config.lua
host "b" {}
`, { userDirectory: '/home/u/.essh' }), '/home/u/.essh/config.lua:1:1 information user-config-shadowed');
});

test('user-config-shadowed: without a project config the user config is loaded', () => {
	expectText(render(`
--- /home/u/.essh/config.lua
host "b" {}
`, { userDirectory: '/home/u/.essh' }), '');
});

test('both-config-names: esshconfig.lua wins over .esshconfig.lua', () => {
	expectText(render(`
--- /p/.esshconfig.lua
host "a" {}
--- /p/esshconfig.lua
host "b" {}
`), '/p/.esshconfig.lua:1:1 warning both-config-names');
});

test('both-config-names: one project file name is fine', () => {
	expectText(render(`
--- /p/.esshconfig.lua
host "a" {}
--- /q/esshconfig.lua
host "b" {}
`), '');
});
