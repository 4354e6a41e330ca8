/**
 * The `check*` helpers every core test goes through (see CONTRIBUTING.md, "Tests"): they build a Workspace from a
 * fixture, run one query of the Analysis API, and compare the result with the fixture's annotations
 * or an expected text. Tests never call the core directly, so an API change touches this file only.
 */
import * as assert from 'node:assert/strict';
import { Workspace, type Analysis, type AnalysisConfig, DEFAULT_CONFIG } from '../../server/src/core/analysis';
import type { FileDiag } from '../../server/src/core/diagnostic';
import { LineIndex } from '../../server/src/core/text';
import { parseVersion } from '../../server/src/core/version';
import { parseFixture, type Annotation, type Fixture } from './fixture';

export interface CheckOptions {
	/** ESSH version, e.g. '2.1'; default 3.4. */
	version?: string;
	/** The user directory (a fixture path such as `/home/u/.essh`); user config is off without it. */
	userDirectory?: string;
	severity?: AnalysisConfig['severity'];
}

export function configFor(options: CheckOptions = {}): AnalysisConfig {
	return {
		version: options.version ? parseVersion(options.version)! : DEFAULT_CONFIG.version,
		userDirectory: options.userDirectory,
		severity: options.severity ?? {},
	};
}

/** Loads a fixture into a fresh workspace and returns its analysis. */
export function analyse(source: string | Fixture, options: CheckOptions = {}): { fixture: Fixture; workspace: Workspace; analysis: Analysis } {
	const fixture = typeof source === 'string' ? parseFixture(source) : source;
	const workspace = new Workspace();
	for (const file of fixture.files) {
		workspace.setFile(file.path, file.text);
	}
	return { fixture, workspace, analysis: workspace.analysis(configFor(options)) };
}

const SEVERITY_WORDS = new Set(['error', 'warning', 'information', 'hint']);

/** Renders the diagnostics of a fixture as the annotated fixture text that would expect them. */
function renderAnnotated(fixture: Fixture, diagnostics: Map<string, FileDiag[]>): string {
	const parts: string[] = [];
	for (const file of fixture.files) {
		if (fixture.files.length > 1 || file.path !== '/main.lua') {
			parts.push(`--- ${file.path}`);
		}
		const lines = file.text.replace(/\n$/, '').split('\n').filter(line => !/^\s*--\s*\^+/.test(line));
		const rebuilt = lines.join('\n') + '\n';
		const index = new LineIndex(file.text);
		const rebuiltIndex = new LineIndex(rebuilt);
		void rebuiltIndex;
		const byLine = new Map<number, string[]>();
		for (const diag of diagnostics.get(file.path) ?? []) {
			const start = index.position(diag.range.start);
			const end = index.position(diag.range.end);
			const width = Math.max(1, (start.line === end.line ? end.character : start.character + 1) - start.character);
			const lineText = file.text.split('\n')[start.line];
			const kept = lines.indexOf(lineText);
			const column = Math.max(start.character, 3);
			const annotation = `--${' '.repeat(column - 2)}${'^'.repeat(width)} ${diag.severity} ${diag.code}`;
			const list = byLine.get(kept) ?? [];
			list.push(annotation);
			byLine.set(kept, list);
		}
		lines.forEach((line, lineNumber) => {
			parts.push(line);
			parts.push(...(byLine.get(lineNumber) ?? []));
		});
	}
	return parts.join('\n');
}

/**
 * Every diagnostic must match exactly one `--  ^^^ severity code` annotation (same range) and every
 * such annotation one diagnostic. Annotations whose label does not start with a severity are ignored.
 */
export function checkDiagnostics(source: string, options: CheckOptions = {}): void {
	const { fixture, analysis } = analyse(source, options);
	const expected = fixture.annotations.filter(annotation => SEVERITY_WORDS.has(annotation.label.split(/\s+/)[0]));
	assertDiagnosticsMatch(fixture, analysis, expected);
}

/**
 * The comparison behind `checkDiagnostics`, for callers that choose the expected annotations
 * themselves (test/fixtures keeps only those of one ESSH version). Each expected label is
 * `severity code`. With `ignoreHints`, hints that no annotation expects are allowed.
 */
export function assertDiagnosticsMatch(fixture: Fixture, analysis: Analysis, expected: Annotation[], options: { ignoreHints?: boolean } = {}): void {
	const actual = new Map<string, FileDiag[]>();
	for (const file of fixture.files) {
		actual.set(file.path, analysis.diagnostics(file.path));
	}
	const unmatched = [...expected];
	const extra: FileDiag[] = [];
	for (const [file, diagnostics] of actual) {
		for (const diag of diagnostics) {
			const label = `${diag.severity} ${diag.code}`;
			const matchIndex = unmatched.findIndex(annotation => annotation.path === file && annotation.label === label
				&& annotation.start === diag.range.start && (annotation.end === diag.range.end || (diag.range.end === diag.range.start && annotation.end === annotation.start + 1)));
			if (matchIndex >= 0) {
				unmatched.splice(matchIndex, 1);
			} else if (!(options.ignoreHints && diag.severity === 'hint')) {
				extra.push(diag);
			}
		}
	}
	if (unmatched.length > 0 || extra.length > 0) {
		const describe = (diag: FileDiag): string => `${diag.file}@${diag.range.start}-${diag.range.end} ${diag.severity} ${diag.code}: ${diag.message}`;
		assert.fail([
			'Diagnostics differ from the annotations.',
			...extra.map(diag => `  unexpected: ${describe(diag)}`),
			...unmatched.map(annotation => `  missing: ${annotation.path}@${annotation.start}-${annotation.end} ${annotation.label}`),
			'Actual, as an annotated fixture:',
			renderAnnotated(fixture, actual),
		].join('\n'));
	}
}

/** The diagnostics of every file as `path:line:col severity code` lines (1-based), sorted. */
export function renderDiagnostics(analysis: Analysis, files: string[]): string {
	const lines: string[] = [];
	for (const file of files) {
		const index = analysis.lineIndex(file)!;
		for (const diag of analysis.diagnostics(file)) {
			const position = index.position(diag.range.start);
			lines.push(`${file}:${position.line + 1}:${position.character + 1} ${diag.severity} ${diag.code}`);
		}
	}
	return lines.join('\n');
}
