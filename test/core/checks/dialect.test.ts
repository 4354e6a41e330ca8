/**
 * Fixture tests for the Lua dialect checks of docs/diagnostics.md ("Lua dialect"): each `lua-*` code
 * fires on the smallest file that triggers it, through the whole analysis (checkDiagnostics), and
 * stays silent on its nearest valid neighbour. Codes that sit at column 0 of the file (BOM, `#`
 * line) cannot be marked with `--  ^^^` annotations, so they are compared as rendered lines.
 */
import { test } from 'node:test';
import { analyse, checkDiagnostics, renderDiagnostics } from '../../support/check';
import { expectText } from '../../support/expect';

/** The diagnostics of a one-file fixture given as raw text (no dedent), as `path:line:col severity code` lines. */
function renderRaw(text: string): string {
	const { analysis } = analyse({ files: [{ path: '/main.lua', text }], annotations: [] });
	return renderDiagnostics(analysis, ['/main.lua']);
}

test('lua-syntax: an unclosed table is an error', () => {
	checkDiagnostics(`
host "a" {
--       ^ error lua-syntax
`);
});

test('lua-syntax: goto is rejected as in Lua 5.1', () => {
	checkDiagnostics(`
local x = 1
goto done
--   ^^^^ error lua-syntax
`);
});

test('lua-syntax: a closed table parses', () => {
	checkDiagnostics(`
host "a" {}
`);
});

test('lua-bad-escape: \\x in a string is an error', () => {
	checkDiagnostics(`
host "a" { HostName = "\\x41" }
--                     ^^ error lua-bad-escape
`);
});

test('lua-bad-escape: an unknown escape such as \\q is an error', () => {
	checkDiagnostics(`
host "a" { HostName = "a\\qb" }
--                      ^^ error lua-bad-escape
`);
});

test('lua-bad-escape: the escapes gopher-lua knows are fine', () => {
	checkDiagnostics(`
host "a" { HostName = "\\t\\\\\\"\\065\\255" }
`);
});

test('lua-bom: a byte order mark is an error at 1:1', () => {
	expectText(renderRaw('\uFEFFhost "a" {}\n'), '/main.lua:1:1 error lua-bom');
});

test('lua-bom: no diagnostic without the mark', () => {
	expectText(renderRaw('host "a" {}\n'), '');
});

test('lua-hash-line: a first line starting with # is a hint', () => {
	expectText(renderRaw('# comment for the shell\nhost "a" {}\n'), '/main.lua:1:1 hint lua-hash-line');
});

test('lua-hash-line: a # later in the file is a syntax error, not a skipped line', () => {
	expectText(renderRaw('host "a" {}\n# not skipped\n'), '/main.lua:2:1 error lua-syntax');
});

test('lua-ff-vt: a form feed outside a string is an error', () => {
	checkDiagnostics(`
host "a" {}\fhost "b" {}
--         ^ error lua-ff-vt
`);
});

test('lua-ff-vt: a form feed inside a string is fine', () => {
	checkDiagnostics(`
host "a" { HostName = "\\f" }
`);
});

test('lua-decimal-escape-large: \\300 is a warning, ESSH wraps the byte', () => {
	checkDiagnostics(`
host "a" { HostName = "\\300" }
--                     ^^^^ warning lua-decimal-escape-large
`);
});

test('lua-decimal-escape-large: \\255 is fine', () => {
	checkDiagnostics(`
host "a" { HostName = "\\255" }
`);
});

test('lua-empty-stmt: a doubled semicolon is a warning', () => {
	checkDiagnostics(`
host "a" {};;
--          ^ warning lua-empty-stmt
`);
});

test('lua-empty-stmt: one semicolon after a statement is fine', () => {
	checkDiagnostics(`
host "a" {};
`);
});

test('lua-ambiguous-call: a ( on the next line is a warning', () => {
	checkDiagnostics(`
local f = print
local x = f
  ("a")
--^ warning lua-ambiguous-call
`);
});

test('lua-ambiguous-call: a ( on the same line is fine', () => {
	checkDiagnostics(`
local f = print
local x = f("a")
`);
});
