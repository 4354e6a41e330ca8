/**
 * The registry view `essh.registry` (client layer, thin): a `RegistryStore` that holds the last
 * `essh/registry` result and reloads it on `essh/registryChanged`, and a `TreeDataProvider` that
 * renders the nodes of the pure `registryTreeModel` as TreeItems, created with `createTreeView`
 * so that reveal works (`getParent`). Also the view's commands: refresh, filter by pattern or tag
 * (shown in `TreeView.description` and `message`, cleared by a title action), reveal the item under
 * the cursor, and the follow-cursor behaviour of `essh.tree.followCursor`.
 */
import * as vscode from 'vscode';
import type { RegistryResult } from '../../server/src/lsp/ext';
import { nameAtPosition } from './commandArgs';
import {
	adoptNodes, buildRegistryTree, describeFilter, expansionOf, findItemNode, findNodeAt, getChildren, getParent, parseViewState, VIEW_STATE_KEY, withExpansion, withFilter,
	type NodeExpansion, type RegistryFilter, type RegistryNode, type RegistryTree, type RegistryViewState,
} from './registryTreeModel';

/** Fetches the registry from the server; undefined while no server is running. */
export type RegistryFetcher = () => Promise<RegistryResult | undefined>;

/** The last registry result, reloaded on demand and on change notifications. */
export class RegistryStore implements vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<RegistryResult | undefined>();
	/** Fires after every reload with the new result. */
	readonly onDidChange = this._onDidChange.event;
	private readonly _onDidChangeLoading = new vscode.EventEmitter<boolean>();
	/** Fires when a reload starts (true) or ends (false). */
	readonly onDidChangeLoading = this._onDidChangeLoading.event;
	private _current: RegistryResult | undefined;
	private pending: Promise<RegistryResult | undefined> | undefined;
	private again = false;
	private loadedOnce = false;

	constructor(private readonly fetcher: RegistryFetcher) {}

	/** The last result (undefined before the first load or without a server). */
	get current(): RegistryResult | undefined {
		return this._current;
	}

	/** True while a reload is in flight. */
	get loading(): boolean {
		return this.pending !== undefined;
	}

	/** Forgets the last result (the server restarted, so revisions start again). */
	clear(): void {
		this._current = undefined;
		this.loadedOnce = false;
	}

	/** True once a load has completed. */
	get loaded(): boolean {
		return this.loadedOnce;
	}

	/** The current result, loading it first if it never was. */
	async get(): Promise<RegistryResult | undefined> {
		if (!this.loadedOnce) {
			return this.reload();
		}
		return this._current;
	}

	/**
	 * Reloads; concurrent calls share one request, and a call during a request schedules one more,
	 * so a change notified mid-request is never lost. Skips the event when the revision is unchanged.
	 */
	reload(): Promise<RegistryResult | undefined> {
		if (this.pending) {
			this.again = true;
			return this.pending;
		}
		this.pending = (async () => {
			let result: RegistryResult | undefined;
			do {
				this.again = false;
				try {
					result = await this.fetcher();
				} catch {
					// A failed request (server restarting) keeps the last good registry.
					result = this._current;
				}
			} while (this.again);
			// Equal revisions mean equal content (ext.ts), so an unchanged registry repaints nothing.
			const changed = !this.loadedOnce || result === undefined || this._current === undefined || result.revision !== this._current.revision;
			this._current = result;
			this.loadedOnce = true;
			this.pending = undefined;
			this._onDidChangeLoading.fire(false);
			if (changed) {
				this._onDidChange.fire(result);
			}
			return result;
		})();
		// After `pending` is set, so listeners see `loading` true.
		this._onDidChangeLoading.fire(true);
		return this.pending;
	}

	dispose(): void {
		this._onDidChange.dispose();
		this._onDidChangeLoading.dispose();
	}
}

/** What tests (and the commands) use to drive and inspect the tree. */
export interface RegistryTreeApi {
	view: vscode.TreeView<RegistryNode>;
	/** Children as the view gets them; waits for the first registry load. */
	getChildren(node?: RegistryNode): Promise<RegistryNode[]>;
	getParent(node: RegistryNode): RegistryNode | undefined;
	getTreeItem(node: RegistryNode): vscode.TreeItem;
	/** The current tree model (nodes, parents, message). */
	getModel(): RegistryTree;
	getFilter(): RegistryFilter | undefined;
	/** Sets or clears (undefined) the filter. */
	setFilter(filter: RegistryFilter | undefined): Promise<void>;
	/** Reloads the registry and waits for the view to update. */
	refresh(): Promise<void>;
	/**
	 * Resolves once a visible view has fetched the roots of the latest rebuild (at once when it
	 * already has, or when the view is hidden and so fetches nothing); rejects after `timeoutMs`.
	 */
	whenRendered(timeoutMs?: number): Promise<void>;
	/** Reveals and selects an item; resolves to the node, or undefined when it is not shown. */
	revealItem(setId: string, kind: string, name: string, options?: { focus?: boolean }): Promise<RegistryNode | undefined>;
	/** Reveals the item under the cursor of an editor; resolves to the node revealed. */
	revealAt(editor: vscode.TextEditor, options?: { focus?: boolean }): Promise<RegistryNode | undefined>;
}

/** The tree data provider: renders the pure model. */
class RegistryTreeProvider implements vscode.TreeDataProvider<RegistryNode> {
	private readonly _onDidChangeTreeData = new vscode.EventEmitter<RegistryNode | undefined | void>();
	readonly onDidChangeTreeData = this._onDidChangeTreeData.event;
	private readonly _onDidServeRoots = new vscode.EventEmitter<void>();
	/** Fires whenever the view has fetched the roots (it is rendering). */
	readonly onDidServeRoots = this._onDidServeRoots.event;
	tree: RegistryTree = buildRegistryTree(undefined);
	filter: RegistryFilter | undefined;
	/** What the user expanded and collapsed (restored across reloads). */
	expansion: NodeExpansion | undefined;

	constructor(private readonly store: RegistryStore) {}

	/** True from a rebuild until the view has fetched the new roots. */
	dirty = false;

	rebuild(): void {
		this.dirty = true;
		this.tree = adoptNodes(this.tree, buildRegistryTree(this.store.current, {
			groupHostsByTag: vscode.workspace.getConfiguration('essh').get<boolean>('tree.groupHostsByTag', false),
			filter: this.filter,
			expansion: this.expansion,
		}));
		this._onDidChangeTreeData.fire();
	}

	async getChildren(node?: RegistryNode): Promise<RegistryNode[]> {
		if (!this.store.loaded) {
			await this.store.get();
		}
		const children = getChildren(this.tree, node);
		if (!node) {
			this.dirty = false;
			this._onDidServeRoots.fire();
		}
		return children;
	}

	getParent(node: RegistryNode): RegistryNode | undefined {
		return getParent(this.tree, node);
	}

	getTreeItem(node: RegistryNode): vscode.TreeItem {
		return toTreeItem(node);
	}

	dispose(): void {
		this._onDidChangeTreeData.dispose();
		this._onDidServeRoots.dispose();
	}
}

/** Maps a model node to a TreeItem (icons, Markdown tooltip, open command). */
export function toTreeItem(node: RegistryNode): vscode.TreeItem {
	const collapsible = node.collapsible === 'expanded'
		? vscode.TreeItemCollapsibleState.Expanded
		: node.collapsible === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
	const item = new vscode.TreeItem(node.label, collapsible);
	item.id = node.id;
	item.description = node.description;
	item.contextValue = node.contextValue;
	item.iconPath = new vscode.ThemeIcon(node.icon, node.iconColor ? new vscode.ThemeColor(node.iconColor) : undefined);
	if (node.tooltip) {
		item.tooltip = new vscode.MarkdownString(node.tooltip);
	}
	if (node.location) {
		item.command = { command: 'essh.openLocation', title: 'Open Definition', arguments: [node.location] };
	}
	return item;
}

/** Creates the view, its provider and commands; wires refresh to the store. */
export function createRegistryTree(context: vscode.ExtensionContext, store: RegistryStore): RegistryTreeApi {
	const provider = new RegistryTreeProvider(store);
	const view = vscode.window.createTreeView('essh.registry', { treeDataProvider: provider, showCollapseAll: true });
	// The filter and the expanded nodes survive window reloads (the workspace state, per workspace).
	let viewState: RegistryViewState = parseViewState(context.workspaceState.get(VIEW_STATE_KEY));
	provider.filter = viewState.filter;
	provider.expansion = expansionOf(viewState);
	const saveViewState = (next: RegistryViewState) => {
		viewState = next;
		provider.expansion = expansionOf(next);
		context.workspaceState.update(VIEW_STATE_KEY, next).then(undefined, () => undefined);
	};

	const updateIndicators = () => {
		const filter = provider.filter;
		view.description = filter ? (filter.kind === 'pattern' ? `pattern: ${filter.pattern}` : `tag: ${filter.tag}`) : undefined;
		view.message = filter || provider.tree.roots.length > 0 ? provider.tree.message : undefined;
		void vscode.commands.executeCommand('setContext', 'essh.registry.filtered', filter !== undefined);
		void vscode.commands.executeCommand('setContext', 'essh.hasConfig', (store.current?.sets.length ?? 0) > 0);
		void vscode.commands.executeCommand('setContext', 'essh.registry.loaded', store.loaded);
	};
	const render = () => {
		provider.rebuild();
		updateIndicators();
	};
	context.subscriptions.push(
		view,
		provider,
		store.onDidChange(() => render()),
		vscode.workspace.onDidChangeConfiguration(event => {
			if (event.affectsConfiguration('essh.tree.groupHostsByTag')) {
				render();
			}
		}),
	);
	context.subscriptions.push(
		view.onDidExpandElement(event => saveViewState(withExpansion(viewState, event.element.id, true))),
		view.onDidCollapseElement(event => saveViewState(withExpansion(viewState, event.element.id, false))),
	);
	view.description = provider.filter ? (provider.filter.kind === 'pattern' ? `pattern: ${provider.filter.pattern}` : `tag: ${provider.filter.tag}`) : undefined;
	void vscode.commands.executeCommand('setContext', 'essh.registry.filtered', provider.filter !== undefined);

	const setFilter = async (filter: RegistryFilter | undefined) => {
		provider.filter = filter;
		saveViewState(withFilter(viewState, filter));
		render();
	};
	/** Resolves when the view next fetches its roots, or after `timeoutMs` with `false`. */
	const nextServedRoots = (timeoutMs: number) => new Promise<boolean>(resolve => {
		const timer = setTimeout(() => {
			subscription.dispose();
			resolve(false);
		}, timeoutMs);
		const subscription = provider.onDidServeRoots(() => {
			clearTimeout(timer);
			subscription.dispose();
			resolve(true);
		});
	});
	const whenRendered = async (timeoutMs = 30_000) => {
		if (!view.visible || !provider.dirty) {
			return;
		}
		if (!await nextServedRoots(timeoutMs)) {
			throw new Error(`the registry view did not fetch its items within ${timeoutMs} ms`);
		}
	};
	const revealNode = async (node: RegistryNode | undefined, focus: boolean) => {
		if (!node) {
			return undefined;
		}
		// Revealing in a view that was never rendered, or before it re-fetched after a rebuild,
		// fails with "Data tree node not found", so open it and wait until it has its roots. The
		// wait ends when the view asks for them; the limit only matters on a very loaded machine.
		// A hidden view that is up to date may not fetch again when shown: that wait stays short.
		if (!view.visible || provider.dirty) {
			const served = nextServedRoots(provider.dirty ? 30_000 : 3000);
			if (!view.visible) {
				await vscode.commands.executeCommand('essh.registry.focus');
			}
			await served;
		}
		// After a re-render the workbench fetches the children of expanded items asynchronously, and
		// revealing an item whose parent it has not reloaded yet fails the same way. So the ancestors
		// are revealed and expanded from the root down, each awaited (the workbench loads a node's
		// children before it settles), then the item; and the whole is retried for up to 10 s.
		const deadline = Date.now() + 10_000;
		for (let attempt = 0; ; attempt++) {
			const current = provider.tree.nodes.get(node.id) ?? node;
			try {
				const ancestors: RegistryNode[] = [];
				for (let parent = provider.getParent(current); parent; parent = provider.getParent(parent)) {
					ancestors.unshift(parent);
				}
				for (const ancestor of ancestors) {
					await view.reveal(ancestor, { select: false, focus: false, expand: true });
				}
				await view.reveal(current, { select: true, focus, expand: false });
				return current;
			} catch (error) {
				if (Date.now() > deadline || !provider.tree.nodes.has(node.id)) {
					throw error;
				}
				await new Promise(resolve => setTimeout(resolve, Math.min(100 * (attempt + 1), 1000)));
			}
		}
	};
	const api: RegistryTreeApi = {
		view,
		getChildren: node => provider.getChildren(node),
		getParent: node => provider.getParent(node),
		getTreeItem: node => provider.getTreeItem(node),
		getModel: () => provider.tree,
		getFilter: () => provider.filter,
		setFilter,
		whenRendered,
		refresh: async () => {
			await store.reload();
			render();
		},
		revealItem: async (setId, kind, name, options) => {
			await store.get();
			return revealNode(findItemNode(provider.tree, setId, kind, name), options?.focus ?? true);
		},
		revealAt: async (editor, options) => {
			await store.get();
			const position = editor.selection.active;
			const word = nameAtPosition(editor.document.lineAt(position.line).text, position.character);
			const node = findNodeAt(provider.tree, store.current, editor.document.uri.toString(), position.line, position.character, word);
			return revealNode(node, options?.focus ?? true);
		},
	};

	context.subscriptions.push(
		vscode.commands.registerCommand('essh.registry.refresh', () => api.refresh()),
		vscode.commands.registerCommand('essh.registry.filterByPattern', async (pattern?: unknown) => {
			const value = typeof pattern === 'string' ? pattern : await vscode.window.showInputBox({
				title: 'Filter the ESSH registry by name',
				prompt: 'A glob over host, task, driver and tag names, e.g. web-*, {web,db}-0[1-3], !*.internal',
				value: provider.filter?.kind === 'pattern' ? provider.filter.pattern : '',
			});
			if (value === undefined) {
				return;
			}
			await setFilter(value.trim() === '' ? undefined : { kind: 'pattern', pattern: value.trim() });
		}),
		vscode.commands.registerCommand('essh.registry.filterByTag', async (tag?: unknown) => {
			let value = typeof tag === 'string' ? tag : isNodeOf(tag, 'tag') || isNodeOf(tag, 'tagGroup') ? (tag as RegistryNode).name : undefined;
			if (value === undefined) {
				const registry = await store.get();
				const tags = [...new Set((registry?.sets ?? []).flatMap(set => set.tags.map(item => item.name)))].sort();
				value = (await vscode.window.showQuickPick(tags, { title: 'Filter the ESSH registry by tag', placeHolder: 'Tag' })) ?? undefined;
			}
			if (value !== undefined) {
				await setFilter({ kind: 'tag', tag: value });
			}
		}),
		vscode.commands.registerCommand('essh.registry.clearFilter', () => setFilter(undefined)),
		vscode.commands.registerCommand('essh.revealInRegistry', async (node?: unknown) => {
			if (isNodeOf(node, 'host') || isNodeOf(node, 'task') || isNodeOf(node, 'driver') || isNodeOf(node, 'tag')) {
				const item = node as RegistryNode;
				return api.revealItem(item.setId, item.kind, item.name ?? '');
			}
			const editor = vscode.window.activeTextEditor;
			if (!editor) {
				return undefined;
			}
			const revealed = await api.revealAt(editor);
			if (!revealed) {
				void vscode.window.showInformationMessage(provider.filter
					? `ESSH: The item under the cursor is not in the registry view (filtered by ${describeFilter(provider.filter)}).`
					: 'ESSH: No registry item under the cursor.');
			}
			return revealed;
		}),
	);

	// Follow the cursor: reveal without taking focus, debounced, only while the view is visible.
	let followTimer: NodeJS.Timeout | undefined;
	context.subscriptions.push(
		vscode.window.onDidChangeTextEditorSelection(event => {
			if (!view.visible || !vscode.workspace.getConfiguration('essh').get<boolean>('tree.followCursor', false) || event.textEditor.document.languageId !== 'lua') {
				return;
			}
			if (followTimer) {
				clearTimeout(followTimer);
			}
			followTimer = setTimeout(() => {
				void api.revealAt(event.textEditor, { focus: false }).catch(() => undefined);
			}, 300);
		}),
		{ dispose: () => followTimer && clearTimeout(followTimer) },
	);
	return api;
}

function isNodeOf(value: unknown, kind: RegistryNode['kind']): boolean {
	return typeof value === 'object' && value !== null && (value as RegistryNode).kind === kind && typeof (value as RegistryNode).id === 'string';
}
