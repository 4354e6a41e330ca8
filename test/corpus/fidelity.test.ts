/**
 * Fidelity over the optional external corpus (ESSH configs nobody on this project wrote): every
 * file, at the ESSH version it was written for, yields exactly the diagnostics pinned below, each
 * of which is something ESSH itself does with that file (a load failure, or what happens when the
 * task runs or the host connects), with the reason beside it. A file not listed must yield nothing.
 * Skipped with one line when the corpus is absent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Workspace } from '../../server/src/core/analysis';
import { parseVersion } from '../../server/src/core/version';
import { referenceSuite, sharedDir } from '../support/paths';

const CORPUS = path.join(sharedDir(), 'corpus');

interface Case {
	/** The file, relative to the corpus. */
	file: string;
	/** The ESSH version it was written for. */
	version: string;
	/** How it is loaded: `loose` (alone), `project` (its folder as a project, every .lua beside it known), `user-lib` or `user-override` (in a user directory). */
	as: 'loose' | 'project' | 'user-lib' | 'user-override';
	/** `line severity code` rows, sorted by line; each with its reason in a comment above the case. */
	expected: string[];
}

const CASES: Case[] = [
	// The documentation blocks are judged at the version of their page. Snippets name hosts they do not define
	// ("web"), so the tasks that target them fail when they run: target-unresolved and target-empty say so.
	// namespaces-1 (2.1): `driver "default" { -- ... }` has no engine, so its namespace tasks fail at run time.
	{ file: 'docs/essh-v2.1-namespaces-1.lua', version: '2.1', as: 'loose', expected: ['13 warning driver-no-engine'] },
	// namespaces-2 (2.1): ESSH's own page misses a comma after the drivers table: gopher-lua's syntax error.
	{ file: 'docs/essh-v2.1-namespaces-2.lua', version: '2.1', as: 'loose', expected: ['21 error lua-syntax'] },
	// A v3.4 page still showing `namespace`, which 3.4 no longer has: "attempt to call a non-function object".
	{ file: 'docs/essh-v3.4-defining-namespaces-1.lua', version: '3.4', as: 'loose', expected: ['2 error removed-builtin'] },
	// `driver "default"` replaces the built-in driver (surprising but working).
	{ file: 'docs/essh-v3.4-drivers-2.lua', version: '3.4', as: 'loose', expected: ['2 information driver-default-redefined'] },
	// Targets "web" (undefined in the snippet) and task "foo" defined twice in one group (last one wins).
	{ file: 'docs/essh-v3.4-groups-1.lua', version: '3.4', as: 'loose', expected: ['7 warning target-empty', '7 warning target-unresolved', '13 warning task-redefined'] },
	{ file: 'docs/essh-v3.4-running-tasks-1.lua', version: '3.4', as: 'loose', expected: ['6 warning target-empty', '6 warning target-unresolved'] },
	{ file: 'docs/essh-v3.4-tasks-1.lua', version: '3.4', as: 'loose', expected: ['5 warning target-empty', '6 warning target-unresolved', '10 warning target-unresolved'] },

	// The sevir/essh fork's projects (2025), judged at the fork's last release.
	// sevir-essh: `require "drivers"` finds nothing from the project root (the module sits in lib/), so ESSH stops
	// with "module drivers not found" unless the user installed it; the tasks' driver may come from it (softened).
	{ file: 'projects/sevir-essh/.esshconfig.lua', version: '3.8.3', as: 'project', expected: ['1 warning require-unresolved', '4 information task-driver-unknown', '10 information task-driver-unknown'] },
	{ file: 'projects/sevir-essh/lib/drivers.lua', version: '3.8.3', as: 'project', expected: [] },
	{ file: 'projects/sevir-essh_utils/esshconfig.lua', version: '3.8.3', as: 'project', expected: [] },
	{ file: 'projects/sevir-gitlabff/.esshconfig.lua', version: '3.8.3', as: 'project', expected: [] },

	// wild/sevir-essh_utils (2025-03-06, fork 3.5.0): drivers.lua beside the project file is what
	// `pcall(require, 'drivers')` loads (no driver warning); `prepare = select_host` reads a global that no loaded
	// file defines (functions.lua is installed into ~/.essh/lib and never required), so prepare is nil and the
	// remote task has no hosts: "There are not hosts to run the command".
	{ file: 'wild/sevir-essh_utils/esshconfig.lua', version: '3.5.0', as: 'project', expected: ['9 warning remote-without-targets', '10 warning global-undefined'] },
	{ file: 'wild/sevir-essh_utils/drivers.lua', version: '3.5.0', as: 'project', expected: [] },
	{ file: 'wild/sevir-essh_utils/functions.lua', version: '3.5.0', as: 'project', expected: [] },
	// Old files of kohkimakimoto/essh, each at the release of its date; all load cleanly there.
	{ file: 'wild/kohkimakimoto-essh/.essh.lua', version: '0.12', as: 'loose', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/_build/packaging/rpm/SOURCES/essh.config.lua', version: '0.41', as: 'loose', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/lib/sshrc/sshrc.lua', version: '3.4', as: 'user-lib', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/modules/example/index.lua', version: '2.0', as: 'loose', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/modules/open/esshmodule.lua', version: '2.4', as: 'loose', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/modules/vagrant/index.lua', version: '0.45', as: 'loose', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/modules/bash/index.lua', version: '0.87', as: 'loose', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/modules/docker/index.lua', version: '0.67', as: 'loose', expected: [] },
	{ file: 'wild/kohkimakimoto-essh/modules/sshrc/index.lua', version: '0.87', as: 'loose', expected: [] },
	// Pasted in issue threads (2016-10): the gateway idiom with `..` and `find_hosts()` of v0.50-v0.51.
	{ file: 'wild/kohkimakimoto-essh-issue31/esshconfig.lua', version: '0.52', as: 'project', expected: [] },
	{ file: 'wild/kohkimakimoto-essh-issue32/home/.essh/config_override.lua', version: '0.51', as: 'user-override', expected: [] },
];

/** Every `.lua` file under a directory, relative to it. */
function luaFiles(directory: string, relative = ''): string[] {
	return fs.readdirSync(path.join(directory, relative), { withFileTypes: true }).flatMap(entry => {
		const child = relative ? `${relative}/${entry.name}` : entry.name;
		return entry.isDirectory() ? luaFiles(directory, child) : entry.name.endsWith('.lua') ? [child] : [];
	});
}

/** The file's id in the workspace, and the workspace holding it placed as `as` says. */
function load(entry: Case): { id: string; workspace: Workspace; userDirectory: string | undefined } {
	const workspace = new Workspace();
	const text = (relative: string): string => fs.readFileSync(path.join(CORPUS, relative), 'utf8');
	switch (entry.as) {
		case 'loose': {
			const id = `/corpus/${entry.file}`;
			workspace.setFile(id, text(entry.file));
			return { id, workspace, userDirectory: undefined };
		}
		case 'project': {
			// The project is the top folder under the group (`projects/NAME`, `wild/NAME`), in its repository layout.
			const [group, name] = entry.file.split('/');
			for (const relative of luaFiles(path.join(CORPUS, group, name))) {
				workspace.setFile(`/corpus/${group}/${name}/${relative}`, text(`${group}/${name}/${relative}`));
			}
			return { id: `/corpus/${entry.file}`, workspace, userDirectory: undefined };
		}
		case 'user-lib':
		case 'user-override': {
			const id = entry.as === 'user-lib' ? `/home/u/.essh/lib/${path.basename(entry.file)}` : '/home/u/.essh/config_override.lua';
			workspace.setFile(id, text(entry.file));
			return { id, workspace, userDirectory: '/home/u/.essh' };
		}
	}
}

describe('corpus fidelity: every file at its ESSH version yields only what ESSH would report', referenceSuite('corpus/docs', 'corpus/projects', 'corpus/wild'), () => {
	test('every corpus file has a case', () => {
		const listed = new Set(CASES.map(entry => entry.file));
		const docs = luaFiles(path.join(CORPUS, 'docs')).map(file => `docs/${file}`);
		const unlisted = [...luaFiles(path.join(CORPUS, 'projects')).map(file => `projects/${file}`), ...luaFiles(path.join(CORPUS, 'wild')).map(file => `wild/${file}`)]
			.filter(file => !listed.has(file));
		assert.deepEqual(unlisted, [], 'project and wild files without a case');
		assert.ok(docs.length >= 20, 'the documentation blocks are there');
	});

	const docsFiles = fs.existsSync(path.join(CORPUS, 'docs')) ? luaFiles(path.join(CORPUS, 'docs')).map(file => `docs/${file}`) : [];
	const cases = [...CASES, ...docsFiles.filter(file => !CASES.some(entry => entry.file === file))
		.map((file): Case => ({ file, version: path.basename(file).startsWith('essh-v2.1-') ? '2.1' : '3.4', as: 'loose', expected: [] }))];
	for (const entry of cases) {
		test(`${entry.file} at ESSH ${entry.version}`, () => {
			const { id, workspace, userDirectory } = load(entry);
			const analysis = workspace.analysis({ version: parseVersion(entry.version)!, userDirectory, severity: {} });
			const index = analysis.lineIndex(id)!;
			const actual = analysis.diagnostics(id).map(diag => `${index.position(diag.range.start).line + 1} ${diag.severity} ${diag.code}`);
			assert.deepEqual(actual, entry.expected);
		});
	}
});
