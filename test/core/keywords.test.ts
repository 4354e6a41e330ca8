/**
 * Tests for `core/keywords.ts`: ssh_config keyword lookup, the version-dependent ESSH key and
 * built-in tables, value-type acceptance, and the did-you-mean helper.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../support/random';
import {
	BUNDLED_LIBRARIES,
	builtinSpec,
	bundledLibraryFor,
	canonicalSshKeyword,
	editDistance,
	ESSH_TABLE_MEMBERS,
	fillMessage,
	GROUP_RESERVED_KEYS,
	HOST_KEYS,
	hasStrictKeyValidation,
	hostKeysFor,
	isBuiltinAvailable,
	isSshPropertyKey,
	jobKeysFor,
	namespaceKeysFor,
	nearestName,
	nearestPreparedName,
	prepareNames,
	REMOVED_BUILTINS,
	SSH_KEYWORDS,
	sshKeyword,
	TASK_KEYS,
	taskKeysFor,
	unsupportedFieldMessage,
	valueTypeAccepts,
} from '../../server/src/core/keywords';
import { DEFAULT_VERSION, parseVersion, type EsshVersion } from '../../server/src/core/version';

function checkVersion(text: string): EsshVersion {
	const result = parseVersion(text);
	assert.ok(result, `'${text}' should parse`);
	return result;
}

function names(specs: readonly { name: string }[]): string[] {
	return specs.map(spec => spec.name);
}

describe('ssh keywords', () => {
	test('canonical case lookup is case-insensitive', () => {
		assert.equal(canonicalSshKeyword('hostname'), 'HostName');
		assert.equal(canonicalSshKeyword('Hostname'), 'HostName');
		assert.equal(canonicalSshKeyword('PROXYJUMP'), 'ProxyJump');
		assert.equal(canonicalSshKeyword('proxycommand'), 'ProxyCommand');
		assert.equal(canonicalSshKeyword('pubkeyacceptedkeytypes'), 'PubkeyAcceptedKeyTypes');
		assert.equal(canonicalSshKeyword('ipqos'), 'IPQoS');
		assert.equal(canonicalSshKeyword('HostNme'), undefined);
		assert.equal(canonicalSshKeyword(''), undefined);
	});

	test('names are unique regardless of case and every entry has a doc', () => {
		const lower = SSH_KEYWORDS.map(keyword => keyword.name.toLowerCase());
		assert.equal(new Set(lower).size, lower.length);
		for (const keyword of SSH_KEYWORDS) {
			assert.ok(keyword.doc.length > 10, keyword.name);
			assert.match(keyword.name, /^[A-Z]/, keyword.name);
		}
	});

	test('covers the common and the obsolete keywords', () => {
		for (const name of ['Host', 'Match', 'Include', 'AddKeysToAgent', 'BindInterface', 'ProxyUseFdpass', 'PubkeyAcceptedAlgorithms', 'User', 'UserKnownHostsFile', 'VerifyHostKeyDNS', 'VisualHostKey', 'XAuthLocation', 'Protocol', 'Tag']) {
			assert.ok(sshKeyword(name), name);
		}
		assert.equal(sshKeyword('PubkeyAcceptedKeyTypes')?.aliasOf, 'PubkeyAcceptedAlgorithms');
		assert.equal(sshKeyword('protocol')?.status, 'deprecated');
		assert.equal(sshKeyword('UseKeychain')?.status, 'vendor');
		for (const keyword of SSH_KEYWORDS.filter(entry => entry.status === 'alias')) {
			assert.equal(sshKeyword(keyword.aliasOf ?? '')?.status, 'current', keyword.name);
		}
	});

	test('SSH property keys start with an upper-case letter', () => {
		assert.equal(isSshPropertyKey('HostName'), true);
		assert.equal(isSshPropertyKey('Ärger'), true);
		assert.equal(isSshPropertyKey('hostname'), false);
		assert.equal(isSshPropertyKey('_x'), false);
		assert.equal(isSshPropertyKey('1x'), false);
		assert.equal(isSshPropertyKey(''), false);
	});
});

describe('ESSH keys by version', () => {
	test('v3 host keys', () => {
		assert.deepEqual(names(hostKeysFor(DEFAULT_VERSION)).sort(), ['description', 'hidden', 'hooks_after_connect', 'hooks_after_disconnect', 'hooks_before_connect', 'props', 'tags']);
		assert.ok(names(hostKeysFor(checkVersion('0.60'))).includes('private'));
	});

	test('v3.4 task keys', () => {
		assert.deepEqual(names(taskKeysFor(DEFAULT_VERSION)).sort(), [
			'args', 'backend', 'description', 'disabled', 'driver', 'filters', 'hidden', 'parallel', 'prefix', 'prepare',
			'privileged', 'props', 'pty', 'script', 'script_file', 'ssh_options', 'targets', 'user',
		]);
	});

	test('task keys appear and disappear with their versions', () => {
		const has = (version: string, key: string) => names(taskKeysFor(checkVersion(version))).includes(key);
		assert.equal(has('2.0', 'user'), false);
		assert.equal(has('2.1', 'user'), true);
		assert.equal(has('3.2', 'ssh_options'), false);
		assert.equal(has('3.3', 'ssh_options'), true);
		assert.equal(has('0.59', 'filters'), false);
		assert.equal(has('0.60', 'filters'), true);
		assert.equal(has('0.76', 'args'), false);
		assert.equal(has('0.77', 'args'), true);
		assert.equal(has('0.75', 'script_file'), false);
		assert.equal(has('0.75', 'file'), true);
		assert.equal(has('0.76', 'file'), false);
		assert.equal(has('0.71', 'props'), false);
		assert.equal(has('0.72', 'props'), true);
	});

	test('namespace, job and group keys', () => {
		assert.deepEqual(names(namespaceKeysFor(checkVersion('2.1'))), ['hosts', 'tasks', 'drivers']);
		assert.deepEqual(names(namespaceKeysFor(checkVersion('2.2'))), []);
		assert.ok(names(jobKeysFor(checkVersion('0.80'))).includes('description'));
		assert.deepEqual(names(jobKeysFor(checkVersion('1.0'))), ['hosts', 'tasks', 'drivers']);
		assert.deepEqual(names(GROUP_RESERVED_KEYS), ['hosts', 'tasks', 'drivers']);
	});

	test('error messages are ESSH\'s own', () => {
		const task = (key: string) => TASK_KEYS.find(spec => spec.name === key);
		const host = (key: string) => HOST_KEYS.find(spec => spec.name === key);
		assert.equal(host('tags')?.wrongType.message, "invalid value of a host's field 'tags'.");
		assert.equal(host('tags')?.element?.message, 'unsupported format of tags.');
		assert.equal(task('targets')?.wrongType.message, "invalid value of a task's field 'targets'.");
		assert.equal(task('backend')?.wrongType.effect, 'ignored');
		assert.equal(task('backend')?.invalidValue?.message, "backend must be 'local' or 'remote'.");
		assert.equal(task('ssh_options')?.wrongType.effect, 'ignored');
		assert.equal(task('prepare')?.wrongType.message, 'prepare have to be a function.');
		assert.equal(fillMessage(task('props')?.element?.keyMessage ?? '', '1'), "props table's key must be a string: 1");
		assert.equal(unsupportedFieldMessage('host', 'tag'), "unsupported host's field 'tag'.");
		assert.equal(unsupportedFieldMessage('task', 'steps'), "unsupported task's field 'steps'.");
		assert.equal(unsupportedFieldMessage('driver', 'anything'), undefined);
		for (const spec of [...HOST_KEYS, ...TASK_KEYS]) {
			assert.ok(spec.doc.length > 0, spec.name);
			assert.ok(spec.wrongType.effect === 'ignored' || spec.wrongType.message, spec.name);
		}
	});

	test('strict validation starts at v0.50', () => {
		assert.equal(hasStrictKeyValidation(checkVersion('0.49')), false);
		assert.equal(hasStrictKeyValidation(checkVersion('0.50')), true);
	});
});

describe('valueTypeAccepts', () => {
	test('follows ESSH\'s type checks', () => {
		assert.equal(valueTypeAccepts('string', 'number'), false);
		assert.equal(valueTypeAccepts('stringOrList', 'string'), true);
		assert.equal(valueTypeAccepts('stringOrList', 'arrayTable'), true);
		assert.equal(valueTypeAccepts('stringOrList', 'emptyTable'), true);
		assert.equal(valueTypeAccepts('stringOrList', 'mapTable'), false);
		assert.equal(valueTypeAccepts('stringOrBoolean', 'boolean'), true);
		assert.equal(valueTypeAccepts('stringOrFunction', 'function'), true);
		assert.equal(valueTypeAccepts('script', 'function'), false);
		assert.equal(valueTypeAccepts('script', 'emptyTable'), false);
		assert.equal(valueTypeAccepts('table', 'nil'), false);
		assert.equal(valueTypeAccepts('any', 'nil'), true);
	});
});

describe('built-ins', () => {
	test('namespace exists in v0.85–v2.1 only', () => {
		assert.equal(isBuiltinAvailable('namespace', checkVersion('2.1')), true);
		assert.equal(isBuiltinAvailable('namespace', checkVersion('0.85')), true);
		assert.equal(isBuiltinAvailable('namespace', checkVersion('0.84')), false);
		assert.equal(isBuiltinAvailable('namespace', checkVersion('2.2')), false);
		assert.equal(isBuiltinAvailable('namespace', checkVersion('3.4')), false);
	});

	test('job exists in v0.68–v1.0 only', () => {
		assert.equal(isBuiltinAvailable('job', checkVersion('1.0')), true);
		assert.equal(isBuiltinAvailable('job', checkVersion('0.68')), true);
		assert.equal(isBuiltinAvailable('job', checkVersion('2.0')), false);
	});

	test('host, task and essh exist from v0.18', () => {
		for (const version of ['0.18', '0.50', '1.0', '2.2', '3.0', '3.4']) {
			assert.equal(isBuiltinAvailable('host', checkVersion(version)), true, version);
			assert.equal(isBuiltinAvailable('task', checkVersion(version)), true, version);
			assert.equal(isBuiltinAvailable('essh', checkVersion(version)), true, version);
		}
		assert.equal(isBuiltinAvailable('host', checkVersion('0.17')), false);
		assert.equal(isBuiltinAvailable('group', checkVersion('0.84')), false);
		assert.equal(isBuiltinAvailable('group', DEFAULT_VERSION), true);
	});

	test('module is ESSH\'s own in v2.0–v2.2 only, then load_module until v3', () => {
		assert.equal(isBuiltinAvailable('module', checkVersion('1.0')), false);
		assert.equal(isBuiltinAvailable('module', checkVersion('2.2')), true);
		assert.equal(isBuiltinAvailable('module', checkVersion('2.3')), false);
		assert.equal(builtinSpec('module')?.luaFallback, true);
		assert.equal(isBuiltinAvailable('load_module', checkVersion('2.5')), true);
		assert.equal(isBuiltinAvailable('load_module', checkVersion('3.0')), false);
		assert.equal(isBuiltinAvailable('import', checkVersion('2.5')), true);
		assert.equal(isBuiltinAvailable('import', DEFAULT_VERSION), false);
	});

	test('essh members', () => {
		assert.equal(isBuiltinAvailable('essh.select_hosts', DEFAULT_VERSION), true);
		assert.equal(isBuiltinAvailable('essh.select_hosts', checkVersion('0.67')), false);
		assert.equal(isBuiltinAvailable('essh.get_namespace', checkVersion('2.1')), true);
		assert.equal(isBuiltinAvailable('essh.get_namespace', DEFAULT_VERSION), false);
		assert.equal(isBuiltinAvailable('essh.module', DEFAULT_VERSION), false);
		assert.equal(isBuiltinAvailable('essh.module', checkVersion('2.0')), true);
		assert.equal(isBuiltinAvailable('essh.find_hosts', checkVersion('0.60')), true);
		assert.deepEqual(names(ESSH_TABLE_MEMBERS), ['host', 'task', 'driver', 'group', 'select_hosts', 'ssh_config', 'version', 'debug', 'current_registry', 'module']);
	});

	test('every name of the removed-builtin check has a range, and none exists in v3.4', () => {
		const listed = [
			'namespace', 'job', 'module', 'load_module', 'import', 'private_host', 'override_host', 'find_hosts', 'registry', 'Host', 'Task',
			'essh.namespaces', 'essh.get_namespace', 'essh.jobs', 'essh.get_job', 'essh.load_module', 'essh.find_hosts', 'essh.gethosts',
			'essh.hosts', 'essh.registry', 'essh.require', 'essh.private_host', 'essh.import',
		];
		for (const name of listed) {
			assert.ok(REMOVED_BUILTINS.some(spec => spec.name === name), name);
			assert.equal(isBuiltinAvailable(name, DEFAULT_VERSION), false, name);
		}
		assert.equal(isBuiltinAvailable('print', DEFAULT_VERSION), false);
	});
});

describe('bundled libraries', () => {
	test('plain names from v0.50, older aliases by version', () => {
		assert.deepEqual(names(BUNDLED_LIBRARIES.filter(library => bundledLibraryFor(library.name, DEFAULT_VERSION))), ['json', 'fs', 'yaml', 'template', 'question', 'env', 'http', 're', 'sh']);
		assert.equal(bundledLibraryFor('json', DEFAULT_VERSION)?.name, 'json');
		assert.equal(bundledLibraryFor('json', checkVersion('0.40')), undefined);
		assert.equal(bundledLibraryFor('essh.json', checkVersion('0.40'))?.name, 'json');
		assert.equal(bundledLibraryFor('glua.re', checkVersion('0.50'))?.name, 're');
		assert.equal(bundledLibraryFor('glua.re', checkVersion('0.51')), undefined);
		assert.equal(bundledLibraryFor('lfs', DEFAULT_VERSION), undefined);
	});

	test('the sevir/essh fork adds eleven libraries in 3.5.4 and three in 3.8.0', () => {
		const added = (from: string, to: string): string[] => names(BUNDLED_LIBRARIES.filter(library => bundledLibraryFor(library.name, checkVersion(to)) && !bundledLibraryFor(library.name, checkVersion(from))));
		assert.deepEqual(added('3.4', '3.5.0'), []);
		assert.deepEqual(added('3.5.0', '3.5.4'), ['strings', 'time', 'tac', 'storage', 'log', 'loglevel', 'crypto', 'base64', 'runtime', 'inspect', 'db']);
		assert.deepEqual(added('3.7.2', '3.8.0'), ['aws', 'watch', 'mdns']);
		// Documented by the fork but never registered.
		for (const name of ['watcher', 'gum', 'ssh']) {
			assert.equal(bundledLibraryFor(name, checkVersion('3.8.3')), undefined, name);
		}
	});
});

describe('nearestName', () => {
	test('suggests close names', () => {
		assert.equal(nearestName('tag', names(HOST_KEYS)), 'tags');
		assert.equal(nearestName('descripton', names(TASK_KEYS)), 'description');
		assert.equal(nearestName('stpes', ['steps', 'fn', 'default', 'broken']), 'steps');
	});

	test('a case-insensitive match wins', () => {
		assert.equal(nearestName('hostname', SSH_KEYWORDS.map(keyword => keyword.name)), 'HostName');
		assert.equal(nearestName('tArGeTs', ['target', 'targets']), 'targets');
	});

	test('nothing for far names, nor the name itself', () => {
		assert.equal(nearestName('foo', ['steps', 'fn', 'default', 'broken']), undefined);
		assert.equal(nearestName('completely', ['steps', 'fn', 'default', 'broken']), undefined);
		assert.equal(nearestName('a', ['b', 'c']), undefined);
		assert.equal(nearestName('steps', ['steps']), undefined);
		assert.equal(nearestName('x', []), undefined);
	});

	test('ties go to the earlier candidate; maxDistance widens the search', () => {
		assert.equal(nearestName('cat', ['bat', 'hat']), 'bat');
		assert.equal(nearestName('cat', ['hat', 'bat']), 'hat');
		assert.equal(nearestName('tgs', ['targets']), undefined);
		assert.equal(nearestName('tgs', ['targets'], 4), 'targets');
	});

	test('nearestPreparedName gives nearestName\'s answer over the prepared names followed by the rest', () => {
		const random = mulberry32(15);
		const alphabet = ['a', 'b', 'A', 'B', 'c', 'İ', 'ß', '-', '1'];
		const word = (): string => {
			let text = '';
			const length = Math.floor(random() * 7);
			for (let index = 0; index < length; index++) {
				text += alphabet[Math.floor(random() * alphabet.length)];
			}
			return text;
		};
		let suggested = 0;
		for (let round = 0; round < 400; round++) {
			const prepared = Array.from({ length: Math.floor(random() * 30) }, word);
			const rest = Array.from({ length: Math.floor(random() * 6) }, word);
			const name = random() < 0.3 && prepared.length > 0 ? prepared[Math.floor(random() * prepared.length)] : word();
			const limit = random() < 0.2 ? Math.floor(random() * 4) : undefined;
			const expected = nearestName(name, [...prepared, ...rest], limit);
			assert.equal(nearestPreparedName(name, prepareNames(prepared), rest, limit), expected, `${JSON.stringify(name)} among ${JSON.stringify(prepared)} then ${JSON.stringify(rest)}`);
			if (expected !== undefined) {
				suggested++;
			}
		}
		assert.ok(suggested > 50, `only ${suggested} rounds had a suggestion`);
		assert.equal(nearestPreparedName('hot1', prepareNames(['h-000001', 'hot2', 'Hot2']), ['hot3']), 'hot2');
		assert.equal(nearestPreparedName('hot2', prepareNames(['h-000001', 'hot1']), ['HOT2']), 'HOT2');
	});

	test('edit distance counts a transposition as one', () => {
		assert.equal(editDistance('stpes', 'steps'), 1);
		assert.equal(editDistance('ca', 'abc'), 3);
		assert.equal(editDistance('', 'abc'), 3);
		assert.equal(editDistance('kitten', 'sitting'), 3);
	});
});
