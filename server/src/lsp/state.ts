/**
 * The language server's inputs (docs/architecture.md): the core `Workspace`, the open documents (whose
 * text overrides the disk), the files found on disk in every workspace folder and the user
 * directory, the settings, what the client supports, and the URI spelling of every file. Every
 * input change goes through here and bumps the workspace revision; requests take a snapshot with
 * `analysis()`. No protocol traffic happens here: server.ts and changes.ts do the talking.
 */
import { TextDocuments, type ClientCapabilities, type WorkspaceFolder } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Workspace, type Analysis, type AnalysisConfig } from '../core/analysis';
import type { FileId } from '../core/diagnostic';
import { matchesGlobs, type ServerHost, type SkippedFile } from '../host';
import { analysisConfig, DEFAULT_SETTINGS, userDirectoryOf, type ServerSettings } from './settings';
import type { LspContext } from './toLsp';
import { fileOfUri, fileUriOf, joinUri, relativeToFolder, uriRoot } from './uri';

/** What the client told us it can do, flattened. */
export interface ClientSupport {
	pullDiagnostics: boolean;
	diagnosticRefresh: boolean;
	relatedInformation: boolean;
	configuration: boolean;
	watchedFilesDynamic: boolean;
	relativePatterns: boolean;
	workDoneProgress: boolean;
	codeLensRefresh: boolean;
	inlayHintRefresh: boolean;
	snippets: boolean;
	locationLinks: boolean;
	workspaceFolders: boolean;
}

/** Reads the capabilities the server cares about. */
export function clientSupport(capabilities: ClientCapabilities): ClientSupport {
	const text = capabilities.textDocument;
	const workspace = capabilities.workspace;
	return {
		pullDiagnostics: text?.diagnostic !== undefined,
		diagnosticRefresh: workspace?.diagnostics?.refreshSupport === true,
		relatedInformation: text?.publishDiagnostics?.relatedInformation === true || text?.diagnostic?.relatedDocumentSupport === true || text?.diagnostic !== undefined,
		configuration: workspace?.configuration === true,
		watchedFilesDynamic: workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
		relativePatterns: workspace?.didChangeWatchedFiles?.relativePatternSupport === true,
		workDoneProgress: capabilities.window?.workDoneProgress === true,
		codeLensRefresh: workspace?.codeLens?.refreshSupport === true,
		inlayHintRefresh: workspace?.inlayHint?.refreshSupport === true,
		snippets: text?.completion?.completionItem?.snippetSupport === true,
		locationLinks: text?.definition?.linkSupport === true,
		workspaceFolders: workspace?.workspaceFolders === true,
	};
}

/** A workspace folder as a path. */
export interface Folder {
	uri: string;
	path: FileId;
	name: string;
	/** `scheme://authority` of its URI: files of other file systems are not under it. */
	root: string;
}

/** The outcome of reading files from disk, for the warnings the server shows. */
export interface ScanReport {
	files: number;
	/** Files over `essh.files.maxSize`. */
	tooLarge: SkippedFile[];
	/** Files or directories that could not be read. */
	unreadable: SkippedFile[];
}

function emptyReport(): ScanReport {
	return { files: 0, tooLarge: [], unreadable: [] };
}

/** The server's inputs and the snapshot they produce. */
export class ServerState {
	readonly workspace = new Workspace();
	readonly documents = new TextDocuments(TextDocument);
	settings: ServerSettings = DEFAULT_SETTINGS;
	support: ClientSupport = clientSupport({});
	folders: Folder[] = [];
	/** Files found on disk (workspace folders and the user directory). */
	readonly diskFiles = new Set<FileId>();
	/** `./M.lua` modules read because a config requires them, though no include glob selects them. */
	readonly moduleFiles = new Set<FileId>();
	/** Required `./M.lua` modules a host that reads through the client was asked for since the last rescan (a missing one is asked once). */
	private readonly askedModules = new Set<FileId>();
	/** True once the first index is built. */
	indexed = false;
	/** Bumped on every settings change, so result ids change with them. */
	settingsGeneration = 0;
	private readonly uris = new Map<FileId, string>();
	private configCache: { settings: ServerSettings; config: AnalysisConfig } | undefined;

	constructor(readonly host: ServerHost) {}

	/** The core configuration of the current settings. */
	config(): AnalysisConfig {
		if (this.configCache?.settings !== this.settings) {
			this.configCache = { settings: this.settings, config: analysisConfig(this.settings, this.host) };
		}
		return this.configCache.config;
	}

	/** The snapshot of the current revision. Callers must not keep it across a mutation. */
	analysis(): Analysis {
		return this.workspace.analysis(this.config());
	}

	/** A string that changes whenever any result may change (revision and settings). */
	resultId(): string {
		return `${this.workspace.revision}.${this.settingsGeneration}`;
	}

	context(analysis: Analysis = this.analysis()): LspContext {
		return { analysis, uri: file => this.uri(file), relatedInformation: this.support.relatedInformation };
	}

	/**
	 * The FileId of a URI, remembering the client's spelling of it: `file:` URIs, and URIs of the file
	 * system of a workspace folder (`vscode-vfs:`, `vscode-remote:`, … on the web). Other schemes
	 * (`git:`, `untitled:`, …) are not files of the workspace.
	 */
	fileOf(uri: string): FileId | undefined {
		const root = uriRoot(uri);
		if (root === undefined || (!root.startsWith('file:') && !this.folders.some(folder => folder.root === root))) {
			return undefined;
		}
		return this.remember(uri);
	}

	private remember(uri: string): FileId | undefined {
		const file = fileOfUri(uri);
		if (file !== undefined && !this.uris.has(file)) {
			this.uris.set(file, uri);
		}
		return file;
	}

	/**
	 * The URI of a file, in the client's spelling when it sent one; otherwise under the folder that
	 * holds it (so it keeps that folder's scheme), or a `file:` URI.
	 */
	uri(file: FileId): string {
		let result = this.uris.get(file);
		if (result === undefined) {
			const folder = this.folderOf(file);
			const relative = folder && !folder.root.startsWith('file:') ? relativeToFolder(folder.path, file) : undefined;
			result = folder && relative !== undefined ? joinUri(folder.uri, relative) : fileUriOf(file);
			this.uris.set(file, result);
		}
		return result;
	}

	setFolders(folders: WorkspaceFolder[]): void {
		this.folders = folders.flatMap(folder => {
			const path = this.remember(folder.uri);
			const root = uriRoot(folder.uri);
			return path === undefined || root === undefined ? [] : [{ uri: folder.uri, path: path.length > 1 ? path.replace(/\/+$/, '') : path, name: folder.name, root }];
		});
	}

	userDirectory(): string | undefined {
		return userDirectoryOf(this.settings, this.host);
	}

	/** True when the settings select this file: include/exclude globs under a folder, or the user directory. */
	isEsshFile(file: FileId): boolean {
		if (this.moduleFiles.has(file)) {
			return true;
		}
		const userDirectory = this.userDirectory();
		if (userDirectory !== undefined && file.startsWith(`${userDirectory}/`)) {
			const relative = file.slice(userDirectory.length + 1);
			return relative === 'config.lua' || relative === 'config_override.lua' || (relative.startsWith('lib/') && relative.endsWith('.lua'));
		}
		const folder = this.folderOf(file);
		const relative = (folder && relativeToFolder(folder.path, file)) ?? file.replace(/^\/+/, '');
		return matchesGlobs(relative, this.settings.include) && !matchesGlobs(relative, this.settings.exclude);
	}

	folderOf(file: FileId): Folder | undefined {
		let result: Folder | undefined;
		for (const folder of this.folders) {
			if (relativeToFolder(folder.path, file) !== undefined && (!result || folder.path.length > result.path.length)) {
				result = folder;
			}
		}
		return result;
	}

	/** Lists every ESSH file on disk (folders and user directory). */
	listDiskFiles(report: ScanReport): FileId[] {
		const result = new Set<FileId>();
		for (const folder of this.folders) {
			for (const file of this.host.listFiles(folder.path, { include: this.settings.include, exclude: this.settings.exclude }, report.unreadable)) {
				result.add(file);
			}
		}
		const userDirectory = this.userDirectory();
		if (userDirectory !== undefined) {
			for (const file of this.host.listUserFiles(userDirectory)) {
				result.add(file);
			}
		}
		return [...result].sort();
	}

	/**
	 * Reads one file from disk into the workspace (unless a document overrides it). Returns false when
	 * it is missing, too large or unreadable, and then forgets it.
	 */
	loadFromDisk(file: FileId, report: ScanReport = emptyReport()): boolean {
		const stat = this.host.stat(file);
		if (stat !== undefined && stat.isFile && stat.size > this.settings.maxSize) {
			report.tooLarge.push({ path: file, reason: `is ${stat.size} bytes, over essh.files.maxSize (${this.settings.maxSize})` });
			this.forgetDiskFile(file);
			return false;
		}
		const read = this.host.readFile(file, this.settings.maxSize);
		if (!read.ok) {
			if (stat !== undefined) {
				report.unreadable.push({ path: file, reason: read.reason });
			}
			this.forgetDiskFile(file);
			return false;
		}
		this.diskFiles.add(file);
		report.files++;
		if (!this.isOpen(file)) {
			this.workspace.setFile(file, read.text);
		}
		return true;
	}

	/** Drops a file that left the disk; an open document keeps its text until it is closed. */
	forgetDiskFile(file: FileId): void {
		this.diskFiles.delete(file);
		if (!this.isOpen(file)) {
			this.workspace.removeFile(file);
		}
	}

	/**
	 * Reads the `./M.lua` modules that the configs `require` beside their project file (ESSH finds them
	 * from the directory it runs in) and that no include glob selects, repeating while the modules found
	 * require more, and forgets those no config requires any more. Returns true when files changed.
	 */
	followModules(report: ScanReport = emptyReport()): boolean {
		let changed = false;
		for (let round = 0; round < MAX_MODULE_ROUNDS; round++) {
			const wanted = new Set(this.analysis().requiredModulePaths());
			let roundChanged = false;
			for (const file of [...this.moduleFiles]) {
				if (!wanted.has(file)) {
					this.moduleFiles.delete(file);
					if (!this.isEsshFile(file)) {
						this.forgetDiskFile(file);
						roundChanged = true;
					}
				}
			}
			for (const file of wanted) {
				if (this.workspace.hasFile(file) || this.folderOf(file) === undefined || this.host.stat(file)?.isFile !== true) {
					continue;
				}
				this.moduleFiles.add(file);
				if (this.loadFromDisk(file, report)) {
					roundChanged = true;
				} else {
					this.moduleFiles.delete(file);
				}
			}
			changed ||= roundChanged;
			if (!roundChanged) {
				break;
			}
		}
		return changed;
	}

	/**
	 * For a host that reads through the client (the browser): the URIs of the `./M.lua` modules the
	 * configs require that it holds nothing about and was not asked for since the last rescan. They
	 * are marked asked; once fetched, `followModules` reads them.
	 */
	modulesToFetch(): string[] {
		const result: string[] = [];
		for (const file of this.analysis().requiredModulePaths()) {
			if (this.workspace.hasFile(file) || this.folderOf(file) === undefined || this.askedModules.has(file) || this.host.stat(file) !== undefined) {
				continue;
			}
			this.askedModules.add(file);
			result.push(this.uri(file));
		}
		return result;
	}

	/** True when a config requires `file` as `./M.lua` beside its project file (read though no glob selects it). */
	isRequiredModule(file: FileId): boolean {
		return this.moduleFiles.has(file) || this.analysis().requiredModulePaths().includes(file);
	}

	/** Rescans every folder: new files are read, vanished ones dropped. Returns what was skipped. */
	rescan(onProgress?: (done: number, total: number) => void): ScanReport {
		this.askedModules.clear();
		const report = emptyReport();
		const files = [...this.listDiskFiles(report), ...[...this.moduleFiles].filter(file => this.host.stat(file)?.isFile === true)];
		const wanted = new Set(files);
		for (const known of [...this.diskFiles]) {
			if (!wanted.has(known)) {
				this.forgetDiskFile(known);
			}
		}
		// Files known only from documents that the new settings no longer select leave too.
		for (const file of this.workspace.fileIds()) {
			if (!wanted.has(file) && !(this.isOpen(file) && this.isEsshFile(file))) {
				this.workspace.removeFile(file);
			}
		}
		files.forEach((file, index) => {
			this.loadFromDisk(file, report);
			onProgress?.(index + 1, files.length);
		});
		for (const document of this.documents.all()) {
			this.syncDocument(document.uri);
		}
		return report;
	}

	isOpen(file: FileId): boolean {
		return this.documents.get(this.uri(file)) !== undefined;
	}

	/**
	 * Puts an open document's text into the workspace (when the settings select the file and it is
	 * within the size limit). Returns a reason when the document is too large.
	 */
	syncDocument(uri: string): string | undefined {
		const document = this.documents.get(uri);
		const file = this.fileOf(uri);
		if (!document || file === undefined || !this.isEsshFile(file)) {
			return undefined;
		}
		const text = document.getText();
		if (text.length > this.settings.maxSize) {
			this.workspace.removeFile(file);
			return `${file} is ${text.length} characters, over essh.files.maxSize (${this.settings.maxSize})`;
		}
		this.workspace.setFile(file, text);
		return undefined;
	}

	/** A document was closed: the disk text takes over, or the file leaves when it is not on disk. */
	closeDocument(uri: string): void {
		const file = this.fileOf(uri);
		if (file === undefined) {
			return;
		}
		if (this.diskFiles.has(file) || (this.isEsshFile(file) && this.host.stat(file)?.isFile === true)) {
			this.loadFromDisk(file);
		} else {
			this.workspace.removeFile(file);
		}
	}

	/** A file changed on disk (created, changed or deleted), as `workspace/didChangeWatchedFiles` says. */
	diskChanged(uri: string, deleted: boolean, report: ScanReport): void {
		const file = this.fileOf(uri);
		if (file === undefined) {
			return;
		}
		if (deleted) {
			// A deleted directory takes every file under it along.
			const prefix = `${file}/`;
			for (const known of [...this.diskFiles]) {
				if (known === file || known.startsWith(prefix)) {
					this.forgetDiskFile(known);
				}
			}
			return;
		}
		const stat = this.host.stat(file);
		if (stat?.isDirectory) {
			// A directory appeared (or was renamed into place): find the files in it.
			for (const folder of this.folders) {
				if (relativeToFolder(folder.path, file) !== undefined) {
					const found = this.host.listFiles(file, { include: this.settings.include, exclude: this.settings.exclude }, report.unreadable);
					for (const candidate of found) {
						if (this.isEsshFile(candidate)) {
							this.loadFromDisk(candidate, report);
						}
					}
				}
			}
			return;
		}
		if (this.isEsshFile(file)) {
			this.loadFromDisk(file, report);
		}
	}
}

/** How many times required modules are looked for (each round follows the modules found in the one before). */
const MAX_MODULE_ROUNDS = 8;

export { emptyReport };
