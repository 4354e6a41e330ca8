/**
 * The sevir/essh fork as ESSH 3.5.0-3.8.3: what a config can see of it. Its gopher-lua v1.1.1
 * dialect (goto and labels, unknown escapes read as the character, `break` still last in a block,
 * numbers where ESSH asks for a string), its extra bundled libraries, and its project-file
 * preference. Each case fires on its smallest trigger and stays silent on its nearest valid
 * neighbour, in the version that has it and in 3.4 where the answer differs.
 */
import { test } from 'node:test';
import { analyse, checkDiagnostics, renderDiagnostics } from '../../support/check';
import { expectText } from '../../support/expect';
import { checkCompletions, checkHover } from '../../support/ide';
import { renderSet, renderSets } from '../../support/registryDump';

const FORK = { version: '3.8.3' };

function diagnosticsOf(source: string, options: Parameters<typeof analyse>[1] = {}): string {
	const { fixture, analysis } = analyse(source, options);
	return renderDiagnostics(analysis, fixture.files.map(file => file.path));
}

// Dialect.

test('fork: goto and labels parse (Lua 5.2), and loops with `goto continue` register their hosts', () => {
	checkDiagnostics(`
for _, n in ipairs({ "a", "b" }) do
    if n == "skip" then goto continue end
    ::continue::
end
host "web" { HostName = "10.0.0.1" }
`, FORK);
});

test('3.4: the same goto is a syntax error', () => {
	checkDiagnostics(`
for _, n in ipairs({ "a" }) do
    if n == "skip" then goto continue end
--                           ^^^^^^^^ error lua-syntax
    ::continue::
end
`);
});

test('fork: a goto without a visible label is an error', () => {
	expectText(diagnosticsOf('goto nowhere\n', FORK), '/main.lua:1:1 error lua-syntax');
	expectText(diagnosticsOf('goto done\n::done::\n', FORK), '');
});

test('fork: goto is a reserved word, so a field named goto is a syntax error', () => {
	checkDiagnostics(`
driver "d" { engine = "x", goto = 1 }
--                         ^^^^ error lua-syntax
`, FORK);
});

test('3.4: a field named goto is fine', () => {
	checkDiagnostics(`
driver "d" { engine = "x", goto = 1 }
`);
});

test('fork: an unknown escape is the character itself, not an error', () => {
	const { analysis } = analyse(`
host "w" { HostName = "10.0.0.1", description = "C:\\data\\x41" }
`, FORK);
	expectText(renderDiagnostics(analysis, ['/main.lua']), '');
	expectText(renderSet(analysis, '/main.lua').split('\n').filter(line => line.includes('description')).join('\n').trim(), `
description = "C:datax41" (own)
`);
});

test('3.4: the same escape is an error', () => {
	checkDiagnostics(`
host "w" { description = "C:\\data" }
--                          ^^ error lua-bad-escape
`);
});

test('fork: break followed by another statement is a syntax error, as it is in 3.4', () => {
	checkDiagnostics(`
while true do break host "x" {} end
--                  ^^^^^^^^^^^ error lua-syntax
`, FORK);
});

test('fork: break as the last statement of its block is fine', () => {
	checkDiagnostics(`
while true do host "x" {} break end
`, FORK);
});

test('fork: task(1) defines the task "1"; a boolean is still an error', () => {
	const { analysis } = analyse(`
task(1) { script = "echo one" }
driver(1.5) { engine = "x" }
essh.debug(42)
`, FORK);
	expectText(renderDiagnostics(analysis, ['/main.lua']), '');
	expectText(renderSet(analysis, '/main.lua').split('\n').filter(line => /^(task|driver) /.test(line)).join('\n'), `
task "1" [dsl /main.lua]
driver "1.5" [dsl /main.lua]
driver "default" [dsl built-in]
`);
	checkDiagnostics(`
task(true) { script = "x" }
--   ^^^^ error call-arg-type
`, FORK);
});

test('3.4: task(1) and essh.debug(42) are errors', () => {
	checkDiagnostics(`
task(1) { script = "echo one" }
--   ^ error call-arg-type
essh.debug(42)
--         ^^ error call-arg-type
`);
});

// Bundled libraries.

test('fork 3.5.4+: the new libraries load (no "module not found"), in 3.8.0+ aws, watch and mdns too', () => {
	const source = `
--- /p/.esshconfig.lua
local strings = require "strings"
local inspect = require "inspect"
local aws = require "aws"
host "web01" { HostName = "127.0.0.1" }
task "t" { targets = "web01", driver = "nope", script = "x" }
--                                     ^^^^^^ warning task-driver-unknown
`;
	// The driver check stays a warning only while nothing makes the set open: every require resolved.
	checkDiagnostics(source, FORK);
	expectText(diagnosticsOf(source, { version: '3.8.0' }), '/p/.esshconfig.lua:5:40 warning task-driver-unknown');
});

test('3.5.0 has the new interpreter but not yet the libraries; 3.5.4 has strings but not aws', () => {
	const strings = `
--- /p/.esshconfig.lua
local strings = require "strings"
task "t" { driver = "nope", script = "x" }
`;
	expectText(diagnosticsOf(strings, { version: '3.5.4' }), '/p/.esshconfig.lua:2:21 warning task-driver-unknown');
	expectText(String(diagnosticsOf(strings, { version: '3.5.0' }).includes('warning task-driver-unknown')), 'false');
	const aws = strings.replace('"strings"', '"aws"');
	expectText(diagnosticsOf(aws, { version: '3.8.0' }), '/p/.esshconfig.lua:2:21 warning task-driver-unknown');
	expectText(String(diagnosticsOf(aws, { version: '3.7.2' }).includes('warning task-driver-unknown')), 'false');
});

// Discovery.

test('fork 3.5.4+: .esshconfig.lua wins over esshconfig.lua, which is the one reported as ignored', () => {
	const source = `
--- /p/.esshconfig.lua
host "dot" {}
--- /p/esshconfig.lua
host "plain" {}
--- /p/.esshconfig_override.lua
host "dot-override" {}
--- /p/esshconfig_override.lua
host "plain-override" {}
`;
	const { analysis } = analyse(source, FORK);
	expectText(renderSets(analysis), `
project /p: /p/.esshconfig.lua (project) -> /p/.esshconfig_override.lua (override)
  ignored: /p/esshconfig.lua
loose /p/esshconfig_override.lua: /p/esshconfig_override.lua (loose)
`);
	expectText(diagnosticsOf(source, FORK), '/p/esshconfig.lua:1:1 warning both-config-names');
	const upstream = analyse(source).analysis;
	expectText(renderSets(upstream), `
project /p: /p/esshconfig.lua (project) -> /p/esshconfig_override.lua (override)
  ignored: /p/.esshconfig.lua
loose /p/.esshconfig_override.lua: /p/.esshconfig_override.lua (loose)
`);
});

test('fork: without a project file the override looked for is esshconfig_override.lua', () => {
	const source = `
--- /p/esshconfig_override.lua
host "plain-override" {}
--- /q/.esshconfig_override.lua
host "dot-override" {}
`;
	expectText(renderSets(analyse(source, FORK).analysis), `
project /p: /p/esshconfig_override.lua (override)
loose /q/.esshconfig_override.lua: /q/.esshconfig_override.lua (loose)
`);
	expectText(renderSets(analyse(source).analysis), `
project /q: /q/.esshconfig_override.lua (override)
loose /p/esshconfig_override.lua: /p/esshconfig_override.lua (loose)
`);
});

test('fork 3.5.0 (before 3.5.4) keeps upstream\'s preference', () => {
	const source = `
--- /p/.esshconfig.lua
host "dot" {}
--- /p/esshconfig.lua
host "plain" {}
`;
	expectText(renderSets(analyse(source, { version: '3.5.0' }).analysis), `
project /p: /p/esshconfig.lua (project)
  ignored: /p/.esshconfig.lua
`);
});

// Completion and hover follow the configured version's libraries.

test('require completion offers the libraries of the configured version', () => {
	checkCompletions(`
local s = require "str$0"
`, `
value strings Go's \`strings\` package with its capitalised names; indexes are 0-based as in Go (sevir/essh fork, 3.5.4 and later) (chai2010/glua-strings)
`, { ...FORK, labelPrefix: 'str' });
	checkCompletions(`
local s = require "str$0"
`, '', { labelPrefix: 'str' });
	checkCompletions(`
local ok = pcall(require, "in$0")
`, `
value inspect Human-readable dumps of Lua values; the module is callable: \`inspect(value)\` (sevir/essh fork, 3.5.4 and later) (vadv/gopher-lua-libs)
`, { ...FORK, labelPrefix: 'in' });
});

test('a library variable completes its fields, aws gaining four in 3.8.1', () => {
	checkCompletions(`
local aws = require "aws"
aws.$0
`, `
field listEC2Instances aws.listEC2Instances
`, { version: '3.8.0' });
	checkCompletions(`
local aws = require "aws"
aws.up$0
`, `
field uploadToS3 aws.uploadToS3
`, { version: '3.8.1', labelPrefix: 'up' });
});

test('hover on a bundled library name says what it offers; in 3.4 the fork library is not there', () => {
	checkHover(`
local log = require "l$0og"
`, `
library \`log\` (bundled with ESSH 3.8.3, vadv/gopher-lua-libs): Loggers (\`log.new([output[, prefix[, flags]]])\`, then \`:print\`, \`:println\`, \`:printf\`, …) (sevir/essh fork, 3.5.4 and later).

Fields: \`new\`

Loading it also defines the global \`logger_ud\`.
`, FORK);
	checkHover(`
local json = require "j$0son"
`, `
library \`json\` (bundled with ESSH 3.4.0, layeh/gopher-json): JSON encoding and decoding.

Fields: \`encode\`, \`decode\`
`);
});
