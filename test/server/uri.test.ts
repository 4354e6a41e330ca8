/**
 * URI handling of the language server without Node (server/src/lsp/uri.ts): FileIds of `file:`
 * URIs as Node reads them, of other schemes (`vscode-vfs:`, `vscode-remote:`, `vscode-test-web:`,
 * `memfs:`) as their decoded paths, the `file:` URI of a FileId as Node spells it, and paths
 * relative to a folder, the root folder `/` included.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodePath, fileOfUri, fileUriOf, joinUri, parseUri, relativeToFolder, uriRoot } from '../../server/src/lsp/uri';
import { mulberry32 } from '../support/random';

test('file: URIs become the paths Node reads, for awkward names too', () => {
	const paths = ['/ws/proj/.esshconfig.lua', '/tmp/a b/é🚀/x#y?z%.lua', '/a/[b]/{c}/`d`/"e"/<f>/g\\h', '/', '/ws/x@y:z;a=b&c+d,e$f!g\'h(i)*j~k'];
	for (const path of paths) {
		const uri = pathToFileURL(path).href;
		assert.equal(fileOfUri(uri), fileURLToPath(uri), uri);
		assert.equal(fileURLToPath(fileUriOf(path)), path, path);
	}
	assert.equal(fileUriOf('/ws/proj/a b/.esshconfig.lua'), 'file:///ws/proj/a%20b/.esshconfig.lua');
	// VS Code spells more characters encoded; the path is the same.
	assert.equal(fileOfUri('file:///ws/a%20b/%2Eesshconfig.lua'), '/ws/a b/.esshconfig.lua');
	assert.equal(fileOfUri('file://localhost/ws/x.lua'), '/ws/x.lua');
});

test('random paths survive URI round trips as through Node', () => {
	const random = mulberry32(18);
	const alphabet = ['a', 'Z', '0', ' ', '%', '#', '?', '&', '=', '+', ':', '@', 'é', '🚀', '\\', '[', '{', '"', '`', '~', '.', '-', '\t'];
	for (let round = 0; round < 300; round++) {
		let path = '';
		const segments = 1 + Math.floor(random() * 4);
		for (let segment = 0; segment < segments; segment++) {
			// A leading letter keeps `.` and `..` segments (which URLs normalise away) out.
			path += '/x';
			const length = 1 + Math.floor(random() * 6);
			for (let index = 0; index < length; index++) {
				path += alphabet[Math.floor(random() * alphabet.length)];
			}
		}
		const node = pathToFileURL(path).href;
		// Node's spelling can vary by version; what it names may not.
		assert.equal(fileURLToPath(fileUriOf(path)), path, JSON.stringify(path));
		assert.equal(fileOfUri(node), fileURLToPath(node), node);
		assert.equal(fileOfUri(joinUri('vscode-vfs://github/o/r', path.slice(1))), `/o/r${path}`, path);
	}
});

test('Windows drive letters and UNC shares are read as VS Code reads them', () => {
	assert.equal(fileOfUri('file:///c%3A/Users/me/.esshconfig.lua'), 'c:/Users/me/.esshconfig.lua');
	assert.equal(fileOfUri('file:///C:/x'), 'C:/x');
	assert.equal(fileOfUri('file://server/share/x.lua'), '//server/share/x.lua');
	assert.equal(fileUriOf('c:/Users/me/x.lua'), 'file:///c:/Users/me/x.lua');
	assert.equal(fileUriOf('//server/share/x.lua'), 'file://server/share/x.lua');
	assert.equal(fileOfUri(fileUriOf('//server/share/a b.lua')), '//server/share/a b.lua');
});

test('other schemes: the decoded path, whatever the authority', () => {
	assert.equal(fileOfUri('vscode-vfs://github/owner/repo/ops/.esshconfig.lua'), '/owner/repo/ops/.esshconfig.lua');
	assert.equal(fileOfUri('vscode-remote://127.0.0.1:8080/tmp/ws/web/.esshconfig.lua'), '/tmp/ws/web/.esshconfig.lua');
	assert.equal(fileOfUri('vscode-test-web://mount/'), '/');
	assert.equal(fileOfUri('vscode-test-web://mount'), '/');
	assert.equal(fileOfUri('memfs:/proj/a%20b.lua'), '/proj/a b.lua');
	assert.equal(uriRoot('VSCODE-VFS://github/owner/repo'), 'vscode-vfs://github');
	assert.equal(uriRoot('file:///x'), 'file://');
});

test('URIs that name no file of a folder tree have no FileId', () => {
	for (const uri of ['untitled:Untitled-1', 'git:/ws/x.lua?{"ref":"HEAD"}', 'file:///ws/x.lua#L3', 'file:///ws/%E0%A4%A', 'not a uri', 'file:relative/x.lua', 'file:///a%00b', '']) {
		assert.equal(fileOfUri(uri), undefined, uri);
	}
	assert.equal(parseUri(42 as unknown as string), undefined);
});

test('joinUri keeps the base\'s scheme and authority and spells the path as VS Code does', () => {
	assert.equal(joinUri('vscode-test-web://mount/', 'web/.esshconfig.lua'), 'vscode-test-web://mount/web/.esshconfig.lua');
	assert.equal(joinUri('vscode-test-web://mount', 'web/.esshconfig.lua'), 'vscode-test-web://mount/web/.esshconfig.lua');
	assert.equal(joinUri('vscode-remote://127.0.0.1:8080/tmp/ws', 'a b/x@y.lua'), 'vscode-remote://127.0.0.1:8080/tmp/ws/a%20b/x%40y.lua');
	assert.equal(joinUri('file:///', 'x.lua'), 'file:///x.lua');
	assert.equal(joinUri('memfs:/proj', ''), 'memfs:/proj');
	assert.equal(encodePath('/é/a:b', 'vscode'), '/%C3%A9/a%3Ab');
});

test('paths relative to a folder, the root folder included', () => {
	assert.equal(relativeToFolder('/', '/ops/.esshconfig.lua'), 'ops/.esshconfig.lua');
	assert.equal(relativeToFolder('/ws', '/ws/ops/.esshconfig.lua'), 'ops/.esshconfig.lua');
	assert.equal(relativeToFolder('/ws', '/ws'), '');
	assert.equal(relativeToFolder('/', '/'), '');
	assert.equal(relativeToFolder('/ws', '/wsx/a.lua'), undefined);
	assert.equal(relativeToFolder('/ws/', '/ws/a.lua'), 'a.lua');
});
