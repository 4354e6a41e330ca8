/**
 * A spy on every way to start a process or open a connection (child_process spawn/exec/execFile/
 * fork and their Sync forms, net connect/createConnection/Socket.prototype.connect, http and https
 * request/get), for the security tests: install, run the code under test, and assert no call.
 */
import * as assert from 'node:assert/strict';

// The modules themselves (not the import helpers' read-only namespace copies), so the spies replace
// what every caller reaches, compiled `import * as` and named imports alike.
/* eslint-disable @typescript-eslint/no-require-imports */
const childProcess = require('node:child_process') as typeof import('node:child_process');
const http = require('node:http') as typeof import('node:http');
const https = require('node:https') as typeof import('node:https');
const net = require('node:net') as typeof import('node:net');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Records every call to the process, socket and HTTP entry points while installed. */
export class NetworkAndProcessSpy {
	readonly calls: string[] = [];
	private readonly restores: Array<() => void> = [];

	install(): void {
		const targets: Array<[string, Record<string, unknown>, string[]]> = [
			['child_process', childProcess as unknown as Record<string, unknown>, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']],
			['net', net as unknown as Record<string, unknown>, ['connect', 'createConnection']],
			['net.Socket.prototype', net.Socket.prototype as unknown as Record<string, unknown>, ['connect']],
			['http', http as unknown as Record<string, unknown>, ['request', 'get']],
			['https', https as unknown as Record<string, unknown>, ['request', 'get']],
		];
		for (const [moduleName, target, names] of targets) {
			for (const name of names) {
				const original = target[name] as (...args: unknown[]) => unknown;
				const calls = this.calls;
				const spy = function (this: unknown, ...args: unknown[]): unknown {
					calls.push(`${moduleName}.${name}(${args.map(arg => (typeof arg === 'string' ? JSON.stringify(arg) : typeof arg)).join(', ')})`);
					return original.apply(this, args);
				};
				Object.defineProperty(target, name, { value: spy, configurable: true, writable: true });
				this.restores.push(() => Object.defineProperty(target, name, { value: original, configurable: true, writable: true }));
			}
		}
	}

	restore(): void {
		for (const restore of this.restores.splice(0).reverse()) {
			restore();
		}
	}
}

/** Runs `body` with the spies installed and asserts nothing was called. */
export async function withoutProcessesOrSockets(body: () => void | Promise<void>): Promise<void> {
	const spy = new NetworkAndProcessSpy();
	spy.install();
	try {
		await body();
	} finally {
		spy.restore();
	}
	assert.deepEqual(spy.calls, [], 'a process or a connection was started');
}
