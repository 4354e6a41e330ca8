/**
 * ESSH release versions for the core layer: parsing the `essh.version` setting (`'3'`, `'3.4'`,
 * `'v2.1'`, `'0.85'`), comparing versions, and the half-open version ranges that the keyword and
 * built-in tables in `keywords.ts` use to say when a name exists. Pure data and helpers, no I/O.
 */

/** A release number. Missing parts of a short setting (`'3'`, `'3.4'`) are zero. */
export interface EsshVersion {
	major: number;
	minor: number;
	patch: number;
}

/**
 * A half-open range of versions: `from` is included and `to` is excluded (absent means "still in
 * v3.4.0, the last release"). Both are version texts as `parseVersion` reads them, so
 * `{ from: '0.85', to: '2.2' }` covers v0.85.0 up to and including every v2.1.x.
 */
export interface VersionRange {
	from: string;
	to?: string;
}

/** The version assumed when the user configures none: v3.4.0, the last ESSH release. */
export const DEFAULT_VERSION: EsshVersion = Object.freeze({ major: 3, minor: 4, patch: 0 });

const versionPattern = /^[vV]?(\d{1,6})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?(?:[-+][0-9A-Za-z.+-]*)?$/;

/**
 * Reads a version text: one to three dot-separated numbers, optionally preceded by `v` and followed
 * by a pre-release or build suffix (`2.0.0-beta.1`), which is ignored. Surrounding whitespace is
 * allowed. Returns undefined for anything else (`''`, `'3.x'`, `'latest'`).
 */
export function parseVersion(text: string): EsshVersion | undefined {
	const match = text.trim().match(versionPattern);
	if (!match) {
		return undefined;
	}
	return {
		major: Number(match[1]),
		minor: match[2] === undefined ? 0 : Number(match[2]),
		patch: match[3] === undefined ? 0 : Number(match[3]),
	};
}

/** Orders two versions: negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareVersions(a: EsshVersion, b: EsshVersion): number {
	return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** Formats a version as `major.minor.patch`, without a `v`. */
export function formatVersion(version: EsshVersion): string {
	return `${version.major}.${version.minor}.${version.patch}`;
}

/**
 * Parses a version text that is part of the program (a table entry, not user input), so a typo
 * there is a bug and throws rather than silently comparing against nothing.
 */
function parseConstant(text: string): EsshVersion {
	let result = constants.get(text);
	if (!result) {
		result = parseVersion(text);
		if (!result) {
			throw new Error(`invalid ESSH version constant '${text}'`);
		}
		constants.set(text, result);
	}
	return result;
}

/** Parsed version constants: the checks compare against the same few texts for every key of every resource. */
const constants = new Map<string, EsshVersion>();

/** True when `version` is `text` or newer, e.g. `versionAtLeast(v, '2.1')` for task `user`. Throws on an unreadable `text`. */
export function versionAtLeast(version: EsshVersion, text: string): boolean {
	return compareVersions(version, parseConstant(text)) >= 0;
}

/** True when `version` lies in `range` (`from` included, `to` excluded). */
export function inVersionRange(version: EsshVersion, range: VersionRange): boolean {
	if (!versionAtLeast(version, range.from)) {
		return false;
	}
	return range.to === undefined || !versionAtLeast(version, range.to);
}

/** True when `version` lies in any of `ranges`; an empty list means "never". */
export function inVersionRanges(version: EsshVersion, ranges: readonly VersionRange[]): boolean {
	return ranges.some(range => inVersionRange(version, range));
}

/**
 * Describes ranges for hovers and messages, e.g. `v0.85.0 to before v2.2.0` or `v2.1.0 and later`.
 * Several ranges are joined with `; `.
 */
export function describeVersionRanges(ranges: readonly VersionRange[]): string {
	return ranges.map(range => {
		const from = `v${formatVersion(parseConstant(range.from))}`;
		return range.to === undefined ? `${from} and later` : `${from} to before v${formatVersion(parseConstant(range.to))}`;
	}).join('; ');
}

/**
 * True for the namespace era, v0.85.0 up to but not including v2.2.0: `namespace` exists, task
 * names are public as `ns:task`, and namespace hosts are invisible globally (reference §3.5).
 */
export function isNamespaceEra(version: EsshVersion): boolean {
	return inVersionRange(version, { from: '0.85', to: '2.2' });
}
