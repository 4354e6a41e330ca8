/**
 * Tests of the pure status bar model (client layer): `IndexingProgress` follows work-done
 * progress begin/report/end by token (unknown tokens and reports after the end are ignored,
 * percentages clamped, `clear` for a stopped server), and `statusView` shows the indexing spinner
 * and percentage while the server starts or indexes, the set's counts and problems, and nothing
 * in a workspace without an ESSH config.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IndexingProgress, indexingText, statusView, type StatusInput } from '../../client/src/statusBarModel';

const idle: StatusInput = { starting: false, loading: false, progress: undefined, setCount: 0, set: undefined, problemsText: '' };
const web = { label: 'web', hosts: 7, tasks: 3, errors: 0, warnings: 1 };

describe('IndexingProgress', () => {
	test('follows begin, report and end of one token', () => {
		const progress = new IndexingProgress();
		assert.equal(progress.current, undefined);
		assert.equal(progress.handle('t1', { kind: 'begin', title: 'ESSH: indexing configs', message: 'finding files', percentage: 0 }), true);
		assert.deepEqual(progress.current, { title: 'ESSH: indexing configs', message: 'finding files', percentage: 0 });
		assert.equal(progress.handle('t1', { kind: 'report', message: '12/30 files', percentage: 40 }), true);
		assert.deepEqual(progress.current, { title: 'ESSH: indexing configs', message: '12/30 files', percentage: 40 });
		assert.equal(progress.handle('t1', { kind: 'report', percentage: 150.4 }), true);
		assert.deepEqual(progress.current, { title: 'ESSH: indexing configs', message: '12/30 files', percentage: 100 });
		assert.equal(progress.handle('t1', { kind: 'end' }), true);
		assert.equal(progress.current, undefined);
		assert.equal(progress.handle('t1', { kind: 'report', percentage: 50 }), false, 'a report after the end');
		assert.equal(progress.handle('t1', { kind: 'end' }), false, 'a second end');
	});

	test('the latest begun of several tokens is current; clear forgets all', () => {
		const progress = new IndexingProgress();
		progress.handle(1, { kind: 'begin', title: 'first' });
		progress.handle('two', { kind: 'begin', title: 'second' });
		assert.equal(progress.current?.title, 'second');
		progress.handle('two', { kind: 'end' });
		assert.equal(progress.current?.title, 'first');
		assert.equal(progress.handle('unknown', { kind: 'report', percentage: 3 }), false);
		assert.equal(progress.clear(), true);
		assert.equal(progress.current, undefined);
		assert.equal(progress.clear(), false);
	});
});

describe('statusView', () => {
	test('hidden once started without sets, even while a reload runs', () => {
		assert.equal(statusView(idle).visible, false);
		assert.equal(statusView({ ...idle, loading: true }).visible, false);
	});

	test('a spinner while the server starts, with its progress once it reports', () => {
		assert.deepEqual(statusView({ ...idle, starting: true }), { visible: true, text: '$(sync~spin) ESSH', tooltip: 'ESSH: indexing…', error: false });
		const progress = { title: 'ESSH: indexing configs', message: '12/30 files', percentage: 40 };
		assert.deepEqual(statusView({ ...idle, starting: true, progress }), { visible: true, text: '$(sync~spin) ESSH 40%', tooltip: 'ESSH: indexing 12/30 files (40%)', error: false });
	});

	test('counts of the set, its problems, and the indexing line while the server re-indexes', () => {
		const view = statusView({ ...idle, setCount: 3, set: web, problemsText: '1 warning' });
		assert.deepEqual(view, {
			visible: true,
			text: '$(server) 7 $(play) 3 $(warning) 1',
			tooltip: '**ESSH** · web\n\n7 hosts, 3 tasks, 1 warning\n\nClick to show the registry.',
			error: false,
		});
		const indexing = statusView({ ...idle, setCount: 3, set: web, problemsText: '1 warning', progress: { title: 'x', percentage: 75 } });
		assert.equal(indexing.text, '$(sync~spin) 75% 7 $(play) 3 $(warning) 1');
		assert.match(indexing.tooltip, /\n\nESSH: indexing 75%\n\n/);
		const loading = statusView({ ...idle, setCount: 3, set: web, problemsText: '', loading: true });
		assert.equal(loading.text, '$(sync~spin) 7 $(play) 3 $(warning) 1');
		assert.match(loading.tooltip, /ESSH: loading the registry…/);
	});

	test('errors win over warnings and colour the item', () => {
		const view = statusView({ ...idle, setCount: 1, set: { ...web, errors: 2 }, problemsText: '2 errors, 1 warning' });
		assert.equal(view.text, '$(server) 7 $(play) 3 $(error) 2');
		assert.equal(view.error, true);
	});

	test('no active set: the number of sets', () => {
		assert.equal(statusView({ ...idle, setCount: 3 }).text, '$(server) ESSH: 3 sets');
		assert.equal(statusView({ ...idle, setCount: 1 }).text, '$(server) ESSH: 1 set');
	});

	test('indexingText', () => {
		assert.equal(indexingText(undefined), 'indexing…');
		assert.equal(indexingText({ title: 't' }), 'indexing…');
		assert.equal(indexingText({ title: 't', percentage: 5 }), 'indexing 5%');
		assert.equal(indexingText({ title: 't', message: 'finding files' }), 'indexing finding files');
	});
});
