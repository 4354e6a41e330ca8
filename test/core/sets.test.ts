/**
 * Evaluation sets (essh-semantics.md, Files and load order; essh-semantics.md, require, dofile and the search path): which files ESSH loads together and in what
 * order — the project file names and their era, the `_override` file, the user files, one registry
 * per project directory, loose files, `.essh/lib` modules, `require` search order and `dofile`.
 * Each test renders the sets (files in load order with their roles) and, where the order matters,
 * the registry it produces.
 */
import { test } from 'node:test';
import { analyse, renderDiagnostics } from '../support/check';
import { expectText } from '../support/expect';
import { renderSet, renderSets } from '../support/registryDump';

const USER = { userDirectory: '/home/u/.essh' };

function diagnosticsOf(source: string, options: Parameters<typeof analyse>[1] = {}): string {
	const { fixture, analysis } = analyse(source, options);
	return renderDiagnostics(analysis, fixture.files.map(file => file.path));
}

// Project file names.

test('esshconfig.lua wins over .esshconfig.lua, which is reported as ignored', () => {
	const source = `
--- /p/esshconfig.lua
host "a" {}
--- /p/.esshconfig.lua
host "b" {}
`;
	const { analysis } = analyse(source);
	expectText(renderSets(analysis), `
project /p: /p/esshconfig.lua (project)
  ignored: /p/.esshconfig.lua
`);
	expectText(renderSet(analysis, '/p'), `
host "a" [dsl /p/esshconfig.lua]
driver "default" [dsl built-in]
open: 0
`);
	expectText(diagnosticsOf(source), `
/p/.esshconfig.lua:1:1 warning both-config-names
`);
});

test('.esshconfig.lua alone is the project file from v2.2', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
host "a" {}
`, { version: '2.2' });
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project)
`);
});

test('before v2.2 only esshconfig.lua is a project file: .esshconfig.lua is a loose file', () => {
	const source = `
--- /p/.esshconfig.lua
host "a" {}
--- /q/esshconfig.lua
host "b" {}
--- /q/.esshconfig.lua
host "c" {}
`;
	const { analysis } = analyse(source, { version: '2.1' });
	expectText(renderSets(analysis), `
project /q: /q/esshconfig.lua (project)
loose /p/.esshconfig.lua: /p/.esshconfig.lua (loose)
loose /q/.esshconfig.lua: /q/.esshconfig.lua (loose)
`);
	// Nothing is ignored in that era, so nothing is reported.
	expectText(diagnosticsOf(source, { version: '2.1' }), '');
});

// Override files.

test('the _override file is loaded after the project file', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
host "a" { HostName = "project" }
--- /p/.esshconfig_override.lua
host "a" { HostName = "override" }
`);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project) -> /p/.esshconfig_override.lua (override)
`);
	expectText(renderSet(analysis, '/p'), `
host "a" [dsl /p/.esshconfig_override.lua]
  HostName = "override" (own)
driver "default" [dsl built-in]
open: 0
`);
});

test('the override of esshconfig.lua is esshconfig_override.lua; .esshconfig_override.lua is then not loaded', () => {
	const { analysis } = analyse(`
--- /p/esshconfig.lua
host "a" {}
--- /p/esshconfig_override.lua
host "b" {}
--- /p/.esshconfig_override.lua
host "c" {}
`);
	expectText(renderSets(analysis), `
project /p: /p/esshconfig.lua (project) -> /p/esshconfig_override.lua (override)
loose /p/.esshconfig_override.lua: /p/.esshconfig_override.lua (loose)
`);
});

test('a directory with only an override file loads user config, then the override, then the user override', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig_override.lua
host "a" { HostName = "override" }
--- /home/u/.essh/config.lua
host "a" { HostName = "user" }
host "u" {}
--- /home/u/.essh/config_override.lua
essh.select_hosts("a"):get()[1].User = "user-override"
`, USER);
	expectText(renderSets(analysis), `
project /p: /home/u/.essh/config.lua (user) -> /p/.esshconfig_override.lua (override) -> /home/u/.essh/config_override.lua (user-override)
user /home/u/.essh: /home/u/.essh/config.lua (user) -> /home/u/.essh/config_override.lua (user-override)
`);
	expectText(renderSet(analysis, '/p'), `
host "a" [dsl /p/.esshconfig_override.lua]
  HostName = "override" (own)
  User = "user-override" (assign)
host "u" [dsl /home/u/.essh/config.lua]
driver "default" [dsl built-in]
open: 0
`);
});

test('the user override is always loaded last', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
host "a" { HostName = "project" }
--- /p/.esshconfig_override.lua
essh.select_hosts("a"):get()[1].User = "override"
--- /home/u/.essh/config_override.lua
essh.select_hosts("a"):get()[1].User = "user-override"
`, USER);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project) -> /p/.esshconfig_override.lua (override) -> /home/u/.essh/config_override.lua (user-override)
user /home/u/.essh: /home/u/.essh/config_override.lua (user-override)
`);
	expectText(renderSet(analysis, '/p'), `
host "a" [dsl /p/.esshconfig.lua]
  HostName = "project" (own)
  User = "user-override" (assign)
driver "default" [dsl built-in]
open: 0
`);
});

test('the user config is not loaded beside a project file, and says so', () => {
	const source = `
--- /p/.esshconfig.lua
host "a" {}
--- /home/u/.essh/config.lua
host "u" {}
`;
	const { analysis } = analyse(source, USER);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project)
user /home/u/.essh: /home/u/.essh/config.lua (user)
`);
	expectText(diagnosticsOf(source, USER), `
/home/u/.essh/config.lua:1:1 information user-config-shadowed
`);
});

test('without a project file anywhere the user config is not reported as shadowed', () => {
	expectText(diagnosticsOf(`
--- /home/u/.essh/config.lua
host "u" {}
--- /home/u/.essh/config_override.lua
host "v" {}
`, USER), '');
});

test('user files are ignored when user config is disabled', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig_override.lua
host "a" {}
--- /home/u/.essh/config.lua
host "u" {}
`);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig_override.lua (override)
loose /home/u/.essh/config.lua: /home/u/.essh/config.lua (loose)
`);
});

// Sets and registries.

test('two project directories are two registries: the same host in both is no duplicate', () => {
	const source = `
--- /a/.esshconfig.lua
host "web" { HostName = "a" }
--- /b/.esshconfig.lua
host "web" { HostName = "b" }
`;
	const { analysis } = analyse(source);
	expectText(renderSets(analysis), `
project /a: /a/.esshconfig.lua (project)
project /b: /b/.esshconfig.lua (project)
`);
	expectText(renderSet(analysis, '/a') + '\n--\n' + renderSet(analysis, '/b'), `
host "web" [dsl /a/.esshconfig.lua]
  HostName = "a" (own)
driver "default" [dsl built-in]
open: 0
--
host "web" [dsl /b/.esshconfig.lua]
  HostName = "b" (own)
driver "default" [dsl built-in]
open: 0
`);
	expectText(diagnosticsOf(source), '');
});

test('a nested project directory is its own set', () => {
	const { analysis } = analyse(`
--- /a/.esshconfig.lua
host "outer" {}
--- /a/sub/.esshconfig.lua
host "inner" {}
`);
	expectText(renderSets(analysis), `
project /a: /a/.esshconfig.lua (project)
project /a/sub: /a/sub/.esshconfig.lua (project)
`);
});

test('a file outside every project forms its own set', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
host "a" {}
--- /x/tool.lua
host "t" {}
`);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project)
loose /x/tool.lua: /x/tool.lua (loose)
`);
	expectText(renderSet(analysis, '/x/tool.lua'), `
host "t" [dsl /x/tool.lua]
driver "default" [dsl built-in]
open: 0
`);
});

// Modules: require and dofile.

test('.essh/lib modules belong to their project and are loaded only through require', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
require "common"
--- /p/.essh/lib/common.lua
host "common" {}
--- /p/.essh/lib/unused.lua
host "unused" {}
`);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project)
  loaded: /p/.essh/lib/common.lua
`);
	expectText(renderSet(analysis, '/p'), `
host "common" [dsl /p/.essh/lib/common.lua]
driver "default" [dsl built-in]
open: 0
`);
});

test('user lib modules are not loose files', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
require "shared"
--- /home/u/.essh/lib/shared.lua
host "shared" {}
`, USER);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project)
  loaded: /home/u/.essh/lib/shared.lua
`);
});

test('require looks in <project>/.essh/lib before ~/.essh/lib before ./', () => {
	const all = `
--- /p/.esshconfig.lua
require "m"
--- /p/.essh/lib/m.lua
host "project-lib" {}
--- /home/u/.essh/lib/m.lua
host "user-lib" {}
--- /p/m.lua
host "working-dir" {}
`;
	const loaded = (source: string): string => analyse(source, USER).analysis.set('/p')!.registry.loadedFiles.join(' ');
	expectText(loaded(all), '/p/.esshconfig.lua /p/.essh/lib/m.lua');
	expectText(loaded(all.replace(/--- \/p\/\.essh\/lib\/m\.lua\nhost "project-lib" \{\}\n/, '')), '/p/.esshconfig.lua /home/u/.essh/lib/m.lua');
	expectText(loaded(`
--- /p/.esshconfig.lua
require "m"
--- /p/m.lua
host "working-dir" {}
`), '/p/.esshconfig.lua /p/m.lua');
});

test('require of a dotted name looks for a/b.lua', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
require "roles.web"
--- /p/.essh/lib/roles/web.lua
host "web" {}
`);
	expectText(renderSet(analysis, '/p'), `
host "web" [dsl /p/.essh/lib/roles/web.lua]
driver "default" [dsl built-in]
open: 0
`);
});

test('a module required twice is replayed once', () => {
	const source = `
--- /p/.esshconfig.lua
require "m"
host "m" { User = "project" }
require "m"
--- /p/.essh/lib/m.lua
host "m" {}
`;
	const { analysis } = analyse(source);
	expectText(renderSet(analysis, '/p'), `
host "m" [dsl /p/.esshconfig.lua]
  User = "project" (own)
driver "default" [dsl built-in]
open: 0
`);
	expectText(diagnosticsOf(source), `
/p/.esshconfig.lua:2:6 warning host-redefined
`);
});

test('an unresolved require makes the set open', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
require "missing"
host "a" {}
`);
	expectText(renderSet(analysis, '/p'), `
host "a" [dsl /p/.esshconfig.lua]
driver "default" [dsl built-in]
open: 1
`);
});

test('preloaded libraries are not files and do not open the set', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
local json = require "json"
host "a" {}
`);
	expectText(renderSet(analysis, '/p'), `
host "a" [dsl /p/.esshconfig.lua]
driver "default" [dsl built-in]
open: 0
`);
});

test('dofile resolves against the working directory and replays the file every time', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
dofile("conf/hosts.lua")
essh.select_hosts("d"):get()[1].User = "patched"
dofile("conf/hosts.lua")
--- /p/conf/hosts.lua
host "d" { HostName = "from-dofile" }
`);
	expectText(renderSet(analysis, '/p'), `
host "d" [dsl /p/conf/hosts.lua]
  HostName = "from-dofile" (own)
driver "default" [dsl built-in]
open: 0
`);
});

test('a file loaded by dofile is checked in its project\'s context only, not as a loose file', () => {
	const source = `
--- /p/.esshconfig.lua
driver "d" { engine = "x" }
host "web" {}
dofile("tasks.lua")
--- /p/tasks.lua
task "t" { driver = "d", targets = "web", script = "x" }
`;
	const { analysis } = analyse(source);
	expectText(analysis.setsOfFile('/p/tasks.lua').map(set => set.definition.id).join(' '), '/p');
	expectText(diagnosticsOf(source), '');
});

test('a dofile path that is not known opens the set', () => {
	const { analysis } = analyse(`
--- /p/.esshconfig.lua
dofile("missing.lua")
`);
	expectText(renderSet(analysis, '/p'), `
driver "default" [dsl built-in]
open: 1
`);
});

// Scale: the file → sets index.

test('5,000 one-file projects each get their own diagnostics and no one else\'s', () => {
	const files: string[] = [];
	for (let index = 0; index < 5000; index++) {
		files.push(`--- /w/p${index}/.esshconfig.lua`, `host "web" { HostName = "h${index}" }`, index % 1000 === 0 ? 'task "web" {}' : '');
	}
	files.push('--- /w/p0/esshconfig.lua', 'host "x" {}');
	const { fixture, analysis } = analyse(files.join('\n'));
	const all = analysis.allDiagnostics();
	const lines: string[] = [];
	for (const file of fixture.files.map(entry => entry.path)) {
		for (const diag of all.get(file) ?? []) {
			lines.push(`${file} ${diag.code}`);
		}
	}
	expectText(lines.join('\n'), `
/w/p0/.esshconfig.lua both-config-names
/w/p1000/.esshconfig.lua task-host-clash
/w/p2000/.esshconfig.lua task-host-clash
/w/p3000/.esshconfig.lua task-host-clash
/w/p4000/.esshconfig.lua task-host-clash
`);
	expectText(String(analysis.sets.length), '5000');
	expectText(analysis.setsOfFile('/w/p4999/.esshconfig.lua').map(set => set.definition.id).join(' '), '/w/p4999');
	expectText(analysis.setsOfFile('/w/p0/.esshconfig.lua').map(set => set.definition.id).join(' '), '');
});
