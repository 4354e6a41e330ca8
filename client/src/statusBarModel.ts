/**
 * The pure part of the ESSH status bar item (client layer: no `vscode` import, tested under
 * node --test): `IndexingProgress` follows the server's work-done progress (the begin, report and
 * end of `window/workDoneProgress` that the server sends while it indexes the workspace), and
 * `statusView` computes what the item shows from the starting flag, that progress, the registry
 * load state and the active evaluation set.
 */
import type { SetSummary } from './registryTreeModel';

/** A work-done progress value as LSP sends it (`WorkDoneProgressBegin | Report | End`). */
export type ProgressValue =
	| { kind: 'begin'; title: string; message?: string; percentage?: number }
	| { kind: 'report'; message?: string; percentage?: number }
	| { kind: 'end'; message?: string };

/** One running server progress. */
export interface ProgressState {
	title: string;
	message?: string;
	percentage?: number;
}

/** The server's running work-done progresses, by token; `current` is the latest begun. */
export class IndexingProgress {
	private readonly running = new Map<string | number, ProgressState>();

	/** Applies one progress value; returns true when the current state changed. */
	handle(token: string | number, value: ProgressValue): boolean {
		switch (value.kind) {
			case 'begin':
				this.running.delete(token);
				this.running.set(token, { title: value.title, message: value.message, percentage: clampPercentage(value.percentage) });
				return true;
			case 'report': {
				const state = this.running.get(token);
				if (!state) {
					return false;
				}
				if (value.message !== undefined) {
					state.message = value.message;
				}
				if (value.percentage !== undefined) {
					state.percentage = clampPercentage(value.percentage);
				}
				return true;
			}
			case 'end':
				return this.running.delete(token);
			default:
				return false;
		}
	}

	/** The progress begun last that has not ended, if any. */
	get current(): ProgressState | undefined {
		let last: ProgressState | undefined;
		for (const state of this.running.values()) {
			last = state;
		}
		return last;
	}

	/** Forgets every progress (the server stopped, so their ends will never come). */
	clear(): boolean {
		const had = this.running.size > 0;
		this.running.clear();
		return had;
	}
}

function clampPercentage(percentage: number | undefined): number | undefined {
	return percentage === undefined || !Number.isFinite(percentage) ? undefined : Math.max(0, Math.min(100, Math.round(percentage)));
}

/** What `statusView` needs. */
export interface StatusInput {
	/** The client is starting the server (or restarting it). */
	starting: boolean;
	/** A registry reload is in flight. */
	loading: boolean;
	/** The server's running progress, if any. */
	progress: ProgressState | undefined;
	/** Evaluation sets in the registry (0 before the first load). */
	setCount: number;
	/** The set shown: the active editor's, or the only one. */
	set: SetSummary | undefined;
	/** `2 errors, 1 warning` for that set ('' with none). */
	problemsText: string;
}

/** What the item shows; `tooltip` is Markdown. */
export interface StatusView {
	visible: boolean;
	text: string;
	tooltip: string;
	/** Shown with the error background (the set has errors). */
	error: boolean;
}

/** `indexing 12/30 files (40%)`, `indexing 40%` or `indexing…`. */
export function indexingText(progress: ProgressState | undefined): string {
	const percentage = progress?.percentage !== undefined ? `${progress.percentage}%` : undefined;
	if (progress?.message && percentage) {
		return `indexing ${progress.message} (${percentage})`;
	}
	const detail = progress?.message || percentage;
	return detail ? `indexing ${detail}` : 'indexing…';
}

/** The status item for a state: hidden without sets once started, a spinner while busy. */
export function statusView(input: StatusInput): StatusView {
	const indexing = input.starting || input.progress !== undefined;
	const busy = indexing || input.loading;
	// Without a set once started (no ESSH config here), nothing is shown, even during a reload.
	if (!input.starting && input.setCount === 0) {
		return { visible: false, text: '', tooltip: '', error: false };
	}
	const icon = busy ? '$(sync~spin)' : '$(server)';
	const progressLine = indexing ? `ESSH: ${indexingText(input.progress)}` : busy ? 'ESSH: loading the registry…' : undefined;
	const set = input.set;
	if (!set) {
		const percentage = input.progress?.percentage !== undefined ? ` ${input.progress.percentage}%` : '';
		return {
			visible: true,
			text: indexing ? `${icon} ESSH${percentage}` : `${icon} ESSH: ${input.setCount} set${input.setCount === 1 ? '' : 's'}`,
			tooltip: progressLine ?? 'ESSH: the active editor belongs to no evaluation set. Click to show the registry.',
			error: false,
		};
	}
	const problems = set.errors > 0 ? ` $(error) ${set.errors}` : set.warnings > 0 ? ` $(warning) ${set.warnings}` : '';
	const percentage = indexing && input.progress?.percentage !== undefined ? ` ${input.progress.percentage}%` : '';
	return {
		visible: true,
		text: `${icon}${percentage} ${set.hosts} $(play) ${set.tasks}${problems}`,
		tooltip: `**ESSH** · ${set.label}\n\n${set.hosts} hosts, ${set.tasks} tasks${input.problemsText ? `, ${input.problemsText}` : ''}${progressLine ? `\n\n${progressLine}` : ''}\n\nClick to show the registry.`,
		error: set.errors > 0,
	};
}
