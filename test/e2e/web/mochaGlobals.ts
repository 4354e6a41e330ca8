/**
 * `import { suite, test, … } from 'mocha'` in the browser test bundle (scripts/build.mjs swaps it
 * in): mocha's browser build, set up by index.ts before the suite files load, puts the tdd
 * functions on the global object; these forward to them.
 */
type Tdd = Record<'suite' | 'test' | 'suiteSetup' | 'suiteTeardown' | 'setup' | 'teardown', (...args: unknown[]) => unknown>;

const tdd = (): Tdd => globalThis as unknown as Tdd;

export const suite = (...args: unknown[]): unknown => tdd().suite(...args);
export const test = (...args: unknown[]): unknown => tdd().test(...args);
export const suiteSetup = (...args: unknown[]): unknown => tdd().suiteSetup(...args);
export const suiteTeardown = (...args: unknown[]): unknown => tdd().suiteTeardown(...args);
export const setup = (...args: unknown[]): unknown => tdd().setup(...args);
export const teardown = (...args: unknown[]): unknown => tdd().teardown(...args);
