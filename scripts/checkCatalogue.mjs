// Generates server/src/cli/checkCatalogue.ts (every check code with its default severity, a
// one-line summary and its section of docs/diagnostics.md, for SARIF rules and --severity) from the
// tables of docs/diagnostics.md, so the document stays the one place a check is described.
// `node scripts/checkCatalogue.mjs` writes the file; test/tidy/checkCatalogue.test.ts checks it is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CATALOGUE_PATH = join(root, 'server', 'src', 'cli', 'checkCatalogue.ts');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading) {
	return heading.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
}

/** Markdown of a table cell as plain text. */
function plain(cell) {
	return cell.replace(/`/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\s+/g, ' ').trim();
}

/** The checks of the "Implemented checks" tables, in document order. */
export function readChecks(markdown) {
	const start = markdown.indexOf('## Implemented checks');
	const end = markdown.indexOf('\n## ', start + 1);
	const section = markdown.slice(start, end < 0 ? undefined : end);
	const checks = [];
	let anchor = 'implemented-checks';
	for (const line of section.split('\n')) {
		const heading = line.match(/^### (.+)$/);
		if (heading) {
			anchor = anchorOf(heading[1]);
			continue;
		}
		const row = line.match(/^\|\s*`([a-z0-9-]+)`\s*\|([^|]*)\|([^|]*)\|/);
		if (!row) {
			continue;
		}
		const level = row[2].trim().split(/\s+/)[0].toLowerCase();
		if (!['error', 'warning', 'information', 'hint'].includes(level)) {
			throw new Error(`docs/diagnostics.md: ${row[1]} has no severity (got "${row[2].trim()}")`);
		}
		checks.push({ code: row[1], level, summary: plain(row[3]), anchor });
	}
	return checks;
}

/** The TypeScript source of the catalogue. */
export function renderCatalogue(checks) {
	const lines = [
		'/**',
		' * Every check code with its default severity, a one-line summary and the anchor of its section in',
		' * docs/diagnostics.md (SARIF rules, `--severity` validation). Generated from docs/diagnostics.md by',
		' * scripts/checkCatalogue.mjs: edit the document and run `node scripts/checkCatalogue.mjs`.',
		' */',
		'',
		'export interface CheckInfo {',
		'\tcode: string;',
		'\tlevel: \'error\' | \'warning\' | \'information\' | \'hint\';',
		'\tsummary: string;',
		'\t/** The heading anchor in docs/diagnostics.md of the table listing the check. */',
		'\tanchor: string;',
		'}',
		'',
		'export const CHECKS: readonly CheckInfo[] = [',
		...checks.map(check => `\t{ code: ${quote(check.code)}, level: ${quote(check.level)}, summary: ${quote(check.summary)}, anchor: ${quote(check.anchor)} },`),
		'];',
		'',
	];
	return lines.join('\n');
}

function quote(text) {
	return `'${text.replace(/\\/g, '\\\\').replace(/'/g, '\\\'')}'`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const checks = readChecks(readFileSync(join(root, 'docs', 'diagnostics.md'), 'utf8'));
	writeFileSync(CATALOGUE_PATH, renderCatalogue(checks));
	process.stdout.write(`${CATALOGUE_PATH}: ${checks.length} checks\n`);
}
