/**
 * The server's settings (`essh.*`, documented in the README): their defaults, a tolerant parser for whatever
 * the client sends (a missing or malformed value falls back to its default, never throws), and the
 * core `AnalysisConfig` derived from them. Settings are read by pull (`workspace/configuration`)
 * when the client supports it, and handed to core calls as an argument, never stored in the core.
 */
import type { AnalysisConfig } from '../core/analysis';
import type { Severity, SeverityOverrides } from '../core/diagnostic';
import { DEFAULT_VERSION, describeSupportedVersions, parseSupportedVersion, type EsshVersion } from '../core/version';
import { DEFAULT_EXCLUDE, DEFAULT_INCLUDE, DEFAULT_MAX_FILE_SIZE, resolveUserDirectory, type ServerHost } from '../host';

/** The parsed `essh` settings section. */
export interface ServerSettings {
	include: string[];
	exclude: string[];
	/** Bytes; larger files are skipped with a warning. */
	maxSize: number;
	userConfigEnabled: boolean;
	/** As configured (may start with `~`). */
	userDirectory: string;
	version: EsshVersion;
	severity: SeverityOverrides;
	codeLensEnabled: boolean;
	inlayHintsEnabled: boolean;
	/** `essh.cache.maxSizeMB`: the size limit of the kept state, in megabytes. */
	cacheMaxSizeMB: number;
	/** Why `essh.version` was not used (it names no known release), for a warning; undefined when it was. */
	versionProblem?: string;
}

export const DEFAULT_SETTINGS: ServerSettings = {
	include: DEFAULT_INCLUDE,
	exclude: DEFAULT_EXCLUDE,
	maxSize: DEFAULT_MAX_FILE_SIZE,
	userConfigEnabled: true,
	userDirectory: '~/.essh',
	version: DEFAULT_VERSION,
	severity: {},
	codeLensEnabled: true,
	inlayHintsEnabled: false,
	cacheMaxSizeMB: 256,
};

const LEVELS: ReadonlyArray<Severity | 'off'> = ['error', 'warning', 'information', 'hint', 'off'];

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringList(value: unknown, fallback: string[]): string[] {
	if (!Array.isArray(value)) {
		return fallback;
	}
	const result = value.filter((item): item is string => typeof item === 'string' && item !== '');
	return result.length > 0 || value.length === 0 ? result : fallback;
}

function boolean(value: unknown, fallback: boolean): boolean {
	return typeof value === 'boolean' ? value : fallback;
}

/** Reads a nested key (`files.include`) or its dotted flat form (`files.include` as one key). */
function pick(section: Record<string, unknown>, dotted: string): unknown {
	if (dotted in section) {
		return section[dotted];
	}
	let current: unknown = section;
	for (const part of dotted.split('.')) {
		if (!isRecord(current)) {
			return undefined;
		}
		current = current[part];
	}
	return current;
}

/** Parses the `essh` section the client sent; anything missing or malformed takes its default. */
export function parseSettings(raw: unknown): ServerSettings {
	const section = isRecord(raw) ? raw : {};
	const severity: SeverityOverrides = {};
	const rawSeverity = pick(section, 'diagnostics.severity');
	if (isRecord(rawSeverity)) {
		for (const [code, level] of Object.entries(rawSeverity)) {
			if (typeof level === 'string' && (LEVELS as string[]).includes(level)) {
				severity[code] = level as Severity | 'off';
			}
		}
	}
	const rawVersion = pick(section, 'version');
	const versionText = typeof rawVersion === 'string' || typeof rawVersion === 'number' ? String(rawVersion) : undefined;
	const version = versionText === undefined ? undefined : parseSupportedVersion(versionText);
	const versionProblem = versionText !== undefined && version === undefined
		? `essh.version "${versionText}" is not an ESSH release, so ${DEFAULT_VERSION.major}.${DEFAULT_VERSION.minor} is used. Known versions: ${describeSupportedVersions()}.`
		: undefined;
	const maxSize = pick(section, 'files.maxSize');
	const directory = pick(section, 'userConfig.directory');
	const cacheMaxSizeMB = pick(section, 'cache.maxSizeMB');
	return {
		include: stringList(pick(section, 'files.include'), DEFAULT_SETTINGS.include),
		exclude: stringList(pick(section, 'files.exclude'), DEFAULT_SETTINGS.exclude),
		maxSize: typeof maxSize === 'number' && maxSize > 0 ? maxSize : DEFAULT_SETTINGS.maxSize,
		userConfigEnabled: boolean(pick(section, 'userConfig.enabled'), DEFAULT_SETTINGS.userConfigEnabled),
		userDirectory: typeof directory === 'string' && directory.trim() !== '' ? directory.trim() : DEFAULT_SETTINGS.userDirectory,
		version: version ?? DEFAULT_SETTINGS.version,
		...(versionProblem === undefined ? {} : { versionProblem }),
		severity,
		codeLensEnabled: boolean(pick(section, 'codeLens.enabled'), DEFAULT_SETTINGS.codeLensEnabled),
		inlayHintsEnabled: boolean(pick(section, 'inlayHints.enabled'), DEFAULT_SETTINGS.inlayHintsEnabled),
		cacheMaxSizeMB: typeof cacheMaxSizeMB === 'number' && cacheMaxSizeMB >= 0 ? cacheMaxSizeMB : DEFAULT_SETTINGS.cacheMaxSizeMB,
	};
}

/** The absolute user directory when user config is enabled. */
export function userDirectoryOf(settings: ServerSettings, host: ServerHost): string | undefined {
	return settings.userConfigEnabled ? resolveUserDirectory(host, settings.userDirectory) : undefined;
}

/** The core configuration for these settings. */
export function analysisConfig(settings: ServerSettings, host: ServerHost): AnalysisConfig {
	return { version: settings.version, userDirectory: userDirectoryOf(settings, host), severity: settings.severity };
}

/** True when the two settings select different files (a rescan is needed). */
export function fileSelectionChanged(a: ServerSettings, b: ServerSettings, host: ServerHost): boolean {
	return JSON.stringify([a.include, a.exclude, a.maxSize, userDirectoryOf(a, host)]) !== JSON.stringify([b.include, b.exclude, b.maxSize, userDirectoryOf(b, host)]);
}
