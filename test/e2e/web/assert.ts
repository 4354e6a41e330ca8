/**
 * The part of `node:assert/strict` the extension-host suite uses, for the browser test bundle
 * (scripts/build.mjs swaps it in; the web worker extension host has no Node modules): `ok`,
 * `equal`, `notEqual`, `deepEqual` (strict, structural), `match`, `fail` and `rejects`.
 */

export class AssertionError extends Error {
	override name = 'AssertionError';
}

function show(value: unknown): string {
	try {
		return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value, (_key, item: unknown) => (item instanceof Map ? [...item] : item instanceof Set ? [...item] : item)) ?? String(value);
	} catch {
		return String(value);
	}
}

function failWith(message: string | Error | undefined, fallback: string): never {
	if (message instanceof Error) {
		throw message;
	}
	throw new AssertionError(message === undefined ? fallback : `${message}\n${fallback}`);
}

export function ok(value: unknown, message?: string | Error): asserts value {
	if (!value) {
		failWith(message, `expected a truthy value, got ${show(value)}`);
	}
}

export function equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
	if (!Object.is(actual, expected)) {
		failWith(message, `expected ${show(expected)}, got ${show(actual)}`);
	}
}

export function notEqual(actual: unknown, expected: unknown, message?: string | Error): void {
	if (Object.is(actual, expected)) {
		failWith(message, `expected anything but ${show(expected)}`);
	}
}

function deepEquals(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) {
		return true;
	}
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
		return false;
	}
	if (a instanceof Map && b instanceof Map) {
		return a.size === b.size && [...a].every(([key, value]) => b.has(key) && deepEquals(value, b.get(key)));
	}
	if (a instanceof Set && b instanceof Set) {
		return a.size === b.size && [...a].every(value => b.has(value));
	}
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	return keysA.length === keysB.length && keysA.every(key => Object.prototype.hasOwnProperty.call(b, key) && deepEquals((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

export function deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
	if (!deepEquals(actual, expected)) {
		failWith(message, `expected ${show(expected)}, got ${show(actual)}`);
	}
}

export function match(text: string, pattern: RegExp, message?: string | Error): void {
	if (typeof text !== 'string' || !pattern.test(text)) {
		failWith(message, `expected ${show(text)} to match ${pattern}`);
	}
}

export function fail(message?: string | Error): never {
	return failWith(message, 'failed');
}

export async function rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: RegExp | ((error: unknown) => boolean), message?: string | Error): Promise<void> {
	try {
		await (typeof promise === 'function' ? promise() : promise);
	} catch (error) {
		if (expected instanceof RegExp) {
			match(error instanceof Error ? error.message : String(error), expected, message);
		} else if (typeof expected === 'function') {
			ok(expected(error), message ?? `the rejection ${show(error instanceof Error ? error.message : error)} is not the expected one`);
		}
		return;
	}
	failWith(message, 'expected a rejection');
}
