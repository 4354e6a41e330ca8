/**
 * The registry tree (`essh.registry`) as the view gets it, read through the extension's exported
 * test API: evaluation sets at the top, categories under each, hosts with their hidden state and
 * definitions, filters by pattern and by tag, reveal of the item under the cursor, and a refresh
 * after a change on disk without any manual refresh.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { setup, suite, suiteSetup, teardown, test } from 'mocha';
import type { EsshExtensionApi } from '../../../client/src/extension';
import type { RegistryNode } from '../../../client/src/registryTreeModel';
import { readText, writeText } from './disk';
import { closeAllEditors, esshApi, fileUri, openDoc, positionOf, relativePath, resetRegistryView, settleRegistryView, waitFor } from './util';

suite('registry tree', () => {
	let api: EsshExtensionApi;

	suiteSetup(async () => {
		api = await esshApi();
	});

	// Every test starts with no filter, the fixture's registry loaded and the view's items fetched.
	setup(async () => {
		await resetRegistryView(api);
	});

	teardown(async () => {
		await api.registryTree.setFilter(undefined);
		await closeAllEditors();
	});

	/** The set node whose subtree has a host named `host`. */
	async function setWithHost(host: string): Promise<RegistryNode> {
		for (const set of await api.registryTree.getChildren()) {
			if ((await hostNodes(set)).some(node => node.name === host)) {
				return set;
			}
		}
		assert.fail(`no evaluation set shows host ${host}`);
	}

	async function category(set: RegistryNode, name: string): Promise<RegistryNode> {
		const found = (await api.registryTree.getChildren(set)).find(node => node.category === name);
		assert.ok(found, `${set.label} has a ${name} category`);
		return found;
	}

	async function hostNodes(set: RegistryNode): Promise<RegistryNode[]> {
		const hosts = (await api.registryTree.getChildren(set)).find(node => node.category === 'hosts');
		return hosts ? api.registryTree.getChildren(hosts) : [];
	}

	test('evaluation sets are the roots, each with its categories', async () => {
		const roots = await api.registryTree.getChildren();
		assert.ok(roots.length >= 3, roots.map(root => root.label).join(', '));
		assert.ok(roots.every(root => root.kind === 'set'));
		const web = await setWithHost('db01');
		const categories = (await api.registryTree.getChildren(web)).map(node => node.category);
		for (const expected of ['hosts', 'tasks', 'drivers', 'groups', 'tags']) {
			assert.ok(categories.includes(expected as RegistryNode['category']), `${expected} in ${categories.join(', ')}`);
		}
	});

	test('hosts show their definition, description and hidden state', async () => {
		const web = await setWithHost('db01');
		const hosts = await hostNodes(web);
		assert.deepEqual(hosts.map(node => node.name).sort(), ['bastion', 'cache01', 'db01', 'mon01', 'mon02', 'web01', 'web02']);
		const bastion = hosts.find(node => node.name === 'bastion')!;
		assert.match(bastion.description ?? '', /hidden/);
		const item = api.registryTree.getTreeItem(bastion);
		assert.equal(item.command?.command, 'essh.openLocation');
		const db01 = hosts.find(node => node.name === 'db01')!;
		assert.ok(db01.location, 'db01 has a location');
		assert.equal(relativePath(vscode.Uri.parse(db01.location.uri)), 'web/.esshconfig_override.lua');
		assert.match(db01.description ?? '', /primary database/);
	});

	test('tasks show their resolved host count; tags list their hosts', async () => {
		const web = await setWithHost('db01');
		const tasks = await api.registryTree.getChildren(await category(web, 'tasks'));
		const deploy = tasks.find(node => node.name === 'deploy');
		assert.ok(deploy, tasks.map(node => node.label).join(', '));
		assert.match(deploy.description ?? '', /3 hosts/);
		const tags = await api.registryTree.getChildren(await category(web, 'tags'));
		const webTag = tags.find(node => node.name === 'web');
		assert.ok(webTag, tags.map(node => node.label).join(', '));
		const members = (await api.registryTree.getChildren(webTag)).map(node => node.name).sort();
		assert.deepEqual(members, ['web01', 'web02']);
	});

	test('the namespace-era folder is its own set', async () => {
		const roots = await api.registryTree.getChildren();
		assert.ok(roots.some(root => /legacy/.test(`${root.label} ${root.setId}`)), roots.map(root => root.label).join(', '));
	});

	test('a pattern filter keeps matching items only and shows itself on the view', async () => {
		await api.registryTree.setFilter({ kind: 'pattern', pattern: 'web*' });
		const web = await setWithHost('web02');
		assert.deepEqual((await hostNodes(web)).map(node => node.name).sort(), ['web01', 'web02']);
		assert.match(api.registryTree.view.description ?? '', /web\*/);
		await vscode.commands.executeCommand('essh.registry.clearFilter');
		assert.equal(api.registryTree.getFilter(), undefined);
		assert.equal(api.registryTree.view.description, undefined);
	});

	test('a tag filter keeps that tag\'s hosts', async () => {
		await vscode.commands.executeCommand('essh.registry.filterByTag', 'monitored');
		const web = await setWithHost('mon01');
		assert.deepEqual((await hostNodes(web)).map(node => node.name).sort(), ['mon01', 'mon02']);
	});

	test('reveal selects the item under the cursor', async () => {
		await vscode.commands.executeCommand('essh.registry.focus');
		await waitFor('the registry view to be visible', () => api.registryTree.view.visible || undefined, 60_000);
		await settleRegistryView(api);
		const document = await openDoc('web/.esshconfig_override.lua');
		const editor = await vscode.window.showTextDocument(document);
		const at = positionOf(document, 'db01');
		editor.selection = new vscode.Selection(at, at);
		const node = await api.registryTree.revealAt(editor, { focus: true });
		assert.equal(node?.name, 'db01');
		assert.equal(node?.kind, 'host');
		assert.deepEqual(api.registryTree.view.selection.map(selected => selected.name), ['db01']);
	});

	test('a host added on disk appears without a manual refresh', async () => {
		const override = fileUri('web/.esshconfig_override.lua');
		const saved = await readText(override);
		await writeText(override, `${saved}\nhost "db02" {\n\tHostName = "10.0.0.22",\n}\n`);
		try {
			await waitFor('db02 in the tree', async () => (await hostNodes(await setWithHost('db01'))).some(node => node.name === 'db02') || undefined);
		} finally {
			await writeText(override, saved);
		}
		await waitFor('db02 to leave the tree', async () => !(await hostNodes(await setWithHost('db01'))).some(node => node.name === 'db02') || undefined);
	});
});
