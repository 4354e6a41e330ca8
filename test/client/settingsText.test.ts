/**
 * Tests for the uninstall script's settings edit (`client/src/luals/settingsText.ts`,
 * `uninstallCleanup.ts`): only our entry leaves `Lua.workspace.userThirdParty`, comments and other
 * settings stay byte for byte, the key goes when it empties, and anything unexpected is left alone.
 * The cleanup runs on settings files in a temporary user-data folder.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseJsonc, removeListEntry } from '../../client/src/luals/settingsText';
import { removeUserThirdPartyEntries, userDataDirs } from '../../client/src/luals/uninstallCleanup';
import { makeTempDir, removeTempDir } from '../support/paths';

const key = 'Lua.workspace.userThirdParty';
const ours = '/home/u/.config/Code/User/globalStorage/essh-tools.essh-tools/luals-addons';

describe('removing our entry from settings.json text', () => {
	test('the only entry: the whole key goes, with its comma, and comments stay', () => {
		const text = `{\n\t// my editor\n\t"editor.tabSize": 4,\n\t"${key}": [\n\t\t"${ours}"\n\t],\n\t"files.eol": "\\n" /* unix */\n}\n`;
		assert.equal(removeListEntry(text, key, ours), '{\n\t// my editor\n\t"editor.tabSize": 4,\n\t"files.eol": "\\n" /* unix */\n}\n');
	});

	test('the last key: the comma before it goes instead', () => {
		const text = `{\n\t"editor.tabSize": 4,\n\t"${key}": ["${ours}"]\n}`;
		assert.equal(removeListEntry(text, key, ours), '{\n\t"editor.tabSize": 4\n}');
	});

	test('among other entries: only ours goes, first, middle or last', () => {
		assert.equal(removeListEntry(`{"${key}": ["${ours}", "/a"]}`, key, ours), `{"${key}": ["/a"]}`);
		assert.equal(removeListEntry(`{"${key}": ["/a", "${ours}", "/b"]}`, key, ours), `{"${key}": ["/a", "/b"]}`);
		assert.equal(removeListEntry(`{"${key}": ["/a", "${ours}"]}`, key, ours), `{"${key}": ["/a"]}`);
		assert.equal(removeListEntry(`{"${key}": ["/a", "${ours}",]}`, key, ours), `{"${key}": ["/a", ]}`);
		assert.equal(removeListEntry(`{"${key}": [\n\t"${ours}",\n\t"/a"\n]}`, key, ours), `{"${key}": [\n\t"/a"\n]}`);
		assert.equal(removeListEntry(`{"${key}": [\n\t"/a",\n\t"${ours}"\n]}`, key, ours), `{"${key}": [\n\t"/a"\n]}`);
	});

	test('Windows paths are matched in their escaped JSON form', () => {
		const windows = 'C:\\Users\\u\\AppData\\Roaming\\Code\\User\\globalStorage\\essh-tools.essh-tools\\luals-addons';
		const text = `{"${key}": [${JSON.stringify(windows)}, "D:\\\\x"]}`;
		assert.deepEqual(parseJsonc(removeListEntry(text, key, windows) ?? ''), { [key]: ['D:\\x'] });
	});

	test('nothing to do, or not what we expect: undefined, and the file is left alone', () => {
		assert.equal(removeListEntry(`{"${key}": ["/a"]}`, key, ours), undefined);
		assert.equal(removeListEntry('{"other": 1}', key, ours), undefined);
		assert.equal(removeListEntry(`{"${key}": "${ours}"}`, key, ours), undefined);
		assert.equal(removeListEntry(`{"nested": {"${key}": ["${ours}"]}}`, key, ours), undefined);
		assert.equal(removeListEntry(`{"${key}": ["${ours}"`, key, ours), undefined);
		assert.equal(removeListEntry(`{ /* unclosed "${key}": ["${ours}"] }`, key, ours), undefined);
		assert.equal(removeListEntry('', key, ours), undefined);
	});

	test('a comment that mentions our path is not an entry', () => {
		const text = `{\n\t// "${ours}"\n\t"${key}": ["/a"]\n}`;
		assert.equal(removeListEntry(text, key, ours), undefined);
	});
});

describe('the uninstall cleanup', () => {
	test('cleans the default and other profiles of every user-data folder, and only our exact entry', () => {
		const root = makeTempDir('uninstall');
		try {
			const code = path.join(root, 'Code');
			const user = path.join(code, 'User');
			const profile = path.join(user, 'profiles', 'p1');
			fs.mkdirSync(profile, { recursive: true });
			const entry = (dir: string) => path.join(dir, 'globalStorage', 'essh-tools.essh-tools', 'luals-addons');
			fs.writeFileSync(path.join(user, 'settings.json'), `{\n\t// keep me\n\t${JSON.stringify(key)}: [${JSON.stringify(entry(user))}]\n}\n`);
			fs.writeFileSync(path.join(profile, 'settings.json'), `{${JSON.stringify(key)}: ["/other", ${JSON.stringify(entry(profile))}, ${JSON.stringify(entry(user))}]}`);
			const changed = removeUserThirdPartyEntries([code, path.join(root, 'VSCodium')], 'essh-tools.essh-tools');
			assert.equal(changed.length, 2);
			assert.equal(fs.readFileSync(path.join(user, 'settings.json'), 'utf8'), '{\n\t// keep me\n\t\n}\n', 'the only key goes; the comment stays');
			// A profile's entry is its own global-storage folder; the default profile's path there is someone else's entry.
			assert.deepEqual(parseJsonc(fs.readFileSync(path.join(profile, 'settings.json'), 'utf8')), { [key]: ['/other', entry(user)] });
			assert.deepEqual(removeUserThirdPartyEntries([code], 'essh-tools.essh-tools'), [], 'a second run changes nothing');
		} finally {
			removeTempDir(root);
		}
	});

	test('looks where each platform keeps VS Code\'s user data', () => {
		assert.ok(userDataDirs({}, 'linux', '/home/u').includes('/home/u/.config/Code'));
		assert.ok(userDataDirs({ XDG_CONFIG_HOME: '' }, 'linux', '/home/u').includes('/home/u/.config/Code'), 'an empty variable counts as unset');
		assert.ok(userDataDirs({}, 'linux', '/home/u').includes('/home/u/.local/share/code-server'));
		assert.ok(userDataDirs({}, 'darwin', '/Users/u').includes('/Users/u/Library/Application Support/Code'));
		assert.ok(userDataDirs({ APPDATA: '/appdata' }, 'win32', '/h').includes(path.join('/appdata', 'Code')));
		assert.deepEqual(userDataDirs({ VSCODE_PORTABLE: '/p' }, 'linux', '/h'), [path.join('/p', 'user-data')]);
	});
});
