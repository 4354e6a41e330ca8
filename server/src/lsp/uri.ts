/**
 * URIs ↔ FileIds without Node (the server runs in a browser Worker too): a FileId is the decoded
 * path of a hierarchical URI (`file:`, `vscode-remote:`, `vscode-vfs:`, `memfs:`, …), an absolute
 * POSIX path; `file:` URIs follow VS Code's own `fsPath` rules (drive letters, UNC authorities).
 * The URI of a FileId is built under the workspace folder that holds it, so it keeps that folder's
 * scheme and authority. Pure functions, used by fromLsp.ts, toLsp.ts and state.ts.
 */

/** The parts of a URI (RFC 3986); the path is still percent-encoded. */
export interface UriParts {
	scheme: string;
	authority: string;
	path: string;
	query: string;
	fragment: string;
}

const URI_PATTERN = /^([a-zA-Z][a-zA-Z0-9+.-]*):(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;

/** Splits a URI into its parts; undefined when it has no scheme. */
export function parseUri(uri: string): UriParts | undefined {
	const match = typeof uri === 'string' ? URI_PATTERN.exec(uri) : null;
	if (!match) {
		return undefined;
	}
	return { scheme: match[1].toLowerCase(), authority: match[2] ?? '', path: match[3], query: match[4] ?? '', fragment: match[5] ?? '' };
}

function decode(text: string): string | undefined {
	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

/**
 * The FileId of a URI: the decoded path of a hierarchical URI, or undefined for URIs that do not name a
 * file in a folder tree (no path, a relative path, a query such as `git:` diffs carry, or bad escapes).
 * `file:///c%3A/x` is `c:/x` and `file://server/share/x` is `//server/share/x`, as VS Code's `fsPath`.
 */
export function fileOfUri(uri: string): string | undefined {
	const parts = parseUri(uri);
	if (!parts || parts.query !== '' || parts.fragment !== '') {
		return undefined;
	}
	const path = decode(parts.path);
	if (path === undefined || path.includes('\0')) {
		return undefined;
	}
	if (parts.scheme !== 'file') {
		return path.startsWith('/') ? path : path === '' && parts.authority !== '' ? '/' : undefined;
	}
	if (parts.authority !== '' && parts.authority.toLowerCase() !== 'localhost') {
		const authority = decode(parts.authority);
		return authority === undefined ? undefined : `//${authority}${path.startsWith('/') ? path : `/${path}`}`;
	}
	if (/^\/[a-zA-Z]:(\/|$)/.test(path)) {
		return path.slice(1);
	}
	return path.startsWith('/') ? path : undefined;
}

/**
 * Percent-encodes a path. `node` (for `file:` URIs) as Node 20's `pathToFileURL` does: controls,
 * space, `"#%<>?[\]^`{|}~` and every non-ASCII character (as UTF-8). `vscode` (for
 * other schemes) as VS Code's `Uri.toString()` does: everything but `/` and the unreserved characters.
 */
export function encodePath(path: string, style: 'node' | 'vscode' = 'node'): string {
	let result = '';
	for (const char of path) {
		const code = char.codePointAt(0) ?? 0;
		const encode = style === 'vscode'
			? !/^[A-Za-z0-9\-._~/]$/.test(char)
			: code <= 0x20 || code >= 0x7f || '"#%<>?[\\]^`{|}~'.includes(char);
		if (encode) {
			result += encodeURIComponent(char);
		} else {
			result += char;
		}
	}
	return result;
}

/** The `file:` URI of a FileId (Node's spelling on POSIX; drive letters and UNC paths as VS Code reads them). */
export function fileUriOf(file: string): string {
	if (file.startsWith('//')) {
		const slash = file.indexOf('/', 2);
		const authority = slash < 0 ? file.slice(2) : file.slice(2, slash);
		return `file://${authority}${encodePath(slash < 0 ? '/' : file.slice(slash))}`;
	}
	if (/^[a-zA-Z]:/.test(file)) {
		return `file:///${encodePath(file)}`;
	}
	return `file://${encodePath(file)}`;
}

/**
 * `relative` (a POSIX path, '' for the base itself) under `baseUri`, keeping the base's scheme and
 * authority; spelled as VS Code spells such URIs.
 */
export function joinUri(baseUri: string, relative: string): string {
	if (relative === '') {
		return baseUri;
	}
	return `${baseUri}${baseUri.endsWith('/') ? '' : '/'}${encodePath(relative, 'vscode')}`;
}

/** `scheme://authority` of a URI (scheme in lower case), which tells which file system it belongs to. */
export function uriRoot(uri: string): string | undefined {
	const parts = parseUri(uri);
	return parts ? `${parts.scheme}://${parts.authority}` : undefined;
}

/** The path of `file` relative to `folder` ('' for the folder itself), or undefined when it is not under it. Folder `/` is the root. */
export function relativeToFolder(folder: string, file: string): string | undefined {
	if (file === folder) {
		return '';
	}
	const prefix = folder.endsWith('/') ? folder : `${folder}/`;
	return file.startsWith(prefix) ? file.slice(prefix.length) : undefined;
}
