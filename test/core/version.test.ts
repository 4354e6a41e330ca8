/**
 * Tests for `core/version.ts`: reading the `essh.version` setting, comparing versions, version
 * ranges, and the namespace-era boundary.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	compareVersions,
	DEFAULT_VERSION,
	describeVersionRanges,
	formatVersion,
	inVersionRange,
	inVersionRanges,
	isNamespaceEra,
	parseVersion,
	versionAtLeast,
	type EsshVersion,
} from '../../server/src/core/version';

function checkVersion(text: string): EsshVersion {
	const result = parseVersion(text);
	assert.ok(result, `'${text}' should parse`);
	return result;
}

describe('parseVersion', () => {
	test('reads one to three parts, with missing parts zero', () => {
		assert.deepEqual(parseVersion('3'), { major: 3, minor: 0, patch: 0 });
		assert.deepEqual(parseVersion('3.4'), { major: 3, minor: 4, patch: 0 });
		assert.deepEqual(parseVersion('3.4.0'), { major: 3, minor: 4, patch: 0 });
		assert.deepEqual(parseVersion('0.85'), { major: 0, minor: 85, patch: 0 });
	});

	test('accepts a v prefix, whitespace and a pre-release suffix', () => {
		assert.deepEqual(parseVersion('v2.1'), { major: 2, minor: 1, patch: 0 });
		assert.deepEqual(parseVersion(' V3.3.0 '), { major: 3, minor: 3, patch: 0 });
		assert.deepEqual(parseVersion('2.0.0-beta.1'), { major: 2, minor: 0, patch: 0 });
	});

	test('rejects anything else', () => {
		for (const text of ['', 'v', 'latest', '3.x', '3.4.0.1', '.3', '3.', '-1', '3..4']) {
			assert.equal(parseVersion(text), undefined, text);
		}
	});
});

describe('comparison', () => {
	test('orders numerically, not as text', () => {
		assert.ok(compareVersions(checkVersion('0.85'), checkVersion('0.9')) > 0);
		assert.ok(compareVersions(checkVersion('2.10'), checkVersion('2.9')) > 0);
		assert.equal(compareVersions(checkVersion('3'), checkVersion('3.0.0')), 0);
		assert.ok(compareVersions(checkVersion('3.3.9'), checkVersion('3.4')) < 0);
	});

	test('versionAtLeast', () => {
		assert.equal(versionAtLeast(checkVersion('2.1'), '2.1'), true);
		assert.equal(versionAtLeast(checkVersion('2.0.9'), '2.1'), false);
		assert.equal(versionAtLeast(checkVersion('3'), '2.1.0'), true);
		assert.equal(versionAtLeast(DEFAULT_VERSION, '3.4'), true);
		assert.equal(versionAtLeast(DEFAULT_VERSION, '3.4.1'), false);
		assert.throws(() => versionAtLeast(DEFAULT_VERSION, 'three'));
	});

	test('the default is v3.4.0', () => {
		assert.equal(formatVersion(DEFAULT_VERSION), '3.4.0');
	});
});

describe('ranges', () => {
	test('include from and exclude to', () => {
		const range = { from: '0.85', to: '2.2' };
		assert.equal(inVersionRange(checkVersion('0.84.9'), range), false);
		assert.equal(inVersionRange(checkVersion('0.85'), range), true);
		assert.equal(inVersionRange(checkVersion('2.1.9'), range), true);
		assert.equal(inVersionRange(checkVersion('2.2'), range), false);
		assert.equal(inVersionRange(checkVersion('99'), { from: '3.3' }), true);
	});

	test('several ranges, and none', () => {
		const ranges = [{ from: '0.67', to: '0.71' }, { from: '0.72' }];
		assert.equal(inVersionRanges(checkVersion('0.70'), ranges), true);
		assert.equal(inVersionRanges(checkVersion('0.71'), ranges), false);
		assert.equal(inVersionRanges(checkVersion('3.4'), ranges), true);
		assert.equal(inVersionRanges(checkVersion('3.4'), []), false);
	});

	test('describe', () => {
		assert.equal(describeVersionRanges([{ from: '0.85', to: '2.2' }]), 'v0.85.0 to before v2.2.0');
		assert.equal(describeVersionRanges([{ from: '2.1' }]), 'v2.1.0 and later');
	});
});

describe('isNamespaceEra', () => {
	test('is v0.85.0 up to but not including v2.2.0', () => {
		assert.equal(isNamespaceEra(checkVersion('0.84')), false);
		assert.equal(isNamespaceEra(checkVersion('0.85')), true);
		assert.equal(isNamespaceEra(checkVersion('1.0')), true);
		assert.equal(isNamespaceEra(checkVersion('2.1.0')), true);
		assert.equal(isNamespaceEra(checkVersion('2.2')), false);
		assert.equal(isNamespaceEra(DEFAULT_VERSION), false);
	});
});
