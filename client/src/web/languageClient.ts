/**
 * Builds the browser ESSH `LanguageClient` (VS Code for the Web: vscode.dev, github.dev, code-server's
 * web worker extension host): the server is `dist/web/server.js` in a Worker, and since a Worker
 * has no disk the client reads files for it through `vscode.workspace.fs` and `findFiles`, whatever
 * the URI scheme (`essh/readFiles`). The document selector covers the workspace folders' schemes;
 * code lenses that would run essh are dropped. No Node import.
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, type DocumentSelector, type MessageTransports } from 'vscode-languageclient/browser';
import { ReadFilesRequestMethod, type ReadFileEntry, type ReadFilesParams, type ReadFilesResult } from '../../../server/src/lsp/ext';
import { includePatterns, sharedClientOptions, type LanguageClientHooks } from '../clientOptions';

/** The part of a browser `Worker` used here (the project compiles without the DOM library). */
interface ServerWorker {
	terminate(): void;
}
declare const Worker: new (url: string, options?: { name?: string }) => ServerWorker;

/** The document selector: the include globs in every URI scheme of the workspace folders. */
export function webDocumentSelector(): DocumentSelector {
	const patterns = includePatterns(vscode.workspace.getConfiguration('essh'));
	const schemes = [...new Set((vscode.workspace.workspaceFolders ?? []).map(folder => folder.uri.scheme))];
	if (schemes.length === 0) {
		return patterns.map(pattern => ({ language: 'lua', pattern }));
	}
	return schemes.flatMap(scheme => patterns.map(pattern => ({ scheme, language: 'lua', pattern })));
}

/**
 * Starts the server Worker. Workers cannot be created from `vscode-remote:` URLs (an extension served
 * by a VS Code server, as in code-server), so there the script is read and started from a blob URL.
 */
async function createServerWorker(context: vscode.ExtensionContext): Promise<ServerWorker> {
	const script = vscode.Uri.joinPath(context.extensionUri, 'dist', 'web', 'server.js');
	if (script.scheme === 'vscode-remote') {
		const bytes = await vscode.workspace.fs.readFile(script);
		return new Worker(URL.createObjectURL(new Blob([bytes], { type: 'text/javascript' })), { name: 'ESSH language server' });
	}
	return new Worker(script.toString(true), { name: 'ESSH language server' });
}

/**
 * Creates (but does not start) the client; each start (and restart) gets a new Worker, and the
 * previous one is ended. The transports are made here: the library recognises a Worker by
 * `instanceof Worker`, which the web worker extension host's own `Worker` wrapper does not pass.
 */
export function createWebLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.LogOutputChannel, hooks: LanguageClientHooks): LanguageClient {
	const shared = sharedClientOptions(outputChannel, hooks);
	let worker: ServerWorker | undefined;
	const transports = async (): Promise<MessageTransports> => {
		worker?.terminate();
		worker = await createServerWorker(context);
		const port = worker as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
		return { reader: new BrowserMessageReader(port), writer: new BrowserMessageWriter(port) };
	};
	context.subscriptions.push({ dispose: () => worker?.terminate() });
	const client = new LanguageClient('essh', 'ESSH Language Server', transports, {
		...shared,
		documentSelector: webDocumentSelector(),
		middleware: {
			...shared.middleware,
			// "Run task" needs a terminal that runs essh, which a browser does not have.
			provideCodeLenses: async (document, token, next) => (await next(document, token))?.filter(lens => lens.command?.command !== 'essh.runTask'),
		},
	});
	client.onRequest(ReadFilesRequestMethod, (params: ReadFilesParams) => readFiles(params, outputChannel));
	return client;
}

/**
 * Answers `essh/readFiles`: each URI as a file, or a directory followed by the ESSH files under it,
 * or missing; each of `directoriesOnly` only when it is a directory (or missing).
 */
export async function readFiles(params: ReadFilesParams, outputChannel: vscode.LogOutputChannel): Promise<ReadFilesResult> {
	const entries: ReadFileEntry[] = [];
	const exclude = params.exclude.length > 0 ? `{${params.exclude.join(',')}}` : null;
	for (const text of params.uris) {
		const uri = vscode.Uri.parse(text);
		let stat: vscode.FileStat;
		try {
			stat = await vscode.workspace.fs.stat(uri);
		} catch {
			entries.push({ uri: text, kind: 'missing' });
			continue;
		}
		if ((stat.type & vscode.FileType.Directory) === 0) {
			entries.push(await readFile(uri, stat, params.maxSize));
			continue;
		}
		entries.push(...await readDirectory(uri, text, params, exclude, outputChannel));
	}
	for (const text of params.directoriesOnly ?? []) {
		const uri = vscode.Uri.parse(text);
		const stat = await vscode.workspace.fs.stat(uri).then(found => found, () => undefined);
		if (stat === undefined) {
			entries.push({ uri: text, kind: 'missing' });
		} else if ((stat.type & vscode.FileType.Directory) !== 0) {
			entries.push(...await readDirectory(uri, text, params, exclude, outputChannel));
		}
	}
	return { entries };
}

/** A directory entry followed by the ESSH files under it. */
async function readDirectory(uri: vscode.Uri, text: string, params: ReadFilesParams, exclude: string | null, outputChannel: vscode.LogOutputChannel): Promise<ReadFileEntry[]> {
	const found = new Map<string, vscode.Uri>();
	for (const include of params.include) {
		try {
			for (const file of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, include), exclude)) {
				found.set(file.toString(), file);
			}
		} catch (error) {
			outputChannel.warn(`Cannot search ${text} for ${include}: ${error instanceof Error ? error.message : String(error)}`);
		}
	}
	const files = [...found.values()].sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
	return [{ uri: text, kind: 'directory' }, ...await mapConcurrently(files, file => readFile(file, undefined, params.maxSize))];
}

/** How many files are read at once: each read is a round trip to wherever the files are (a server, GitHub). */
const READ_CONCURRENCY = 16;

/** `map` over `items` with at most READ_CONCURRENCY calls in flight; results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], map: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array(items.length);
	let next = 0;
	const worker = async (): Promise<void> => {
		while (next < items.length) {
			const index = next++;
			results[index] = await map(items[index]);
		}
	};
	await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
	return results;
}

/** One file: its text (UTF-8, invalid bytes as U+FFFD, a BOM kept as the desktop server keeps it), or why not. */
async function readFile(uri: vscode.Uri, known: vscode.FileStat | undefined, maxSize: number): Promise<ReadFileEntry> {
	try {
		const stat = known ?? await vscode.workspace.fs.stat(uri);
		if (stat.size > maxSize) {
			return { uri: uri.toString(), kind: 'file', size: stat.size, reason: `is ${stat.size} bytes, over the ${maxSize}-byte limit` };
		}
		const bytes = await vscode.workspace.fs.readFile(uri);
		return { uri: uri.toString(), kind: 'file', size: bytes.byteLength, text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
	} catch (error) {
		if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') {
			return { uri: uri.toString(), kind: 'missing' };
		}
		return { uri: uri.toString(), kind: 'file', size: 0, reason: `cannot be read (${error instanceof Error ? error.message : String(error)})` };
	}
}
