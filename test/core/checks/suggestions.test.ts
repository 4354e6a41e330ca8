/**
 * Tests for the fix material that did-you-mean checks store on their diagnostics (`Diag.data`):
 * `suggestions` (replacement texts, best first) and `edit` (one obvious fix), which the language
 * server turns into quick-fixes. Also covers the per-check severity override of `AnalysisConfig`.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DiagData } from '../../../server/src/core/diagnostic';
import { analyse, checkDiagnostics, type CheckOptions } from '../../support/check';

/** The `data` of the only diagnostic with `code` in the fixture's file `/main.lua`, with the text its edit replaces. */
function dataOf(fixture: string, code: string, options: CheckOptions = {}): DiagData & { editedText?: string } {
	const { analysis } = analyse(fixture, options);
	const matching = analysis.diagnostics('/main.lua').filter(diag => diag.code === code);
	assert.equal(matching.length, 1, `expected exactly one ${code}, got ${matching.length}`);
	const data = matching[0].data;
	assert.ok(data, `${code} carries no data`);
	const text = analysis.text('/main.lua')!;
	return { ...data, editedText: data.edit ? text.slice(data.edit.range.start, data.edit.range.end) : undefined };
}

test('host-unknown-field suggests the nearest ESSH key', () => {
	assert.deepEqual(dataOf('host "a" { tag = { "web" } }\n', 'host-unknown-field').suggestions, ['tags']);
});

test('host-unknown-field suggests the ssh keyword with its case fixed', () => {
	assert.deepEqual(dataOf('host "a" { hostname = "10.0.0.1" }\n', 'host-unknown-field').suggestions, ['HostName']);
});

test('ssh-unknown-keyword suggests the nearest ssh keyword', () => {
	assert.deepEqual(dataOf('host "a" { HostNme = "x" }\n', 'ssh-unknown-keyword').suggestions, ['HostName']);
});

test('task-unknown-field suggests the nearest task key', () => {
	assert.deepEqual(dataOf('task "t" { descripton = "x" }\n', 'task-unknown-field').suggestions, ['description']);
});

test('host-ssh-prop-type offers to quote the number', () => {
	const data = dataOf('host "a" { Port = 22 }\n', 'host-ssh-prop-type');
	assert.deepEqual(data.suggestions, ['"22"']);
	assert.equal(data.edit?.newText, '"22"');
	assert.equal(data.editedText, '22');
});

test('task-backend-value offers the nearest backend', () => {
	const data = dataOf('task "t" { backend = "remot" }\n', 'task-backend-value');
	assert.equal(data.edit?.newText, '"remote"');
	assert.equal(data.editedText, '"remot"');
});

test('target-unresolved suggests the nearest host or tag', () => {
	const data = dataOf('host "web01" { tags = { "web" } }\ntask "t" { targets = "wbe" }\n', 'target-unresolved');
	assert.deepEqual(data.suggestions, ['web']);
	assert.equal(data.edit?.newText, '"web"');
	assert.equal(data.editedText, '"wbe"');
});

test('task-driver-unknown suggests the nearest driver', () => {
	const data = dataOf('driver "steps" { engine = "x" }\ntask "t" { driver = "stpes" }\n', 'task-driver-unknown');
	assert.deepEqual(data.suggestions, ['steps']);
	assert.equal(data.editedText, '"stpes"');
});

test('proxy-host-unknown suggests the nearest host', () => {
	assert.deepEqual(dataOf('host "gateway" {}\nhost "a" { ProxyJump = "gatway" }\n', 'proxy-host-unknown').suggestions, ['gateway']);
});

test('a name with no near candidate gets no suggestion', () => {
	const { analysis } = analyse('host "web01" {}\ntask "t" { targets = "database" }\n');
	const [diag] = analysis.diagnostics('/main.lua').filter(candidate => candidate.code === 'target-unresolved');
	assert.equal(diag.data, undefined);
});

test('severity override: off drops a check', () => {
	checkDiagnostics(`
host "web*" {}
--   ^^^^^^ warning host-name-pattern
task "t" { targets = "web*" }
`, { severity: { 'target-glob': 'off' } });
});

test('severity override: a severity replaces the recommended one', () => {
	checkDiagnostics(`
host "web*" {}
--   ^^^^^^ warning host-name-pattern
task "t" { targets = "web*" }
--                   ^^^^^^ error target-glob
`, { severity: { 'target-glob': 'error' } });
});

test('severity override: without overrides the recommended severity stays', () => {
	checkDiagnostics(`
host "web*" {}
--   ^^^^^^ warning host-name-pattern
task "t" { targets = "web*" }
--                   ^^^^^^ warning target-glob
`);
});
