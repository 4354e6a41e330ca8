/**
 * The part of Node's `path` that micromatch's picomatch uses, for the browser bundles (scripts/build.mjs
 * aliases `path` to this file): POSIX separators and `basename`.
 */
export const sep = '/';

export function basename(path: string, extension?: string): string {
	const trimmed = path.replace(/\/+$/, '');
	const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
	return extension !== undefined && base.endsWith(extension) && base !== extension ? base.slice(0, -extension.length) : base;
}

export default { sep, basename };
