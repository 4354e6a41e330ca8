/**
 * Tests for `client/src/luals/lualsSettings.ts`: adding and removing our entry in list settings
 * without touching anything else, when to offer the library, the integration setting, and the
 * copy plan that replaces the installed addon's files in place.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	addEntry, integrationMode, pathList, planAddonCopy, removeEntry, samePath, shouldOfferLibrary, thirdPartyCheckDisabled,
} from '../../client/src/luals/lualsSettings';

const ours = '/home/u/.config/Code/User/globalStorage/essh-tools.essh-tools/luals-addons';

describe('LuaLS settings: adding our entry', () => {
	test('adds to a missing or empty setting', () => {
		assert.deepEqual(addEntry(undefined, ours, false), { kind: 'write', value: [ours] });
		assert.deepEqual(addEntry([], ours, false), { kind: 'write', value: [ours] });
	});

	test('appends after the user\'s entries, keeping them and their order', () => {
		assert.deepEqual(addEntry(['/b', '/a'], ours, false), { kind: 'write', value: ['/b', '/a', ours] });
	});

	test('writes nothing when the entry is there already, also with a trailing slash', () => {
		assert.deepEqual(addEntry(['/x', ours], ours, false), { kind: 'unchanged' });
		assert.deepEqual(addEntry([`${ours}/`], ours, false), { kind: 'unchanged' });
	});

	test('compares case-insensitively only where the file system does', () => {
		assert.deepEqual(addEntry([ours.toUpperCase()], ours, true), { kind: 'unchanged' });
		assert.equal(addEntry([ours.toUpperCase()], ours, false).kind, 'write');
	});

	test('never overwrites a value that is not a list', () => {
		assert.deepEqual(addEntry('/some/path', ours, false), { kind: 'unchanged' });
		assert.deepEqual(addEntry({ a: 1 }, ours, false), { kind: 'unchanged' });
	});
});

describe('LuaLS settings: removing our entry', () => {
	test('removes only our entry and keeps the rest in order', () => {
		assert.deepEqual(removeEntry(['/a', ours, '/b'], ours, false), { kind: 'write', value: ['/a', '/b'] });
	});

	test('removes the key when our entry was the only one, so the settings file is as before', () => {
		assert.deepEqual(removeEntry([ours], ours, false), { kind: 'write', value: undefined });
		assert.deepEqual(removeEntry([ours, `${ours}/`], ours, false), { kind: 'write', value: undefined });
	});

	test('writes nothing when our entry is absent or the value is not a list', () => {
		assert.deepEqual(removeEntry(['/a'], ours, false), { kind: 'unchanged' });
		assert.deepEqual(removeEntry(undefined, ours, false), { kind: 'unchanged' });
		assert.deepEqual(removeEntry('x', ours, false), { kind: 'unchanged' });
	});

	test('keeps non-string entries it does not understand', () => {
		assert.deepEqual(removeEntry([1, ours], ours, false), { kind: 'write', value: [1] as unknown as string[] });
	});
});

describe('LuaLS settings: offering the library to a folder', () => {
	const library = `${ours}/essh/library`;
	const base = { library: undefined, libraryPath: library, askedBefore: false, caseInsensitive: false };

	test('only when the third-party check is off', () => {
		assert.equal(thirdPartyCheckDisabled(false), true);
		assert.equal(thirdPartyCheckDisabled('Disable'), true);
		for (const value of [true, 'Ask', 'Apply', 'ApplyInMemory', undefined]) {
			assert.equal(thirdPartyCheckDisabled(value), false, String(value));
			assert.equal(shouldOfferLibrary({ ...base, checkThirdParty: value }), false, String(value));
		}
		assert.equal(shouldOfferLibrary({ ...base, checkThirdParty: false }), true);
	});

	test('not when the folder already has the library, and never twice', () => {
		assert.equal(shouldOfferLibrary({ ...base, checkThirdParty: 'Disable', library: ['/x', library] }), false);
		assert.equal(shouldOfferLibrary({ ...base, checkThirdParty: 'Disable', library: ['/x'] }), true);
		assert.equal(shouldOfferLibrary({ ...base, checkThirdParty: 'Disable', askedBefore: true }), false);
	});

	test('path helpers', () => {
		assert.deepEqual(pathList(['a', 1, 'b']), ['a', 'b']);
		assert.deepEqual(pathList('a'), []);
		assert.equal(samePath('C:\\A\\b\\', 'c:\\a\\B', true), true);
		assert.equal(samePath('/a/b', '/a/c', true), false);
	});
});

describe('LuaLS settings: the integration setting and the addon copy', () => {
	test('anything but "off" means auto', () => {
		assert.equal(integrationMode('off'), 'off');
		assert.equal(integrationMode('auto'), 'auto');
		assert.equal(integrationMode(undefined), 'auto');
		assert.equal(integrationMode(false), 'auto');
	});

	test('a fresh copy writes every file', () => {
		const bundled = [{ path: 'config.json', text: '{}' }, { path: 'library/essh.lua', text: 'x' }];
		assert.deepEqual(planAddonCopy(bundled, []), { write: bundled, remove: [] });
	});

	test('an update writes changed files, keeps equal ones and removes files no longer shipped', () => {
		const bundled = [{ path: 'config.json', text: '{}' }, { path: 'library/essh.lua', text: 'new' }];
		const installed = [{ path: 'config.json', text: '{}' }, { path: 'library/essh.lua', text: 'old' }, { path: 'library/lib/gone.lua', text: 'g' }];
		assert.deepEqual(planAddonCopy(bundled, installed), { write: [{ path: 'library/essh.lua', text: 'new' }], remove: ['library/lib/gone.lua'] });
		assert.deepEqual(planAddonCopy(bundled, bundled), { write: [], remove: [] });
	});
});
