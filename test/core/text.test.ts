/**
 * `LineIndex`: line starts for LF-only texts (found with the engine's search) and for texts with
 * CR and CRLF line ends (the character loop), and the conversions both ways.
 */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { LineIndex } from '../../server/src/core/text';

test('line starts of LF-only texts', () => {
	assert.deepEqual(new LineIndex('').lineStarts, [0]);
	assert.deepEqual(new LineIndex('host "a" {}').lineStarts, [0]);
	assert.deepEqual(new LineIndex('a\nbc\n\nd').lineStarts, [0, 2, 5, 6]);
	assert.deepEqual(new LineIndex('\n\n').lineStarts, [0, 1, 2]);
});

test('line starts of texts with CR and CRLF line ends', () => {
	assert.deepEqual(new LineIndex('a\r\nb\rc\nd').lineStarts, [0, 3, 5, 7]);
	assert.deepEqual(new LineIndex('\r\n\r').lineStarts, [0, 2, 3]);
});

test('offsets and positions convert both ways on every line, past the end clamped', () => {
	for (const text of ['ab\ncd\n\né😀x\n', 'ab\r\ncd\r\rx']) {
		const index = new LineIndex(text);
		for (let offset = 0; offset <= text.length; offset++) {
			assert.equal(index.offset(index.position(offset)), offset, `${JSON.stringify(text)} at ${offset}`);
		}
		assert.deepEqual(index.position(text.length + 5), index.position(text.length));
	}
	assert.deepEqual(new LineIndex('ab\ncd').position(4), { line: 1, character: 1 });
});
