/**
 * Tests for the checkpoints of `scanContext` (core/ide/scan.ts): a scan that resumes from a point
 * an earlier scan of the same or an edited text left must answer exactly as a scan from the start.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanContext, scanContextFromStart } from '../../../server/src/core/ide/scan';
import { mulberry32 } from '../../support/random';

/**
 * Statements that open and close brackets, strings, comments and long brackets in every way the
 * scanner knows. No unterminated string: the scan answers at the first one, so no checkpoint would
 * follow it (the edits of the first test type lone quotes).
 */
const SNIPPETS = [
	'host "web-1" {\n    HostName = "10.0.0.1",\n    tags = { "rack-1", "role-web" },\n}\n',
	'task "deploy" {\n    backend = "remote",\n    targets = { "rack-1", "web-1" },\n    filters = { "role-web" },\n    script = { "uptime" },\n}\n',
	'group {\n    User = "ops",\n    host "g-1" { tags = { "g" } },\n    task "g-t" { targets = "g" },\n}\n',
	'-- a comment with { and "quotes"\n',
	'--[==[ a long comment\n} ] ) "\n]==]\n',
	'local s = [[ a long\nstring { ]]\n',
	'driver "d" { engine = [=[ {{ .Driver }} ]=] }\n',
	'namespace "ns" {\n    hosts = { ["n-1"] = { tags = { "t" } } },\n}\n',
	'local hs = essh.select_hosts("rack-1"):filter("role-web"):get()\n',
	'host("call-1", { tags = { "c" } })\n',
	'local x = a.b:c(1, 2.5e3, ...) .. "s" ~= \'q\'\n',
	'if x then y = { 1, 2 } end\n',
];

function randomText(random: () => number, statements: number): string {
	let text = '';
	for (let index = 0; index < statements; index++) {
		text += SNIPPETS[Math.floor(random() * SNIPPETS.length)];
		if (random() < 0.3) {
			text += '\n'.repeat(1 + Math.floor(random() * 3));
		}
	}
	return text;
}

const TYPED = ['"', '{', '}', '(', ')', '[', ']', '--', '\n', 'x', ' ', ',', '=', 'host "h" {', '[[', ']]'];

test('scanContext resumed from checkpoints answers as a scan from the start, across edits of the text', () => {
	const random = mulberry32(1507);
	let compared = 0;
	let resumedFar = 0;
	for (let round = 0; round < 12; round++) {
		// Long enough for many checkpoints (they are 2,048 characters apart at least).
		let text = randomText(random, 100 + Math.floor(random() * 100));
		for (let step = 0; step < 40; step++) {
			if (random() < 0.5) {
				const at = Math.floor(random() * (text.length + 1));
				const removed = random() < 0.3 ? Math.floor(random() * 5) : 0;
				text = text.slice(0, at) + TYPED[Math.floor(random() * TYPED.length)] + text.slice(at + removed);
			}
			const offset = random() < 0.2 ? text.length : Math.floor(random() * (text.length + 1));
			assert.deepEqual(scanContext(text, offset), scanContextFromStart(text, offset), `round ${round}, step ${step}, offset ${offset}`);
			compared++;
			if (offset > 4096) {
				resumedFar++;
			}
		}
	}
	assert.ok(compared === 480 && resumedFar > 200, `${compared} scans, ${resumedFar} far into the text`);
});

test('scanContext: typing at the end of a long file keeps the answers of a scan from the start', () => {
	let text = randomText(mulberry32(7), 400);
	for (const typed of ['task "t" {\n', '    targets = { "', 'r', 'a', 'c', '", "', 'w', '" },\n', '}\n', '--[[ ', 'x', ']]', 'group {\n', '    host "z" {', ' }', ' }\n']) {
		text += typed;
		for (const offset of [text.length, text.length - 1, Math.max(0, text.length - 3)]) {
			assert.deepEqual(scanContext(text, offset), scanContextFromStart(text, offset), JSON.stringify(typed));
		}
	}
});

test('scanContext with the cursor at or next to the end of every line (where checkpoints sit) answers as a scan from the start', () => {
	const text = randomText(mulberry32(11), 120);
	// Every checkpoint of the text is recorded by a scan to its end.
	scanContext(text, text.length);
	let compared = 0;
	for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
		for (const offset of [index - 1, index, index + 1]) {
			assert.deepEqual(scanContext(text, offset), scanContextFromStart(text, offset), `offset ${offset}`);
			compared++;
		}
	}
	assert.ok(compared > 500, `${compared}`);
});

test('scanContext with the cursor at the end of every word of a text (a checkpoint may sit right there) answers as a scan from the start', () => {
	// Top-level statements that end in a name, so that some checkpoints sit right after a name.
	const text = `${randomText(mulberry32(12), 30)}${'local v = w\n'.repeat(400)}${randomText(mulberry32(13), 20)}`;
	scanContext(text, text.length);
	let compared = 0;
	for (let offset = 1; offset <= text.length; offset++) {
		if (/\w/.test(text[offset - 1]) && !/\w/.test(text[offset] ?? '')) {
			assert.deepEqual(scanContext(text, offset), scanContextFromStart(text, offset), `offset ${offset}`);
			compared++;
		}
	}
	assert.ok(compared > 500, `${compared}`);
});
