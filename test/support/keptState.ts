/**
 * Warm against cold (docs/architecture.md, "Kept state"): a workspace restored from a cache folder
 * must answer exactly what a new workspace holding the same texts computes. `warmEqualsCold` keeps
 * the state of a cold workspace in a folder (unless told not to), starts a warm one from it and
 * compares every file's diagnostics first (answered from the kept records, before any registry is
 * built), then everything `renderAnalysis` shows (which builds the restored sets' registries).
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, Workspace, type AnalysisConfig, type WorkspaceCounters } from '../../server/src/core/analysis';
import { StateCache } from '../../server/src/cache/store';
import { renderAnalysis } from './incremental';

export function workspaceOf(texts: Map<string, string>): Workspace {
	const workspace = new Workspace();
	for (const [file, text] of texts) {
		workspace.setFile(file, text);
	}
	return workspace;
}

/** Every file's diagnostics, one line each, in file order. */
export function renderDiagnostics(workspace: Workspace, config: AnalysisConfig): string {
	const analysis = workspace.analysis(config);
	return workspace.fileIds().sort().map(file => `${file}: ${JSON.stringify(analysis.diagnostics(file))}`).join('\n');
}

/** Keeps the state of a cold workspace over these texts in `directory`. */
export function keepState(texts: Map<string, string>, directory: string, config: AnalysisConfig = DEFAULT_CONFIG, options: { build?: string; maxBytes?: number; log?: string[] } = {}): StateCache {
	const cold = workspaceOf(texts);
	const cache = new StateCache({ directory, log: message => options.log?.push(message), build: options.build, maxBytes: options.maxBytes });
	cache.saveSync(cold, cold.analysis(config));
	return cache;
}

export interface WarmResult {
	counters: WorkspaceCounters;
	log: string[];
	warm: Workspace;
	cache: StateCache;
}

function firstDifference(context: string, what: string, warm: string, cold: string): void {
	if (warm === cold) {
		return;
	}
	const left = warm.split('\n');
	const right = cold.split('\n');
	const index = left.findIndex((line, position) => line !== right[position]);
	assert.fail(`${context}: warm ${what} differ from cold at line ${index + 1}:\n  warm: ${left[index]}\n  cold: ${right[index]}`);
}

/** Starts a warm workspace over `texts` from `directory` and asserts it answers as a cold one does. */
export function warmEqualsCold(texts: Map<string, string>, directory: string, context: string, config: AnalysisConfig = DEFAULT_CONFIG, build?: string): WarmResult {
	const cold = workspaceOf(texts);
	const log: string[] = [];
	const cache = new StateCache({ directory, log: message => log.push(message), build });
	const warm = new Workspace();
	warm.restoreFrom(cache.source());
	for (const [file, text] of texts) {
		warm.setFile(file, text);
	}
	firstDifference(context, 'diagnostics', renderDiagnostics(warm, config), renderDiagnostics(cold, config));
	const counters = { ...warm.counters };
	const files = [...texts.keys()];
	firstDifference(context, 'analyses', renderAnalysis(warm.analysis(config), files), renderAnalysis(cold.analysis(config), files));
	return { counters, log, warm, cache };
}
