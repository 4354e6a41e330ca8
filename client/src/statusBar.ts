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
	/** Starts recording every text the item shows (for tests); `dispose` stops it. */
	record(): { readonly texts: readonly string[]; dispose(): void };
}

/** Creates the status item and keeps it current. */
export function createStatusBar(context: vscode.ExtensionContext, store: RegistryStore): StatusBarApi {
	const item = vscode.window.createStatusBarItem('essh.status', vscode.StatusBarAlignment.Left, 10);
	item.name = 'ESSH';
	item.command = { command: 'essh.registry.focus', title: 'Show the ESSH registry' };
	let starting = true;
	const indexing = new IndexingProgress();
	const recorders = new Set<string[]>();

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
		for (const texts of recorders) {
			if (texts[texts.length - 1] !== view.text) {
				texts.push(view.text);
			}
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
		record: () => {
			const texts: string[] = [];
			recorders.add(texts);
			return { texts, dispose: () => void recorders.delete(texts) };
		},
	};
}
