/**
 * Core → protocol conversions for the language server: offsets to LSP positions (UTF-16, through
 * the file's `LineIndex`), FileIds to URIs (through `LspContext.uri`, see state.ts), core
 * diagnostics to LSP diagnostics, and the editor-feature results of core/ide/types.ts to their
 * protocol shapes. No logic beyond the mapping lives here.
 */
import {
	CodeActionKind, CompletionItemKind, DiagnosticSeverity, InsertTextFormat, MarkupKind, SymbolKind,
	type CodeAction, type CodeLens, type CompletionItem, type Diagnostic, type DocumentLink, type DocumentSymbol, type Hover, type InlayHint,
	type Location, type LocationLink, type Position, type Range, type TextEdit, type WorkspaceEdit, type WorkspaceSymbol,
} from 'vscode-languageserver';
import type { Analysis } from '../core/analysis';
import type { FileDiag, FileId, Severity } from '../core/diagnostic';
import type {
	CodeActionEntry, CodeLensEntry, CompletionEntry, CompletionKind, DocumentLinkEntry, DocumentSymbolNode, FileEdit, HoverResult, InlayHintEntry, NavTarget,
	SymbolKind as CoreSymbolKind, WorkspaceSymbolEntry,
} from '../core/ide/types';
import type { TextRange } from '../core/text';
import type { ExtLocation } from './ext';

/** What every conversion needs: the snapshot (for line indexes) and the URI of a file. */
export interface LspContext {
	analysis: Analysis;
	uri(file: FileId): string;
	/** The client shows `relatedInformation`. */
	relatedInformation: boolean;
}

const ORIGIN: Position = { line: 0, character: 0 };

export function position(context: LspContext, file: FileId, offset: number): Position {
	return context.analysis.lineIndex(file)?.position(offset) ?? ORIGIN;
}

export function range(context: LspContext, file: FileId, textRange: TextRange): Range {
	return { start: position(context, file, textRange.start), end: position(context, file, textRange.end) };
}

export function location(context: LspContext, file: FileId, textRange: TextRange): Location & ExtLocation {
	return { uri: context.uri(file), range: range(context, file, textRange) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
	error: DiagnosticSeverity.Error,
	warning: DiagnosticSeverity.Warning,
	information: DiagnosticSeverity.Information,
	hint: DiagnosticSeverity.Hint,
};

/** A core diagnostic as LSP: code = the docs/diagnostics.md ID, source `essh`, fix data passed through. */
export function diagnostic(context: LspContext, diag: FileDiag): Diagnostic {
	const result: Diagnostic = {
		range: range(context, diag.file, diag.range),
		severity: SEVERITY[diag.severity],
		code: diag.code,
		source: 'essh',
		message: diag.message,
	};
	if (context.relatedInformation && diag.related && diag.related.length > 0) {
		result.relatedInformation = diag.related.map(site => ({ location: location(context, site.file, site.range), message: site.message }));
	}
	if (diag.data !== undefined) {
		result.data = diag.data;
	}
	return result;
}

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
	host: SymbolKind.Class,
	task: SymbolKind.Function,
	driver: SymbolKind.Interface,
	group: SymbolKind.Module,
	tag: SymbolKind.Constant,
	namespace: SymbolKind.Namespace,
	global: SymbolKind.Variable,
};

export function symbolKind(kind: CoreSymbolKind): SymbolKind {
	return SYMBOL_KIND[kind] ?? SymbolKind.Object;
}

/** A definition target, with the origin range when the client takes links. */
export function locationLink(context: LspContext, origin: { file: FileId; range: TextRange } | undefined, target: NavTarget): LocationLink {
	return {
		originSelectionRange: origin ? range(context, origin.file, origin.range) : undefined,
		targetUri: context.uri(target.file),
		targetRange: range(context, target.file, target.fullRange),
		targetSelectionRange: range(context, target.file, target.nameRange),
	};
}

export function navLocation(context: LspContext, target: NavTarget): Location {
	return location(context, target.file, target.nameRange);
}

export function textEdit(context: LspContext, edit: FileEdit): TextEdit {
	return { range: range(context, edit.file, edit.range), newText: edit.newText };
}

/** Edits grouped per file, as `changes` (every client understands it). */
export function workspaceEdit(context: LspContext, edits: FileEdit[]): WorkspaceEdit {
	const changes: Record<string, TextEdit[]> = {};
	for (const edit of edits) {
		(changes[context.uri(edit.file)] ??= []).push(textEdit(context, edit));
	}
	return { changes };
}

export function documentSymbol(context: LspContext, file: FileId, node: DocumentSymbolNode): DocumentSymbol {
	return {
		name: node.name === '' ? '(unnamed)' : node.name,
		detail: node.detail,
		kind: symbolKind(node.kind),
		range: range(context, file, node.fullRange),
		selectionRange: range(context, file, node.nameRange),
		children: node.children.map(child => documentSymbol(context, file, child)),
	};
}

export function workspaceSymbol(context: LspContext, entry: WorkspaceSymbolEntry): WorkspaceSymbol {
	return {
		name: entry.name,
		kind: symbolKind(entry.kind),
		containerName: entry.container,
		location: location(context, entry.file, entry.nameRange),
	};
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
	host: CompletionItemKind.Class,
	tag: CompletionItemKind.EnumMember,
	driver: CompletionItemKind.Interface,
	key: CompletionItemKind.Property,
	sshKeyword: CompletionItemKind.Property,
	value: CompletionItemKind.Value,
	snippet: CompletionItemKind.Snippet,
	task: CompletionItemKind.Function,
	field: CompletionItemKind.Field,
};

export function completionItem(context: LspContext, file: FileId, entry: CompletionEntry, snippetSupport: boolean): CompletionItem {
	const snippet = entry.isSnippet === true && snippetSupport;
	const newText = snippet ? entry.insertText ?? entry.label : entry.isSnippet === true ? entry.label : entry.insertText ?? entry.label;
	const result: CompletionItem = {
		label: entry.label,
		kind: COMPLETION_KIND[entry.kind] ?? CompletionItemKind.Text,
		textEdit: { range: range(context, file, entry.replaceRange), newText },
		insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
	};
	if (entry.detail !== undefined) {
		result.detail = entry.detail;
	}
	if (entry.documentation !== undefined) {
		result.documentation = { kind: MarkupKind.Markdown, value: entry.documentation };
	}
	if (entry.sortText !== undefined) {
		result.sortText = entry.sortText;
	}
	return result;
}

export function hover(context: LspContext, file: FileId, result: HoverResult): Hover {
	return { contents: { kind: MarkupKind.Markdown, value: result.contents }, range: range(context, file, result.range) };
}

export function codeAction(context: LspContext, entry: CodeActionEntry, diagnostics: Diagnostic[]): CodeAction {
	const result: CodeAction = {
		title: entry.title,
		kind: entry.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.Refactor,
		edit: workspaceEdit(context, entry.edits),
	};
	const fixed = diagnostics.filter(diag => typeof diag.code === 'string' && entry.diagnosticCodes.includes(diag.code));
	if (fixed.length > 0) {
		result.diagnostics = fixed;
	}
	if (entry.isPreferred !== undefined) {
		result.isPreferred = entry.isPreferred;
	}
	return result;
}

export function codeLens(context: LspContext, file: FileId, entry: CodeLensEntry): CodeLens {
	return { range: range(context, file, entry.range), command: { title: entry.title, command: entry.command, arguments: entry.arguments } };
}

export function inlayHint(context: LspContext, file: FileId, entry: InlayHintEntry): InlayHint {
	return { position: position(context, file, entry.offset), label: entry.label, paddingLeft: true };
}

export function documentLink(context: LspContext, file: FileId, entry: DocumentLinkEntry): DocumentLink {
	const result: DocumentLink = { range: range(context, file, entry.range), tooltip: entry.tooltip };
	if (entry.target !== undefined) {
		result.target = context.uri(entry.target);
	}
	return result;
}
