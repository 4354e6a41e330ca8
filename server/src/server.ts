/**
 * The language server's wiring (docs/architecture.md): `startServer(connection, host)` owns the server
 * state, advertises the capabilities, connects every request to its thin handler (lsp/handlers.ts,
 * each wrapped by `guard`), keeps the inputs current (documents, disk scan, watched files, settings)
 * and hands change propagation to lsp/changes.ts. No analysis logic lives here; tests start it over
 * an in-memory Duplex pair with a memory `ServerHost`, main.ts over stdio or node IPC.
 */
import {
	CodeActionKind, CodeLensRefreshRequest, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, FileChangeType, MessageType, ShowMessageNotification,
	TextDocumentSyncKind, WatchKind,
	type CancellationToken, type Connection, type Disposable, type FileEvent, type FileSystemWatcher, type InitializeParams, type InitializeResult, type ServerCapabilities,
} from 'vscode-languageserver';
import type { KeptStateStore, ServerHost } from './host';
import { ChangePropagator, DEFAULT_DEBOUNCE_MS } from './lsp/changes';
import { ClearCacheRequestMethod, EnvironmentRequestMethod, LookupRequestMethod, RegistryRequestMethod, type ClearCacheResult, type EnvironmentResult, type LookupParams, type RegistryParams } from './lsp/ext';
import * as handlers from './lsp/handlers';
import { fileSelectionChanged, parseSettings, type ServerSettings } from './lsp/settings';
import { clientSupport, emptyReport, ServerState, type ScanReport } from './lsp/state';

/** Knobs for tests. */
export interface ServerOptions {
	/** Delay between the last change and publishing (default 150 ms). */
	debounceMs?: number;
	/** Where the server runs, as `essh/environment` reports it (default `node`). */
	runtime?: EnvironmentResult['runtime'];
	/** Delay between the last published change and saving the kept state (default 2 s; the first save follows the first index after `KEPT_STATE_FIRST_SAVE_MS`). */
	saveDelayMs?: number;
	/**
	 * Called once, when the first index of the workspace is built and before any request waiting
	 * for it runs (main.ts tunes the heap for the long-lived session from there on).
	 */
	onFirstIndex?: () => void;
}

/** Saving the kept state waits this long after the last published change (edits settle first). */
export const KEPT_STATE_SAVE_MS = 2000;
/** The first save follows the first index this soon (the requests that come with opening a folder go first). */
export const KEPT_STATE_FIRST_SAVE_MS = 200;

export const SERVER_NAME = 'essh-language-server';
export const SERVER_VERSION = '0.1.0';
/** How many rounds of required `./M.lua` modules a browser host fetches (each follows the modules found in the one before). */
const MAX_MODULE_FETCH_ROUNDS = 8;

/** What the server can do, given what the client can. Features that do not exist yet are not advertised. */
function capabilities(): ServerCapabilities {
	return {
		textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
		diagnosticProvider: { identifier: 'essh', interFileDependencies: true, workspaceDiagnostics: true },
		definitionProvider: true,
		declarationProvider: true,
		referencesProvider: true,
		documentHighlightProvider: true,
		renameProvider: { prepareProvider: true },
		documentSymbolProvider: { label: 'ESSH' },
		workspaceSymbolProvider: true,
		hoverProvider: true,
		completionProvider: { triggerCharacters: ['"', '\'', '{', ',', ' '] },
		codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
		codeLensProvider: { resolveProvider: false },
		inlayHintProvider: { resolveProvider: false },
		documentLinkProvider: { resolveProvider: false },
		workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
	};
}

/** Starts the server on a connection; returns once every handler is registered and the connection listens. */
export function startServer(connection: Connection, host: ServerHost, options: ServerOptions = {}): void {
	const state = new ServerState(host);
	const log: handlers.Log = message => {
		try {
			connection.console.log(message);
		} catch {
			// The connection is closed (client gone, or disposed): there is nowhere to log to, and a throw
			// here (often inside a promise's catch handler) would become an unhandled rejection.
		}
	};
	/** The kept state (`initializationOptions.cacheDirectory`), saved after the first index and when edits settle. */
	let keptState: KeptStateStore | undefined;
	let saveTimer: NodeJS.Timeout | undefined;
	let registryTimer: NodeJS.Timeout | undefined;
	let saving = false;
	let saveAgain = false;
	const scheduleSave = (delay: number): void => {
		if (!keptState || !state.indexed) {
			return;
		}
		if (saveTimer !== undefined) {
			clearTimeout(saveTimer);
		}
		saveTimer = setTimeout(() => {
			saveTimer = undefined;
			void saveKeptState();
		}, delay);
	};
	const saveKeptState = async (): Promise<void> => {
		if (!keptState) {
			return;
		}
		if (saving) {
			saveAgain = true;
			return;
		}
		saving = true;
		try {
			const report = await keptState.save(state.workspace, state.analysis());
			log(`[info] kept state saved: ${report.files} file(s), ${report.sets} set(s), ${report.bytes} bytes${report.evicted > 0 ? `, ${report.evicted} evicted` : ''}${report.interrupted ? ' (interrupted by an edit)' : ''}`);
		} catch (error) {
			log(`[error] saving the kept state: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		} finally {
			saving = false;
			if (saveAgain) {
				saveAgain = false;
				scheduleSave(options.saveDelayMs ?? KEPT_STATE_SAVE_MS);
			}
		}
	};
	const changes = new ChangePropagator(connection, state, log, options.debounceMs ?? DEFAULT_DEBOUNCE_MS, () => scheduleSave(options.saveDelayMs ?? KEPT_STATE_SAVE_MS));
	let initializationSettings: unknown;
	let pushedSettings: unknown;
	let watcherRegistration: Disposable | undefined;
	let resolveIndexed: () => void = () => undefined;
	/** Resolves when the first index is built; requests that need the whole workspace wait for it. */
	const indexed = new Promise<void>(resolve => {
		resolveIndexed = resolve;
	});
	const warned = new Set<string>();
	let firstIndexDone = false;

	const warnSkipped = (report: ScanReport): void => {
		const fresh = report.tooLarge.filter(entry => !warned.has(entry.path));
		for (const entry of report.tooLarge) {
			log(`[warn] skipped ${entry.path}: ${entry.reason}`);
			warned.add(entry.path);
		}
		for (const entry of report.unreadable) {
			log(`[warn] cannot read ${entry.path}: ${entry.reason}`);
		}
		if (fresh.length > 0) {
			const names = fresh.map(entry => entry.path).join(', ');
			connection.sendNotification(ShowMessageNotification.type, {
				type: MessageType.Warning,
				message: `ESSH: skipped ${fresh.length} file${fresh.length === 1 ? '' : 's'} larger than essh.files.maxSize (${state.settings.maxSize} bytes): ${names}`,
			}).catch(() => undefined);
		}
	};

	/** A setting that cannot be used is said once per distinct problem, not on every configuration read. */
	const warnSettings = (settings: ServerSettings): ServerSettings => {
		const problem = settings.versionProblem;
		if (problem !== undefined && !warned.has(problem)) {
			warned.add(problem);
			log(`[warn] ${problem}`);
			connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `ESSH: ${problem}` }).catch(() => undefined);
		}
		return settings;
	};

	/**
	 * Hosts that read through the client (the browser) fetch the files under these URIs before the
	 * synchronous rescans read them; a failure is logged and leaves the host as it was.
	 */
	const load = async (uris: string[], directoriesOnly: string[] = []): Promise<ScanReport> => {
		const report = emptyReport();
		if (host.load && uris.length + directoriesOnly.length > 0) {
			try {
				report.unreadable.push(...await host.load(uris, { include: state.settings.include, exclude: state.settings.exclude }, state.settings.maxSize, directoriesOnly));
			} catch (error) {
				log(`[warn] cannot read files through the client: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
		return report;
	};
	const folderUris = (): string[] => state.folders.map(folder => folder.uri);
	/**
	 * What such a host fetches for watched changes: ESSH files created or changed, paths deleted under
	 * which it holds something, and created paths no glob selects in case they are directories; not
	 * the text of every file created in the workspace.
	 */
	const loadChanges = (changes: readonly FileEvent[]): Promise<ScanReport> => {
		const read: string[] = [];
		const directoriesOnly: string[] = [];
		for (const change of host.load ? changes : []) {
			const file = state.fileOf(change.uri);
			if (file === undefined) {
				continue;
			}
			if (change.type === FileChangeType.Deleted) {
				if (host.stat(file) !== undefined) {
					read.push(change.uri);
				}
			} else if (state.isEsshFile(file) || state.isRequiredModule(file)) {
				read.push(change.uri);
			} else if (change.type === FileChangeType.Created) {
				directoriesOnly.push(change.uri);
			}
		}
		return load(read, directoriesOnly);
	};
	/**
	 * Such a host also fetches the `./M.lua` modules the configs require beside their project file,
	 * which no glob selects, round by round as the modules found require more; `followModules` then
	 * reads them as it does from disk. True when some module was fetched.
	 */
	const fetchModules = async (report: ScanReport): Promise<boolean> => {
		let fetched = false;
		for (let round = 0; host.load && round < MAX_MODULE_FETCH_ROUNDS; round++) {
			const uris = state.modulesToFetch();
			if (uris.length === 0) {
				break;
			}
			report.unreadable.push(...(await load(uris)).unreadable);
			state.followModules(report);
			fetched = true;
		}
		return fetched;
	};
	/** After an edit: fetch what it newly requires, then refresh (browser only; the desktop reads the disk in `followModules`). */
	const fetchModulesAfterEdit = (): void => {
		if (!host.load) {
			return;
		}
		const report = emptyReport();
		fetchModules(report).then(fetched => {
			warnSkipped(report);
			if (fetched) {
				changes.schedule();
			}
		}, (error: unknown) => log(`[error] reading required modules: ${error instanceof Error ? error.stack ?? error.message : String(error)}`));
	};
	const withLoaded = (loaded: ScanReport, report: ScanReport): ScanReport => ({ ...report, unreadable: [...loaded.unreadable, ...report.unreadable] });

	const readSettings = async (): Promise<ServerSettings> => {
		if (state.support.configuration) {
			try {
				return warnSettings(parseSettings(await connection.workspace.getConfiguration({ section: 'essh' })));
			} catch (error) {
				log(`[warn] workspace/configuration failed, using defaults: ${String(error)}`);
			}
		}
		return warnSettings(parseSettings(pushedSettings ?? initializationSettings));
	};

	const registerWatchers = async (): Promise<void> => {
		if (!state.support.watchedFilesDynamic) {
			return;
		}
		watcherRegistration?.dispose();
		const watchers: FileSystemWatcher[] = state.settings.include.map(glob => ({ globPattern: glob }));
		// Creating, deleting or renaming a directory may report the directory only, which no include glob matches.
		watchers.push({ globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete });
		// Modules required as `./M.lua` beside a project file match no include glob but are read (state.followModules).
		watchers.push({ globPattern: '**/*.lua', kind: WatchKind.Change });
		const userDirectory = state.userDirectory();
		if (userDirectory !== undefined) {
			watchers.push({ globPattern: state.support.relativePatterns ? { baseUri: state.uri(userDirectory), pattern: '**/*.lua' } : `${userDirectory}/**/*.lua` });
		}
		try {
			watcherRegistration = await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
		} catch (error) {
			log(`[warn] cannot register file watchers: ${String(error)}`);
		}
	};

	/** (Re)builds the index from disk, with progress when the client shows it. */
	const index = async (title: string): Promise<void> => {
		const progress = state.support.workDoneProgress ? await connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
		progress?.begin(title, 0, 'finding files', false);
		const started = Date.now();
		const loaded = await load(folderUris());
		const report = state.rescan((done, total) => progress?.report(Math.floor(done * 100 / Math.max(total, 1)), `${done}/${total} files`));
		state.followModules(report);
		await fetchModules(report);
		state.indexed = true;
		progress?.done();
		log(`[info] indexed ${report.files} files in ${Date.now() - started} ms (revision ${state.workspace.revision})`);
		warnSkipped(withLoaded(loaded, report));
		if (!firstIndexDone) {
			firstIndexDone = true;
			options.onFirstIndex?.();
		}
		resolveIndexed();
	};

	connection.onInitialize((params: InitializeParams): InitializeResult => {
		state.support = clientSupport(params.capabilities);
		const rootFolder = params.rootUri ? [{ uri: params.rootUri, name: params.rootUri.replace(/\/+$/, '').split('/').pop() ?? params.rootUri }] : [];
		state.setFolders(params.workspaceFolders ?? rootFolder);
		const initialization = params.initializationOptions as { settings?: unknown; cacheDirectory?: unknown } | undefined;
		initializationSettings = initialization?.settings;
		const cacheDirectory = initialization?.cacheDirectory;
		if (typeof cacheDirectory === 'string' && cacheDirectory !== '') {
			if (!host.openStateCache) {
				log('[info] this build keeps no state between sessions; cacheDirectory is ignored');
			} else if (!/^(\/|[a-zA-Z]:[\\/]|\\\\)/.test(cacheDirectory)) {
				log(`[warn] cacheDirectory must be an absolute path, not "${cacheDirectory}"; no state is kept`);
			} else {
				keptState = host.openStateCache(cacheDirectory, log);
				state.workspace.restoreFrom(keptState.source());
			}
		}
		return { capabilities: capabilities(), serverInfo: { name: SERVER_NAME, version: SERVER_VERSION } };
	});

	connection.onInitialized(handlers.guardNotification(log, 'initialized', async () => {
		state.settings = await readSettings();
		keptState?.setMaxBytes(state.settings.cacheMaxSizeMB * 1024 * 1024);
		if (state.support.configuration) {
			await connection.client.register(DidChangeConfigurationNotification.type, { section: 'essh' }).catch(() => undefined);
		}
		if (state.support.workspaceFolders) {
			connection.workspace.onDidChangeWorkspaceFolders(handlers.guardNotification(log, 'workspace/didChangeWorkspaceFolders', async event => {
				const remaining = state.folders.filter(folder => !event.removed.some(removed => removed.uri === folder.uri)).map(folder => ({ uri: folder.uri, name: folder.name }));
				state.setFolders([...remaining, ...event.added]);
				const loaded = await load(event.added.map(folder => folder.uri));
				warnSkipped(withLoaded(loaded, state.rescan()));
				changes.schedule();
				fetchModulesAfterEdit();
			}));
		}
		await registerWatchers();
		await index('ESSH: indexing configs');
		changes.flush();
		if (keptState) {
			const counters = state.workspace.counters;
			log(`[info] kept state: ${counters.restoredFiles} file(s) and ${counters.restoredSets} set(s) restored, ${counters.parsed} file(s) parsed`);
			scheduleSave(KEPT_STATE_FIRST_SAVE_MS);
			if (counters.restoredSets > 0) {
				// Restored sets answered diagnostics without their registries; build them now, while the
				// user reads, so the first completion, hover or edit (which patches a built registry) is quick.
				registryTimer = setTimeout(() => {
					registryTimer = undefined;
					const started = Date.now();
					try {
						const sets = state.analysis().allSets();
						for (const set of sets) {
							void set.registry;
						}
						log(`[info] kept state: registries of ${sets.length} set(s) built in ${Date.now() - started} ms`);
					} catch (error) {
						log(`[error] building the restored sets' registries: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
					}
				}, KEPT_STATE_FIRST_SAVE_MS);
			}
		}
	}));

	connection.onDidChangeConfiguration(handlers.guardNotification(log, 'workspace/didChangeConfiguration', async params => {
		const settings = params.settings as { essh?: unknown } | undefined;
		if (settings?.essh !== undefined) {
			pushedSettings = settings.essh;
		}
		await indexed;
		const previous = state.settings;
		state.settings = await readSettings();
		keptState?.setMaxBytes(state.settings.cacheMaxSizeMB * 1024 * 1024);
		state.settingsGeneration++;
		if (fileSelectionChanged(previous, state.settings, host)) {
			await registerWatchers();
			const loaded = await load(folderUris());
			warnSkipped(withLoaded(loaded, state.rescan()));
			fetchModulesAfterEdit();
		} else {
			for (const document of state.documents.all()) {
				state.syncDocument(document.uri);
			}
		}
		log('[info] settings changed; refreshing');
		changes.flush();
		// Results may change with the settings even when no diagnostic did (severity, lenses, hints).
		if (state.support.pullDiagnostics && state.support.diagnosticRefresh) {
			connection.languages.diagnostics.refresh().catch(() => undefined);
		}
		if (state.support.codeLensRefresh) {
			connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
		}
		if (state.support.inlayHintRefresh) {
			connection.languages.inlayHint.refresh().catch(() => undefined);
		}
	}));

	connection.onDidChangeWatchedFiles(handlers.guardNotification(log, 'workspace/didChangeWatchedFiles', async params => {
		await indexed;
		const report = await loadChanges(params.changes);
		for (const change of params.changes) {
			state.diskChanged(change.uri, change.type === FileChangeType.Deleted, report);
		}
		warnSkipped(report);
		changes.schedule();
	}));

	state.documents.onDidChangeContent(event => {
		try {
			const tooLarge = state.syncDocument(event.document.uri);
			if (tooLarge !== undefined && !warned.has(event.document.uri)) {
				warned.add(event.document.uri);
				log(`[warn] not analysing ${tooLarge}`);
				connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `ESSH: not analysing ${tooLarge}.` }).catch(() => undefined);
			}
			changes.schedule();
			fetchModulesAfterEdit();
		} catch (error) {
			log(`[error] didChange ${event.document.uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		}
	});
	state.documents.onDidClose(event => {
		try {
			state.closeDocument(event.document.uri);
			changes.schedule();
		} catch (error) {
			log(`[error] didClose ${event.document.uri}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
		}
	});

	connection.languages.diagnostics.on(handlers.guard(log, 'textDocument/diagnostic', async (params, token: CancellationToken) => {
		await indexed;
		return handlers.handleDocumentDiagnostic(state, params, token);
	}));
	connection.languages.diagnostics.onWorkspace(handlers.guard(log, 'workspace/diagnostic', async (params, token: CancellationToken) => {
		await indexed;
		return handlers.handleWorkspaceDiagnostic(state, params, token);
	}));
	connection.onRequest(RegistryRequestMethod, handlers.guard(log, RegistryRequestMethod, async (params: RegistryParams | undefined) => {
		await indexed;
		return handlers.handleRegistry(state, params, changes.registryRevision);
	}));
	connection.onRequest(LookupRequestMethod, handlers.guard(log, LookupRequestMethod, async (params: LookupParams) => {
		await indexed;
		return handlers.handleLookup(state, params);
	}));

	connection.onRequest(ClearCacheRequestMethod, handlers.guard(log, ClearCacheRequestMethod, (): ClearCacheResult => {
		const removed = keptState?.clear() ?? 0;
		if (keptState) {
			log(`[info] kept state cleared: ${removed} file(s) deleted`);
		}
		return { removed, enabled: keptState !== undefined };
	}));

	connection.onRequest(EnvironmentRequestMethod, (): EnvironmentResult => ({
		runtime: options.runtime ?? 'node',
		global: (Object.getPrototypeOf(globalThis) as { constructor?: { name?: string } } | null)?.constructor?.name ?? 'unknown',
	}));

	connection.onDefinition(handlers.guard(log, 'textDocument/definition', params => handlers.handleDefinition(state, params)));
	connection.onDeclaration(handlers.guard(log, 'textDocument/declaration', params => handlers.handleDeclaration(state, params)));
	connection.onReferences(handlers.guard(log, 'textDocument/references', (params, token) => handlers.handleReferences(state, params, token)));
	connection.onDocumentHighlight(handlers.guard(log, 'textDocument/documentHighlight', params => handlers.handleDocumentHighlight(state, params)));
	connection.onPrepareRename(handlers.guard(log, 'textDocument/prepareRename', params => handlers.handlePrepareRename(state, params)));
	connection.onRenameRequest(handlers.guard(log, 'textDocument/rename', (params, token) => handlers.handleRename(state, params, token)));

	connection.onDocumentSymbol(handlers.guard(log, 'textDocument/documentSymbol', params => handlers.handleDocumentSymbol(state, params)));
	connection.onWorkspaceSymbol(handlers.guard(log, 'workspace/symbol', (params, token) => handlers.handleWorkspaceSymbol(state, params, token)));
	connection.onHover(handlers.guard(log, 'textDocument/hover', params => handlers.handleHover(state, params)));
	connection.onCompletion(handlers.guard(log, 'textDocument/completion', params => handlers.handleCompletion(state, params)));
	connection.onCodeAction(handlers.guard(log, 'textDocument/codeAction', params => handlers.handleCodeAction(state, params)));
	connection.onCodeLens(handlers.guard(log, 'textDocument/codeLens', params => handlers.handleCodeLens(state, params)));
	connection.languages.inlayHint.on(handlers.guard(log, 'textDocument/inlayHint', params => handlers.handleInlayHint(state, params)));
	connection.onDocumentLinks(handlers.guard(log, 'textDocument/documentLink', params => handlers.handleDocumentLink(state, params)));

	connection.onShutdown(() => {
		changes.dispose();
		if (saveTimer !== undefined) {
			clearTimeout(saveTimer);
			saveTimer = undefined;
		}
		if (registryTimer !== undefined) {
			clearTimeout(registryTimer);
			registryTimer = undefined;
		}
		keptState = undefined;
	});

	state.documents.listen(connection);
	connection.listen();
}
