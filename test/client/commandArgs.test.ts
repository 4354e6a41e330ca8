/**
 * Tests of the pure command argument handling (client layer): code lens, tree node and palette
 * arguments, the name under the cursor, shell quoting and the run/connect command line, the
 * working directory of a set, `essh` task definitions, and the live lookup's parameters.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
	esshCommandLine, esshProcessArgs, isValidGlob, itemFromArgs, locationFromArgs, lookupParamsForInput, nameAtPosition,
	parseTaskDefinition, setDirectory, shellQuote, untrustedMessage,
} from '../../client/src/commandArgs';

const location = { uri: 'file:///p/.esshconfig.lua', range: { start: { line: 3, character: 6 }, end: { line: 3, character: 14 } } };

describe('commandArgs', () => {
	test('a code lens passes [setId, taskName]', () => {
		assert.deepEqual(itemFromArgs(['file:///p', 'deploy'], 'task'), { setId: 'file:///p', kind: 'task', name: 'deploy' });
		assert.equal(itemFromArgs(['file:///p', 'deploy']), undefined);
	});

	test('a tree node passes itself, and a multi-selection adds the array', () => {
		const node = { id: 'x', kind: 'host', setId: 'file:///p', name: 'web-01', label: 'web-01', location };
		assert.deepEqual(itemFromArgs([node, [node]], 'host'), { setId: 'file:///p', kind: 'host', name: 'web-01', location });
		assert.equal(itemFromArgs([node], 'task'), undefined);
		assert.equal(itemFromArgs([{ kind: 'category', name: 'hosts' }]), undefined);
	});

	test('a plain name is accepted when the kind is known; nothing means ask', () => {
		assert.deepEqual(itemFromArgs(['web-01'], 'host'), { kind: 'host', name: 'web-01' });
		assert.equal(itemFromArgs([], 'host'), undefined);
		assert.equal(itemFromArgs([''], 'host'), undefined);
		assert.equal(itemFromArgs([42], 'host'), undefined);
	});

	test('open-location arguments: a location, a node holding one, or [uri, line, character]', () => {
		assert.deepEqual(locationFromArgs([location]), location);
		assert.deepEqual(locationFromArgs([{ kind: 'host', location }]), location);
		assert.deepEqual(locationFromArgs(['file:///a.lua', 2, 4]), { uri: 'file:///a.lua', range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } } });
		assert.equal(locationFromArgs([]), undefined);
	});

	test('the name under the cursor is a string literal content or a word', () => {
		const line = 'task "deploy" { targets = { "web-01", \'db\' }, driver = docker }';
		assert.equal(nameAtPosition(line, 8), 'deploy');
		assert.equal(nameAtPosition(line, 5), 'deploy');
		assert.equal(nameAtPosition(line, 31), 'web-01');
		assert.equal(nameAtPosition(line, 40), 'db');
		assert.equal(nameAtPosition(line, 58), 'docker');
		assert.equal(nameAtPosition(line, 1), 'task');
		assert.equal(nameAtPosition('x = ""', 5), undefined);
		assert.equal(nameAtPosition('  ', 1), undefined);
	});

	test('shell quoting leaves safe words bare and single-quotes the rest', () => {
		assert.equal(shellQuote('web-01'), 'web-01');
		assert.equal(shellQuote('ns:deploy'), 'ns:deploy');
		assert.equal(shellQuote("it's $HOME"), "'it'\\''s $HOME'");
		assert.equal(shellQuote("it's", 'powershell'), "'it''s'");
	});

	test('the run/connect command line uses essh.path, defaulting to essh', () => {
		assert.equal(esshCommandLine(undefined, 'deploy'), 'essh deploy');
		assert.equal(esshCommandLine('  ', 'deploy'), 'essh deploy');
		assert.equal(esshCommandLine('/opt/essh/bin/essh', 'web 01'), "/opt/essh/bin/essh 'web 01'");
		assert.equal(esshCommandLine('C:\\Program Files\\essh.exe', 'web', 'powershell'), "& 'C:\\Program Files\\essh.exe' web");
		assert.deepEqual(esshProcessArgs('', 'deploy'), { executable: 'essh', args: ['deploy'] });
	});

	test('the working directory is the project directory, or a loose file\'s directory', () => {
		assert.equal(setDirectory({ id: 'file:///work/project', kind: 'project' }), 'file:///work/project');
		assert.equal(setDirectory({ id: 'file:///home/u/.essh/', kind: 'user' }), 'file:///home/u/.essh');
		assert.equal(setDirectory({ id: 'file:///work/x/hosts.lua', kind: 'loose' }), 'file:///work/x');
	});

	test('essh task definitions need a task name', () => {
		assert.deepEqual(parseTaskDefinition({ type: 'essh', task: 'deploy' }), { type: 'essh', task: 'deploy', cwd: undefined });
		assert.deepEqual(parseTaskDefinition({ type: 'essh', task: 'deploy', cwd: '/p' }), { type: 'essh', task: 'deploy', cwd: '/p' });
		assert.equal(parseTaskDefinition({ type: 'essh' }), undefined);
		assert.equal(parseTaskDefinition({ type: 'shell', task: 'deploy' }), undefined);
		assert.equal(parseTaskDefinition(null), undefined);
	});

	test('the live lookup sends the typed glob, * when blank, and #tag as a tag', () => {
		assert.deepEqual(lookupParamsForInput(' web-* ', 'hosts'), { kind: 'hosts', pattern: 'web-*', scope: undefined });
		assert.deepEqual(lookupParamsForInput('', 'hosts', 'file:///p'), { kind: 'hosts', pattern: '*', scope: 'file:///p' });
		assert.deepEqual(lookupParamsForInput('#prod', 'hosts'), { kind: 'hosts', tag: 'prod', scope: undefined });
		assert.deepEqual(lookupParamsForInput('#', 'hosts'), { kind: 'hosts', pattern: '#', scope: undefined });
	});

	test('an unfinished brace or bracket glob is not sent yet', () => {
		assert.equal(isValidGlob('{web,db}-0[1-3]'), true);
		assert.equal(isValidGlob('{web,db'), false);
		assert.equal(isValidGlob('web-0[1'), false);
		assert.equal(isValidGlob('web}'), false);
	});

	test('the Restricted Mode refusal says why and what to do', () => {
		assert.match(untrustedMessage('run'), /Running a task is disabled in Restricted Mode.*Trust the workspace/);
		assert.match(untrustedMessage('connect'), /Connecting to a host is disabled in Restricted Mode/);
	});
});
