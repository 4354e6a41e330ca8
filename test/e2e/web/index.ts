/**
 * The test index of the browser build (bundled by `node scripts/build.mjs --e2e-web` into
 * out/test/e2e/web-bundle/index.js, one file inside the extension folder, as the web worker extension
 * host requires): mocha's browser build runs the suite files that apply to the browser (activation,
 * diagnostics, language features, the tree) and this folder's environment checks. Run and connect
 * (no terminal in a browser), crashing the server process and Restricted Mode are the desktop
 * suite's. The worker has no file system, so the counts go out as one marked console line.
 */
import 'mocha/mocha.js';

interface BrowserRunner {
	on(event: 'pass' | 'pending', listener: () => void): void;
	on(event: 'fail', listener: (test: { fullTitle(): string }, error: unknown) => void): void;
}

interface BrowserMocha {
	setup(options: Record<string, unknown>): void;
	run(done: (failures: number) => void): BrowserRunner;
}

declare const mocha: BrowserMocha;

/** The marker of the result line that test/e2e/web.js reads. */
export const RESULT_MARKER = '[essh-e2e-web-result]';

export async function run(): Promise<void> {
	mocha.setup({ ui: 'tdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000 });
	// After setup, so that the suite files find mocha's functions; in the desktop suite's order.
	await import('../suite/activation.test.js');
	await import('./environment.test.js');
	await import('../suite/diagnostics.test.js');
	await import('../suite/language.test.js');
	await import('../suite/tree.test.js');
	const result = { passed: 0, failed: 0, pending: 0, failures: [] as { title: string; message: string }[] };
	return new Promise((resolve, reject) => {
		const runner = mocha.run(failures => {
			console.log(`${RESULT_MARKER} ${JSON.stringify(result)}`);
			if (failures > 0) {
				reject(new Error(`${failures} web extension-host test(s) failed`));
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
		runner.on('fail', (test, error) => {
			result.failed += 1;
			result.failures.push({ title: test.fullTitle(), message: error instanceof Error ? error.message : String(error) });
		});
	});
}
