/**
 * A small, fast, seedable pseudo-random generator (mulberry32) shared by the randomised tests
 * (syntax, fuzzing, incremental equivalence), so a failure can be replayed from its seed.
 */

/** Returns a generator of floats in [0, 1) determined by `seed`. */
export function mulberry32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let value = state;
		value = Math.imul(value ^ (value >>> 15), value | 1);
		value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
		return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
	};
}
