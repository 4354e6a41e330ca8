/**
 * The one out-of-process protocol test: spawns the bundled server (`node dist/server.js --stdio`,
 * built by `npm test` before the tests run, or here when missing) on a temporary workspace on disk
 * and runs initialize → didOpen → diagnostic → definition → shutdown/exit against it.
 */
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type FullDocumentDiagnosticReport, type LocationLink } from 'vscode-languageserver/node';

const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'dist', 'server.js');

test('node dist/server.js --stdio: initialize, open, diagnostics, definition, shutdown and exit', async () => {
	if (!fs.existsSync(SERVER)) {
		const build = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, encoding: 'utf8' });
		assert.equal(build.status, 0, build.stderr);
	}
	const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-stdio-'));
	const userDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-user-'));
	try {
		const config = path.join(workspace, '.esshconfig.lua');
		const text = '-- café 🚀\nhost "web" { HostName = "h", Port = 22 }\ntask "t" { description = "é🚀", targets = { "web" }, script = "x" }\n';
		fs.writeFileSync(config, text);
		const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
		let stderr = '';
		child.stderr.on('data', chunk => {
			stderr += String(chunk);
		});
		const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		const client = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
		client.onRequest('workspace/configuration', () => [{ userConfig: { enabled: true, directory: userDirectory } }]);
		client.onRequest(() => null);
		client.listen();
		const uri = pathToFileURL(config).href;
		const initialize = await client.sendRequest<{ capabilities: { definitionProvider?: boolean } }>('initialize', {
			processId: process.pid,
			rootUri: pathToFileURL(workspace).href,
			workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'ws' }],
			capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
		});
		assert.equal(initialize.capabilities.definitionProvider, true);
		await client.sendNotification('initialized', {});
		await client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'lua', version: 1, text } });
		const report = await client.sendRequest<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
		assert.deepEqual(report.items.map(diag => [diag.code, diag.range.start.line, diag.range.start.character]), [['host-ssh-prop-type', 1, text.split('\n')[1].indexOf('22')]]);
		const taskLine = text.split('\n')[2];
		const definition = await client.sendRequest<LocationLink[] | Array<{ uri: string; range: { start: { line: number; character: number } } }>>('textDocument/definition', {
			textDocument: { uri },
			position: { line: 2, character: taskLine.indexOf('"web"') + 2 },
		});
		assert.deepEqual(definition.map(location => ('uri' in location ? [location.uri, location.range.start] : [location.targetUri, location.targetSelectionRange.start])), [[uri, { line: 1, character: 5 }]]);
		await client.sendRequest('shutdown');
		await client.sendNotification('exit');
		assert.equal(await exited, 0, stderr);
		client.dispose();
	} finally {
		fs.rmSync(workspace, { recursive: true, force: true });
		fs.rmSync(userDirectory, { recursive: true, force: true });
	}
});
