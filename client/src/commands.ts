/**
 * The extension's commands and quick picks (client layer): open a definition, lookup hosts by
 * pattern (a quick pick whose list follows the glob as it is typed), lookup by tag, go to host or
 * task, show the generated ssh_config in a read-only virtual document (`essh-ssh-config:`), copy a
 * name, find references, create an `.esshconfig.lua`, and run a task / connect to a host in a
 * terminal with `essh.path` in the evaluation set's directory, refused in Restricted Mode. Also the
 * `essh` task provider. Argument handling is in the pure `commandArgs.ts`.
 */
import * as vscode from 'vscode';
import type { HostItem, LookupItem, LookupParams, LookupResult, RegistrySet, TaskItem } from '../../server/src/lsp/ext';
import {
	esshCommandLine, esshProcessArgs, isValidGlob, itemFromArgs, locationFromArgs, lookupParamsForInput, nameAtPosition,
	parseTaskDefinition, setDirectory, untrustedMessage, type ItemRef,
} from './commandArgs';
import type { RegistryStore, RegistryTreeApi } from './registryTree';
import { setForDocument } from './registryTreeModel';

/** The URI scheme of the generated ssh_config documents. */
export const SSH_CONFIG_SCHEME = 'essh-ssh-config';

/** What the commands need from the rest of the extension. */
export interface CommandDeps {
	store: RegistryStore;
	tree: RegistryTreeApi;
	/** Sends `essh/lookup`; rejects when no server is running. */
	lookup(params: LookupParams): Promise<LookupResult>;
	/** False in a browser, where no terminal can run essh: run task and connect refuse, and there is no task provider. */
	canRun: boolean;
}

/** The result of run/connect, returned by the commands so tests can check the gating. */
export interface TerminalLaunch {
	started: boolean;
	/** Why nothing started (untrusted, unknown item, cancelled). */
	reason?: string;
	commandLine?: string;
	cwd?: string;
	terminalName?: string;
	/** The terminal that was opened. */
	terminal?: vscode.Terminal;
}

/** Registers every command of this module and the task provider. */
export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
	const sshConfigProvider = new SshConfigProvider(deps.store);
	const register = (id: string, handler: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, handler));
	context.subscriptions.push(
		vscode.workspace.registerTextDocumentContentProvider(SSH_CONFIG_SCHEME, sshConfigProvider),
		sshConfigProvider,
	);
	if (deps.canRun) {
		context.subscriptions.push(vscode.tasks.registerTaskProvider('essh', new EsshTaskProvider(deps.store)));
	}

	register('essh.openLocation', (...args) => openLocation(locationFromArgs(args)));
	register('essh.goToDefinition', (...args) => openLocation(locationFromArgs(args)));
	register('essh.findReferences', async (...args) => {
		const location = locationFromArgs(args);
		if (await openLocation(location)) {
			await vscode.commands.executeCommand('editor.action.referenceSearch.trigger');
		}
	});
	register('essh.lookupHosts', (pattern?: unknown) => lookupHosts(deps, typeof pattern === 'string' ? pattern : ''));
	register('essh.lookupTag', (tag?: unknown) => lookupTag(deps, typeof tag === 'string' ? tag : undefined));
	register('essh.goToHost', async (...args) => {
		const host = await resolveItem(deps, args, 'host');
		return host ? openLocation(host.location) : undefined;
	});
	register('essh.goToTask', async (...args) => {
		const task = await resolveItem(deps, args, 'task');
		return task ? openLocation(task.location) : undefined;
	});
	register('essh.showTaskHosts', async (...args) => {
		const task = await resolveItem(deps, args, 'task');
		if (!task) {
			return undefined;
		}
		const set = (await deps.store.get())?.sets.find(candidate => candidate.id === task.setId);
		const resolved = set?.tasks.find(candidate => candidate.name === task.name);
		const hosts = (resolved?.hosts ?? []).map(name => set?.hosts.find(host => host.name === name)).filter((host): host is HostItem => host !== undefined);
		const picked = await vscode.window.showQuickPick(hosts.map(host => hostPickItem(host, set!)), {
			title: `Hosts of task ${task.name} (${hosts.length})`,
			placeHolder: hosts.length === 0 ? 'The task resolves to no host' : 'Go to a host',
			matchOnDescription: true,
		});
		return picked ? openLocation(picked.item.location) : undefined;
	});
	register('essh.showSshConfig', async (...args) => {
		const item = itemFromArgs(args, 'host') ?? await itemUnderCursor(deps, 'host');
		const set = item?.setId ? (await deps.store.get())?.sets.find(candidate => candidate.id === item.setId) : await activeSet(deps);
		if (!set) {
			void vscode.window.showInformationMessage('ESSH: No evaluation set for the active editor.');
			return undefined;
		}
		const uri = sshConfigUri(set, item?.name);
		const document = await vscode.workspace.openTextDocument(uri);
		await vscode.languages.setTextDocumentLanguage(document, 'ssh_config').then(undefined, () => undefined);
		await vscode.window.showTextDocument(document, { preview: true });
		return uri;
	});
	register('essh.copyName', async (...args) => {
		const item = itemFromArgs(args) ?? await itemUnderCursor(deps);
		if (item) {
			await vscode.env.clipboard.writeText(item.name);
		}
		return item?.name;
	});
	register('essh.runTask', async (...args) => {
		if (!deps.canRun) {
			return cannotRun('run');
		}
		if (!vscode.workspace.isTrusted) {
			return refuse('run');
		}
		const task = await resolveItem(deps, args, 'task');
		return task ? launch(deps, task, 'run') : { started: false, reason: 'No task chosen.' };
	});
	register('essh.connect', async (...args) => {
		if (!deps.canRun) {
			return cannotRun('connect');
		}
		if (!vscode.workspace.isTrusted) {
			return refuse('connect');
		}
		const host = await resolveItem(deps, args, 'host');
		return host ? launch(deps, host, 'connect') : { started: false, reason: 'No host chosen.' };
	});
	register('essh.createConfig', () => createConfig());
}

/** Opens a location and selects its range; false when there is none. */
async function openLocation(location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } } | undefined): Promise<boolean> {
	if (!location) {
		return false;
	}
	const range = new vscode.Range(location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character);
	await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: range, preview: true });
	return true;
}

/** Run and connect in a browser: there is no terminal that can run essh. */
function cannotRun(action: 'run' | 'connect'): TerminalLaunch {
	const message = `ESSH: ${action === 'run' ? 'Running tasks' : 'Connecting to hosts'} needs essh in a terminal, which VS Code in a browser does not have. Open the folder in desktop VS Code to ${action === 'run' ? 'run it' : 'connect'}.`;
	void vscode.window.showInformationMessage(message);
	return { started: false, reason: message };
}

function refuse(action: 'run' | 'connect'): TerminalLaunch {
	const message = untrustedMessage(action);
	void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then(choice => {
		if (choice) {
			void vscode.commands.executeCommand('workbench.trust.manage');
		}
	});
	return { started: false, reason: message };
}

/** Opens a terminal in the set's directory and types `essh <name>` into it. */
async function launch(deps: CommandDeps, item: ItemRef & { setId: string }, action: 'run' | 'connect'): Promise<TerminalLaunch> {
	const set = (await deps.store.get())?.sets.find(candidate => candidate.id === item.setId);
	const esshPath = vscode.workspace.getConfiguration('essh').get<string>('path', 'essh');
	const shell = /pwsh|powershell/i.test(vscode.env.shell) ? 'powershell' : 'posix';
	const commandLine = esshCommandLine(esshPath, item.name, shell);
	const cwd = set ? vscode.Uri.parse(setDirectory(set)) : vscode.workspace.workspaceFolders?.[0]?.uri;
	const terminalName = `ESSH: ${action === 'run' ? 'run' : 'connect'} ${item.name}`;
	const terminal = vscode.window.createTerminal({ name: terminalName, cwd, iconPath: new vscode.ThemeIcon(action === 'run' ? 'play' : 'vm') });
	terminal.show();
	terminal.sendText(commandLine, true);
	return { started: true, commandLine, cwd: cwd?.fsPath, terminalName, terminal };
}

/**
 * The item a command acts on: from its arguments (code lens, tree node, name), else the name under
 * the cursor, else a quick pick. The result always knows its set and location.
 */
async function resolveItem(deps: CommandDeps, args: readonly unknown[], kind: 'host' | 'task'): Promise<(ItemRef & { setId: string }) | undefined> {
	const registry = await deps.store.get();
	const sets = registry?.sets ?? [];
	const fromArgs = itemFromArgs(args, kind);
	if (fromArgs) {
		const candidates = fromArgs.setId ? sets.filter(set => set.id === fromArgs.setId) : orderByActive(sets);
		for (const set of candidates) {
			const found = findItem(set, kind, fromArgs.name);
			if (found) {
				return { setId: set.id, kind, name: found.name, location: found.location };
			}
		}
		return fromArgs.setId ? { ...fromArgs, setId: fromArgs.setId } : undefined;
	}
	const underCursor = await itemUnderCursor(deps, kind);
	if (underCursor?.setId) {
		return { ...underCursor, setId: underCursor.setId };
	}
	return pickItem(sets, kind);
}

function orderByActive(sets: RegistrySet[]): RegistrySet[] {
	const uri = vscode.window.activeTextEditor?.document.uri.toString();
	const active = uri ? setForDocument({ revision: 0, sets }, uri) : undefined;
	return active ? [active, ...sets.filter(set => set !== active)] : sets;
}

function findItem(set: RegistrySet, kind: 'host' | 'task', name: string): HostItem | TaskItem | undefined {
	return kind === 'host' ? set.hosts.find(host => host.name === name) : set.tasks.find(task => task.name === name);
}

/** The host or task named under the cursor of the active editor, in that document's set. */
async function itemUnderCursor(deps: CommandDeps, kind?: 'host' | 'task'): Promise<ItemRef | undefined> {
	const editor = vscode.window.activeTextEditor;
	if (!editor) {
		return undefined;
	}
	const position = editor.selection.active;
	const word = nameAtPosition(editor.document.lineAt(position.line).text, position.character);
	const set = setForDocument(await deps.store.get(), editor.document.uri.toString());
	if (!word || !set) {
		return undefined;
	}
	for (const candidateKind of kind ? [kind] : ['host', 'task'] as const) {
		const found = findItem(set, candidateKind, word);
		if (found) {
			return { setId: set.id, kind: candidateKind, name: found.name, location: found.location };
		}
	}
	return undefined;
}

async function activeSet(deps: CommandDeps): Promise<RegistrySet | undefined> {
	const registry = await deps.store.get();
	const uri = vscode.window.activeTextEditor?.document.uri.toString();
	return (uri ? setForDocument(registry, uri) : undefined) ?? (registry?.sets.length === 1 ? registry.sets[0] : undefined);
}

interface ItemPick extends vscode.QuickPickItem {
	item: { setId: string; name: string; location?: LookupItem['location'] };
}

function hostPickItem(host: HostItem, set: RegistrySet): ItemPick {
	return {
		label: `$(${host.hidden ? 'eye-closed' : 'vm'}) ${host.name}`,
		description: [host.description, ...host.tags.map(tag => `#${tag}`)].filter(Boolean).join('  '),
		detail: set.label,
		item: { setId: set.id, name: host.name, location: host.location },
	};
}

/** A quick pick over every host or task of every set (active set first). */
async function pickItem(sets: RegistrySet[], kind: 'host' | 'task'): Promise<(ItemRef & { setId: string }) | undefined> {
	const items: ItemPick[] = [];
	for (const set of orderByActive(sets)) {
		items.push({ label: set.label, kind: vscode.QuickPickItemKind.Separator, item: { setId: set.id, name: '' } });
		if (kind === 'host') {
			items.push(...set.hosts.map(host => hostPickItem(host, set)));
		} else {
			items.push(...set.tasks.map(task => ({
				label: `$(${task.disabled ? 'circle-slash' : 'play'}) ${task.name}`,
				description: [task.description, `→ ${task.hosts.length} hosts`, task.disabled ? 'disabled' : ''].filter(Boolean).join('  '),
				detail: set.label,
				item: { setId: set.id, name: task.name, location: task.location },
			})));
		}
	}
	const picked = await vscode.window.showQuickPick(items, { title: kind === 'host' ? 'ESSH: Go to Host' : 'ESSH: Go to Task', placeHolder: `${kind === 'host' ? 'Host' : 'Task'} name`, matchOnDescription: true });
	return picked ? { setId: picked.item.setId, kind, name: picked.item.name, location: picked.item.location } : undefined;
}

/**
 * The live-preview host lookup: every keystroke sends `essh/lookup` with the glob typed so far and
 * replaces the list (VS Code's own fuzzy filter is bypassed with `alwaysShow`). `#tag` looks up a
 * tag. Moving through the list previews the definition; accepting opens it.
 */
function lookupHosts(deps: CommandDeps, initial: string): Promise<LookupItem | undefined> {
	const quickPick = vscode.window.createQuickPick<vscode.QuickPickItem & { item?: LookupItem }>();
	quickPick.title = 'ESSH: Lookup Hosts by Pattern';
	quickPick.placeholder = 'Glob over host names (web-*, {web,db}-0[1-3], !*.internal), or #tag';
	quickPick.matchOnDescription = false;
	quickPick.value = initial;
	const scope = vscode.window.activeTextEditor?.document.uri.toString();
	let generation = 0;
	const update = async (value: string) => {
		const current = ++generation;
		if (!isValidGlob(value.trim())) {
			quickPick.items = [{ label: '$(info) Finish the pattern…', alwaysShow: true }];
			return;
		}
		quickPick.busy = true;
		try {
			const params = lookupParamsForInput(value, 'hosts', scope && setForDocument(deps.store.current, scope) ? scope : undefined);
			const result = await deps.lookup(params);
			if (current !== generation) {
				return;
			}
			const setLabels = new Map((deps.store.current?.sets ?? []).map(set => [set.id, set.label]));
			quickPick.items = result.items.length === 0
				? [{ label: `$(circle-slash) No host matches ${value.trim() || '*'}`, alwaysShow: true }]
				: result.items.map(item => ({ label: `$(vm) ${item.name}`, description: item.description, detail: setLabels.get(item.setId), alwaysShow: true, item }));
			quickPick.title = `ESSH: Lookup Hosts by Pattern (${result.items.length})`;
		} catch (error) {
			quickPick.items = [{ label: `$(error) ${error instanceof Error ? error.message : String(error)}`, alwaysShow: true }];
		} finally {
			if (current === generation) {
				quickPick.busy = false;
			}
		}
	};
	return new Promise(resolve => {
		let accepted: LookupItem | undefined;
		quickPick.onDidChangeValue(value => void update(value));
		quickPick.onDidChangeActive(active => {
			const location = active[0]?.item?.location;
			if (location) {
				const range = new vscode.Range(location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character);
				void vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: range, preview: true, preserveFocus: true });
			}
		});
		quickPick.onDidAccept(() => {
			accepted = quickPick.selectedItems[0]?.item;
			quickPick.hide();
			void openLocation(accepted?.location);
		});
		quickPick.onDidHide(() => {
			quickPick.dispose();
			resolve(accepted);
		});
		quickPick.show();
		void update(initial);
	});
}

/** Lookup by tag: pick a tag, then a host carrying it. */
async function lookupTag(deps: CommandDeps, tag: string | undefined): Promise<LookupItem | undefined> {
	let chosenTag = tag;
	if (chosenTag === undefined) {
		const tags = await deps.lookup({ kind: 'tags' });
		const counts = new Map<string, number>();
		const registry = await deps.store.get();
		for (const set of registry?.sets ?? []) {
			for (const item of set.tags) {
				counts.set(item.name, (counts.get(item.name) ?? 0) + item.hosts.length);
			}
		}
		const names = [...new Set(tags.items.map(item => item.name))].sort();
		const picked = await vscode.window.showQuickPick(names.map(name => ({ label: `$(tag) ${name}`, description: `${counts.get(name) ?? 0} hosts`, name })), { title: 'ESSH: Lookup by Tag', placeHolder: 'Tag' });
		chosenTag = picked?.name;
	}
	if (chosenTag === undefined) {
		return undefined;
	}
	const hosts = await deps.lookup({ kind: 'hosts', tag: chosenTag });
	const tasks = await deps.lookup({ kind: 'tasksByTag', tag: chosenTag });
	const items: (vscode.QuickPickItem & { item?: LookupItem })[] = [
		{ label: 'Hosts', kind: vscode.QuickPickItemKind.Separator },
		...hosts.items.map(item => ({ label: `$(vm) ${item.name}`, description: item.description, item })),
		{ label: 'Tasks targeting the tag', kind: vscode.QuickPickItemKind.Separator },
		...tasks.items.map(item => ({ label: `$(play) ${item.name}`, description: item.description, item })),
	];
	const picked = await vscode.window.showQuickPick(items, { title: `ESSH: Tag ${chosenTag} (${hosts.items.length} hosts)`, matchOnDescription: true });
	if (picked?.item) {
		await openLocation(picked.item.location);
	}
	return picked?.item;
}

/** `essh-ssh-config:/<set label>/ssh_config?set=<id>[&host=<name>]` */
function sshConfigUri(set: RegistrySet, hostName?: string): vscode.Uri {
	const query = `set=${encodeURIComponent(set.id)}${hostName ? `&host=${encodeURIComponent(hostName)}` : ''}`;
	const fileName = hostName ? `${hostName}.ssh_config` : 'ssh_config';
	return vscode.Uri.from({ scheme: SSH_CONFIG_SCHEME, path: `/${set.label.replace(/[/\\]/g, '_')}/${fileName}`, query });
}

/** Serves the generated ssh_config (read-only: virtual documents cannot be saved) and follows registry changes. */
class SshConfigProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
	private readonly _onDidChange = new vscode.EventEmitter<vscode.Uri>();
	readonly onDidChange = this._onDidChange.event;
	private readonly subscription: vscode.Disposable;

	constructor(private readonly store: RegistryStore) {
		this.subscription = store.onDidChange(() => {
			for (const document of vscode.workspace.textDocuments) {
				if (document.uri.scheme === SSH_CONFIG_SCHEME) {
					this._onDidChange.fire(document.uri);
				}
			}
		});
	}

	async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
		const query = new URLSearchParams(uri.query);
		const setId = query.get('set');
		const hostName = query.get('host');
		const set = (await this.store.get())?.sets.find(candidate => candidate.id === setId);
		if (!set) {
			return '# This evaluation set no longer exists.\n';
		}
		const hosts = hostName ? set.hosts.filter(host => host.name === hostName) : set.hosts;
		if (hostName && hosts.length === 0) {
			return `# Host ${hostName} is no longer defined in ${set.label}.\n`;
		}
		const header = `# Generated by ESSH from ${set.label}${hostName ? ` (host ${hostName})` : ''}. Read-only preview.\n\n`;
		return header + hosts.map(host => host.sshConfig.replace(/\n*$/, '\n')).join('\n');
	}

	dispose(): void {
		this.subscription.dispose();
		this._onDidChange.dispose();
	}
}

/** ESSH tasks in Run Task: one `essh` task per visible, enabled task of every set. */
class EsshTaskProvider implements vscode.TaskProvider {
	constructor(private readonly store: RegistryStore) {}

	async provideTasks(): Promise<vscode.Task[]> {
		const registry = await this.store.get();
		const result: vscode.Task[] = [];
		for (const set of registry?.sets ?? []) {
			const cwd = vscode.Uri.parse(setDirectory(set));
			const folder = vscode.workspace.getWorkspaceFolder(cwd) ?? vscode.TaskScope.Workspace;
			for (const task of set.tasks) {
				if (task.disabled || task.hidden) {
					continue;
				}
				const definition = { type: 'essh' as const, task: task.name, cwd: cwd.fsPath };
				result.push(makeTask(definition, folder, task.description));
			}
		}
		return result;
	}

	resolveTask(task: vscode.Task): vscode.Task | undefined {
		const definition = parseTaskDefinition(task.definition);
		return definition ? makeTask({ ...definition }, task.scope ?? vscode.TaskScope.Workspace, undefined, task.definition) : undefined;
	}
}

function makeTask(definition: { type: 'essh'; task: string; cwd?: string }, scope: vscode.WorkspaceFolder | vscode.TaskScope, detail: string | undefined, original?: vscode.TaskDefinition): vscode.Task {
	const { executable, args } = esshProcessArgs(vscode.workspace.getConfiguration('essh').get<string>('path', 'essh'), definition.task);
	const execution = new vscode.ShellExecution(executable, args, definition.cwd ? { cwd: definition.cwd } : undefined);
	const task = new vscode.Task(original ?? definition, scope, definition.task, 'essh', execution);
	task.detail = detail || `essh ${definition.task}`;
	return task;
}

/** The welcome view's action: creates `.esshconfig.lua` in the first workspace folder and opens it. */
async function createConfig(): Promise<vscode.Uri | undefined> {
	const folder = vscode.workspace.workspaceFolders?.[0];
	if (!folder) {
		void vscode.window.showInformationMessage('ESSH: Open a folder first, then create its .esshconfig.lua.');
		return undefined;
	}
	const uri = vscode.Uri.joinPath(folder.uri, '.esshconfig.lua');
	try {
		await vscode.workspace.fs.stat(uri);
	} catch {
		const template = [
			'-- ESSH configuration: hosts, tasks, drivers and groups.',
			'',
			'host "web-01" {',
			'    HostName = "192.168.0.11",',
			'    Port = "22",',
			'    User = "deploy",',
			'    description = "web server",',
			'    tags = { "web" },',
			'}',
			'',
			'task "uptime" {',
			'    description = "show the uptime of the web servers",',
			'    targets = { "web" },',
			'    script = "uptime",',
			'}',
			'',
		].join('\n');
		await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(template));
	}
	await vscode.window.showTextDocument(uri);
	return uri;
}
