/**
 * Tests for the core syntax layer (`server/src/core/syntax.ts`): each dialect adjustment and
 * diagnostic fires on its trigger and not on the nearest valid neighbour, offsets are UTF-16
 * into the original text, string literals decode the way gopher-lua reads them, and parsing
 * never throws, whatever the input.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { Workspace } from '../../server/src/core/analysis';
import { decodeLuaString, parseLua } from '../../server/src/core/syntax';
import { escapeControlCharacters } from '../../server/src/core/text';
import { expectText } from '../support/expect';
import { mulberry32 } from '../support/random';

/** Renders the diagnostics of `text`, one per line: code, severity, range and the text it covers. */
function renderDiagnostics(text: string): string {
	return parseLua(text).diagnostics
		.map(diag => `${diag.code} ${diag.severity} ${diag.range.start}..${diag.range.end} ${JSON.stringify(text.slice(diag.range.start, diag.range.end))}`)
		.join('\n');
}

/** Asserts that `text` parses to a tree with no diagnostics at all. */
function checkClean(text: string): void {
	const result = parseLua(text);
	assert.deepEqual(result.diagnostics, [], `unexpected diagnostics for ${JSON.stringify(text)}`);
	assert.ok(result.chunk !== undefined, `no tree for ${JSON.stringify(text)}`);
}

/** Asserts whether `text` still yields a tree, and renders its diagnostics for `expectText`. */
function checkDiagnostics(text: string, expected: string, hasChunk: boolean): void {
	expectText(renderDiagnostics(text), expected);
	assert.equal(parseLua(text).chunk !== undefined, hasChunk, `tree presence for ${JSON.stringify(text)}`);
}

test('a plain ESSH config parses cleanly with ranges and globals', () => {
	const text = 'host "web" {\n\tHostName = "192.168.0.1",\n}\ntask "deploy" { driver = [=[a]=] }\n';
	const result = parseLua(text);
	assert.deepEqual(result.diagnostics, []);
	assert.ok(result.chunk !== undefined);
	const globals = (result.chunk as unknown as { globals: { name: string }[] }).globals;
	assert.deepEqual(globals.map(global => global.name).sort(), ['host', 'task']);
	const statement = result.chunk.body[0] as unknown as { range: [number, number] };
	assert.deepEqual(statement.range, [0, text.indexOf('}') + 1]);
});

test('a UTF-8 BOM is an error at 0..1 and the rest still parses', () => {
	checkDiagnostics('\ufeffx = 1\n', 'lua-bom error 0..1 "\ufeff"', true);
	assert.match(parseLua('\ufeffx = 1').diagnostics[0].message, /Invalid token/);
	// A U+FEFF later in the file is not a BOM; luaparse rejects it like any stray symbol.
	checkDiagnostics('x = 1 \ufeff', 'lua-syntax error 6..7 "\ufeff"', false);
	checkClean('x = 1\n');
});

test('a first line starting with # is blanked and hinted', () => {
	checkDiagnostics('# comment line\nx = 1\n', 'lua-hash-line hint 0..14 "# comment line"', true);
	checkDiagnostics('#!/usr/bin/env essh\r\nx = 1\r\n', 'lua-hash-line hint 0..19 "#!/usr/bin/env essh"', true);
	// Only the first line is skipped.
	checkDiagnostics('x = 1\n# no\n', 'lua-syntax error 6..7 "#"', false);
	checkClean('x = #t\n');
});

test('unknown escapes in quoted strings are errors, known ones are not', () => {
	checkDiagnostics('x = "\\x41" .. \'\\q\' .. "\\u{41}" .. "\\z"\n', `
		lua-bad-escape error 5..7 "\\\\x"
		lua-bad-escape error 15..17 "\\\\q"
		lua-bad-escape error 23..25 "\\\\u"
		lua-bad-escape error 35..37 "\\\\z"
	`, true);
	assert.equal(parseLua('x = "\\x41"').diagnostics[0].message, "Invalid escape sequence '\\x': ESSH (gopher-lua) rejects it");
	checkClean('x = "\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\\'\\0\\65\\255\\\n"\n');
	// Escapes inside comments and long strings are not escapes.
	checkClean('-- "\\x"\n--[[ "\\q" ]]\nx = [[\\x]] .. [==[\\z]==]\n');
});

test('an escaped character outside the BMP is covered whole', () => {
	checkDiagnostics('x = "\\😀"\n', 'lua-bad-escape error 5..8 "\\\\😀"', true);
});

test('form feed and vertical tab outside strings are errors, inside strings and comments they are fine', () => {
	checkDiagnostics('x = 1\fy = 2\vz = 3\n', `
		lua-ff-vt error 5..6 "\\f"
		lua-ff-vt error 11..12 "\\u000b"
	`, true);
	assert.match(parseLua('x = 1\f').diagnostics[0].message, /Invalid token/);
	checkClean('x = "\f\v" -- \f\v\n--[[\f]] y = [[\v]]\n');
});

test('characters that send a file through the full pre-scan are ignored in strings and comments, reported in code', () => {
	// Plain files (printable ASCII without these) skip the character scan; each of these must still
	// find what it finds, wherever it sits.
	const invalid = "ESSH fails with 'Invalid token'";
	const inCode: Array<[string, string]> = [
		['!', invalid], ['$', invalid], ['&', invalid], ['?', invalid], ['@', invalid], ['`', invalid], ['|', invalid], ['\\', invalid], ['é', invalid],
		['~', "'~' without '='"], ['[=', 'does not open a long string'], ['0x1.8', 'Hexadecimal float'], ['1e\n', 'accepts it as NaN'], ['\f', 'Form feed'],
	];
	for (const [characters, message] of inCode) {
		const inert = characters === '\\' ? `-- a ${characters} b\nhost "a" {}\n` : `host "a" { description = "x${characters.trim()}y" } -- ${characters.trim()}\n`;
		checkClean(inert);
		const messages = parseLua(`host "a" {}\nx = ${characters} 1\n`).diagnostics.map(diag => diag.message);
		assert.ok(messages.some(text => text.includes(message)), `${JSON.stringify(characters)} in code: ${messages.join(' | ')}`);
	}
	checkClean('-- plain\nlocal h = host "a" { Port = 22, tags = { "x" }, ["k"] = [[long]] }\nif h ~= nil and #h.tags >= 1 then h.x = 1.5e3 % 2 end\n');
});

test('hexadecimal floats are errors, hexadecimal integers are not', () => {
	checkDiagnostics('x = 0x1p4 + 0x1.8 + 0XAP-2\n', `
		lua-syntax error 4..9 "0x1p4"
		lua-syntax error 12..17 "0x1.8"
		lua-syntax error 20..26 "0XAP-2"
	`, true);
	checkClean('x = 0xFF + 0x10 .. 1.5e3\n');
});

test('a stray or doubled ; is an empty statement warning', () => {
	checkDiagnostics(';x = 1;;\ndo ; end\n', `
		lua-empty-stmt warning 0..1 ";"
		lua-empty-stmt warning 7..8 ";"
		lua-empty-stmt warning 12..13 ";"
	`, true);
	checkDiagnostics('local function f() ; end\nif x then ; else ; end\n', `
		lua-empty-stmt warning 19..20 ";"
		lua-empty-stmt warning 35..36 ";"
		lua-empty-stmt warning 42..43 ";"
	`, true);
	checkClean('x = 1; y = 2;\nreturn x;\n');
});

test('a ; that is not an empty statement stays a syntax error', () => {
	// gopher-lua rejects these too: a second `;` after the final `return`, and `;` inside an expression list.
	checkDiagnostics('return 1;;\n', 'lua-syntax error 9..10 ";"', false);
	checkDiagnostics('a, ; = 1\n', 'lua-syntax error 3..4 ";"', false);
	checkDiagnostics('f(;)\n', 'lua-syntax error 2..3 ";"', false);
});

test('break followed by ; is accepted silently, a second ; is not', () => {
	checkClean('while true do break; end\nrepeat break; until x\n');
	checkDiagnostics('while true do break;; end\n', 'lua-syntax error 20..21 ";"', false);
});

test('decimal escapes above 255 are a warning and the literal keeps its original raw', () => {
	const text = 'x = "a\\300b" .. \'\\256\'\n';
	checkDiagnostics(text, `
		lua-decimal-escape-large warning 6..10 "\\\\300"
		lua-decimal-escape-large warning 17..21 "\\\\256"
	`, true);
	const chunk = parseLua(text).chunk!;
	const statement = chunk.body[0] as unknown as { init: { left: { raw: string }; right: { raw: string } }[] };
	assert.equal(statement.init[0].left.raw, '"a\\300b"');
	assert.equal(decodeLuaString(statement.init[0].left.raw), 'a,b');
	assert.equal(statement.init[0].right.raw, '\'\\256\'');
	checkClean('x = "\\255\\0\\1234"\n');
});

test('a ( on a new line is an ambiguous-call warning and parses as a call', () => {
	const text = 'f\n(x)\ng -- note\n\n(y)\n';
	checkDiagnostics(text, `
		lua-ambiguous-call warning 2..3 "("
		lua-ambiguous-call warning 17..18 "("
	`, true);
	const chunk = parseLua(text).chunk!;
	assert.deepEqual(chunk.body.map(statement => statement.type), ['CallStatement', 'CallStatement']);
	checkClean('f(x)\nlocal y = 1\n(g)()\n');
	// A string spanning lines before `(` is not ambiguous at all, and keeps its raw text.
	checkClean('f[[a\nb]](y)\n');
	checkClean('f"a\\\nb"(y)\n');
	const call = parseLua('f[[a\nb]](y)\n').chunk!.body[0] as unknown as { expression: { base: { argument: { raw: string } } } };
	assert.equal(call.expression.base.argument.raw, '[[a\nb]]');
});

test('an ambiguous call that is also incomplete reports both', () => {
	checkDiagnostics('f\n(\n', `
		lua-ambiguous-call warning 2..3 "("
		lua-syntax error 2..3 "("
	`, false);
});

test('a number with an empty exponent before a space or line end is a lua-syntax warning', () => {
	const text = 'x = 1e\ny = 2.5E+ \n';
	checkDiagnostics(text, `
		lua-syntax warning 4..6 "1e"
		lua-syntax warning 11..16 "2.5E+"
	`, true);
	const chunk = parseLua(text).chunk!;
	const statement = chunk.body[0] as unknown as { init: { raw: string; value: number }[] };
	assert.equal(statement.init[0].raw, '1e');
	assert.ok(Number.isNaN(statement.init[0].value));
	assert.match(parseLua(text).diagnostics[0].message, /accepts it/);
	// Followed by anything else, gopher-lua swallows that character too, so it stays an error.
	checkDiagnostics('f(1e)\n', 'lua-syntax error 2..4 "1e"', false);
	checkClean('x = 1e5 + 2E-3\n');
});

test('goto, labels, floor division and bitwise operators are rejected', () => {
	checkDiagnostics('goto done\n', 'lua-syntax error 5..9 "done"', false);
	checkDiagnostics('::done::\n', 'lua-syntax error 0..2 "::"', false);
	checkDiagnostics('x = 7 // 2\n', 'lua-syntax error 6..8 "//"', false);
	checkDiagnostics('x = 1 & 2\n', 'lua-syntax error 6..7 "&"', false);
	checkDiagnostics('x = 1 << 2\n', 'lua-syntax error 6..8 "<<"', false);
	checkDiagnostics('x = ~1\n', 'lua-syntax error 4..5 "~"', false);
	checkDiagnostics('local x <const> = 1\n', 'lua-syntax error 8..9 "<"', false);
	checkClean('x = 7 / 2 ~= 1 and #t >= 0\n');
});

test('a syntax error carries luaparse\'s message without its position prefix', () => {
	const result = parseLua('x = = 1\n');
	assert.equal(result.chunk, undefined);
	assert.deepEqual(result.diagnostics, [{ range: { start: 4, end: 5 }, severity: 'error', code: 'lua-syntax', message: "<expression> expected near '='" }]);
});

test('errors at the end of the text point at the last token', () => {
	checkDiagnostics('x = \n\n', 'lua-syntax error 2..3 "="', false);
	checkDiagnostics('x = "abc\n', 'lua-syntax error 4..8 "\\"abc"', false);
	checkDiagnostics('host "a" {\n', 'lua-syntax error 9..10 "{"', false);
});

test('offsets are UTF-16 units of the original text after non-ASCII text', () => {
	const text = 'x = "😀 wé" y\n';
	const result = parseLua(text);
	assert.equal(result.chunk, undefined);
	assert.equal(result.diagnostics.length, 1);
	assert.deepEqual(result.diagnostics[0].range, { start: 12, end: 13 });
	assert.equal(text.slice(12, 13), 'y');
	checkDiagnostics('t = { "😀" } \\q\n', 'lua-syntax error 13..14 "\\\\"', false);
	checkDiagnostics('x = "😀\\x"\n', 'lua-bad-escape error 7..9 "\\\\x"', true);
});

test('node ranges stay UTF-16 offsets into the original text after adjustments', () => {
	const text = '\ufeff;x = "é\\300"\nf\n(1)\n';
	const result = parseLua(text);
	assert.ok(result.chunk !== undefined);
	const call = result.chunk.body[1] as unknown as { range: [number, number] };
	assert.equal(text.slice(call.range[0], call.range[1]), 'f\n(1)');
	expectText(renderDiagnostics(text), `
		lua-bom error 0..1 "\ufeff"
		lua-empty-stmt warning 1..2 ";"
		lua-decimal-escape-large warning 8..12 "\\\\300"
		lua-ambiguous-call warning 16..17 "("
	`);
});

test('decodeLuaString decodes gopher-lua escapes', () => {
	assert.equal(decodeLuaString('"abc"'), 'abc');
	assert.equal(decodeLuaString('\'it\\\'s\''), 'it\'s');
	assert.equal(decodeLuaString('"\\a\\b\\f\\n\\r\\t\\v\\\\\\"\\\'"'), '\x07\b\f\n\r\t\v\\"\'');
	assert.equal(decodeLuaString('"a\\\nb"'), 'a\nb');
	assert.equal(decodeLuaString('"a\\\r\nb"'), 'a\nb');
	assert.equal(decodeLuaString('"wé 😀"'), 'wé 😀');
});

test('decodeLuaString reads up to three decimal digits and wraps values above 255', () => {
	assert.equal(decodeLuaString('"\\65\\066x\\0"'), 'AB' + 'x\0');
	assert.equal(decodeLuaString('"\\1234"'), '{4');
	assert.equal(decodeLuaString('"\\300"'), ',');
	assert.equal(decodeLuaString('"\\200"'), String.fromCharCode(200));
});

test('decodeLuaString reads long strings of any level', () => {
	assert.equal(decodeLuaString('[[x]]'), 'x');
	assert.equal(decodeLuaString('[[\nline1\r\nline2]]'), 'line1\nline2');
	assert.equal(decodeLuaString('[[\r\n\nx]]'), '\nx');
	assert.equal(decodeLuaString('[==[a]]b]=]c\\n]==]'), 'a]]b]=]c\\n');
	assert.equal(decodeLuaString('[=[]=]'), '');
});

test('decodeLuaString returns undefined for malformed literals', () => {
	for (const raw of ['', 'abc', '"', '"abc', '"a\\"', '"a\\x"', '"a\nb"', '"a"b"', '[[a]]]', '[=[x]]', '[==[a]==]x]==]', '[x]']) {
		assert.equal(decodeLuaString(raw), undefined, JSON.stringify(raw));
	}
});

test('10,000 nested tables or parentheses return an error instead of throwing', () => {
	const depth = 10000;
	for (const text of ['x = ' + '{'.repeat(depth) + '}'.repeat(depth), 'x = ' + '('.repeat(depth) + '1' + ')'.repeat(depth)]) {
		const result = parseLua(text);
		assert.equal(result.chunk, undefined);
		assert.deepEqual(result.diagnostics.map(diag => `${diag.code} ${diag.severity}`), ['lua-syntax error']);
		assert.match(result.diagnostics[0].message, /too deeply nested/);
	}
	// The parser is usable again afterwards.
	checkClean('x = {{{1}}}\n');
});

test('more than 200 workarounds stop the parse with an error', () => {
	const result = parseLua(';\n'.repeat(250));
	assert.equal(result.chunk, undefined);
	const errors = result.diagnostics.filter(diag => diag.severity === 'error');
	assert.equal(errors.length, 1);
	assert.match(errors[0].message, /stopped after 200/);
});

test('random input never throws and keeps ranges inside the text', () => {
	const random = mulberry32(20240601);
	const alphabet = ['"', '\'', '\\', '[', ']', '=', '-', '(', ')', ';', '\n', '\r', ' ', '#', 'x', '1', 'e', '0x', '.', '{', '}', '\f', '\ufeff', 'é', '\ud83d', '\ude00', 'end', 'return', 'break', 'do'];
	for (let iteration = 0; iteration < 2000; iteration++) {
		let text = '';
		const length = Math.floor(random() * 60);
		for (let index = 0; index < length; index++) {
			text += random() < 0.5
				? alphabet[Math.floor(random() * alphabet.length)]
				: String.fromCharCode(Math.floor(random() * (random() < 0.8 ? 128 : 65536)));
		}
		const result = parseLua(text);
		for (const diag of result.diagnostics) {
			assert.ok(diag.range.start >= 0 && diag.range.start <= diag.range.end && diag.range.end <= text.length, JSON.stringify({ text, diag }));
		}
	}
});

test('a character no Lua token starts with is one error that names it, whatever comes first', () => {
	const cases: Array<[string, string, string]> = [
		['@x = 1', '0..1', "Unexpected character '@' outside a string: ESSH fails with 'Invalid token'"],
		['x = 1\n\u00e9 = 2', '6..7', "Unexpected character '\u00e9' (U+00E9) outside a string: ESSH fails with 'Invalid token'"],
		['\u00e9', '0..1', "Unexpected character '\u00e9' (U+00E9) outside a string: ESSH fails with 'Invalid token'"],
		['x = \udce9 = \udcff', '4..5', "Byte 0xE9 is not UTF-8 text (is the file saved in another encoding?): ESSH fails with 'Invalid token'"],
		['x = \ufffd', '4..5', "A byte that is not UTF-8 text (shown as U+FFFD): ESSH fails with 'Invalid token'"],
		['x = 1 \u0001', '6..7', "Unexpected control character U+0001 outside a string: ESSH fails with 'Invalid token'"],
		['x = ~1', '4..5', "'~' without '=': ESSH fails with \"Invalid '~' token\""],
		['[=x', '0..2', "'[=' does not open a long string ('[=[' expected): ESSH fails with 'invalid multiline string'"],
		['x = 1 @ y = = 2', '6..7', "Unexpected character '@' outside a string: ESSH fails with 'Invalid token'"],
		// A syntax error before the character is where ESSH stops.
		['x = = 2 @', '4..5', "<expression> expected near '='"],
	];
	for (const [text, range, message] of cases) {
		const result = parseLua(text);
		assert.deepEqual(result.diagnostics.map(diag => `${diag.code} ${diag.severity} ${diag.range.start}..${diag.range.end} ${diag.message}`), [`lua-syntax error ${range} ${message}`], JSON.stringify(text));
		assert.equal(result.chunk, undefined);
	}
	// Inside strings and comments those characters are text, as for ESSH.
	checkClean('x = "caf\udce9 @ ~ \u0001" -- \udcff @\n');
});

test('a file that is not text gets one diagnostic saying so and where ESSH stops', () => {
	const binary = 'x = 1\n\u0000\u0001ELF\u0002';
	assert.deepEqual(parseLua(binary), {
		chunk: undefined,
		diagnostics: [{
			range: { start: 0, end: 0 }, severity: 'error', code: 'lua-syntax',
			message: 'This file is not text (it contains NUL bytes), so it is not an ESSH config: ESSH stops loading it with a syntax error at line 2, column 1',
		}],
	});
	const latin = `${'\udce9\udcff\u0002'.repeat(20)}abc`;
	assert.equal(parseLua(latin).diagnostics.length, 1);
	assert.equal(parseLua(latin).diagnostics[0].message, 'This file is not text (60 of its 63 characters are control characters or bytes that are not UTF-8), so it is not an ESSH config: ESSH stops loading it with a syntax error at line 1, column 1');
	// A NUL inside a string of an otherwise valid file is loaded by ESSH: no diagnostic.
	checkClean('x = "a\u0000b"\n');
	// A few stray bytes in a text file are reported one by one (the first only), not as a binary file.
	assert.equal(parseLua('x = "caf\udce9"\ny = \udce9\n').diagnostics[0].message, "Byte 0xE9 is not UTF-8 text (is the file saved in another encoding?): ESSH fails with 'Invalid token'");
});

test('a file parses to the same diagnostics alone and after any other file (luaparse state is reset)', () => {
	const files = ['@x = 1', '[=x', 'x = "abc', 'host "a" {}', 'x = 1 +', '\u00e9', 'return', 'x = ~', '[==[ unfinished', 'f(\n'];
	const alone = new Map(files.map(text => {
		resetByParsing('x = 1');
		return [text, JSON.stringify(parseLua(text).diagnostics)];
	}));
	for (const before of files) {
		for (const text of files) {
			parseLua(before);
			assert.equal(JSON.stringify(parseLua(text).diagnostics), alone.get(text), `${JSON.stringify(text)} after ${JSON.stringify(before)}`);
		}
	}
	for (const diagnostics of alone.values()) {
		assert.doesNotMatch(diagnostics, /Cannot read|undefined|TypeError|internal error/);
	}
});

/** Parses a fixed text, so each "alone" parse starts from the same earlier parse. */
function resetByParsing(text: string): void {
	parseLua(text);
}

test('control characters and lone surrogates in messages are escaped, in the analysis too', () => {
	assert.equal(escapeControlCharacters('a\u0000b\u0001\n\t\r\u007f\u009f'), 'a\\x00b\\x01\\n\\t\\r\\x7F\\x9F');
	assert.equal(escapeControlCharacters('caf\udce9 \ud800 \udc00 \ud83d\ude00 é'), 'caf\\xE9 \\u{D800} \\u{DC00} \ud83d\ude00 é');
	const workspace = new Workspace();
	workspace.setFile('/p/.esshconfig.lua', 'x = "a\u0001');
	assert.deepEqual(workspace.analysis().diagnostics('/p/.esshconfig.lua').map(diag => diag.message), ['unfinished string near \'"a\\x01\'']);
});
