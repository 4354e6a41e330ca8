/**
 * Change propagation (docs/architecture.md): after input changes, and debounced, tells the client what
 * changed. Diagnostics are compared per file with what was last reported; when any changed, pull
 * clients get `workspace/diagnostic/refresh` and push clients get `textDocument/publishDiagnostics`
 * for exactly the changed files. Sets whose registry payload changed are announced with
 * `essh/registryChanged` (and code lenses and inlay hints are refreshed). Everything is computed
 * from one snapshot inside one tick, so nothing stale is ever published.
 */
import { CodeLensRefreshRequest, type Connection } from 'vscode-languageserver';
import type { SetAnalysis } from '../core/analysis';
import type { FileId } from '../core/diagnostic';
import { RegistryChangedNotificationMethod, type RegistryChangedParams } from './ext';
import type { Log } from './handlers';
import type { LineIndex } from '../core/text';
import type { ServerState } from './state';
import * as toLsp from './toLsp';

/** Default debounce of typing before anything is published. */
export const DEFAULT_DEBOUNCE_MS = 150;

/** Debounces and publishes the consequences of input changes. */
export class ChangePropagator {
	/** Bumped whenever a registry payload changes (`RegistryResult.revision`). */
	registryRevision = 0;
	private timer: NodeJS.Timeout | undefined;
	private readonly lastDiagnostics = new Map<FileId, string>();
	/** The set analysis last announced per set id. */
	private readonly lastSets = new Map<string, SetAnalysis>();
	/** The line index each file had at the last publication (positions in the payload come from it). */
	private readonly lastLines = new Map<FileId, LineIndex>();
	private lastConfigKey = '';
	private flushedRevision = -1;

	constructor(
		private readonly connection: Connection,
		private readonly state: ServerState,
		private readonly log: Log,
		private readonly debounceMs: number = DEFAULT_DEBOUNCE_MS,
		/** Called after each publication (the server then saves the kept state once edits settle). */
		private readonly afterPublish: () => void = () => undefined,
	) {}

	/** Schedules a flush after the debounce delay (restarting the delay). */
	schedule(): void {
		if (this.timer !== undefined) {
			clearTimeout(this.timer);
		}
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.flush();
		}, this.debounceMs);
	}

	/** Publishes now (used after the first index and settings changes). */
	flush(): void {
		if (this.timer !== undefined) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		if (!this.state.indexed) {
			return;
		}
		try {
			this.publish();
			this.afterPublish();
		} catch (error) {
			this.log(`[error] publishing diagnostics: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		}
	}

	dispose(): void {
		if (this.timer !== undefined) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
	}

	private publish(): void {
		const state = this.state;
		// A `require` may name a `./M.lua` that no include glob selects: read it before answering.
		state.followModules();
		const revision = state.resultId();
		const analysis = state.analysis();
		const context = state.context(analysis);
		const support = state.support;
		const seen = new Set<FileId>();
		/** Files whose diagnostics (problem counts) or line positions changed: their sets' payloads may have. */
		const touched = new Set<FileId>();
		let diagnosticsChanged = false;
		for (const file of state.workspace.fileIds()) {
			seen.add(file);
			if (this.linesMoved(file, analysis.lineIndex(file))) {
				touched.add(file);
			}
			const diagnostics = analysis.diagnostics(file);
			const fingerprint = JSON.stringify(diagnostics);
			if (this.lastDiagnostics.get(file) === fingerprint) {
				continue;
			}
			this.lastDiagnostics.set(file, fingerprint);
			touched.add(file);
			diagnosticsChanged = true;
			if (!support.pullDiagnostics) {
				const uri = state.uri(file);
				this.connection.sendDiagnostics({ uri, version: state.documents.get(uri)?.version, diagnostics: diagnostics.map(diag => toLsp.diagnostic(context, diag)) }).catch(() => undefined);
			}
		}
		for (const file of [...this.lastLines.keys()]) {
			if (!seen.has(file)) {
				this.lastLines.delete(file);
			}
		}
		for (const file of [...this.lastDiagnostics.keys()]) {
			if (!seen.has(file)) {
				this.lastDiagnostics.delete(file);
				diagnosticsChanged = true;
				if (!support.pullDiagnostics) {
					this.connection.sendDiagnostics({ uri: state.uri(file), diagnostics: [] }).catch(() => undefined);
				}
			}
		}
		if (diagnosticsChanged && support.pullDiagnostics && support.diagnosticRefresh) {
			this.connection.languages.diagnostics.refresh().catch(error => this.log(`[warn] workspace/diagnostic/refresh failed: ${String(error)}`));
		}
		const changedSets = this.changedSets(analysis.allSets(), touched);
		if (changedSets.length > 0) {
			this.registryRevision++;
			const params: RegistryChangedParams = { revision: this.registryRevision, sets: changedSets.map(id => state.uri(id)) };
			// A closed connection (client gone, or disposed) rejects: that must not become an unhandled rejection.
			this.connection.sendNotification(RegistryChangedNotificationMethod, params).catch(() => undefined);
			if (support.codeLensRefresh && state.settings.codeLensEnabled) {
				this.connection.sendRequest(CodeLensRefreshRequest.type).catch((error: unknown) => this.log(`[warn] workspace/codeLens/refresh failed: ${String(error)}`));
			}
			if (support.inlayHintRefresh && state.settings.inlayHintsEnabled) {
				this.connection.languages.inlayHint.refresh().catch(error => this.log(`[warn] workspace/inlayHint/refresh failed: ${String(error)}`));
			}
		}
		this.flushedRevision = Number(revision.split('.')[0]);
	}

	/** The revision of the last publication (for tests and logs). */
	get lastPublishedRevision(): number {
		return this.flushedRevision;
	}

	/**
	 * True when a file's text changed such that a position the payload shows may differ: the line
	 * starts up to the shorter text's end differ. Offsets are compared by the set analyses themselves.
	 */
	private linesMoved(file: FileId, lines: LineIndex | undefined): boolean {
		const last = this.lastLines.get(file);
		if (lines) {
			this.lastLines.set(file, lines);
		} else {
			this.lastLines.delete(file);
		}
		if (last === lines || !last || !lines) {
			return last !== lines && last !== undefined;
		}
		const end = Math.min(last.text.length, lines.text.length);
		const before = last.lineStarts;
		const after = lines.lineStarts;
		for (let index = 0; ; index++) {
			const left = index < before.length && before[index] <= end ? before[index] : undefined;
			const right = index < after.length && after[index] <= end ? after[index] : undefined;
			if (left !== right) {
				return true;
			}
			if (left === undefined) {
				return false;
			}
		}
	}

	/**
	 * Ids of the sets whose registry payload may differ from the last announced one (added and removed
	 * sets included), without building any payload: a set changed when its analysis is a new object
	 * (the workspace reuses it while its files' symbols are unchanged), when the configuration changed,
	 * or when one of its files has new diagnostics (problem counts) or moved lines (locations).
	 */
	private changedSets(sets: SetAnalysis[], touched: Set<FileId>): string[] {
		const configKey = JSON.stringify(this.state.config());
		const configChanged = configKey !== this.lastConfigKey;
		this.lastConfigKey = configKey;
		const result: string[] = [];
		const present = new Set<string>();
		for (const set of sets) {
			const id = set.definition.id;
			present.add(id);
			const last = this.lastSets.get(id);
			this.lastSets.set(id, set);
			if (last !== set || configChanged || (touched.size > 0 && (set.loadedFiles.some(file => touched.has(file)) || set.definition.files.some(entry => touched.has(entry.file))))) {
				result.push(id);
			}
		}
		for (const id of [...this.lastSets.keys()]) {
			if (!present.has(id)) {
				this.lastSets.delete(id);
				result.push(id);
			}
		}
		return result;
	}
}
