/**
 * The machine formats of `essh-registry check` for CI: SARIF 2.1.0 (code scanning in GitHub,
 * GitLab, Azure DevOps) and GitHub Actions workflow commands (`::error file=…::message`). Both
 * take the rows of `--format json` and the check catalogue generated from docs/diagnostics.md.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHECKS } from './checkCatalogue';
import type { DiagnosticJson } from './json';

const SARIF_LEVELS = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

/** The URI base id of paths relative to the checked root. */
const ROOT_BASE_ID = 'ROOT';

/**
 * A SARIF 2.1.0 log with one run: every check as a rule, every diagnostic as a result. Artifact
 * URIs are relative to `root` (through `originalUriBaseIds`), or absolute `file:` URIs for files
 * outside it (the user directory). Regions are 1-based; columns count UTF-16 code units, which the
 * run declares with `columnKind`.
 */
export function toSarif(rows: DiagnosticJson[], options: { root: string; cwd: string; version: string; diagnosticsUrl: string }): object {
	const ruleIndex = new Map(CHECKS.map((check, index) => [check.code, index]));
	const results = rows.map(row => {
		const absolute = path.resolve(options.cwd, row.file);
		const relative = path.relative(options.root, absolute);
		const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
		const artifactLocation = inside
			? { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: ROOT_BASE_ID }
			: { uri: pathToFileURL(absolute).href };
		const result: Record<string, unknown> = {
			ruleId: row.code,
			level: SARIF_LEVELS[row.severity],
			message: { text: row.message },
			locations: [{ physicalLocation: { artifactLocation, region: { startLine: row.line, startColumn: row.column, endLine: row.endLine, endColumn: row.endColumn } } }],
		};
		const index = ruleIndex.get(row.code);
		if (index !== undefined) {
			result.ruleIndex = index;
		}
		return result;
	});
	return {
		$schema: 'https://json.schemastore.org/sarif-2.1.0.json',
		version: '2.1.0',
		runs: [{
			tool: {
				driver: {
					name: 'essh-registry',
					fullName: 'ESSH Config Tools (essh-registry check)',
					version: options.version,
					informationUri: options.diagnosticsUrl,
					rules: CHECKS.map(check => ({
						id: check.code,
						shortDescription: { text: sentence(check.summary) },
						helpUri: `${options.diagnosticsUrl}#${check.anchor}`,
						defaultConfiguration: { level: SARIF_LEVELS[check.level] },
					})),
				},
			},
			originalUriBaseIds: { [ROOT_BASE_ID]: { uri: directoryUri(options.root) } },
			columnKind: 'utf16CodeUnits',
			results,
		}],
	};
}

function sentence(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1) + (text.endsWith('.') ? '' : '.');
}

function directoryUri(directory: string): string {
	const href = pathToFileURL(directory).href;
	return href.endsWith('/') ? href : `${href}/`;
}

/** GitHub's workflow-command escaping of a message (the data after `::`). */
export function escapeWorkflowData(text: string): string {
	return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's workflow-command escaping of a property value (`file=`, `title=`): also `:` and `,`. */
export function escapeWorkflowProperty(text: string): string {
	return escapeWorkflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const WORKFLOW_COMMANDS = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' } as const;

/** One workflow command per diagnostic: `::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=CODE::MESSAGE`. */
export function toGithubAnnotations(rows: DiagnosticJson[]): string {
	return rows.map(row => {
		const properties = [
			`file=${escapeWorkflowProperty(row.file.split(path.sep).join('/'))}`, `line=${row.line}`, `col=${row.column}`, `endLine=${row.endLine}`, `endColumn=${row.endColumn}`,
			`title=${escapeWorkflowProperty(row.code)}`,
		];
		return `::${WORKFLOW_COMMANDS[row.severity]} ${properties.join(',')}::${escapeWorkflowData(row.message)}\n`;
	}).join('');
}
