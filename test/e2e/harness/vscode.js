// Shared pieces of the real-VS-Code harness: the VS Code server from code-server's npm package,
// headless Debian Chromium through playwright-core, the workbench URL with the test payload,
// a throw-away copy of the fixture workspace, and a log folder that survives only failures.
// Plain CommonJS so that it runs before (and independently of) the TypeScript build.
'use strict';

const childProcess = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const E2E_DIR = path.resolve(__dirname, '..');
const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
const RUNNER_DIR = path.join(E2E_DIR, '.work', 'runner');
const VSCODE_DIR = path.join(RUNNER_DIR, 'node_modules', 'code-server', 'lib', 'vscode');
const FIXTURE_WORKSPACE = path.join(E2E_DIR, 'workspace');
const LOGS_DIR = path.join(E2E_DIR, 'logs');
const CHROMIUM = process.env.ESSH_E2E_CHROMIUM || '/usr/bin/chromium';

/** Flags for a quiet, offline, disposable browser; playwright-core itself adds --headless. */
function chromiumFlags() {
	const flags = [
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--disable-dev-shm-usage',
	];
	if (process.getuid && process.getuid() === 0) {
		flags.unshift('--no-sandbox');
	}
	return flags;
}

/** Loads a package from the harness's own install (test/e2e/.work/runner), never from the repo's. */
function requireRunnerPackage(name) {
	const manifest = path.join(RUNNER_DIR, 'package.json');
	if (!fs.existsSync(path.join(RUNNER_DIR, 'node_modules', name))) {
		throw new Error(`${name} is not installed in ${RUNNER_DIR}: run bash test/e2e/setup.sh first`);
	}
	return createRequire(manifest)(name);
}

/** A port that was free on 127.0.0.1 a moment ago (the harness never listens on other interfaces). */
function freePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

function sleep(ms) {
	return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * A log folder for one run under test/e2e/logs/. finish(true) deletes it; finish(false) keeps it
 * and says where it is, so a failed CI run leaves its server and browser logs behind.
 */
function createRunLog(kind) {
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const dir = path.join(LOGS_DIR, `${stamp}-${kind}-${process.pid}`);
	fs.mkdirSync(dir, { recursive: true });
	const streams = new Map();
	const stream = name => {
		if (!streams.has(name)) {
			streams.set(name, fs.createWriteStream(path.join(dir, name), { flags: 'a' }));
		}
		return streams.get(name);
	};
	return {
		dir,
		stream,
		write(name, text) {
			stream(name).write(text.endsWith('\n') ? text : `${text}\n`);
		},
		async finish(passed) {
			await Promise.all([...streams.values()].map(s => new Promise(resolve => s.end(resolve))));
			if (passed && !process.env.ESSH_E2E_KEEP_LOGS) {
				fs.rmSync(dir, { recursive: true, force: true });
				if (fs.existsSync(LOGS_DIR) && fs.readdirSync(LOGS_DIR).length === 0) {
					fs.rmdirSync(LOGS_DIR);
				}
			} else {
				console.log(`[e2e] logs kept in ${path.relative(process.cwd(), dir) || dir}`);
			}
		},
	};
}

/** Copies the fixture workspace to a fresh temp folder, so tests may edit, create and delete files. */
function copyWorkspace() {
	const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-e2e-ws-'));
	const target = path.join(parent, 'workspace');
	fs.cpSync(FIXTURE_WORKSPACE, target, { recursive: true });
	return {
		dir: target,
		dispose() {
			fs.rmSync(parent, { recursive: true, force: true });
		},
	};
}

/** Sends a signal to a whole process group; false when the group is already gone. */
function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
		return true;
	} catch {
		return false;
	}
}

function groupAlive(pid) {
	return signalGroup(pid, 0);
}

/**
 * Copies the stand-in extensions of test/e2e/standins/ (folder name = extension id) into a fresh
 * extensions folder, where the server finds them as installed extensions. The suite uses a
 * stand-in carrying the id `sumneko.lua` to test the LuaLS integration.
 */
function installStandins(extensionsDir) {
	const standins = path.join(E2E_DIR, 'standins');
	for (const id of fs.existsSync(standins) ? fs.readdirSync(standins) : []) {
		const version = JSON.parse(fs.readFileSync(path.join(standins, id, 'package.json'), 'utf8')).version;
		fs.cpSync(path.join(standins, id), path.join(extensionsDir, `${id}-${version}`), { recursive: true });
	}
}

/**
 * Starts VS Code's own server entry (server-main.js) on a free 127.0.0.1 port, in its own process
 * group (detached), so stop() can end it together with the extension host and the language server.
 * env is merged into the server's environment, which the extension host (and so the tests) inherit.
 */
async function startServer({ log, env = {}, trust = false }) {
	const serverMain = path.join(VSCODE_DIR, 'out', 'server-main.js');
	if (!fs.existsSync(serverMain)) {
		throw new Error(`${serverMain} is missing: run bash test/e2e/setup.sh first`);
	}
	const port = await freePort();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-e2e-server-'));
	installStandins(path.join(dataDir, 'extensions'));
	const args = [
		serverMain,
		'--host', '127.0.0.1',
		'--port', String(port),
		'--without-connection-token',
		'--accept-server-license-terms',
		'--server-data-dir', path.join(dataDir, 'server'),
		'--user-data-dir', path.join(dataDir, 'user'),
		'--extensions-dir', path.join(dataDir, 'extensions'),
		'--disable-telemetry',
		'--enable-smoke-test-driver',
	];
	if (!trust) {
		args.push('--disable-workspace-trust');
	}
	const childEnv = { ...process.env, VSCODE_AGENT_FOLDER: path.join(dataDir, 'server'), ...env };
	delete childEnv.VSCODE_IPC_HOOK_CLI;
	const child = childProcess.spawn(process.execPath, args, {
		cwd: REPO_ROOT,
		env: childEnv,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	child.stdout.pipe(log.stream('server.log'));
	child.stderr.pipe(log.stream('server.log'));
	const started = Date.now();
	await new Promise((resolve, reject) => {
		let seen = '';
		const timer = setTimeout(() => reject(new Error('the VS Code server did not start within 60 s')), 60_000);
		const onData = chunk => {
			seen += chunk.toString();
			if (/Web UI available at/.test(seen)) {
				clearTimeout(timer);
				child.off('exit', onExit);
				resolve();
			}
		};
		const onExit = code => {
			clearTimeout(timer);
			reject(new Error(`the VS Code server exited with ${code} before it was ready:\n${seen}`));
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('exit', onExit);
	});
	const authority = `127.0.0.1:${port}`;
	return {
		pid: child.pid,
		port,
		authority,
		url: `http://${authority}/`,
		startMs: Date.now() - started,
		/** A vscode-remote URI for a path on this machine, the form the workbench payload wants. */
		remoteUri(fsPath) {
			const encoded = path.resolve(fsPath).split(path.sep).map(encodeURIComponent).join('/');
			return `vscode-remote://${authority}${encoded}`;
		},
		async stop() {
			if (signalGroup(child.pid, 'SIGTERM')) {
				for (let waited = 0; waited < 3000 && groupAlive(child.pid); waited += 100) {
					await sleep(100);
				}
				signalGroup(child.pid, 'SIGKILL');
			}
			fs.rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/**
 * The workbench URL: open `folder`, load the extension under development and, when testsPath is
 * given, run its test index in the extension host (the payload the VS Code repo's own browser
 * integration tests use).
 */
function workbenchUrl(server, { folder, extensionPath, testsPath }) {
	const payload = [['extensionDevelopmentPath', server.remoteUri(extensionPath)]];
	if (testsPath) {
		payload.push(['extensionTestsPath', server.remoteUri(testsPath)]);
	}
	payload.push(['skipWelcome', 'true']);
	const query = new URLSearchParams({ folder: path.resolve(folder), payload: JSON.stringify(payload) });
	return `${server.url}?${query.toString()}`;
}

/** Headless Chromium with a fresh profile folder, removed again by close(). */
async function launchBrowser({ viewport = { width: 1440, height: 900 } } = {}) {
	const { chromium } = requireRunnerPackage('playwright-core');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'essh-e2e-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: chromiumFlags(),
		viewport,
	});
	const page = context.pages()[0] || await context.newPage();
	return {
		context,
		page,
		async close() {
			try {
				await context.close();
			} finally {
				fs.rmSync(profile, { recursive: true, force: true });
			}
		},
	};
}

/** Rejects after ms with a message; clear() disarms it. */
function deadline(ms, what) {
	let timer;
	const promise = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
	});
	return { promise, clear: () => clearTimeout(timer) };
}

/** After a failure: a screenshot of the page, when a browser was started (best effort). */
async function screenshotFailure(browser, log, fileName) {
	if (browser) {
		await browser.page.screenshot({ path: path.join(log.dir, fileName) }).catch(() => undefined);
	}
}

/** The end of every run, passed or not: the browser closed, the server stopped, the workspace copy removed, the log finished. */
async function tearDown({ browser, server, workspace, log, passed }) {
	if (browser) {
		await browser.close().catch(() => undefined);
	}
	if (server) {
		await server.stop();
	}
	workspace.dispose();
	await log.finish(passed);
}

/**
 * One UI check in a real workbench, start to end: a fresh copy of the workspace (`prepare` may edit
 * it), the VS Code server, the browser on the workbench, `check(page)` within `timeoutMs`, a
 * screenshot on failure, then `tearDown`. Logs `[tag] PASS|FAIL`; resolves true when it passed.
 */
async function runPageCheck({ tag, logName, what, timeoutMs, check, env = {}, prepare = () => undefined }) {
	const log = createRunLog(logName);
	const workspace = copyWorkspace();
	prepare(workspace.dir);
	let server;
	let browser;
	let passed = false;
	const started = Date.now();
	try {
		server = await startServer({ log, env });
		browser = await launchBrowser();
		const { page } = browser;
		page.on('console', message => log.write('browser-console.log', `[${message.type()}] ${message.text()}`));
		page.on('pageerror', error => log.write('browser-console.log', `[pageerror] ${error.stack || error}`));
		await page.goto(workbenchUrl(server, { folder: workspace.dir, extensionPath: REPO_ROOT }));
		const limit = deadline(timeoutMs, what);
		try {
			await Promise.race([check(page), limit.promise]);
		} finally {
			limit.clear();
		}
		passed = true;
	} catch (error) {
		console.error(`[${tag}] FAILED: ${error && error.stack || error}`);
		await screenshotFailure(browser, log, 'ui-failure.png');
	} finally {
		await tearDown({ browser, server, workspace, log, passed });
	}
	console.log(`[${tag}] ${passed ? 'PASS' : 'FAIL'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	return passed;
}

module.exports = {
	E2E_DIR,
	REPO_ROOT,
	LOGS_DIR,
	copyWorkspace,
	createRunLog,
	deadline,
	launchBrowser,
	runPageCheck,
	screenshotFailure,
	sleep,
	startServer,
	tearDown,
	workbenchUrl,
};
