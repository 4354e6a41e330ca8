/**
 * The part of Node's `util` that micromatch and fill-range use, for the browser bundles
 * (scripts/build.mjs aliases `util` to this file): `inspect`, only for the text of their errors.
 */
export function inspect(...values: unknown[]): string {
	return values.map(value => {
		try {
			return typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
		} catch {
			return String(value);
		}
	}).join(' ');
}

export default { inspect };
