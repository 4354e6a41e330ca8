/**
 * The incremental replay (`patchRegistry` and the reused checks) must give exactly what a rebuild
 * from scratch gives: random seeded edits on generated workspaces, a hand-written workspace that
 * uses every feature the patch has to refuse or get right, the examples and the corpus projects.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Workspace } from '../../server/src/core/analysis';
import { parseVersion } from '../../server/src/core/version';
import { generateWorkspace, type Shape } from '../bench/generate';
import { assertSameAsRebuild, checkRandomEdits, readLuaTree } from '../support/incremental';
import { makeTempDir, removeTempDir, repoRoot, sharedDir } from '../support/paths';

function generated(hosts: number, shape: Shape = 'mixed'): { texts: Map<string, string>; edit: ReturnType<typeof generateWorkspace>['edit']; dependent: string } {
	const root = makeTempDir('incremental');
	try {
		const workspace = generateWorkspace(root, hosts, shape);
		const texts = new Map<string, string>();
		for (const file of workspace.files) {
			texts.set(file, fs.readFileSync(file, 'utf8'));
		}
		return { texts, edit: workspace.edit, dependent: workspace.dependent.file };
	} finally {
		removeTempDir(root);
	}
}

/** A workspace with what the patch must refuse or handle: groups, hooks, proxies, hidden hosts, drivers, names defined twice, host queries, overrides, modules. */
const RICH: Record<string, string> = {
	'/rich/.esshconfig.lua': [
		'require "base"',
		'require "plain"',
		'require "late"',
		'host "web-1" {',
		'    HostName = "10.0.0.1",',
		'    tags = { "web", "rack-1" },',
		'}',
		'task "deploy" {',
		'    backend = "remote",',
		'    targets = { "web", "db-1" },',
		'    filters = { "rack-1" },',
		'    driver = "bash",',
		'    script = { "uptime" },',
		'}',
		'task "everything" {',
		'    backend = "remote",',
		'    targets = { "hot1" },',
		'    script = { "uptime" },',
		'}',
		'',
	].join('\n'),
	'/rich/.essh/lib/base.lua': [
		'driver "bash" {',
		'    engine = [=[{{template "environment" .}}]=],',
		'}',
		'host "bastion" {',
		'    HostName = "bastion.example.com",',
		'    hidden = true,',
		'    tags = { "jump" },',
		'}',
		'local q = essh.select_hosts("web")',
		'',
	].join('\n'),
	'/rich/.essh/lib/plain.lua': [
		'host "db-1" {',
		'    HostName = "10.0.1.1",',
		'    ProxyJump = "bastion",',
		'    hooks_before_connect = { "echo hi" },',
		'    tags = { "db", "rack-1", "hot1" },',
		'}',
		'local h = host "db-2" {',
		'    tags = { "db", "rack-2" },',
		'}',
		'h.User = "ops"',
		'group {',
		'    User = "grouped",',
		'    host "cache-1" {',
		'        tags = { "cache" },',
		'    },',
		'    host "cache-2" {',
		'        User = "own",',
		'        tags = { "cache", "rack-2" },',
		'    },',
		'}',
		'group {',
		'    Port = "2222",',
		'    hosts = {',
		'        ["q-1"] = { tags = { "queue" } },',
		'    },',
		'}',
		'task "backup" {',
		'    backend = "remote",',
		'    targets = { "db" },',
		'    filters = { "rack-2" },',
		'    script = { "pg_dump" },',
		'}',
		'task "cache-flush" {',
		'    targets = { "cache" },',
		'    prefix = "{{.Host.Name}}",',
		'    script = { "flush" },',
		'}',
		'',
	].join('\n'),
	'/rich/.essh/lib/late.lua': [
		'host "late-1" {',
		'    tags = { "web" },',
		'}',
		'task "late-task" {',
		'    targets = { "queue", "nothing-here", "hot" },',
		'    script = { "x" },',
		'}',
		'',
	].join('\n'),
	'/rich/.esshconfig_override.lua': [
		'host "late-1" {',
		'    tags = { "web", "rack-2" },',
		'}',
		'',
	].join('\n'),
	'/solo/.esshconfig.lua': [
		'host "a" {',
		'    tags = { "x" },',
		'}',
		'task "t" {',
		'    targets = { "x" },',
		'    script = { "y" },',
		'}',
		'',
	].join('\n'),
};

const NAMESPACED: Record<string, string> = {
	'/ns/.esshconfig.lua': [
		'require "hosts"',
		'namespace "prod" {',
		'    hosts = { ["p-1"] = { tags = { "web" } } },',
		'    tasks = { ["t"] = { targets = { "web" }, script = { "x" } } },',
		'}',
		'',
	].join('\n'),
	'/ns/.essh/lib/hosts.lua': [
		'host "g-1" {',
		'    tags = { "web" },',
		'}',
		'task "gt" {',
		'    targets = { "web" },',
		'    script = { "x" },',
		'}',
		'',
	].join('\n'),
};

describe('incremental replay: the same analysis as a rebuild', () => {
	test('the benchmark edit (a tag toggled in one module) is patched, and every answer equals a rebuild', () => {
		const { texts, edit } = generated(600);
		const workspace = new Workspace();
		for (const [file, text] of texts) {
			workspace.setFile(file, text);
		}
		assertSameAsRebuild(workspace, undefined, 'cold');
		const before = workspace.patchedSets;
		let text = texts.get(edit.file)!;
		for (let step = 0; step < 6; step++) {
			const [from, to] = step % 2 === 0 ? [edit.on, edit.off] : [edit.off, edit.on];
			text = text.replace(`"${from}"`, `"${to}"`);
			workspace.setFile(edit.file, text);
			assertSameAsRebuild(workspace, undefined, `toggle ${step}`);
		}
		assert.equal(workspace.patchedSets - before, 6, 'every toggle patches the set instead of replaying it');
	});

	for (const seed of [1, 2, 3]) {
		test(`random edits of a generated workspace (seed ${seed})`, () => {
			const { texts } = generated(300);
			const editable = [...texts.keys()].filter(file => /m00[0-9]\.lua$|project1/.test(file));
			assert.ok(checkRandomEdits(texts, { seed, steps: 60, editable }) >= 10, 'the patch was exercised');
		});
	}

	test('the fleet shape: the benchmark toggle is patched, and structural edits of its modules equal a rebuild', () => {
		const { texts, edit, dependent } = generated(500, 'fleet');
		const workspace = new Workspace();
		for (const [file, text] of texts) {
			workspace.setFile(file, text);
		}
		assertSameAsRebuild(workspace, undefined, 'cold');
		const before = workspace.patchedSets;
		let text = texts.get(edit.file)!;
		for (let step = 0; step < 4; step++) {
			const [from, to] = step % 2 === 0 ? [edit.on, edit.off] : [edit.off, edit.on];
			text = text.replace(`"${from}"`, `"${to}"`);
			workspace.setFile(edit.file, text);
			assertSameAsRebuild(workspace, undefined, `toggle ${step}`);
		}
		assert.equal(workspace.patchedSets - before, 4, 'every toggle patches the set');
		const project = [...texts.keys()].find(file => file.endsWith('.esshconfig.lua'))!;
		const firstHost = (file: string): string => /host "(h-\d+)"/.exec(workspace.text(file)!)![1];
		// Each edit changes the structure of a module: names, requires, globals, drivers, queries.
		const edits: Array<[string, (text: string) => string]> = [
			['a new host carrying the tag a task of another module targets', text => `${text}\nhost "h-new" {\n    tags = { "hot1" },\n}\n`],
			['a host renamed', text => text.replace(`"${firstHost(edit.file)}"`, '"h-renamed"')],
			['a host of another module redefined', text => `${text}\nhost "${firstHost(dependent)}" {\n    tags = { "hot1", "rack-0" },\n}\n`],
			['a task removed', text => text.replace(/task "t-\d+" \{[^}]*\}[^}]*\}\n/, '')],
			['a global assigned', text => `fleet_user = "ops"\n${text}`],
			['a driver defined', text => `driver "bash" {\n    engine = [=[{{template "environment" .}}]=],\n}\n${text}`],
			['a module required from a module', text => `require "m099"\n${text}`],
			['a host query', text => `${text}\nlocal found = select_hosts("h-0*")\n`],
			['the module emptied', () => '-- nothing left\n'],
		];
		for (const [label, change] of edits) {
			workspace.setFile(edit.file, change(workspace.text(edit.file)!));
			assertSameAsRebuild(workspace, undefined, label);
		}
		workspace.setFile(project, workspace.text(project)!.replace('require "m050"\n', ''));
		assertSameAsRebuild(workspace, undefined, 'a require dropped from the project');
		workspace.setFile(project, `${workspace.text(project)!}require "m050"\n`);
		assertSameAsRebuild(workspace, undefined, 'the require restored, last');
	});

	test('random edits of the fleet shape (seed 7)', () => {
		const { texts } = generated(300, 'fleet');
		// The toggled module, its neighbours, the dependent module and the project file.
		const editable = [...texts.keys()].filter(file => /m0(09|10|11|50)\.lua$|\.esshconfig\.lua$/.test(file));
		assert.equal(editable.length, 5);
		checkRandomEdits(texts, { seed: 7, steps: 60, editable });
	});

	for (const seed of [11, 12, 13, 14, 15, 16]) {
		test(`random edits of a workspace with groups, hooks, proxies, queries and overrides (seed ${seed})`, () => {
			assert.ok(checkRandomEdits(new Map(Object.entries(RICH)), { seed, steps: 80 }) >= 5, 'the patch was exercised');
		});
	}

	test('random edits next to namespaces (ESSH 2.1)', () => {
		checkRandomEdits(new Map(Object.entries(NAMESPACED)), { seed: 21, steps: 60, config: { version: parseVersion('2.1')!, userDirectory: undefined, severity: {} } });
	});

	test('the patch is taken for typing in a plain module of the hand-written workspace', () => {
		const workspace = new Workspace();
		for (const [file, text] of Object.entries(RICH)) {
			workspace.setFile(file, text);
		}
		assertSameAsRebuild(workspace, undefined, 'cold');
		const before = workspace.patchedSets;
		const file = '/rich/.essh/lib/plain.lua';
		for (const [from, to] of [['"hot1"', '"hot2"'], ['"pg_dump"', '"pg_dumpall"'], ['User = "grouped"', 'User = "grouped2"'], ['"rack-2" },\n    },', '"rack-1" },\n    },'], ['hooks_before_connect = { "echo hi" }', 'hidden = true'],
			['["q-1"] = { tags', '["q-1"] = { hidden = true, tags'], ['"hot2"', '"hot1"']] as const) {
			const text = workspace.text(file)!;
			assert.ok(text.includes(from), from);
			workspace.setFile(file, text.replace(from, to));
			assertSameAsRebuild(workspace, undefined, `${from} -> ${to}`);
		}
		assert.equal(workspace.patchedSets - before, 7);
	});

	test('globals across files: assigning, removing and reading a global in one file changes the others\' results exactly as a rebuild', () => {
		const texts = new Map(Object.entries({
			'/g/esshconfig.lua': 'require "helpers"\ntask "remote" { backend = "remote", prepare = select_host, script = "x" }\nhost "h" { User = default_user }\n',
			'/g/.essh/lib/helpers.lua': 'function select_host(t) t.targets = "h" return true end\ndefault_user = "ops"\n',
			'/g/esshconfig_override.lua': 'host "late" { User = default_user }\nlocal v = late_helper()\n',
		}));
		const workspace = new Workspace();
		for (const [file, text] of texts) {
			workspace.setFile(file, text);
		}
		assertSameAsRebuild(workspace, undefined, 'cold');
		const helpers = '/g/.essh/lib/helpers.lua';
		for (const [label, change] of [
			['the helper removed', (text: string) => text.replace(/function select_host[^\n]*\n/, '')],
			['the helper restored', (text: string) => `function select_host(t) return true end\n${text}`],
			['a global renamed', (text: string) => text.replace('default_user =', 'other_user =')],
			['a called global defined', (text: string) => `${text}function late_helper() return 1 end\n`],
			['a module emptied', () => '\n'],
		] as const) {
			workspace.setFile(helpers, change(workspace.text(helpers)!));
			assertSameAsRebuild(workspace, undefined, label);
		}
		checkRandomEdits(texts, { seed: 51, steps: 60 });
	});

	test('random edits of the examples', () => {
		const texts = readLuaTree(path.join(repoRoot(), 'examples'), '/examples');
		checkRandomEdits(texts, { seed: 31, steps: 60 });
	});

	// Each acceptance fixture (a project folder or a lone project file) with its own seed.
	const fixtures = path.join(repoRoot(), 'test', 'fixtures');
	for (const entry of fs.readdirSync(fixtures, { withFileTypes: true }).filter(candidate => candidate.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
		test(`random edits of fixture project ${entry.name}`, () => {
			checkRandomEdits(readLuaTree(path.join(fixtures, entry.name), `/fixtures/${entry.name}`), { seed: 51, steps: 30 });
		});
	}

	test('random edits of the one-file fixtures, together in one project folder each', () => {
		const texts = new Map<string, string>();
		for (const name of fs.readdirSync(fixtures).filter(candidate => candidate.endsWith('.lua')).sort()) {
			texts.set(`/fixtures/${name.replace(/\.lua$/, '')}/.esshconfig.lua`, fs.readFileSync(path.join(fixtures, name), 'utf8'));
		}
		assert.ok(texts.size > 10);
		checkRandomEdits(texts, { seed: 53, steps: 60 });
	});

	// The optional external reference projects, when present (see test/support/paths.ts).
	const projects = path.join(sharedDir(), 'corpus', 'projects');
	const names = fs.existsSync(projects) ? fs.readdirSync(projects, { withFileTypes: true }).filter(entry => entry.isDirectory()).map(entry => entry.name).sort() : [];
	for (const name of names) {
		test(`random edits of corpus project ${name}`, () => {
			const texts = readLuaTree(path.join(projects, name), `/corpus/projects/${name}`);
			checkRandomEdits(texts, { seed: 41, steps: 40 });
		});
	}
});
