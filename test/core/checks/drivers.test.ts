/**
 * Fixture tests for the "Driver properties" checks of docs/diagnostics.md (driver-engine-type,
 * driver-no-engine, template-syntax, template-field): each fires on the smallest driver or task
 * that triggers it and stays silent on its nearest valid neighbour. driver-no-engine is a Warning
 * even when the model is closed (see docs/diagnostics.md).
 */
import { test } from 'node:test';
import { checkDiagnostics } from '../../support/check';

test('driver-engine-type: engine must be a string or a function', () => {
	checkDiagnostics(`
driver "d" { engine = 1 }
--                    ^ error driver-engine-type
`);
});

test('driver-engine-type: a function engine and extra keys are fine', () => {
	checkDiagnostics(`
driver "d" { engine = function(d) return "{{range .Scripts}}{{.code}}{{end}}" end, greeting = 1 }
`);
});

test('driver-no-engine: a driver without engine that a task uses', () => {
	checkDiagnostics(`
driver "broken" { description = "no engine" }
--     ^^^^^^^^ warning driver-no-engine
task "t" { driver = "broken" }
`);
});

test('driver-no-engine: an unused driver without engine is silent', () => {
	checkDiagnostics(`
driver "spare" {}
task "t" {}
`);
});

test('driver-no-engine: a user driver "default" without engine affects every task without a driver', () => {
	checkDiagnostics(`
driver "default" {}
--     ^^^^^^^^^ information driver-default-redefined
--     ^^^^^^^^^ warning driver-no-engine
task "t" {}
`);
});

test('driver-no-engine: also in 2.1', () => {
	checkDiagnostics(`
driver "broken" {}
--     ^^^^^^^^ warning driver-no-engine
task "t" { driver = "broken" }
`, { version: '2.1' });
});

test('template-syntax: an unclosed block in an engine', () => {
	checkDiagnostics(`
driver "d" { engine = "{{if .Task}}x" }
--                    ^^^^^^^^^^^^^^^ warning template-syntax
`);
});

test('template-syntax: an unclosed action in a prefix', () => {
	checkDiagnostics(`
task "t" { prefix = "[{{.Host.Name]" }
--                  ^^^^^^^^^^^^^^^^ warning template-syntax
`);
});

test('template-syntax: a stray end', () => {
	checkDiagnostics(`
driver "d" { engine = "x{{end}}" }
--                    ^^^^^^^^^^ warning template-syntax
`);
});

test('template-syntax: a template shaped like the built-in driver is fine', () => {
	checkDiagnostics(`
driver "d" { engine = "{{template \\"environment\\" .}}{{range $i, $s := .Scripts}}{{if $s.description}}# {{$s.description}}{{end}}{{$s.code}}{{end}}" }
`);
});

test('template-field: a field the engine data does not have', () => {
	checkDiagnostics(`
driver "d" { engine = "{{.Foo}}" }
--                    ^^^^^^^^^^ warning template-field
`);
});

test('template-field: the prefix data has only .Host and .Task', () => {
	checkDiagnostics(`
task "t" { prefix = "{{.Driver}}" }
--                  ^^^^^^^^^^^^^ warning template-field
`);
});

test('template-field: known engine and prefix fields are fine', () => {
	checkDiagnostics(`
driver "d" { engine = "{{.Driver.Props.x}}{{.SSHConfigPath}}{{.GOOS}}{{.Debug}}" }
task "t" { prefix = "{{.Host.Name}} {{.Task.Name}}" }
`);
});
