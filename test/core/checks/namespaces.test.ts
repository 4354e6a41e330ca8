/**
 * Fixture tests for the "Namespace era" checks of docs/diagnostics.md (ns-*), under ESSH 2.1: each fires
 * on the smallest namespace that triggers it and stays silent on its nearest valid neighbour. In
 * 3.4 `namespace` does not exist, so only removed-builtin fires there (last test).
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('ns-unknown-field: a namespace key other than hosts, tasks and drivers', () => {
	checkDiagnostics(`
namespace "shop" { description = "x" }
--                 ^^^^^^^^^^^ error ns-unknown-field
`, { version: '2.1' });
});

test('ns-unknown-field: the same check for an assignment on the object', () => {
	checkDiagnostics(`
local n = namespace "shop"
n.description = "x"
--^^^^^^^^^^^ error ns-unknown-field
`, { version: '2.1' });
});

test('ns-unknown-field: hosts, tasks, drivers and elements are fine', () => {
	checkDiagnostics(`
namespace "shop" { hosts = { web = {} }, tasks = { t = { targets = "web" } }, drivers = { d = { engine = "x" } }, host "db" {} }
`, { version: '2.1' });
});

test('ns-dsl-result-nil: namespace "x" {…} returns nothing', () => {
	checkDiagnostics(`
local n = namespace "shop" { host "web" {} }
--    ^ warning ns-dsl-result-nil
`, { version: '2.1' });
});

test('ns-dsl-result-nil: the object form keeps the namespace', () => {
	checkDiagnostics(`
local n = namespace "shop"
n { host "web" {} }
`, { version: '2.1' });
});

test('ns-redefined: a second namespace of the same name discards the first', () => {
	checkDiagnostics(`
namespace "shop" { host "web" {} }
namespace "shop" { host "db" {} }
--        ^^^^^^ warning ns-redefined
`, { version: '2.1' });
});

test('ns-redefined: two names are fine', () => {
	checkDiagnostics(`
namespace "shop" { host "web" {} }
namespace "blog" { host "db" {} }
`, { version: '2.1' });
});

test('ns-target-outside: a namespace task targeting a global host or tag', () => {
	checkDiagnostics(`
host "g" { tags = { "gt" } }
namespace "shop" { task "t" { targets = { "g", "gt" } } }
--                            ^^^^^^^ warning target-empty
--                                        ^^^ warning ns-target-outside
--                                             ^^^^ warning ns-target-outside
`, { version: '2.1' });
});

test('ns-target-outside: targets inside the namespace resolve', () => {
	checkDiagnostics(`
namespace "shop" { host "web01" { tags = { "web" } }, task "t" { targets = "web" } }
`, { version: '2.1' });
});

test('ns-driver-outside: a namespace task naming a global driver', () => {
	checkDiagnostics(`
driver "gd" { engine = "x" }
namespace "shop" { task "t" { driver = "gd" } }
--                                     ^^^^ warning ns-driver-outside
`, { version: '2.1' });
});

test('ns-driver-outside: a global driver "default" is not used inside a namespace', () => {
	checkDiagnostics(`
driver "default" { engine = "x" }
--     ^^^^^^^^^ information driver-default-redefined
namespace "shop" { task "t" {} }
--                      ^^^ warning ns-driver-outside
`, { version: '2.1' });
});

test('ns-driver-outside: a namespace driver is fine', () => {
	checkDiagnostics(`
namespace "shop" { driver "quiet" { engine = "x" }, task "t" { driver = "quiet" } }
`, { version: '2.1' });
});

test('ns-proxy-outside: a namespace host proxying through a global host', () => {
	checkDiagnostics(`
host "gateway" {}
namespace "shop" { host "web" { ProxyJump = "gateway" } }
--                                           ^^^^^^^ warning ns-proxy-outside
`, { version: '2.1' });
});

test('ns-proxy-outside: a gateway inside the namespace is fine', () => {
	checkDiagnostics(`
namespace "shop" { host "gateway" {}, host "web" { ProxyJump = "gateway" } }
`, { version: '2.1' });
});

test('ns-inner-clash: task or tag named like a host of the same namespace', () => {
	checkDiagnostics(`
namespace "shop" { host "web01" { tags = { "web01" } }, task "web01" {} }
--                                         ^^^^^^^ warning ns-inner-clash
--                                                           ^^^^^^^ warning ns-inner-clash
`, { version: '2.1' });
});

test('ns-inner-clash: a namespace task named like a global host is fine', () => {
	checkDiagnostics(`
host "web01" {}
namespace "shop" { task "web01" {} }
`, { version: '2.1' });
});

test('ns-*: in 3.4 namespace itself is the error', () => {
	checkDiagnostics(`
local n = namespace "shop" { description = "x" }
--        ^^^^^^^^^ error removed-builtin
`);
});
