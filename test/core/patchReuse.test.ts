/**
 * A patch keeps the previous objects of what an edit left as it was: only the resources whose
 * sites or properties changed are new objects (so the tags, the `hosts` map and the checks only
 * see those), and every answer still equals a rebuild.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { Workspace } from '../../server/src/core/analysis';
import type { Registry, Resource } from '../../server/src/core/model';
import { generateWorkspace } from '../bench/generate';
import { assertSameAsRebuild } from '../support/incremental';
import { makeTempDir, removeTempDir } from '../support/paths';

function fleet(hosts: number): { workspace: Workspace; edit: ReturnType<typeof generateWorkspace>['edit'] } {
	const root = makeTempDir('patch-reuse');
	try {
		const generated = generateWorkspace(root, hosts, 'fleet');
		const workspace = new Workspace();
		for (const file of generated.files) {
			workspace.setFile(file, fs.readFileSync(file, 'utf8'));
		}
		return { workspace, edit: generated.edit };
	} finally {
		removeTempDir(root);
	}
}

function registryOf(workspace: Workspace): Registry {
	const sets = workspace.analysis().allSets();
	assert.equal(sets.length, 1);
	return sets[0].registry;
}

/** The resources of `file`, in creation order. */
function resourcesOf(registry: Registry, file: string): Resource[] {
	return registry.allResources.filter(resource => resource.callSite.file === file);
}

/** The names of the resources of `after` that are not the same objects as in `before` (same positions). */
function renewed(before: Resource[], after: Resource[]): string[] {
	assert.equal(after.length, before.length);
	return after.filter((resource, index) => resource !== before[index]).map(resource => resource.name);
}

describe('a patch keeps what the edit did not change', () => {
	test('toggling one host\'s tag renews that host only, and the answers equal a rebuild', () => {
		const { workspace, edit } = fleet(5000);
		const patched = workspace.patchedSets;
		const first = resourcesOf(registryOf(workspace), edit.file);
		let text = workspace.text(edit.file)!;
		const offset = workspace.lineIndex(edit.file)!.lineStarts[edit.line] + edit.character;
		// The host whose definition holds the tag: the last one named before it.
		const toggled = first.filter(resource => resource.nameSite.range.start < offset).pop()!;
		let previous = first;
		for (let step = 0; step < 4; step++) {
			const to = step % 2 === 0 ? edit.off : edit.on;
			text = text.slice(0, offset) + to + text.slice(offset + edit.length);
			workspace.setFile(edit.file, text);
			const registry = registryOf(workspace);
			const now = resourcesOf(registry, edit.file);
			assert.deepEqual(renewed(previous, now), [toggled.name], `step ${step}: only the toggled host is a new object`);
			assert.equal(registry.hosts.get(toggled.name), now.find(resource => resource.name === toggled.name));
			assertSameAsRebuild(workspace, undefined, `toggle ${step}`);
			previous = now;
		}
		assert.equal(workspace.patchedSets - patched, 4, 'every toggle is patched');
	});

	test('an edit that moves the text after it keeps the resources before it and renews those after it', () => {
		const { workspace, edit } = fleet(5000);
		const before = resourcesOf(registryOf(workspace), edit.file);
		const middle = before[Math.floor(before.length / 2)];
		const text = workspace.text(edit.file)!;
		// One more character inside the middle host's name string: its sites and every later one move.
		const at = middle.nameSite.range.end - 1;
		workspace.setFile(edit.file, `${text.slice(0, at)}x${text.slice(at)}`);
		const patched = workspace.patchedSets;
		const after = resourcesOf(registryOf(workspace), edit.file);
		// A renamed host is a structural edit: a full replay, no object kept.
		assert.equal(workspace.patchedSets, patched);
		assertSameAsRebuild(workspace, undefined, 'renamed');
		// A longer value of a property of the middle host: the name stays, the later sites move.
		const property = workspace.text(edit.file)!.indexOf('description = "', after[Math.floor(after.length / 2)].callSite.range.start) + 'description = "'.length;
		const longer = workspace.text(edit.file)!;
		workspace.setFile(edit.file, `${longer.slice(0, property)}more ${longer.slice(property)}`);
		const moved = resourcesOf(registryOf(workspace), edit.file);
		assert.equal(workspace.patchedSets, patched + 1, 'the property edit is patched');
		const changed = renewed(after, moved);
		const firstChanged = moved.findIndex((resource, index) => resource !== after[index]);
		assert.equal(moved[firstChanged].name, after[Math.floor(after.length / 2)].name, 'the edited host is the first new object');
		assert.deepEqual(changed, moved.slice(firstChanged).map(resource => resource.name), 'every resource after it is new (its sites moved)');
		assertSameAsRebuild(workspace, undefined, 'moved');
	});

	test('a group default edited renews the group\'s members, and the answers equal a rebuild', () => {
		const { workspace, edit } = fleet(5000);
		const registry = registryOf(workspace);
		const group = registry.groups.find(candidate => candidate.callSite.file === edit.file && candidate.defaults.size > 0)!;
		assert.ok(group, 'the generated module has a group with defaults');
		const before = resourcesOf(registry, edit.file);
		// A default some member takes (members that set the key themselves keep their own value).
		const [key, entry] = [...group.defaults].find(([name]) => group.members.some(member => member.properties.get(name)?.origin === 'group'))!;
		assert.equal(entry.value.kind, 'string');
		const text = workspace.text(edit.file)!;
		const at = entry.value.range.start + 1;
		const patched = workspace.patchedSets;
		workspace.setFile(edit.file, `${text.slice(0, at)}z${text.slice(at + 1)}`);
		const after = resourcesOf(registryOf(workspace), edit.file);
		assert.equal(workspace.patchedSets, patched + 1, `the edit of default ${key} is patched`);
		const members = new Set(group.members.map(member => member.name));
		for (const name of renewed(before, after)) {
			assert.ok(members.has(name), `${name} is a member of the group`);
		}
		assert.ok(renewed(before, after).length > 0);
		assertSameAsRebuild(workspace, undefined, 'group default');
	});

	test('an edit that takes an effect away from an object another statement made is replayed for that object', () => {
		const module = [
			'local a = host "a" {',
			'    HostName = "10.0.0.1",',
			'    tags = { "web" },',
			'}',
			'local b = host "b" {',
			'    HostName = "10.0.0.2",',
			'}',
			'local c = host "c" {',
			'    HostName = "10.0.0.3",',
			'}',
			'a.User = "ops"',
			'group {',
			'    Port = "2222",',
			'    b,',
			'    c,',
			'}',
			'task "t" {',
			'    targets = { "web" },',
			'    script = { "uptime" },',
			'}',
			'',
		].join('\n');
		const workspace = new Workspace();
		workspace.setFile('/p/.esshconfig.lua', 'require "m"\n');
		workspace.setFile('/p/.essh/lib/m.lua', module);
		assertSameAsRebuild(workspace, undefined, 'cold');
		const steps: Array<[string, (text: string) => string]> = [
			['the assignment removed', text => text.replace('a.User = "ops"\n', '')],
			['a group member removed', text => text.replace('    c,\n', '')],
			['the assignment back', text => text.replace('local c = host', 'a.User = "root"\nlocal c = host')],
			['the member back', text => text.replace('    b,\n', '    b,\n    c,\n')],
			['the group default changed', text => text.replace('"2222"', '"2200"')],
		];
		for (const [label, change] of steps) {
			const patched = workspace.patchedSets;
			workspace.setFile('/p/.essh/lib/m.lua', change(workspace.text('/p/.essh/lib/m.lua')!));
			assertSameAsRebuild(workspace, undefined, label);
			assert.equal(workspace.patchedSets, patched + 1, `${label}: patched`);
		}
	});
});
