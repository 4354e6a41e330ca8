/**
 * Tests of the test layer's own support code: the fixture language of `test/support/fixture.ts`
 * (files, `$0` cursor and range, `^^^` annotations with UTF-16 offsets) and the expectation
 * helpers of `test/support/expect.ts` (dedent, `expectText`, `expectFile` under `CI`).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseFixture } from '../support/fixture';
import { dedent, expectFile, expectText } from '../support/expect';

void test('a fixture without headers is one file /main.lua ending with a newline', () => {
	const fixture = parseFixture(`
host "web" {}
task "deploy" {}
`);
	assert.deepEqual(fixture, {
		files: [{ path: '/main.lua', text: 'host "web" {}\ntask "deploy" {}\n' }],
		annotations: [],
	});
});

void test('headers split the fixture into files with paths as written', () => {
	const fixture = parseFixture(`
--- /proj/.esshconfig.lua
host "web" {}

--- /proj/drivers.lua
driver "docker" {}
`);
	assert.deepEqual(fixture.files, [
		{ path: '/proj/.esshconfig.lua', text: 'host "web" {}\n' },
		{ path: '/proj/drivers.lua', text: 'driver "docker" {}\n' },
	]);
});

void test('one $0 is the cursor, removed from the text', () => {
	const fixture = parseFixture(`
--- /drivers.lua
driver "docker" {}
--- /tasks.lua
task "deploy" {}
task "x" { driver = "dock$0er" }
`);
	const tasks = fixture.files[1];
	assert.equal(tasks.text, 'task "deploy" {}\ntask "x" { driver = "docker" }\n');
	assert.deepEqual(fixture.cursor, { path: '/tasks.lua', offset: tasks.text.indexOf('er"') });
	assert.equal(fixture.range, undefined);
});

void test('two $0 are a range, offsets computed without the markers', () => {
	const fixture = parseFixture(`
host "web" {
	user = $0"root"$0,
}
`);
	const text = fixture.files[0].text;
	assert.ok(!text.includes('$0'));
	assert.ok(fixture.range);
	assert.equal(fixture.range.path, '/main.lua');
	assert.equal(text.slice(fixture.range.start, fixture.range.end), '"root"');
	assert.equal(fixture.cursor, undefined);
});

void test('annotation offsets are UTF-16 units past non-ASCII text', () => {
	// 'é' is one UTF-16 unit and '😀' two, so `"root"` starts at column 20 (19 code points).
	const fixture = parseFixture(`
--- /a.lua
host "a" {}
--- /b.lua
-- header comment
host "é😀" { user = "root" }
--                  ^^^^^^ warning: root login
`);
	const text = fixture.files[1].text;
	const lineStart = '-- header comment\n'.length;
	assert.deepEqual(fixture.annotations, [
		{ path: '/b.lua', start: lineStart + 20, end: lineStart + 26, label: 'warning: root login' },
	]);
	assert.equal(text.slice(fixture.annotations[0].start, fixture.annotations[0].end), '"root"');
	assert.ok(text.includes('--                  ^^^^^^ warning: root login\n'), 'annotation lines stay in the text');
});

void test('several annotation lines mark the same code line', () => {
	const fixture = parseFixture(`
host "web" { user = "root" }
--   ^^^^^
--                  ^^^^^^ error: bad user
task "x" {}
--   ^^^   navigation target
`);
	const text = fixture.files[0].text;
	const marked = fixture.annotations.map(annotation => [text.slice(annotation.start, annotation.end), annotation.label]);
	assert.deepEqual(marked, [
		['"web"', ''],
		['"root"', 'error: bad user'],
		['"x"', 'navigation target'],
	]);
});

void test('malformed fixtures are rejected', () => {
	assert.throws(() => parseFixture('a$0 b$0 c$0'), /at most two/);
	assert.throws(() => parseFixture('--- /a.lua\na$0\n--- /b.lua\nb$0'), /one file/);
	assert.throws(() => parseFixture('stray\n--- /a.lua\na'), /before the first/);
	assert.throws(() => parseFixture('--- /a.lua\na\n--- /a.lua\nb'), /duplicate file/);
	assert.throws(() => parseFixture('-- ^^ label\nx'), /no code line above/);
	assert.throws(() => parseFixture('ab\n--  ^^^'), /past the end/);
});

void test('dedent strips common indentation and surrounding blank lines', () => {
	assert.equal(dedent('\n\n\t\thost {\n\t\t\tuser = 1\n\n\t\t}\n\t'), 'host {\n\tuser = 1\n\n}');
	assert.equal(dedent('    a\n      b\n  \n    c\n'), 'a\n  b\n\nc');
	assert.equal(dedent('\r\n  a\r\n  b\r\n'), 'a\nb');
	// A tab and spaces share no prefix, so neither is stripped.
	assert.equal(dedent('\ta\n  b'), '\ta\n  b');
	assert.equal(dedent('\n  \n'), '');
});

void test('fixtures may be indented like the surrounding code', () => {
	const fixture = parseFixture(`
		--- /a.lua
		host "web" {}
		--   ^^^^^
	`);
	assert.deepEqual(fixture.files, [{ path: '/a.lua', text: 'host "web" {}\n--   ^^^^^\n' }]);
	assert.deepEqual(fixture.annotations, [{ path: '/a.lua', start: 5, end: 10, label: '' }]);
});

void test('expectText passes on dedented text, trailing newlines aside', () => {
	expectText('driver  docker\ndriver  ssh\n', `
		driver  docker
		driver  ssh
	`);
});

void test('expectText fails with actual as a ready-to-paste template literal', () => {
	assert.throws(
		() => expectText('a `b` ${c}\\n\n', 'a b'),
		(error: Error) => {
			assert.ok(error instanceof assert.AssertionError);
			assert.ok(error.message.includes('ready to paste:\n`\na \\`b\\` \\${c}\\\\n\n`'), error.message);
			return true;
		},
	);
});

void test('expectFile fails on a missing golden file when CI is set, writing nothing', () => {
	const saved = { CI: process.env.CI, UPDATE_EXPECT: process.env.UPDATE_EXPECT };
	process.env.CI = 'true';
	delete process.env.UPDATE_EXPECT;
	try {
		assert.throws(() => expectFile('x\n', 'fixture-test/missing.txt'), /missing/);
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = value;
			}
		}
	}
	const repoRoot = path.resolve(__dirname, '..', '..', '..');
	assert.ok(!fs.existsSync(path.join(repoRoot, 'test', 'data', 'fixture-test')));
});
