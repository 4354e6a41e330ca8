/**
 * The registry's query API (essh-semantics.md, Names; essh-semantics.md, Targets, filters and select_hosts; essh-semantics.md, Hosts): hosts by name,
 * glob pattern (micromatch), tag, group and namespace; tasks by tag; hosts of a task; tags;
 * drivers; and the generated ssh_config. Results are rendered as one name per line.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Resource } from '../../server/src/core/model';
import { generateSshConfig, hostsOfTask, lookupDrivers, lookupHosts, lookupTags, lookupTasks, type LookupQuery } from '../../server/src/core/queries';
import { publicTaskName } from '../../server/src/core/checks';
import { analyse, type CheckOptions } from '../support/check';
import { expectText } from '../support/expect';

function setOf(source: string, options: CheckOptions = {}) {
	const { analysis } = analyse(source, options);
	return analysis.set('/main.lua')!;
}

function names(resources: Resource[]): string {
	return resources.map(resource => (resource.kind === 'task' ? publicTaskName(resource) : resource.name)).join('\n');
}

const HOSTS = `
host "web-01" { tags = { "web", "prod" } }
host "web-02" { tags = { "web" } }
host "web-04" { tags = { "web", "prod" } }
host "db-01" { tags = { "db", "prod" } }
host "db-05" { tags = { "db" } }
host "cache.internal" { tags = { "prod" }, hidden = true }
host "web-03.internal" {}
`;

function hosts(query: LookupQuery): string {
	return names(lookupHosts(setOf(HOSTS).registry, query));
}

// Hosts by name and pattern.

test('lookup by exact name', () => {
	expectText(hosts({ patterns: ['db-01'] }), 'db-01');
	expectText(hosts({ patterns: ['db-1'] }), '');
});

test('no query lists every host, hidden ones included, in byte order', () => {
	expectText(hosts({}), `
cache.internal
db-01
db-05
web-01
web-02
web-03.internal
web-04
`);
});

test('a glob with * over names', () => {
	expectText(hosts({ patterns: ['web-*'] }), `
web-01
web-02
web-03.internal
web-04
`);
});

test('braces and character classes', () => {
	expectText(hosts({ patterns: ['{web,db}-0[1-3]'] }), `
db-01
web-01
web-02
`);
});

test('a negated pattern alone excludes from all hosts', () => {
	expectText(hosts({ patterns: ['!*.internal'] }), `
db-01
db-05
web-01
web-02
web-04
`);
});

test('several patterns: any positive one matches, any negative one excludes', () => {
	expectText(hosts({ patterns: ['db-*', 'web-0[34]*', '!*.internal'] }), `
db-01
db-05
web-04
`);
});

test('names are flat strings: * matches across /, spaces and dots', () => {
	const { registry } = setOf(`
host "web/01" {}
host "web 02" {}
host "web.03" {}
host "db/01" {}
`);
	expectText(names(lookupHosts(registry, { patterns: ['web*'] })), 'web 02\nweb.03\nweb/01');
	expectText(names(lookupHosts(registry, { patterns: ['*/01'] })), 'db/01\nweb/01');
	expectText(names(lookupHosts(registry, { patterns: ['!db/*'] })), 'web 02\nweb.03\nweb/01');
});

// Hosts by tag, group and namespace.

test('lookup by tag, hidden hosts included', () => {
	expectText(hosts({ tags: ['prod'] }), `
cache.internal
db-01
web-01
web-04
`);
});

test('several tags must all be carried (AND)', () => {
	expectText(hosts({ tags: ['web', 'prod'] }), `
web-01
web-04
`);
	expectText(hosts({ tags: ['web', 'db'] }), '');
});

test('tags and patterns combine', () => {
	expectText(hosts({ tags: ['prod'], patterns: ['db-*'] }), 'db-01');
});

test('lookup by group', () => {
	const { registry } = setOf(`
host "solo" {}
group { User = "a", host "a1" {}, host "a2" {} }
group { User = "b", hosts = { b1 = {} } }
`);
	expectText(registry.groups.map(group => `#${group.id}: ${names(lookupHosts(registry, { group: group.id })).replace(/\n/g, ' ')}`).join('\n'), `
#4: a1 a2
#5: b1
`);
});

test('lookup by namespace (v2.1): only that namespace\'s hosts; the global space otherwise', () => {
	const { registry } = setOf(`
host "global" {}
namespace "ns" { hosts = { a = { tags = { "t" } }, b = {} } }
namespace "other" { hosts = { c = {} } }
`, { version: '2.1' });
	expectText(names(lookupHosts(registry, { namespace: 'ns' })), 'a\nb');
	expectText(names(lookupHosts(registry, { namespace: 'ns', tags: ['t'] })), 'a');
	expectText(names(lookupHosts(registry, { namespace: 'missing' })), '');
	expectText(names(lookupHosts(registry)), 'global');
});

// Tasks.

test('tasks by tag: tasks whose targets or filters name it', () => {
	const { registry } = setOf(`
host "h" { tags = { "web", "prod" } }
task "by-target" { targets = "web" }
task "by-list" { targets = { "db", "web" } }
task "by-filter" { targets = "h", filters = { "web" } }
task "other" { targets = "prod" }
task "none" {}
`);
	expectText(names(lookupTasks(registry, { tags: ['web'] })), `
by-filter
by-list
by-target
`);
	expectText(names(lookupTasks(registry, { tags: ['web', 'prod'] })), '');
	expectText(names(lookupTasks(registry, { patterns: ['by-*', '!*-list'] })), 'by-filter\nby-target');
});

test('tasks by namespace (v2.1) use public names', () => {
	const { registry } = setOf(`
task "global" {}
namespace "ns" { tasks = { t = {}, default = {} } }
`, { version: '2.1' });
	expectText(names(lookupTasks(registry)), 'global\nns\nns:t');
	expectText(names(lookupTasks(registry, { namespace: 'ns' })), 'ns\nns:t');
});

// Hosts of a task (essh-semantics.md, Targets, filters and select_hosts).

function hostsOf(source: string, task: string): string {
	const set = setOf(source);
	return names(hostsOfTask(set, set.registry.tasks.get(task)!));
}

test('hosts of a task: OR over targets by name or tag', () => {
	expectText(hostsOf(`
host "a" { tags = { "web" } }
host "b" { tags = { "db" } }
host "c" {}
task "t" { targets = { "web", "c" } }
`, 't'), 'a\nc');
});

test('hosts of a task: every filter must match (AND)', () => {
	expectText(hostsOf(`
host "a" { tags = { "web", "prod" } }
host "b" { tags = { "web" } }
host "c" { tags = { "web", "prod", "eu" } }
task "t" { targets = "web", filters = { "prod", "eu" } }
`, 't'), 'c');
});

test('hosts of a task include hidden hosts', () => {
	expectText(hostsOf(`
host "a" { tags = { "web" }, hidden = true }
host "b" { tags = { "web" } }
task "t" { targets = "web" }
`, 't'), 'a\nb');
});

test('hosts of a task: no globbing, no comma splitting, case-sensitive', () => {
	expectText(hostsOf(`
host "web-01" {}
host "Web" {}
task "t" { targets = { "web-*", "web-01,Web", "web" } }
`, 't'), '');
});

test('hosts of a task are sorted by byte order (B before a), each once', () => {
	expectText(hostsOf(`
host "a" { tags = { "x" } }
host "B" { tags = { "x" } }
host "_c" { tags = { "x" } }
task "t" { targets = { "x", "a", "B" } }
`, 't'), 'B\n_c\na');
});

test('hosts of a task without targets: none, and filters are ignored', () => {
	expectText(hostsOf(`
host "a" {}
task "t" { filters = "a" }
`, 't'), '');
});

// Tags and drivers.

test('tags are sorted in byte order, unique, and include hidden hosts\' tags', () => {
	const { registry } = setOf(`
host "a" { tags = { "web", "Zed" } }
host "b" { tags = { "web", "web" }, hidden = true }
host "c" { tags = { "secret" }, hidden = true }
`);
	expectText(lookupTags(registry).map(entry => `${entry.tag}: ${names(entry.hosts).replace(/\n/g, ' ')}`).join('\n'), `
Zed: a
secret: c
web: a b
`);
	expectText(lookupTags(registry, ['w*']).map(entry => entry.tag).join('\n'), 'web');
});

test('drivers include the built-in default', () => {
	expectText(names(lookupDrivers(setOf(`
driver "docker" { engine = "x" }
driver "Bash" { engine = "y" }
`).registry)), 'Bash\ndefault\ndocker');
	const replaced = lookupDrivers(setOf(`
driver { engine = "z" }
`).registry);
	expectText(replaced.map(driver => `${driver.name} ${driver.builtin ? 'built-in' : driver.form}`).join('\n'), 'default default');
});

// ssh_config.

test('ssh_config: hosts and keys in byte order, hidden hosts written, an empty block for a host without ssh properties', () => {
	// Exact bytes: every block, the last one included, ends with a blank line.
	assert.equal(generateSshConfig(setOf(`
host "web" { Hostname = "lower", HostName = "upper", User = "u", Port = "22", description = "not ssh", tags = { "t" } }
host "B" { hidden = true, HostName = "hidden" }
host "a" { description = "no ssh properties" }
`).registry), 'Host B\n    HostName hidden\n\nHost a\n\nHost web\n    HostName upper\n    Hostname lower\n    Port 22\n    User u\n\n');
});

test('ssh_config of a registry without hosts is empty', () => {
	assert.equal(generateSshConfig(setOf('task "t" {}').registry), '');
});
