/**
 * The ESSH status bar item (client layer): host and task counts of the active editor's evaluation
 * set and its error count, a spinner while the server starts or the registry is being (re)loaded,
 * and a click that focuses the registry view. Shown only when the workspace has an ESSH config.
 */
import * as vscode from 'vscode';
import type { RegistryStore } from './registryTree';
import { formatProblems, setForDocument, summarizeSet } from './registryTreeModel';

/** What tests can read back from the status item. */
export interface StatusBarApi {
	readonly item: vscode.StatusBarItem;
	/** Recomputes the text now. */
	update(): void;
	/** Shows the indexing spinner while `starting` is true (the server is starting). */
	setStarting(starting: boolean): void;
}

/** Creates the status item and keeps it current. */
export function createStatusBar(context: vscode.ExtensionContext, store: RegistryStore): StatusBarApi {
	const item = vscode.window.createStatusBarItem('essh.status', vscode.StatusBarAlignment.Left, 10);
	item.name = 'ESSH';
	item.command = { command: 'essh.registry.focus', title: 'Show the ESSH registry' };
	let starting = true;

	const update = () => {
		const registry = store.current;
		if (!starting && (registry?.sets.length ?? 0) === 0) {
			void vscode.commands.executeCommand('setContext', 'essh.editorInSet', false);
			item.hide();
			return;
		}
		const busy = starting || store.loading;
		const uri = vscode.window.activeTextEditor?.document.uri.toString();
		const documentSet = uri ? setForDocument(registry, uri) : undefined;
		// Editor context menus and palette entries on names in ESSH files key on this.
		void vscode.commands.executeCommand('setContext', 'essh.editorInSet', documentSet !== undefined);
		const set = documentSet ?? (registry?.sets.length === 1 ? registry.sets[0] : undefined);
		if (!set) {
			item.text = busy ? '$(sync~spin) ESSH' : `$(server) ESSH: ${registry?.sets.length ?? 0} sets`;
			item.tooltip = busy ? 'ESSH: indexing the workspace…' : 'ESSH: the active editor belongs to no evaluation set. Click to show the registry.';
			item.backgroundColor = undefined;
			item.show();
			return;
		}
		const summary = summarizeSet(set);
		const problems = summary.errors > 0 ? ` $(error) ${summary.errors}` : summary.warnings > 0 ? ` $(warning) ${summary.warnings}` : '';
		item.text = `${busy ? '$(sync~spin)' : '$(server)'} ${summary.hosts} $(play) ${summary.tasks}${problems}`;
		const tooltip = new vscode.MarkdownString(`**ESSH** · ${set.label}\n\n${summary.hosts} hosts, ${summary.tasks} tasks${formatProblems(set.problems) ? `, ${formatProblems(set.problems)}` : ''}${busy ? '\n\nIndexing…' : ''}\n\nClick to show the registry.`);
		item.tooltip = tooltip;
		item.backgroundColor = summary.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
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
	};
}
