/**
 * The settings decisions of the LuaLS integration (client layer, pure: no `vscode` import, tested
 * under Node). Given what a settings scope holds now, each function says what to write, or
 * `unchanged` when nothing must be written, so settings are only touched when they must change.
 * Only our own entries are ever added or removed; whatever else the user has stays as it is, in
 * its order, including entries that point at folders missing on this machine (Settings Sync may
 * carry them from another one).
 */

/** What to do with one setting: leave it, write a new value, or remove the key (`undefined`). */
export type SettingUpdate = { kind: 'unchanged' } | { kind: 'write'; value: string[] | undefined };

const unchanged: SettingUpdate = { kind: 'unchanged' };

/** The string entries of a setting that should be a list of paths; anything else counts as empty. */
export function pathList(value: unknown): string[] {
	return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === 'string') : [];
}

/** Compares paths the way the file system will: case-insensitively on Windows and macOS, ignoring a trailing separator. */
export function samePath(a: string, b: string, caseInsensitive: boolean): boolean {
	const normalize = (text: string) => {
		const trimmed = text.replace(/[\\/]+$/, '');
		return caseInsensitive ? trimmed.toLowerCase() : trimmed;
	};
	return normalize(a) === normalize(b);
}

/**
 * Adds `entry` to a list setting's current value unless it is there already. A value that is not
 * a list is left alone (the user wrote something we do not understand; we never overwrite it).
 */
export function addEntry(current: unknown, entry: string, caseInsensitive: boolean): SettingUpdate {
	if (current !== undefined && !Array.isArray(current)) {
		return unchanged;
	}
	const list = (current ?? []) as unknown[];
	if (list.some(item => typeof item === 'string' && samePath(item, entry, caseInsensitive))) {
		return unchanged;
	}
	return { kind: 'write', value: [...list as string[], entry] };
}

/**
 * Removes every copy of `entry` from a list setting. When nothing else remains, the key itself is
 * removed, so a settings file we added the key to ends up as it was before.
 */
export function removeEntry(current: unknown, entry: string, caseInsensitive: boolean): SettingUpdate {
	if (!Array.isArray(current)) {
		return unchanged;
	}
	const kept = (current as unknown[]).filter(item => !(typeof item === 'string' && samePath(item, entry, caseInsensitive)));
	if (kept.length === current.length) {
		return unchanged;
	}
	return { kind: 'write', value: kept.length > 0 ? kept as string[] : undefined };
}

/**
 * True when LuaLS will never offer our addon in a folder by itself: the user turned
 * `Lua.workspace.checkThirdParty` off (`false`, or `"Disable"` since LuaLS 3.7.1).
 */
export function thirdPartyCheckDisabled(checkThirdParty: unknown): boolean {
	return checkThirdParty === false || (typeof checkThirdParty === 'string' && checkThirdParty.toLowerCase() === 'disable');
}

/**
 * Whether to offer applying our library to a folder: LuaLS's own detection is off there, the
 * folder's effective `Lua.workspace.library` lacks our library, and the folder was not asked before.
 */
export function shouldOfferLibrary(options: {
	checkThirdParty: unknown;
	library: unknown;
	libraryPath: string;
	askedBefore: boolean;
	caseInsensitive: boolean;
}): boolean {
	if (options.askedBefore || !thirdPartyCheckDisabled(options.checkThirdParty)) {
		return false;
	}
	return !pathList(options.library).some(entry => samePath(entry, options.libraryPath, options.caseInsensitive));
}

/** The values of `essh.luals.integration`; anything else counts as `auto`. */
export type IntegrationMode = 'auto' | 'off';

export function integrationMode(value: unknown): IntegrationMode {
	return value === 'off' ? 'off' : 'auto';
}

/** One file of the addon: its path relative to the addon folder, and its text. */
export interface AddonFileText {
	path: string;
	text: string;
}

/**
 * What a copy of the addon must do so that the installed folder equals the bundled one: the files
 * to write (new or changed) and the files to delete (no longer shipped). Files already equal are
 * not rewritten, so an unchanged update leaves LuaLS's file watcher quiet.
 */
export function planAddonCopy(bundled: readonly AddonFileText[], installed: readonly AddonFileText[]): { write: AddonFileText[]; remove: string[] } {
	const installedByPath = new Map(installed.map(file => [file.path, file.text]));
	const bundledPaths = new Set(bundled.map(file => file.path));
	return {
		write: bundled.filter(file => installedByPath.get(file.path) !== file.text),
		remove: installed.filter(file => !bundledPaths.has(file.path)).map(file => file.path),
	};
}
