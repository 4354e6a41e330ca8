/**
 * A crashed language server in a real VS Code: the test kills the server process (its pid comes
 * from the extension's test API) twice in a row; the extension restarts it each time, the
 * registry, lookups and diagnostics answer again from the new process, the user is told once for
 * the burst (the API records every message shown about the server), and the status item showed
 * the server's indexing progress. This suite runs last: it replaces the server under the others.
 */
import * as assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import type { EsshExtensionApi } from '../../../client/src/extension';
import { closeAllEditors, esshApi, fixTypoAndUndo, openDoc, waitFor, waitForDiagnostic } from './util';

/** Kills the running server with SIGKILL and waits until a new server process runs and the registry is loaded again. */
async function crashServer(api: EsshExtensionApi): Promise<number> {
	const pid = api.serverPid();
	assert.ok(pid !== undefined && pid > 0, 'the server runs as a child process with a pid');
	process.kill(pid, 'SIGKILL');
	const next = await waitFor(`a new server process after killing ${pid}`, () => {
		const current = api.serverPid();
		return current !== undefined && current !== pid && api.getClient()?.isRunning() ? current : undefined;
	}, 30_000);
	await waitFor('the registry reloaded from the new server', () => (api.registry.current()?.sets.length ?? 0) >= 3 || undefined, 30_000);
	return next;
}

suite('server crash', () => {
	test('a killed server is restarted, answers again, and the user is told once per burst', async () => {
		const api = await esshApi();
		const noticesBefore = api.serverNotices().length;
		const status = api.statusBar.record();
		const first = api.serverPid();

		const second = await crashServer(api);
		assert.notEqual(second, first);
		// A second crash right after the first is part of the same burst.
		const third = await crashServer(api);
		assert.notEqual(third, second);

		// The new server answers the custom protocol…
		const lookup = await api.lookup({ kind: 'hosts', pattern: 'web0*' });
		assert.ok(lookup.items.some(item => item.name === 'web01'), JSON.stringify(lookup.items.map(item => item.name)));
		// …and computes diagnostics for an edit made after the crashes.
		const document = await openDoc('web/.esshconfig.lua', true);
		await waitForDiagnostic(document.uri, 'target-unresolved', undefined, 30_000);
		await fixTypoAndUndo(document, 'weeb01', 'web01', 'target-unresolved');
		await closeAllEditors();

		const notices = api.serverNotices().slice(noticesBefore);
		assert.equal(notices.length, 1, `one notice for two crashes: ${JSON.stringify(notices)}`);
		assert.equal(notices[0].kind, 'warning');
		assert.match(notices[0].message, /stopped unexpectedly and was restarted/);

		// While the new server indexed, the status item showed its progress with a percentage.
		status.dispose();
		const shown = status.texts;
		assert.ok(shown.some(text => /^\$\(sync~spin\) .*\d+%/.test(text)), `indexing progress shown: ${JSON.stringify(shown)}`);
		assert.match(api.statusBar.item.text, /^\$\(server\)/, 'the spinner is gone once indexed');
	});
});
