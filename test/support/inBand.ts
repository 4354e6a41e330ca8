/**
 * In-band protocol tests (docs/architecture.md): a memory `ServerHost` and a client talking to a real
 * `startServer` over a pair of in-memory streams, so tests exercise the wiring and conversions of
 * the language server without processes or disk. The client records every notification and
 * server-to-client request, answers `workspace/configuration` from `settings`, and offers small
 * helpers (open, change, close, wait for a message).
 */
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import micromatch from 'micromatch';
import {
	createConnection, createMessageConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter,
	type CancellationToken, type ClientCapabilities, type Connection, type InitializeResult, type MessageConnection,
} from 'vscode-languageserver/node';
import { WebHost } from '../../server/src/browser/webHost';
import { StateCache } from '../../server/src/cache/store';
import type { FileGlobs, HostStat, KeptStateStore, ReadResult, ServerHost, SkippedFile } from '../../server/src/host';
import { ReadFilesRequestMethod, type ReadFileEntry, type ReadFilesParams, type ReadFilesResult } from '../../server/src/lsp/ext';
import { fileOfUri, joinUri } from '../../server/src/lsp/uri';
import { startServer } from '../../server/src/server';

/** A file system in memory: absolute POSIX paths to texts. */
export class MemoryHost implements ServerHost {
	readonly files = new Map<string, string>();
	home = '/home/tester';
	/** Paths whose read throws (to test that a failing read is contained). */
	readonly failingReads = new Set<string>();

	constructor(files: Record<string, string> = {}) {
		for (const [path, text] of Object.entries(files)) {
			this.files.set(path, text);
		}
	}

	write(path: string, text: string): void {
		this.files.set(path, text);
	}

	delete(path: string): void {
		this.files.delete(path);
		for (const key of [...this.files.keys()]) {
			if (key.startsWith(`${path}/`)) {
				this.files.delete(key);
			}
		}
	}

	listFiles(folder: string, globs: FileGlobs, _skipped: SkippedFile[]): string[] {
		const options = { dot: true };
		const prefix = folder.endsWith('/') ? folder : `${folder}/`;
		return [...this.files.keys()].filter(path => {
			if (!path.startsWith(prefix)) {
				return false;
			}
			const relative = path.slice(prefix.length);
			const parts = relative.split('/');
			for (let index = 1; index < parts.length; index++) {
				if (micromatch.isMatch(`${parts.slice(0, index).join('/')}/`, globs.exclude, options) || micromatch.isMatch(parts.slice(0, index).join('/'), globs.exclude, options)) {
					return false;
				}
			}
			return micromatch.isMatch(relative, globs.include, options) && !micromatch.isMatch(relative, globs.exclude, options);
		}).sort();
	}

	listUserFiles(directory: string): string[] {
		return [...this.files.keys()].filter(path => path === `${directory}/config.lua` || path === `${directory}/config_override.lua` || (path.startsWith(`${directory}/lib/`) && path.endsWith('.lua'))).sort();
	}

	readFile(file: string, maxSize: number): ReadResult {
		if (this.failingReads.has(file)) {
			throw new Error(`simulated read failure for ${file}`);
		}
		const text = this.files.get(file);
		if (text === undefined) {
			return { ok: false, reason: 'does not exist' };
		}
		const size = Buffer.byteLength(text);
		return size > maxSize ? { ok: false, reason: `is ${size} bytes, over the ${maxSize}-byte limit` } : { ok: true, text };
	}

	stat(file: string): HostStat | undefined {
		const text = this.files.get(file);
		if (text !== undefined) {
			return { isFile: true, isDirectory: false, size: Buffer.byteLength(text) };
		}
		const prefix = file.endsWith('/') ? file : `${file}/`;
		return [...this.files.keys()].some(path => path.startsWith(prefix)) ? { isFile: false, isDirectory: true, size: 0 } : undefined;
	}

	homeDirectory(): string {
		return this.home;
	}

	/** The kept state lives on the real disk (a temp folder the test gives as `cacheDirectory`). */
	openStateCache(directory: string, log: (message: string) => void): KeptStateStore {
		return new StateCache({ directory, log });
	}
}

/** The `file:` URI of an absolute test path. */
export function uri(path: string): string {
	return pathToFileURL(path).href;
}

const fileUri = uri;

/** Answers `essh/readFiles` from a memory host, as the browser extension answers it through VS Code. */
function readFilesFrom(host: MemoryHost, params: ReadFilesParams, uriOf: (path: string) => string): ReadFilesResult {
	const entries: ReadFileEntry[] = [];
	const read = (path: string): ReadFileEntry => {
		const size = host.stat(path)?.size ?? 0;
		return size > params.maxSize ? { uri: uriOf(path), kind: 'file', size, reason: 'too large' } : { uri: uriOf(path), kind: 'file', size, text: host.files.get(path) };
	};
	for (const requested of [...params.uris, ...params.directoriesOnly ?? []]) {
		const path = fileOfUri(requested);
		const stat = path === undefined ? undefined : host.stat(path);
		if (path === undefined || stat === undefined) {
			entries.push({ uri: requested, kind: 'missing' });
		} else if (stat.isFile) {
			if (params.uris.includes(requested)) {
				entries.push(read(path));
			}
		} else {
			entries.push({ uri: requested, kind: 'directory' });
			entries.push(...host.listFiles(path, { include: params.include, exclude: params.exclude }, []).map(read));
		}
	}
	return { entries };
}

/** What a VS Code-like client supports: pull diagnostics, refresh, configuration, dynamic watchers, progress. */
export const PULL_CLIENT: ClientCapabilities = {
	textDocument: {
		diagnostic: { dynamicRegistration: false, relatedDocumentSupport: true },
		publishDiagnostics: { relatedInformation: true },
		definition: { linkSupport: true },
		completion: { completionItem: { snippetSupport: true } },
	},
	workspace: {
		configuration: true,
		workspaceFolders: true,
		diagnostics: { refreshSupport: true },
		didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
		codeLens: { refreshSupport: true },
		inlayHint: { refreshSupport: true },
	},
	window: { workDoneProgress: true },
};

/** A client without pull diagnostics (push only), like many older editors. */
export const PUSH_CLIENT: ClientCapabilities = {
	textDocument: { publishDiagnostics: { relatedInformation: true } },
	workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
};

export interface Message {
	method: string;
	params: unknown;
}

export interface InBandOptions {
	files?: Record<string, string>;
	/** Workspace folders (paths); default `/ws`. */
	folders?: string[];
	capabilities?: ClientCapabilities;
	/** The `essh` section answered to `workspace/configuration`. User config is off unless set. */
	settings?: Record<string, unknown>;
	debounceMs?: number;
	/**
	 * Runs the server as in a browser: its host is a `WebHost`, and the test client answers
	 * `essh/readFiles` from the memory host, as the browser extension does through VS Code.
	 */
	web?: boolean;
	/** The URI of the root `/` when it is not `file:///`, e.g. `vscode-test-web://mount/`: every path becomes a URI under it. */
	rootUri?: string;
	/** `initializationOptions.cacheDirectory` (a real folder: the memory host keeps its state on disk). */
	cacheDirectory?: string;
	/** Delay before saving the kept state after a change (`ServerOptions.saveDelayMs`). */
	saveDelayMs?: number;
	/** Passed to `startServer` (`ServerOptions.onFirstIndex`). */
	onFirstIndex?: () => void;
}

/** A started server and the client talking to it. */
export interface InBand {
	host: MemoryHost;
	/** The URI of a test path (under `rootUri` when one was given). */
	uri(path: string): string;
	client: MessageConnection;
	server: Connection;
	initializeResult: InitializeResult;
	/** Every notification the server sent, in order. */
	notifications: Message[];
	/** Every request the server sent to the client, in order. */
	serverRequests: Message[];
	/** The `essh` settings section the client answers with; mutate and call `changeSettings`. */
	settings: Record<string, unknown>;
	request<R>(method: string, params: unknown, token?: CancellationToken): Promise<R>;
	notify(method: string, params: unknown): Promise<void>;
	open(path: string, text: string, version?: number): Promise<void>;
	/** Replaces the whole text of an open document. */
	change(path: string, text: string, version: number): Promise<void>;
	close(path: string): Promise<void>;
	/** Tells the server files changed on disk (after the test changed `host`). */
	diskChanged(changes: Array<{ path: string; type: 'created' | 'changed' | 'deleted' }>): Promise<void>;
	changeSettings(settings: Record<string, unknown>): Promise<void>;
	/** Resolves with the first message (notification or server request) after `from` that satisfies `predicate`. */
	waitFor(predicate: (message: Message) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<Message>;
	/** How many messages (notifications and server requests) have been seen so far. */
	mark(): number;
	/** The messages seen since a mark. */
	since(mark: number): Message[];
	dispose(): Promise<void>;
}

const CHANGE_TYPE = { created: 1, changed: 2, deleted: 3 } as const;

/** Starts a server over memory streams, initializes it and waits for the first index. */
export async function startInBand(options: InBandOptions = {}): Promise<InBand> {
	const host = new MemoryHost(options.files);
	const rootUri = options.rootUri;
	const uri = (path: string): string => (rootUri === undefined ? fileUri(path) : joinUri(rootUri, path.replace(/^\/+/, '')));
	const up = new PassThrough();
	const down = new PassThrough();
	const server = createConnection(ProposedFeatures.all, new StreamMessageReader(up), new StreamMessageWriter(down));
	const serverHost = options.web ? new WebHost(params => server.sendRequest<ReadFilesResult>(ReadFilesRequestMethod, params)) : host;
	startServer(server, serverHost, { debounceMs: options.debounceMs ?? 20, runtime: options.web ? 'browser' : 'node', saveDelayMs: options.saveDelayMs, onFirstIndex: options.onFirstIndex });
	const client = createMessageConnection(new StreamMessageReader(down), new StreamMessageWriter(up));
	const notifications: Message[] = [];
	const serverRequests: Message[] = [];
	const all: Message[] = [];
	const waiters: Array<{ predicate: (message: Message) => boolean; from: number; resolve: (message: Message) => void }> = [];
	const settings: Record<string, unknown> = { userConfig: { enabled: false }, ...options.settings };
	const record = (message: Message, list: Message[]): void => {
		list.push(message);
		all.push(message);
		const index = all.length - 1;
		for (const waiter of [...waiters]) {
			if (index >= waiter.from && waiter.predicate(message)) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(message);
			}
		}
	};
	client.onNotification((method, params) => record({ method, params }, notifications));
	// `$/progress` never reaches the star handler: jsonrpc routes it to progress handlers.
	client.onUnhandledProgress(params => record({ method: '$/progress', params }, notifications));
	client.onRequest((method, params) => {
		record({ method, params }, serverRequests);
		if (method === 'workspace/configuration') {
			const items = (params as { items: Array<{ section?: string }> }).items;
			return items.map(item => (item.section === 'essh' ? settings : null));
		}
		if (method === ReadFilesRequestMethod) {
			return readFilesFrom(host, params as ReadFilesParams, uri);
		}
		return null;
	});
	client.listen();

	const waitFor = (predicate: (message: Message) => boolean, waitOptions: { from?: number; timeoutMs?: number } = {}): Promise<Message> => {
		const from = waitOptions.from ?? 0;
		const found = all.slice(from).find(predicate);
		if (found) {
			return Promise.resolve(found);
		}
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				waiters.splice(waiters.indexOf(waiter), 1);
				reject(new Error(`timed out waiting for a message; seen: ${all.slice(from).map(message => message.method).join(', ')}`));
			}, waitOptions.timeoutMs ?? 3000);
			const waiter = {
				predicate,
				from,
				resolve: (message: Message) => {
					clearTimeout(timer);
					resolve(message);
				},
			};
			waiters.push(waiter);
		});
	};

	const folders = options.folders ?? ['/ws'];
	const initializeResult = await client.sendRequest<InitializeResult>('initialize', {
		processId: null,
		rootUri: folders.length > 0 ? uri(folders[0]) : null,
		capabilities: options.capabilities ?? PULL_CLIENT,
		workspaceFolders: folders.map(folder => ({ uri: uri(folder), name: folder.split('/').pop() || 'root' })),
		...(options.cacheDirectory === undefined ? {} : { initializationOptions: { cacheDirectory: options.cacheDirectory } }),
	});
	const indexedMark = all.length;
	await client.sendNotification('initialized', {});
	await waitFor(message => message.method === 'window/logMessage' && String((message.params as { message: string }).message).includes('indexed'), { from: indexedMark });

	const result: InBand = {
		host,
		uri,
		client,
		server,
		initializeResult,
		notifications,
		serverRequests,
		settings,
		request: <R>(method: string, params: unknown, token?: CancellationToken) => (token ? client.sendRequest<R>(method, params, token) : client.sendRequest<R>(method, params)),
		notify: (method, params) => client.sendNotification(method, params),
		open: (path, text, version = 1) => client.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(path), languageId: 'lua', version, text } }),
		change: (path, text, version) => client.sendNotification('textDocument/didChange', { textDocument: { uri: uri(path), version }, contentChanges: [{ text }] }),
		close: path => client.sendNotification('textDocument/didClose', { textDocument: { uri: uri(path) } }),
		diskChanged: changes => client.sendNotification('workspace/didChangeWatchedFiles', { changes: changes.map(change => ({ uri: uri(change.path), type: CHANGE_TYPE[change.type] })) }),
		changeSettings: async next => {
			for (const key of Object.keys(result.settings)) {
				delete result.settings[key];
			}
			Object.assign(result.settings, next);
			await client.sendNotification('workspace/didChangeConfiguration', { settings: { essh: next } });
		},
		waitFor,
		mark: () => all.length,
		since: mark => all.slice(mark),
		dispose: async () => {
			await client.sendRequest('shutdown').catch(() => undefined);
			client.dispose();
			server.dispose();
			up.end();
			down.end();
		},
	};
	return result;
}
