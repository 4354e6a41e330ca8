/**
 * Tests of the pure registry tree model (client layer): shaping of an
 * `essh/registry` result into nodes (categories, labels, descriptions, icons, context values,
 * hidden/disabled, problem counts), hosts grouped by tag, tooltips, filters, getParent and reveal
 * lookups, the namespace era, and the view state kept across reloads (filter, expanded nodes). Trees are rendered to indented text and compared inline.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { HostItem, RegistryResult, RegistrySet, TaskItem } from '../../server/src/lsp/ext';
import {
	adoptNodes, buildRegistryTree, expansionOf, findItemNode, findNodeAt, getChildren, getParent, MAX_REMEMBERED_NODES, nameMatches, parseViewState, setForDocument, summarizeSet,
	withExpansion, withFilter, type RegistryNode, type RegistryTree, type RegistryViewState,
} from '../../client/src/registryTreeModel';
import { expectText } from '../support/expect';

const projectId = 'file:///work/project';
const mainUri = `${projectId}/.esshconfig.lua`;

function at(line: number, character = 5, length = 8): HostItem['location'] {
	return { uri: mainUri, range: { start: { line, character }, end: { line, character: character + length } } };
}

const none = { errors: 0, warnings: 0 };

function host(name: string, line: number, extra: Partial<HostItem> = {}): HostItem {
	return { name, description: '', tags: [], hidden: false, location: at(line), sshConfig: `Host ${name}\n    HostName ${name}.example\n`, problems: none, ...extra };
}

function task(name: string, line: number, extra: Partial<TaskItem> = {}): TaskItem {
	return { name, description: '', backend: 'local', driver: 'default', targets: [], filters: [], hosts: [], hidden: false, disabled: false, location: at(line), problems: none, ...extra };
}

function projectSet(extra: Partial<RegistrySet> = {}): RegistrySet {
	return {
		id: projectId,
		label: 'project',
		kind: 'project',
		files: [mainUri],
		namespaceEra: false,
		open: false,
		hosts: [
			host('web-01', 0, { tags: ['web', 'prod'], description: 'front' }),
			host('web-02', 4, { tags: ['web'], problems: { errors: 1, warnings: 0 } }),
			host('bastion', 8, { hidden: true }),
		],
		tasks: [
			task('deploy', 12, { targets: ['web'], hosts: ['web-01', 'web-02'], description: 'ship it' }),
			task('old', 16, { disabled: true, problems: { errors: 0, warnings: 2 } }),
		],
		drivers: [{ name: 'default', builtin: true, problems: none }, { name: 'docker', builtin: false, location: at(20), problems: none }],
		groups: [{ id: 1, memberKind: 'host', members: ['web-01', 'web-02'], defaults: ['User'], location: at(24) }],
		tags: [{ name: 'prod', hosts: ['web-01'] }, { name: 'web', hosts: ['web-01', 'web-02'] }],
		namespaces: [],
		problems: { errors: 1, warnings: 2 },
		...extra,
	};
}

function registry(...sets: RegistrySet[]): RegistryResult {
	return { revision: 1, sets };
}

/** One line per node: indentation, label, description, icon, context value. */
function render(tree: RegistryTree, node?: RegistryNode, depth = 0): string {
	const lines: string[] = [];
	for (const child of getChildren(tree, node)) {
		const description = child.description ? ` — ${child.description}` : '';
		const color = child.iconColor ? `:${child.iconColor}` : '';
		lines.push(`${'  '.repeat(depth)}${child.label}${description}  [${child.icon}${color} ${child.contextValue}]`);
		const nested = render(tree, child, depth + 1);
		if (nested) {
			lines.push(nested);
		}
	}
	return lines.join('\n');
}

describe('registryTreeModel', () => {
	test('a set shows its categories with items, hidden and disabled marked, problems counted', () => {
		const tree = buildRegistryTree(registry(projectSet()));
		expectText(render(tree), `
			project — 1 error, 2 warnings  [root-folder:problemsErrorIcon.foreground set]
			  Hosts — 3  [server category.hosts]
			    web-01 — front · #web #prod  [vm host]
			    web-02 — 1 error · #web  [vm:problemsErrorIcon.foreground host]
			    bastion — hidden  [eye-closed:disabledForeground host]
			  Tasks — 2  [tasklist category.tasks]
			    deploy — → 2 hosts · ship it  [play task]
			      web-01 — front · #web #prod  [vm host]
			      web-02 — 1 error · #web  [vm:problemsErrorIcon.foreground host]
			    old — disabled · 2 warnings · → 0 hosts  [circle-slash:problemsWarningIcon.foreground task.disabled]
			  Drivers — 2  [gear category.drivers]
			    default — built-in  [gear driver.builtin]
			    docker  [gear driver]
			  Groups — 1  [group-by-ref-type category.groups]
			    group 1 — 2 hosts · defaults: User  [group-by-ref-type group]
			      web-01 — front · #web #prod  [vm host]
			      web-02 — 1 error · #web  [vm:problemsErrorIcon.foreground host]
			  Tags — 2  [tag category.tags]
			    prod — 1 host  [tag tag]
			      web-01 — front · #web #prod  [vm host]
			    web — 2 hosts  [tag tag]
			      web-01 — front · #web #prod  [vm host]
			      web-02 — 1 error · #web  [vm:problemsErrorIcon.foreground host]
		`);
		assert.equal(tree.message, undefined);
	});

	test('hosts grouped by tag: one group per tag, sorted, then the untagged ones', () => {
		const tree = buildRegistryTree(registry(projectSet()), { groupHostsByTag: true });
		const hosts = getChildren(tree, getChildren(tree)[0])[0];
		expectText(render(tree, hosts), `
			prod — 1  [tag tagGroup]
			  web-01 — front · #web #prod  [vm host]
			web — 2  [tag tagGroup]
			  web-01 — front · #web #prod  [vm host]
			  web-02 — 1 error · #web  [vm:problemsErrorIcon.foreground host]
			(untagged) — 1  [circle-outline tagGroup.untagged]
			  bastion — hidden  [eye-closed:disabledForeground host]
		`);
		// The first occurrence is the one reveal selects.
		const revealed = findItemNode(tree, projectId, 'host', 'web-01')!;
		assert.equal(getParent(tree, revealed)?.label, 'prod');
	});

	test('a host tooltip holds its ssh_config block; a task tooltip its resolved hosts', () => {
		const tree = buildRegistryTree(registry(projectSet()));
		expectText(findItemNode(tree, projectId, 'host', 'web-01')!.tooltip!, `
			**host** \`web-01\`

			front

			Tags: \`web\`, \`prod\`

			\`\`\`ssh_config
			Host web-01
			    HostName web-01.example
			\`\`\`
		`);
		expectText(findItemNode(tree, projectId, 'task', 'deploy')!.tooltip!, `
			**task** \`deploy\`

			ship it

			Backend: \`local\` · driver: \`default\`

			Targets: \`web\`

			Resolved hosts (2): \`web-01\`, \`web-02\`
		`);
	});

	test('items open their definition; categories and built-in drivers open nothing', () => {
		const tree = buildRegistryTree(registry(projectSet()));
		assert.deepEqual(findItemNode(tree, projectId, 'host', 'web-02')!.location, at(4));
		assert.equal(findItemNode(tree, projectId, 'driver', 'default')!.location, undefined);
		assert.equal(getChildren(tree, getChildren(tree)[0])[0].location, undefined);
	});

	test('getParent walks back to the root, and ids are unique', () => {
		const tree = buildRegistryTree(registry(projectSet()));
		const node = findItemNode(tree, projectId, 'task', 'deploy')!;
		const chain: string[] = [];
		for (let current: RegistryNode | undefined = node; current; current = getParent(tree, current)) {
			chain.push(current.label);
		}
		assert.deepEqual(chain, ['deploy', 'Tasks', 'project']);
		const child = getChildren(tree, node)[0];
		assert.equal(getParent(tree, child), node);
		const ids = [...tree.nodes.keys()];
		assert.equal(new Set(ids).size, ids.length);
	});

	test('a pattern filter keeps matching hosts, tasks, drivers and tags and drops empty sets', () => {
		const other = projectSet({ id: 'file:///work/other', label: 'other', files: ['file:///work/other/esshconfig.lua'], hosts: [host('db-01', 0)], tasks: [], tags: [], groups: [], drivers: [] });
		const tree = buildRegistryTree(registry(projectSet(), other), { filter: { kind: 'pattern', pattern: 'web-*' } });
		expectText(render(tree), `
			project — 1 error, 2 warnings  [root-folder:problemsErrorIcon.foreground set]
			  Hosts — 2 of 3  [server category.hosts]
			    web-01 — front · #web #prod  [vm host]
			    web-02 — 1 error · #web  [vm:problemsErrorIcon.foreground host]
			  Tasks — 0 of 2  [tasklist category.tasks]
			  Drivers — 0 of 2  [gear category.drivers]
			  Groups — 1 of 1  [group-by-ref-type category.groups]
			    group 1 — 2 hosts · defaults: User  [group-by-ref-type group]
			      web-01 — front · #web #prod  [vm host]
			      web-02 — 1 error · #web  [vm:problemsErrorIcon.foreground host]
			  Tags — 0 of 2  [tag category.tags]
		`);
		assert.equal(tree.message, 'Filtered by pattern "web-*".');
	});

	test('a tag filter keeps the tagged hosts and the tasks naming the tag', () => {
		const tree = buildRegistryTree(registry(projectSet()), { filter: { kind: 'tag', tag: 'web' } });
		const set = getChildren(tree)[0];
		const [hosts, tasks, , , tags] = getChildren(tree, set);
		assert.deepEqual(getChildren(tree, hosts).map(node => node.label), ['web-01', 'web-02']);
		assert.deepEqual(getChildren(tree, tasks).map(node => node.label), ['deploy']);
		assert.deepEqual(getChildren(tree, tags).map(node => node.label), ['web']);
		assert.equal(findItemNode(tree, projectId, 'host', 'bastion'), undefined);
	});

	test('a filter that matches nothing leaves a message and no roots', () => {
		const tree = buildRegistryTree(registry(projectSet()), { filter: { kind: 'pattern', pattern: 'nope-*' } });
		assert.deepEqual(tree.roots, []);
		assert.equal(tree.message, 'Nothing matches pattern "nope-*".');
	});

	test('negated and brace globs follow micromatch; an invalid glob matches nothing', () => {
		assert.equal(nameMatches('web-01', '!*.internal'), true);
		assert.equal(nameMatches('db.internal', '!*.internal'), false);
		assert.equal(nameMatches('db-02', '{web,db}-0[1-3]'), true);
		assert.equal(nameMatches('db-04', '{web,db}-0[1-3]'), false);
	});

	test('an empty registry says there is no ESSH configuration', () => {
		const tree = buildRegistryTree(registry());
		assert.deepEqual(tree.roots, []);
		assert.equal(tree.message, 'No ESSH configuration found in this workspace.');
		assert.equal(buildRegistryTree(undefined).message, 'No ESSH configuration found in this workspace.');
	});

	test('namespace era adds Namespaces with their members', () => {
		const set = projectSet({
			namespaceEra: true,
			hosts: [host('web-01', 0, { namespace: 'ops' })],
			tasks: [task('ops:deploy', 2, { namespace: 'ops', hosts: ['web-01'] })],
			drivers: [{ name: 'default', builtin: true, problems: none }],
			groups: [],
			tags: [],
			namespaces: [{ name: 'ops', hosts: ['web-01'], tasks: ['ops:deploy'], drivers: [], location: at(6) }],
			problems: none,
		});
		const tree = buildRegistryTree(registry(set));
		const categories = getChildren(tree, getChildren(tree)[0]);
		assert.deepEqual(categories.map(node => node.label), ['Hosts', 'Tasks', 'Drivers', 'Groups', 'Tags', 'Namespaces']);
		expectText(render(tree, categories[5]), `
			ops — 1 hosts, 1 tasks, 0 drivers  [symbol-namespace namespace]
			  web-01  [vm host]
			  ops:deploy — → 1 host  [play task]
		`);
		assert.equal(findItemNode(tree, projectId, 'namespace', 'ops')?.label, 'ops');
		assert.equal(buildRegistryTree(registry(projectSet())).nodes.has(`set:${projectId}|namespaces`), false);
	});

	test('user and loose sets get their own icons and kind in the description', () => {
		const user = projectSet({ id: 'file:///home/u/.essh', label: '~/.essh', kind: 'user', problems: none });
		const loose = projectSet({ id: 'file:///work/x/hosts.lua', label: 'hosts.lua', kind: 'loose', open: true, problems: none });
		const tree = buildRegistryTree(registry(user, loose));
		assert.deepEqual(tree.roots.map(node => `${node.icon} ${node.description}`), ['account user', 'file loose · partly dynamic']);
	});

	test('the node under a cursor: a definition range first, then the name in the document set', () => {
		const result = registry(projectSet());
		const tree = buildRegistryTree(result);
		assert.equal(findNodeAt(tree, result, mainUri, 12, 7)?.id, findItemNode(tree, projectId, 'task', 'deploy')!.id);
		assert.equal(findNodeAt(tree, result, mainUri, 30, 0, 'web-02')?.label, 'web-02');
		assert.equal(findNodeAt(tree, result, mainUri, 30, 0, 'prod')?.kind, 'tag');
		assert.equal(findNodeAt(tree, result, mainUri, 30, 0, 'unknown'), undefined);
		assert.equal(findNodeAt(tree, result, 'file:///elsewhere/a.lua', 30, 0, 'web-02'), undefined);
	});

	test('a document belongs to the set listing it, else to the deepest project directory holding it', () => {
		const nested = projectSet({ id: `${projectId}/sub`, label: 'sub', files: [`${projectId}/sub/esshconfig.lua`] });
		const result = registry(projectSet(), nested);
		assert.equal(setForDocument(result, mainUri)?.label, 'project');
		assert.equal(setForDocument(result, `${projectId}/sub/.essh/lib/m.lua`)?.label, 'sub');
		assert.equal(setForDocument(result, `${projectId}/lib.lua`)?.label, 'project');
		assert.equal(setForDocument(result, 'file:///work/projectx/a.lua'), undefined);
	});

	test('a rebuild keeps the node objects of unchanged ids, with their new fields', () => {
		const before = buildRegistryTree(registry(projectSet()));
		const host = findItemNode(before, projectId, 'host', 'web-01')!;
		const changed = projectSet();
		changed.hosts[0] = { ...changed.hosts[0], description: 'renamed' };
		const after = adoptNodes(before, buildRegistryTree(registry(changed), { filter: { kind: 'pattern', pattern: 'web-01' } }));
		const adopted = findItemNode(after, projectId, 'host', 'web-01')!;
		assert.equal(adopted, host);
		assert.equal(adopted.description, 'renamed · #web #prod');
		assert.equal(getChildren(after, getChildren(after)[0])[0].description, '1 of 3');
		assert.equal(getChildren(after, getChildren(after, getChildren(after)[0])[0])[0], host);
		assert.equal(getParent(after, adopted), getChildren(after, getChildren(after)[0])[0]);
	});

	test('the status summary counts hosts, tasks and problems of a set', () => {
		assert.deepEqual(summarizeSet(projectSet()), { label: 'project', hosts: 3, tasks: 2, errors: 1, warnings: 2 });
	});

	test('the view state survives a reload: the filter and the nodes the user expanded or collapsed', () => {
		const before = buildRegistryTree(registry(projectSet()));
		const drivers = getChildren(before, before.roots[0]).find(node => node.category === 'drivers')!;
		const hosts = getChildren(before, before.roots[0]).find(node => node.category === 'hosts')!;
		const deploy = findItemNode(before, projectId, 'task', 'deploy')!;
		assert.deepEqual([drivers.collapsible, hosts.collapsible, deploy.collapsible], ['collapsed', 'expanded', 'collapsed']);
		let state: RegistryViewState = parseViewState(undefined);
		state = withExpansion(state, drivers.id, true);
		state = withExpansion(state, deploy.id, true);
		state = withExpansion(state, hosts.id, false);
		state = withFilter(state, { kind: 'pattern', pattern: 'web-*' });
		// What the workspace state stores is JSON; a reload reads it back.
		const restored = parseViewState(JSON.parse(JSON.stringify(state)));
		assert.deepEqual(restored, state);
		const after = buildRegistryTree(registry(projectSet()), { expansion: expansionOf(restored) });
		const collapsibleOf = (id: string): string | undefined => after.nodes.get(id)?.collapsible;
		assert.deepEqual([collapsibleOf(drivers.id), collapsibleOf(hosts.id), collapsibleOf(deploy.id)], ['expanded', 'collapsed', 'expanded']);
		// A node that cannot expand stays as it is; collapsing again and clearing the filter are remembered too.
		const web = findItemNode(after, projectId, 'host', 'web-01')!;
		assert.equal(buildRegistryTree(registry(projectSet()), { expansion: expansionOf(withExpansion(restored, web.id, true)) }).nodes.get(web.id)?.collapsible, 'none');
		const collapsedAgain = withFilter(withExpansion(restored, drivers.id, false), undefined);
		assert.deepEqual(parseViewState(JSON.parse(JSON.stringify(collapsedAgain))), { expanded: [deploy.id], collapsed: [hosts.id, drivers.id] });
		assert.equal(buildRegistryTree(registry(projectSet()), { expansion: expansionOf(collapsedAgain) }).nodes.get(drivers.id)?.collapsible, 'collapsed');
	});

	test('a stored view state is read tolerantly and bounded', () => {
		assert.deepEqual(parseViewState('nonsense'), { expanded: [], collapsed: [] });
		assert.deepEqual(parseViewState({ filter: { kind: 'tag', tag: 'web' }, expanded: ['a', 3, ''], collapsed: 'b' }), { filter: { kind: 'tag', tag: 'web' }, expanded: ['a'], collapsed: [] });
		assert.deepEqual(parseViewState({ filter: { kind: 'pattern', pattern: '  ' } }), { expanded: [], collapsed: [] });
		let state = parseViewState(undefined);
		for (let index = 0; index < MAX_REMEMBERED_NODES + 20; index++) {
			state = withExpansion(state, `node-${index}`, true);
		}
		assert.equal(state.expanded.length, MAX_REMEMBERED_NODES);
		assert.equal(state.expanded[0], 'node-20', 'the oldest are forgotten first');
		assert.equal(parseViewState({ expanded: state.expanded.concat(['x']) }).expanded.length, MAX_REMEMBERED_NODES);
	});
});
