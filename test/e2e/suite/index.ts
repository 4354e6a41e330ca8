/**
 * The extension-host test index (the `extensionTestsPath` contract shared by the real-VS-Code
 * harness and @vscode/test-electron): `run()` loads the mocha suite files next to it and rejects
 * when a test fails, which makes the extension host exit non-zero. ESSH_E2E_PASS selects the
 * files: `restricted` runs only the Restricted Mode tests (the harness opens that pass untrusted),
 * anything else runs the rest. ESSH_E2E_RESULT_FILE receives a JSON summary for the harness.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface SuiteResult {
	passed: number;
	failed: number;
	pending: number;
	failures: { title: string; message: string }[];
}

/**
 * Suites that change files on disk run before the ones that open many editors: VS Code keeps a
 * document open (and so the server keeps its text) for a while after its editor closes.
 */
const ORDER = ['activation', 'diagnostics', 'language', 'tree', 'commands'];

function rank(file: string): number {
	const index = ORDER.indexOf(file.replace(/\.test\.js$/, ''));
	return index < 0 ? ORDER.length : index;
}

export function run(): Promise<void> {
	const restricted = process.env.ESSH_E2E_PASS === 'restricted';
	const mocha = new Mocha({ ui: 'tdd', color: false, reporter: 'spec', timeout: 180_000, slow: 5_000 });
	if (process.env.ESSH_E2E_GREP) {
		mocha.grep(process.env.ESSH_E2E_GREP);
	}
	// out/ is never cleaned: a compiled suite whose source was deleted must not run.
	const sources = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'e2e', 'suite');
	const files = fs.readdirSync(__dirname)
		.filter(name => name.endsWith('.test.js'))
		.filter(name => fs.existsSync(path.join(sources, name.replace(/\.js$/, '.ts'))))
		.filter(name => (name === 'restricted.test.js') === restricted)
		.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
	for (const name of files) {
		mocha.addFile(path.join(__dirname, name));
	}
	const result: SuiteResult = { passed: 0, failed: 0, pending: 0, failures: [] };
	return new Promise((resolve, reject) => {
		const runner = mocha.run(failures => {
			const out = process.env.ESSH_E2E_RESULT_FILE;
			if (out) {
				fs.writeFileSync(out, JSON.stringify(result, null, '\t'));
			}
			if (failures > 0) {
				reject(new Error(`${failures} extension-host test(s) failed`));
			} else {
				resolve();
			}
		});
		runner.on('pass', () => {
			result.passed += 1;
		});
		runner.on('pending', () => {
			result.pending += 1;
		});
		runner.on('fail', (test, error: unknown) => {
			result.failed += 1;
			result.failures.push({ title: test.fullTitle(), message: error instanceof Error ? error.message : String(error) });
		});
	});
}
