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

/**
 * Every ESSH release the model knows: the upstream tags of kohkimakimoto/essh (v0.1.0 to v3.4.0;
 * there is no v0.4) and the releases of the maintained sevir/essh fork (v3.5.0 to v3.8.3; there is
 * no v3.5.1-v3.5.3). The version setting accepts exactly these, in full or shortened (`3.4` is
 * 3.4.0, `3` is 3.0.0), so a typo such as `9.9` or `3.9` is refused instead of read as "newest".
 */
export const UPSTREAM_RELEASES: readonly string[] = [
	'0.1.0', '0.2.0', '0.2.1', '0.3.0',
	...Array.from({ length: 83 }, (_, index) => `0.${index + 5}.0`),
	'1.0.0', '2.0.0', '2.1.0', '2.2.0', '2.3.0', '2.4.0', '2.5.0', '3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0',
];

/** The sevir/essh fork's releases (a new Lua interpreter, more bundled libraries, the other project-file preference). */
export const FORK_RELEASES: readonly string[] = ['3.5.0', '3.5.4', '3.6.0', '3.6.1', '3.6.2', '3.7.0', '3.7.1', '3.7.2', '3.8.0', '3.8.1', '3.8.2', '3.8.3'];

const knownReleases = new Set([...UPSTREAM_RELEASES, ...FORK_RELEASES]);

/** True for a version of the sevir/essh fork (3.5.0 and later): gopher-lua 1.1, its libraries and discovery order. */
export function isForkVersion(version: EsshVersion): boolean {
	return versionAtLeast(version, '3.5');
}

/** The Lua dialect of a version's interpreter (the fork moved to gopher-lua v1.1.1). */
export function luaDialectOf(version: EsshVersion): 'gopher-2018' | 'gopher-1.1' {
	return isForkVersion(version) ? 'gopher-1.1' : 'gopher-2018';
}

/**
 * Reads a version setting and accepts it only when it names a known release (`UPSTREAM_RELEASES`,
 * `FORK_RELEASES`); undefined otherwise. Use `describeSupportedVersions` in the refusal.
 */
export function parseSupportedVersion(text: string): EsshVersion | undefined {
	const version = parseVersion(text);
	return version && knownReleases.has(formatVersion(version)) ? version : undefined;
}

/** The accepted versions as one line, runs of consecutive minor releases shortened (`0.5-0.87`). */
export function describeSupportedVersions(): string {
	const runs = (releases: readonly string[]): string => {
		const parts: string[] = [];
		let runStart: EsshVersion | undefined;
		let previous: EsshVersion | undefined;
		const flush = (): void => {
			if (runStart && previous) {
				const short = (version: EsshVersion): string => (version.patch === 0 ? `${version.major}.${version.minor}` : formatVersion(version));
				parts.push(compareVersions(runStart, previous) === 0 ? short(runStart) : `${short(runStart)}-${short(previous)}`);
			}
		};
		for (const text of releases) {
			const version = parseVersion(text)!;
			const consecutive = previous && version.patch === 0 && previous.patch === 0 && version.major === previous.major && version.minor === previous.minor + 1;
			if (!consecutive) {
				flush();
				runStart = version;
			}
			previous = version;
		}
		flush();
		return parts.join(', ');
	};
	return `${runs(UPSTREAM_RELEASES)} (upstream ESSH); ${FORK_RELEASES.join(', ')} (the sevir/essh fork)`;
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
 * names are public as `ns:task`, and namespace hosts are invisible globally (essh-semantics.md, Namespaces).
 */
export function isNamespaceEra(version: EsshVersion): boolean {
	return inVersionRange(version, { from: '0.85', to: '2.2' });
}
