/**
 * Protocol tests of the server as it runs in a browser: a `WebHost` that reads nothing itself but
 * asks the client (`essh/readFiles`), a workspace folder of another URI scheme at the root `/`
 * (`vscode-test-web://mount/`, as VS Code for the Web opens one), and the same root folder as
 * `file:///`. Labels keep their first character, results carry the folder's scheme, unopened files
 * get diagnostics, and files created, changed and deleted "on disk" reach the server through the client.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Definition, DocumentDiagnosticReport, FullDocumentDiagnosticReport, LocationLink, WorkspaceDiagnosticReport } from 'vscode-languageserver/node';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_MAX_FILE_SIZE } from '../../server/src/host';
import type { EnvironmentResult, ReadFilesParams, RegistryResult } from '../../server/src/lsp/ext';
import { startInBand, type InBand } from '../support/inBand';

const FILES = {
	'/web/.esshconfig.lua': 'host "web01" { HostName = "10.0.0.1", tags = { "web" } }\ntask "deploy" { targets = { "db01", "weeb01" }, script = "x" }\n',
	'/web/.esshconfig_override.lua': 'host "db01" { HostName = "10.0.0.2" }\n',
	'/ops/.esshconfig.lua': 'host "ops01" { Port = 22 }\n',
	'/node_modules/x/.esshconfig.lua': 'host "ignored" {}\n',
};

const ROOT = 'vscode-test-web://mount/';

async function registry(server: InBand): Promise<RegistryResult> {
	return server.request<RegistryResult>('essh/registry', {});
}

function labels(result: RegistryResult): string[] {
	return result.sets.map(set => set.label).sort();
}

async function withServer(options: Parameters<typeof startInBand>[0], body: (server: InBand) => Promise<void>): Promise<void> {
	const server = await startInBand(options);
	try {
		// The first registry goes out (debounced) after the index; later changes are counted from there.
		await server.waitFor(message => message.method === 'essh/registryChanged');
		await body(server);
	} finally {
		await server.dispose();
	}
}

test('a browser server reads the workspace through the client, under a root folder of another scheme', () => withServer({ files: FILES, folders: ['/'], rootUri: ROOT, web: true }, async server => {
	const asked = server.serverRequests.filter(message => message.method === 'essh/readFiles').map(message => (message.params as ReadFilesParams).uris);
	assert.deepEqual(asked, [[ROOT]], 'the first index asks for the workspace folder');
	const result = await registry(server);
	assert.deepEqual(labels(result), ['ops', 'web'], 'labels keep their first character at the root folder');
	const web = result.sets.find(set => set.label === 'web')!;
	assert.equal(web.id, `${ROOT}web`);
	assert.deepEqual(web.files, [`${ROOT}web/.esshconfig.lua`, `${ROOT}web/.esshconfig_override.lua`]);
	assert.deepEqual(web.hosts.map(host => [host.name, host.location.uri]), [['db01', `${ROOT}web/.esshconfig_override.lua`], ['web01', `${ROOT}web/.esshconfig.lua`]]);

	// Diagnostics of files never opened, with the folder's URIs.
	const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
	const codes = new Map(report.items.map(item => [item.uri, (item as FullDocumentDiagnosticReport).items.map(diag => String(diag.code)).sort()]));
	assert.deepEqual(codes.get(`${ROOT}ops/.esshconfig.lua`), ['host-ssh-prop-type']);
	assert.deepEqual(codes.get(`${ROOT}web/.esshconfig.lua`), ['target-unresolved']);
	assert.equal([...codes.keys()].some(uri => uri.includes('node_modules')), false);

	// Definition across files from an open document.
	const main = FILES['/web/.esshconfig.lua'];
	await server.open('/web/.esshconfig.lua', main);
	const line = main.split('\n')[1];
	const definition = await server.request<Definition | LocationLink[]>('textDocument/definition', { textDocument: { uri: server.uri('/web/.esshconfig.lua') }, position: { line: 1, character: line.indexOf('db01') + 1 } });
	const targets = (Array.isArray(definition) ? definition : [definition]).map(entry => ('targetUri' in entry ? entry.targetUri : entry.uri));
	assert.deepEqual(targets, [`${ROOT}web/.esshconfig_override.lua`]);

	// An edit of the open document is analysed.
	await server.change('/web/.esshconfig.lua', main.replace('weeb01', 'web01'), 2);
	const pulled = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: server.uri('/web/.esshconfig.lua') } });
	assert.deepEqual((pulled as FullDocumentDiagnosticReport).items, []);
}));

test('files created, changed and deleted reach the browser server through the client', () => withServer({ files: FILES, folders: ['/'], rootUri: ROOT, web: true }, async server => {
	// A new folder with its config: the watcher reports the directory, the client lists what is in it.
	server.host.write('/db/.esshconfig.lua', 'host "db02" {}\n');
	let mark = server.mark();
	await server.diskChanged([{ path: '/db', type: 'created' }]);
	await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	assert.deepEqual(labels(await registry(server)), ['db', 'ops', 'web']);

	server.host.write('/ops/.esshconfig.lua', 'host "ops01" { Port = "22" }\nhost "ops02" {}\n');
	mark = server.mark();
	await server.diskChanged([{ path: '/ops/.esshconfig.lua', type: 'changed' }]);
	await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	const ops = (await registry(server)).sets.find(set => set.label === 'ops')!;
	assert.deepEqual(ops.hosts.map(host => host.name), ['ops01', 'ops02']);
	assert.deepEqual(ops.problems, { errors: 0, warnings: 0 });

	// A created file that no glob selects is asked for only in case it is a directory: its text is never read.
	server.host.write('/notes.txt', 'not ESSH\n');
	mark = server.mark();
	await server.diskChanged([{ path: '/notes.txt', type: 'created' }, { path: '/notes.txt', type: 'changed' }]);
	const asked = await server.waitFor(message => message.method === 'essh/readFiles', { from: mark });
	assert.deepEqual(asked.params, { uris: [], directoriesOnly: [server.uri('/notes.txt')], include: DEFAULT_INCLUDE, exclude: DEFAULT_EXCLUDE, maxSize: DEFAULT_MAX_FILE_SIZE });
	// Deleting what the server never held asks nothing.
	server.host.delete('/notes.txt');
	mark = server.mark();
	await server.diskChanged([{ path: '/notes.txt', type: 'deleted' }]);
	await server.request('essh/registry', {});
	assert.deepEqual(server.since(mark).filter(message => message.method === 'essh/readFiles'), []);

	server.host.delete('/db');
	mark = server.mark();
	await server.diskChanged([{ path: '/db', type: 'deleted' }]);
	await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	assert.deepEqual(labels(await registry(server)), ['ops', 'web']);

	// A document closed after its file was deleted is gone too: the client said it is missing.
	await server.open('/web/.esshconfig_override.lua', FILES['/web/.esshconfig_override.lua']);
	server.host.delete('/web/.esshconfig_override.lua');
	await server.diskChanged([{ path: '/web/.esshconfig_override.lua', type: 'deleted' }]);
	mark = server.mark();
	await server.close('/web/.esshconfig_override.lua');
	await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	const web = (await registry(server)).sets.find(set => set.label === 'web')!;
	assert.deepEqual(web.hosts.map(host => host.name), ['web01']);
}));

test('URIs of other schemes than the folders\' are not files of the workspace', () => withServer({ files: FILES, folders: ['/'], rootUri: ROOT, web: true }, async server => {
	const mark = server.mark();
	await server.notify('textDocument/didOpen', { textDocument: { uri: 'git:/web/.esshconfig.lua?{"ref":"HEAD"}', languageId: 'lua', version: 1, text: 'host "fromgit" {}\n' } });
	await server.notify('textDocument/didOpen', { textDocument: { uri: 'other-fs://elsewhere/web/.esshconfig.lua', languageId: 'lua', version: 1, text: 'host "elsewhere" {}\n' } });
	await new Promise(resolve => setTimeout(resolve, 100));
	assert.deepEqual(server.since(mark).filter(message => message.method === 'essh/registryChanged'), []);
	const web = (await registry(server)).sets.find(set => set.label === 'web')!;
	assert.deepEqual(web.hosts.map(host => host.name), ['db01', 'web01']);
}));

test('the root folder as file:/// keeps its labels too', () => withServer({ files: FILES, folders: ['/'] }, async server => {
	assert.deepEqual(labels(await registry(server)), ['ops', 'web']);
	const report = await server.request<WorkspaceDiagnosticReport>('workspace/diagnostic', { previousResultIds: [] });
	assert.ok(report.items.some(item => item.uri === 'file:///ops/.esshconfig.lua' && (item as FullDocumentDiagnosticReport).items.length === 1));
}));

test('essh/environment says where the server runs', () => withServer({ files: FILES, folders: ['/'], rootUri: ROOT, web: true }, async server => {
	const environment = await server.request<EnvironmentResult>('essh/environment', {});
	assert.equal(environment.runtime, 'browser');
	assert.equal(typeof environment.global, 'string');
}));

test('a browser server reads a module required beside the project file (./drivers.lua) though no glob selects it, and follows it', () => withServer({
	files: {
		'/p/esshconfig.lua': 'pcall(require, "drivers")\ntask "t" { driver = "lua", script = "x" }\n',
		'/p/drivers.lua': 'driver "lua" { engine = "lua" }\n',
		'/p/unrelated.lua': 'driver "never" {}\n',
	},
	folders: ['/'], rootUri: ROOT, web: true,
}, async server => {
	const diagnostics = async (): Promise<string[]> => {
		const report = await server.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: server.uri('/p/esshconfig.lua') } });
		return (report as FullDocumentDiagnosticReport).items.map(item => `${item.severity} ${String(item.code)}`);
	};
	assert.deepEqual(await diagnostics(), [], 'the driver of drivers.lua is known');
	const asked = server.serverRequests.filter(message => message.method === 'essh/readFiles').flatMap(message => (message.params as ReadFilesParams).uris);
	assert.deepEqual(asked, [ROOT, server.uri('/p/drivers.lua')], 'the module is asked for by name, and nothing else beside it');

	// Changed on disk: read again through the client.
	server.host.write('/p/drivers.lua', 'driver "other" { engine = "lua" }\n');
	let mark = server.mark();
	await server.diskChanged([{ path: '/p/drivers.lua', type: 'changed' }]);
	await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	assert.deepEqual(await diagnostics(), ['2 task-driver-unknown']);

	// An edit that requires another module beside the project: it is fetched and followed.
	server.host.write('/p/more.lua', 'driver "lua" { engine = "lua" }\n');
	mark = server.mark();
	await server.open('/p/esshconfig.lua', 'pcall(require, "drivers")\nrequire "more"\ntask "t" { driver = "lua", script = "x" }\n');
	await server.waitFor(message => message.method === 'essh/readFiles' && (message.params as ReadFilesParams).uris.includes(server.uri('/p/more.lua')), { from: mark });
	await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	assert.deepEqual(await diagnostics(), []);

	// A required module that does not exist yet is read when it is created.
	mark = server.mark();
	await server.change('/p/esshconfig.lua', 'pcall(require, "late")\ntask "t" { driver = "late", script = "x" }\n', 2);
	await server.waitFor(message => message.method === 'essh/readFiles' && (message.params as ReadFilesParams).uris.includes(server.uri('/p/late.lua')), { from: mark });
	assert.deepEqual(await diagnostics(), ['3 task-driver-unknown'], 'not found yet: the set is open');
	server.host.write('/p/late.lua', 'driver "late" { engine = "lua" }\n');
	mark = server.mark();
	await server.diskChanged([{ path: '/p/late.lua', type: 'created' }]);
	await server.waitFor(message => message.method === 'essh/registryChanged', { from: mark });
	assert.deepEqual(await diagnostics(), []);
}));
