/**
 * The tool's own version and documentation address, read from the package.json next to the code:
 * one level above `dist/` in the bundle and the installed package, further up when the tests run
 * the compiled sources from `out/`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PackageInfo {
	version: string;
	/** docs/diagnostics.md in the repository the package names (for SARIF `helpUri`s). */
	diagnosticsUrl: string;
}

let cached: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
	if (cached) {
		return cached;
	}
	let version = '0.0.0';
	let repository = '';
	for (let directory = __dirname; ; directory = path.dirname(directory)) {
		try {
			const manifest = JSON.parse(fs.readFileSync(path.join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string; repository?: string | { url?: string } };
			if (manifest.name === 'essh-tools') {
				version = manifest.version ?? version;
				repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url ?? '';
				break;
			}
		} catch {
			// No readable package.json here: look further up.
		}
		if (path.dirname(directory) === directory) {
			break;
		}
	}
	const base = repository.replace(/^git\+/, '').replace(/\.git$/, '');
	cached = { version, diagnosticsUrl: base ? `${base}/blob/main/docs/diagnostics.md` : 'docs/diagnostics.md' };
	return cached;
}
