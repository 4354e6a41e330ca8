/**
 * Runs the compiled tests with Node's test runner (`node --test`, TAP output) and passes its output
 * through unchanged, except that the runner's closing counts (`# tests`, `# pass`, `# fail`, …) are
 * held back: when a test failed, the list of failing tests (source file and full title) is printed
 * first, so the last lines of a long run say what broke, and the counts still come last for CI to
 * read. The exit status is the runner's.
 *
 * Usage: node scripts/test.mjs [compiled test files...]
 * Without arguments it runs every out/test/**\/*.test.js outside out/test/e2e (the editor suites run
 * with `npm run test:e2e`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Every compiled test file outside the editor suites, sorted. */
function defaultFiles() {
	const result = [];
	const walk = directory => {
		for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				if (path.relative(root, full) !== path.join('out', 'test', 'e2e')) {
					walk(full);
				}
			} else if (entry.name.endsWith('.test.js')) {
				result.push(path.relative(root, full));
			}
		}
	};
	walk(path.join(root, 'out', 'test'));
	return result.sort();
}

/** The source file of a compiled test file: out/test/a/b.test.js -> test/a/b.test.ts. */
function sourceOf(file) {
	const relative = path.relative(root, file).split(path.sep).join('/');
	return relative.replace(/^out\//, '').replace(/\.js$/, '.ts');
}

const files = process.argv.length > 2 ? process.argv.slice(2) : defaultFiles();
const child = spawn(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=tap', ...files], { cwd: root, stdio: ['inherit', 'pipe', 'inherit'] });

const COUNT = /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) /;
const heldCounts = [];
/** Open subtests by indentation depth: their names, for full titles. */
const names = [];
/** Failures: full title, and the location the runner reported (filled from the YAML block below the `not ok`). */
const failures = [];
let pendingFailure;

const lines = readline.createInterface({ input: child.stdout, crlfDelay: Infinity });
lines.on('line', line => {
	if (COUNT.test(line)) {
		heldCounts.push(line);
		return;
	}
	process.stdout.write(`${line}\n`);
	const subtest = /^( *)# Subtest: (.*)$/.exec(line);
	if (subtest) {
		const depth = subtest[1].length / 4;
		names.length = depth;
		names[depth] = subtest[2];
		return;
	}
	const result = /^( *)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO).*)?$/.exec(line);
	if (result) {
		const depth = result[1].length / 4;
		pendingFailure = undefined;
		if (result[2] === 'not ok') {
			const title = [...names.slice(0, depth), result[3]].join(' > ');
			// A suite fails when a test inside it fails; only the innermost failures are listed.
			const inner = failures.filter(failure => failure.title.startsWith(`${title} > `));
			if (inner.length === 0) {
				pendingFailure = { title, location: undefined, type: undefined };
				failures.push(pendingFailure);
			}
		}
		names.length = depth;
		return;
	}
	if (pendingFailure) {
		const location = /^\s+location: '(.*?):\d+:\d+'$/.exec(line);
		if (location) {
			pendingFailure.location = location[1];
		}
		const type = /^\s+failureType: '(.*)'$/.exec(line);
		if (type) {
			pendingFailure.type = type[1];
		}
	}
});

const forward = signal => child.kill(signal);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);

child.on('close', (code, signal) => {
	lines.close();
	if (failures.length > 0) {
		process.stdout.write(`# ${failures.length} failing test${failures.length === 1 ? '' : 's'}:\n`);
		for (const failure of failures) {
			// A file that fails to load is reported under its own path, with no location.
			const wholeFile = failure.title.endsWith('.js') && (failure.location === undefined || failure.location === failure.title);
			const where = failure.location ? sourceOf(failure.location) : wholeFile ? sourceOf(failure.title) : 'unknown file';
			const title = wholeFile ? 'the file as a whole failed (it did not load, or exited with an error; see its output above)' : failure.title;
			const type = failure.type && failure.type !== 'testCodeFailure' ? ` (${failure.type})` : '';
			process.stdout.write(`#   ${where}: ${title}${type}\n`);
		}
	}
	for (const line of heldCounts) {
		process.stdout.write(`${line}\n`);
	}
	process.exitCode = signal ? 1 : code ?? 1;
});
