/**
 * Tests of the pure crash policy (client layer): a crash restarts the server, the first crash of
 * a burst is announced and the others of the burst are not, a crash after a quiet gap is
 * announced again, too many crashes in the window stop the restarts with one message, and a
 * manual restart (`reset`) starts afresh.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CrashPolicy, giveUpNotice, RESTART_NOTICE, type CrashPolicyOptions } from '../../client/src/crashPolicy';

const options: CrashPolicyOptions = { maxRestarts: 5, windowMs: 180_000, burstGapMs: 180_000 };
const second = 1000;

describe('CrashPolicy', () => {
	test('restarts on every crash of a burst and announces only the first', () => {
		const policy = new CrashPolicy(options);
		assert.deepEqual(policy.closed(0), { restart: true, notice: RESTART_NOTICE });
		assert.deepEqual(policy.closed(10 * second), { restart: true, notice: undefined });
		assert.deepEqual(policy.closed(20 * second), { restart: true, notice: undefined });
	});

	test('announces again after a quiet gap', () => {
		const policy = new CrashPolicy(options);
		policy.closed(0);
		assert.equal(policy.closed(options.burstGapMs - 1).notice, undefined);
		assert.deepEqual(policy.closed(2 * options.burstGapMs), { restart: true, notice: RESTART_NOTICE });
	});

	test('gives up after more than maxRestarts crashes in the window, with one message', () => {
		const policy = new CrashPolicy(options);
		const decisions = Array.from({ length: 7 }, (_, index) => policy.closed(index * second));
		assert.deepEqual(decisions.map(decision => decision.restart), [true, true, true, true, true, false, false]);
		assert.deepEqual(decisions.map(decision => decision.notice), [RESTART_NOTICE, undefined, undefined, undefined, undefined, giveUpNotice(options), undefined]);
		assert.match(giveUpNotice(options), /crashed 6 times in 3 minutes .*ESSH: Restart Server/);
	});

	test('crashes spread wider than the window never give up', () => {
		const policy = new CrashPolicy(options);
		for (let index = 0; index < 20; index++) {
			assert.equal(policy.closed(index * 60 * second).restart, true, `crash ${index}`);
		}
	});

	test('reset (a manual restart) forgets the crashes and announces the next one', () => {
		const policy = new CrashPolicy(options);
		for (let index = 0; index < 6; index++) {
			policy.closed(index * second);
		}
		policy.reset();
		assert.deepEqual(policy.closed(7 * second), { restart: true, notice: RESTART_NOTICE });
	});
});
