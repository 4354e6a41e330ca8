/**
 * The ESSH status bar item (client layer): host and task counts of the active editor's evaluation
 * set and its error count, a spinner with the server's indexing progress while the server starts,
 * indexes (its `window/workDoneProgress`, seen through the client's middleware) or the registry
 * is being (re)loaded, and a click that focuses the registry view. Shown only when the workspace
 * has an ESSH config. What it shows is computed by the pure `statusBarModel`.
 */
import * as vscode from 'vscode';
import type { RegistryStore } from './registryTree';
import { formatProblems, setForDocument, summarizeSet } from './registryTreeModel';
import { IndexingProgress, statusView, type ProgressValue } from './statusBarModel';

/** What tests can read back from the status item. */
export interface StatusBarApi {
	readonly item: vscode.StatusBarItem;
	/** Recomputes the text now. */
	update(): void;
	/** Shows the indexing spinner while `starting` is true (the server is starting). */
	setStarting(starting: boolean): void;
	/** Feeds one work-done progress value of the server. */
	progress(token: string | number, value: ProgressValue): void;
	/** Forgets the server's progress (it stopped). */
	clearProgress(): void;
	/** Every distinct text the item showed, oldest first (for tests; the last 50). */
	readonly history: readonly string[];
}

/** Creates the status item and keeps it current. */
export function createStatusBar(context: vscode.ExtensionContext, store: RegistryStore): StatusBarApi {
	const item = vscode.window.createStatusBarItem('essh.status', vscode.StatusBarAlignment.Left, 10);
	item.name = 'ESSH';
	item.command = { command: 'essh.registry.focus', title: 'Show the ESSH registry' };
	let starting = true;
	const indexing = new IndexingProgress();
	const history: string[] = [];

	const update = () => {
		const registry = store.current;
		const uri = vscode.window.activeTextEditor?.document.uri.toString();
		const documentSet = uri ? setForDocument(registry, uri) : undefined;
		// Editor context menus and palette entries on names in ESSH files key on this.
		void vscode.commands.executeCommand('setContext', 'essh.editorInSet', documentSet !== undefined);
		const set = documentSet ?? (registry?.sets.length === 1 ? registry.sets[0] : undefined);
		const view = statusView({
			starting,
			loading: store.loading,
			progress: indexing.current,
			setCount: registry?.sets.length ?? 0,
			set: set ? summarizeSet(set) : undefined,
			problemsText: set ? formatProblems(set.problems) : '',
		});
		if (!view.visible) {
			item.hide();
			return;
		}
		item.text = view.text;
		item.tooltip = new vscode.MarkdownString(view.tooltip);
		item.backgroundColor = view.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
		if (history[history.length - 1] !== view.text) {
			history.push(view.text);
			history.splice(0, Math.max(0, history.length - 50));
		}
		item.show();
	};

	context.subscriptions.push(
		item,
		store.onDidChange(update),
		store.onDidChangeLoading(update),
		vscode.window.onDidChangeActiveTextEditor(update),
	);
	update();
	return {
		item,
		update,
		setStarting: value => {
			starting = value;
			update();
		},
		progress: (token, value) => {
			if (indexing.handle(token, value)) {
				update();
			}
		},
		clearProgress: () => {
			if (indexing.clear()) {
				update();
			}
		},
		history,
	};
}
