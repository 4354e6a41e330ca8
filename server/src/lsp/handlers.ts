/**
 * Thin request handlers (docs/architecture.md): each converts the protocol params to core terms
 * (fromLsp), asks the core snapshot, and converts the answer back (toLsp). Long requests honour
 * their CancellationToken and answer RequestCancelled, and a request whose snapshot is superseded
 * while it runs answers ContentModified. `guard` wraps every handler so an internal error is logged
 * with its method and URI and fails only that request.
 */
import {
	DocumentDiagnosticReportKind, DocumentHighlightKind, ErrorCodes, LSPErrorCodes, ResponseError,
	type CancellationToken, type DeclarationParams, type DefinitionParams, type DocumentDiagnosticParams, type DocumentDiagnosticReport, type DocumentHighlight,
	type DocumentHighlightParams, type Location, type LocationLink, type PrepareRenameParams, type Range, type ReferenceParams, type RenameParams,
	type TextDocumentPositionParams, type WorkspaceDiagnosticParams, type WorkspaceDiagnosticReport, type WorkspaceDocumentDiagnosticReport, type WorkspaceEdit,
	type CodeAction, type CodeActionParams, type CodeLens, type CodeLensParams, type CompletionItem, type CompletionList, type CompletionParams, type DocumentLink, type DocumentLinkParams,
	type DocumentSymbol, type DocumentSymbolParams, type Hover, type HoverParams, type InlayHint, type InlayHintParams, type WorkspaceSymbol, type WorkspaceSymbolParams,
} from 'vscode-languageserver';
import type { Analysis, SetAnalysis } from '../core/analysis';
import type { FileId } from '../core/diagnostic';
import * as actions from '../core/ide/actions';
import * as completion from '../core/ide/completion';
import * as hover from '../core/ide/hover';
import * as lens from '../core/ide/lens';
import * as links from '../core/ide/links';
import * as navigation from '../core/ide/navigation';
import * as symbols from '../core/ide/symbols';
import type { NavTarget } from '../core/ide/types';
import * as fromLsp from './fromLsp';
import type { LookupParams, LookupResult, RegistryParams, RegistryResult, RegistrySet } from './ext';
import { lookup, registrySet, scopedSets, UnknownLookupKind } from './registry';
import type { ServerState } from './state';
import * as toLsp from './toLsp';
import { relativeToFolder } from './uri';

/** A request's failure; `never` data so it fits every request's error type. */
export type RequestError = ResponseError<never>;

/** Logs a line to the client's log. */
export type Log = (message: string) => void;

/** The error a cancelled request answers. */
export function cancelled(): RequestError {
	return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** The error a request answers when the workspace changed under it. */
export function contentModified(): RequestError {
	return new ResponseError(LSPErrorCodes.ContentModified, 'The workspace changed while the request ran.');
}

function uriOfParams(params: unknown): string | undefined {
	if (typeof params === 'object' && params !== null) {
		const record = params as { textDocument?: { uri?: unknown }; uri?: unknown; scope?: unknown };
		if (typeof record.textDocument?.uri === 'string') {
			return record.textDocument.uri;
		}
		if (typeof record.uri === 'string') {
			return record.uri;
		}
		if (typeof record.scope === 'string') {
			return record.scope;
		}
	}
	return undefined;
}

function describe(error: unknown): string {
	return error instanceof Error ? error.stack ?? error.message : String(error);
}

const POSITION_METHODS = new Set([
	'textDocument/definition', 'textDocument/declaration', 'textDocument/references', 'textDocument/documentHighlight', 'textDocument/prepareRename',
	'textDocument/rename', 'textDocument/hover', 'textDocument/completion',
]);

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** What is wrong with a request's params, when a client sends a shape no handler can use. */
export function invalidParams(method: string, params: unknown): string | undefined {
	if (!method.startsWith('textDocument/')) {
		return undefined;
	}
	if (!isObject(params) || !isObject(params.textDocument) || typeof params.textDocument.uri !== 'string') {
		return `${method} needs params.textDocument.uri`;
	}
	if (POSITION_METHODS.has(method)) {
		const position = params.position;
		if (!isObject(position) || typeof position.line !== 'number' || typeof position.character !== 'number') {
			return `${method} needs params.position with numeric line and character`;
		}
	}
	return undefined;
}

/**
 * Wraps a request handler: malformed params answer InvalidParams; an exception (or a rejected
 * promise) is logged with the method and the URI and becomes an InternalError response;
 * ResponseErrors pass through unchanged.
 */
export function guard<P, R, T extends unknown[]>(log: Log, method: string, handler: (params: P, ...rest: T) => R | Promise<R>): (params: P, ...rest: T) => Promise<R | RequestError> {
	const fail = (params: P, error: unknown): RequestError => {
		if (error instanceof ResponseError) {
			return error as RequestError;
		}
		const uri = uriOfParams(params);
		log(`[error] ${method}${uri !== undefined ? ` ${uri}` : ''}: ${describe(error)}`);
		return new ResponseError(ErrorCodes.InternalError, `ESSH server: internal error in ${method}: ${error instanceof Error ? error.message : String(error)}`);
	};
	return async (params: P, ...rest: T) => {
		const problem = invalidParams(method, params);
		if (problem !== undefined) {
			return new ResponseError(ErrorCodes.InvalidParams, `ESSH server: ${problem}`) as RequestError;
		}
		try {
			return await handler(params, ...rest);
		} catch (error) {
			return fail(params, error);
		}
	};
}

/** Wraps a notification handler: an exception is logged, never thrown into the connection. */
export function guardNotification<P>(log: Log, method: string, handler: (params: P) => void | Promise<void>): (params: P) => void {
	return (params: P) => {
		const report = (error: unknown): void => {
			const uri = uriOfParams(params);
			log(`[error] ${method}${uri !== undefined ? ` ${uri}` : ''}: ${describe(error)}`);
		};
		try {
			const result = handler(params);
			if (result instanceof Promise) {
				result.catch(report);
			}
		} catch (error) {
			report(error);
		}
	};
}

/**
 * Lets queued messages (a `$/cancelRequest`, an edit) through between chunks of work: `setImmediate`
 * under Node, a zero timeout in a browser Worker, which has no `setImmediate`.
 */
export function yieldToEventLoop(): Promise<void> {
	return new Promise(resolve => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** `textDocument/diagnostic`: every diagnostic of the file under the current snapshot. */
export function handleDocumentDiagnostic(state: ServerState, params: DocumentDiagnosticParams, token: CancellationToken): DocumentDiagnosticReport | RequestError {
	if (token.isCancellationRequested) {
		return cancelled();
	}
	const file = state.fileOf(params.textDocument.uri);
	const resultId = state.resultId();
	if (file === undefined || !state.workspace.hasFile(file)) {
		return { kind: DocumentDiagnosticReportKind.Full, resultId, items: [] };
	}
	if (params.previousResultId === resultId) {
		return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
	}
	const analysis = state.analysis();
	const context = state.context(analysis);
	return { kind: DocumentDiagnosticReportKind.Full, resultId, items: analysis.diagnostics(file).map(diag => toLsp.diagnostic(context, diag)) };
}

/** Files per chunk of `workspace/diagnostic` between two yields. */
const WORKSPACE_DIAGNOSTIC_CHUNK = 25;

/** `workspace/diagnostic`: every known file, open or not, yielding between chunks so it can be cancelled. */
export async function handleWorkspaceDiagnostic(state: ServerState, params: WorkspaceDiagnosticParams, token: CancellationToken): Promise<WorkspaceDiagnosticReport | RequestError> {
	const revision = state.resultId();
	const previous = new Map(params.previousResultIds.map(entry => [entry.uri, entry.value]));
	const items: WorkspaceDocumentDiagnosticReport[] = [];
	const files = state.workspace.fileIds().sort();
	for (let index = 0; index < files.length; index++) {
		if (index % WORKSPACE_DIAGNOSTIC_CHUNK === 0) {
			if (index > 0) {
				await yieldToEventLoop();
			}
			if (token.isCancellationRequested) {
				return cancelled();
			}
			if (state.resultId() !== revision) {
				return contentModified();
			}
		}
		const file = files[index];
		const uri = state.uri(file);
		const version = state.documents.get(uri)?.version ?? null;
		if (previous.get(uri) === revision) {
			items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId: revision });
			continue;
		}
		const analysis = state.analysis();
		const context = state.context(analysis);
		items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId: revision, items: analysis.diagnostics(file).map(diag => toLsp.diagnostic(context, diag)) });
	}
	if (token.isCancellationRequested) {
		return cancelled();
	}
	// Files the client still holds results for but the server no longer knows (deleted on disk) get one empty report.
	const known = new Set(items.map(item => item.uri));
	for (const uri of previous.keys()) {
		if (!known.has(uri)) {
			items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: revision, items: [] });
		}
	}
	return { items };
}

/** A set's label: its directory relative to the workspace folder that holds it. */
export function setLabel(state: ServerState, set: SetAnalysis): string {
	const id = set.definition.id;
	if (set.definition.kind === 'user') {
		return '~/.essh';
	}
	const folder = state.folderOf(id) ?? (state.folders.find(candidate => candidate.path === id));
	const multiRoot = state.folders.length > 1;
	if (!folder) {
		return id;
	}
	const relative = relativeToFolder(folder.path, id);
	if (relative === undefined) {
		return id;
	}
	if (relative === '') {
		return folder.name;
	}
	return multiRoot ? `${folder.name}/${relative}` : relative;
}

/** `essh/registry`: every evaluation set (or the one asked for). */
export function handleRegistry(state: ServerState, params: RegistryParams | undefined, revision: number): RegistryResult {
	const analysis = state.analysis();
	const context = state.context(analysis);
	const wanted: FileId | undefined = typeof params?.setId === 'string' ? state.fileOf(params.setId) ?? params.setId : undefined;
	const sets = wanted !== undefined ? [analysis.set(wanted)].filter((set): set is SetAnalysis => set !== undefined) : analysis.allSets();
	return { revision, sets: sets.map(set => cachedRegistrySet(context, set, setLabel(state, set))) };
}

/**
 * Payloads built per set analysis, reused while the snapshot (positions, diagnostics) and the label
 * are the same: the payload of a large set is built only when a client asks, once per revision.
 */
const registryPayloads = new WeakMap<SetAnalysis, { analysis: Analysis; label: string; payload: RegistrySet }>();

function cachedRegistrySet(context: toLsp.LspContext, set: SetAnalysis, label: string): RegistrySet {
	const cached = registryPayloads.get(set);
	if (cached && cached.analysis === context.analysis && cached.label === label) {
		return cached.payload;
	}
	const payload = registrySet(context, set, label);
	registryPayloads.set(set, { analysis: context.analysis, label, payload });
	return payload;
}

/** `essh/lookup`: the core queries over the sets of the scope. */
export function handleLookup(state: ServerState, params: LookupParams): LookupResult | RequestError {
	if (typeof params !== 'object' || params === null || typeof params.kind !== 'string') {
		return new ResponseError(ErrorCodes.InvalidParams, 'essh/lookup needs a "kind".');
	}
	const analysis = state.analysis();
	const scope = typeof params.scope === 'string' ? state.fileOf(params.scope) ?? params.scope : undefined;
	try {
		return { items: lookup(state.context(analysis), scopedSets(analysis, scope), params) };
	} catch (error) {
		if (error instanceof UnknownLookupKind) {
			return new ResponseError(ErrorCodes.InvalidParams, `essh/lookup: ${error.message}.`);
		}
		throw error;
	}
}

/** The snapshot, file and offset of a position request; undefined when the file is not an ESSH file we hold. */
export function filePosition(state: ServerState, params: TextDocumentPositionParams): { analysis: Analysis; file: FileId; offset: number } | undefined {
	const file = state.fileOf(params.textDocument.uri);
	if (file === undefined || !state.workspace.hasFile(file)) {
		return undefined;
	}
	const analysis = state.analysis();
	const offset = fromLsp.offsetOf(analysis, file, params.position);
	return offset === undefined ? undefined : { analysis, file, offset };
}

function navigationResult(state: ServerState, analysis: Analysis, targets: NavTarget[]): Location[] | LocationLink[] | null {
	if (targets.length === 0) {
		return null;
	}
	const context = state.context(analysis);
	return state.support.locationLinks
		? targets.map(target => toLsp.locationLink(context, undefined, target))
		: targets.map(target => toLsp.navLocation(context, target));
}

/** `textDocument/definition`. */
export function handleDefinition(state: ServerState, params: DefinitionParams): Location[] | LocationLink[] | null {
	const at = filePosition(state, params);
	return at ? navigationResult(state, at.analysis, navigation.definition(at.analysis, at.file, at.offset)) : null;
}

/** `textDocument/declaration`. */
export function handleDeclaration(state: ServerState, params: DeclarationParams): Location[] | LocationLink[] | null {
	const at = filePosition(state, params);
	return at ? navigationResult(state, at.analysis, navigation.declaration(at.analysis, at.file, at.offset)) : null;
}

/** `textDocument/references`. */
export function handleReferences(state: ServerState, params: ReferenceParams, token: CancellationToken): Location[] | RequestError {
	if (token.isCancellationRequested) {
		return cancelled();
	}
	const at = filePosition(state, params);
	if (!at) {
		return [];
	}
	const targets = navigation.references(at.analysis, at.file, at.offset, params.context?.includeDeclaration !== false);
	if (token.isCancellationRequested) {
		return cancelled();
	}
	const context = state.context(at.analysis);
	return targets.map(target => toLsp.navLocation(context, target));
}

/** `textDocument/documentHighlight`. */
export function handleDocumentHighlight(state: ServerState, params: DocumentHighlightParams): DocumentHighlight[] {
	const at = filePosition(state, params);
	if (!at) {
		return [];
	}
	const context = state.context(at.analysis);
	return navigation.documentHighlights(at.analysis, at.file, at.offset).map(entry => ({
		range: toLsp.range(context, at.file, entry.range),
		kind: entry.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
	}));
}

/** `textDocument/prepareRename`: the range inside the quotes, or the reason the name cannot be renamed. */
export function handlePrepareRename(state: ServerState, params: PrepareRenameParams): { range: Range; placeholder: string } | RequestError | null {
	const at = filePosition(state, params);
	if (!at) {
		return null;
	}
	const result = navigation.prepareRename(at.analysis, at.file, at.offset);
	if ('error' in result) {
		return new ResponseError(LSPErrorCodes.RequestFailed, result.error);
	}
	return { range: toLsp.range(state.context(at.analysis), at.file, result.range), placeholder: result.placeholder };
}

/** `textDocument/rename`: edits across the evaluation set, or the reason it is refused. */
export function handleRename(state: ServerState, params: RenameParams, token: CancellationToken): WorkspaceEdit | RequestError | null {
	if (token.isCancellationRequested) {
		return cancelled();
	}
	const at = filePosition(state, params);
	if (!at) {
		return null;
	}
	const check = navigation.prepareRename(at.analysis, at.file, at.offset);
	if ('error' in check) {
		return new ResponseError(LSPErrorCodes.RequestFailed, check.error);
	}
	const refusal = navigation.renameRefusal(at.analysis, at.file, at.offset, params.newName);
	if (refusal !== undefined) {
		return new ResponseError(LSPErrorCodes.RequestFailed, refusal);
	}
	const edits = navigation.rename(at.analysis, at.file, at.offset, params.newName);
	if (token.isCancellationRequested) {
		return cancelled();
	}
	return toLsp.workspaceEdit(state.context(at.analysis), edits);
}

/** The snapshot and file of a document request; undefined when the file is not an ESSH file we hold. */
function documentFile(state: ServerState, uri: string): { analysis: Analysis; file: FileId } | undefined {
	const file = state.fileOf(uri);
	return file === undefined || !state.workspace.hasFile(file) ? undefined : { analysis: state.analysis(), file };
}

/** `textDocument/documentSymbol`: the hierarchical outline. */
export function handleDocumentSymbol(state: ServerState, params: DocumentSymbolParams): DocumentSymbol[] {
	const at = documentFile(state, params.textDocument.uri);
	if (!at) {
		return [];
	}
	const context = state.context(at.analysis);
	return symbols.documentSymbols(at.analysis, at.file).map(node => toLsp.documentSymbol(context, at.file, node));
}

/** `workspace/symbol`: fuzzy matching over every set. */
export function handleWorkspaceSymbol(state: ServerState, params: WorkspaceSymbolParams, token: CancellationToken): WorkspaceSymbol[] | RequestError {
	if (token.isCancellationRequested) {
		return cancelled();
	}
	const analysis = state.analysis();
	const entries = symbols.workspaceSymbols(analysis, params.query);
	if (token.isCancellationRequested) {
		return cancelled();
	}
	const context = state.context(analysis);
	return entries.map(entry => toLsp.workspaceSymbol(context, entry));
}

/** `textDocument/hover`. */
export function handleHover(state: ServerState, params: HoverParams): Hover | null {
	const at = filePosition(state, params);
	const result = at ? hover.hover(at.analysis, at.file, at.offset) : undefined;
	return at && result ? toLsp.hover(state.context(at.analysis), at.file, result) : null;
}

/** At most this many completion items are sent; a longer list is filtered by what is typed and marked incomplete. */
export const COMPLETION_LIMIT = 200;

/**
 * `textDocument/completion`: works on half-typed text (the core scans backwards from the cursor).
 * A list longer than `COMPLETION_LIMIT` (the hosts and tags of a large fleet) is filtered by the
 * text typed before the cursor and cut to the best `COMPLETION_LIMIT` items, with
 * `isIncomplete: true` so the client asks again as the user types.
 */
export function handleCompletion(state: ServerState, params: CompletionParams): CompletionItem[] | CompletionList {
	const at = filePosition(state, params);
	if (!at) {
		return [];
	}
	const context = state.context(at.analysis);
	const { entries, incomplete } = completion.completionList(at.analysis, at.file, at.offset, COMPLETION_LIMIT);
	const items = entries.map(entry => toLsp.completionItem(context, at.file, entry, state.support.snippets));
	return incomplete ? { isIncomplete: true, items } : items;
}

/** `textDocument/codeAction`: quick fixes for the diagnostics in the range. */
export function handleCodeAction(state: ServerState, params: CodeActionParams): CodeAction[] {
	const at = documentFile(state, params.textDocument.uri);
	const range = at ? fromLsp.textRangeOf(at.analysis, at.file, params.range) : undefined;
	if (!at || !range) {
		return [];
	}
	const only = params.context.only;
	const context = state.context(at.analysis);
	return actions.codeActions(at.analysis, at.file, range)
		.map(entry => toLsp.codeAction(context, entry, params.context.diagnostics))
		.filter(action => !only || only.some(kind => action.kind === kind || action.kind?.startsWith(`${kind}.`)));
}

/** `textDocument/codeLens`: task lenses, when `essh.codeLens.enabled`. */
export function handleCodeLens(state: ServerState, params: CodeLensParams): CodeLens[] {
	const at = state.settings.codeLensEnabled ? documentFile(state, params.textDocument.uri) : undefined;
	if (!at) {
		return [];
	}
	const context = state.context(at.analysis);
	return lens.codeLenses(at.analysis, at.file).map(entry => toLsp.codeLens(context, at.file, entry));
}

/** `textDocument/inlayHint`: resolved host counts, when `essh.inlayHints.enabled`. */
export function handleInlayHint(state: ServerState, params: InlayHintParams): InlayHint[] {
	const at = state.settings.inlayHintsEnabled ? documentFile(state, params.textDocument.uri) : undefined;
	const range = at ? fromLsp.textRangeOf(at.analysis, at.file, params.range) : undefined;
	if (!at || !range) {
		return [];
	}
	const context = state.context(at.analysis);
	return lens.inlayHints(at.analysis, at.file, range).map(entry => toLsp.inlayHint(context, at.file, entry));
}

/** `textDocument/documentLink`: `script_file`, `dofile` and `require` targets. */
export function handleDocumentLink(state: ServerState, params: DocumentLinkParams): DocumentLink[] {
	const at = documentFile(state, params.textDocument.uri);
	if (!at) {
		return [];
	}
	const context = state.context(at.analysis);
	return links.documentLinks(at.analysis, at.file).map(entry => toLsp.documentLink(context, at.file, entry));
}
