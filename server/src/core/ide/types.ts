/**
 * Shared result types of the editor features (core/ide/*): navigation targets, edits, symbols,
 * completion entries, hovers, code actions, lenses, hints and links. Plain data in core terms
 * (files and UTF-16 offsets); the server's `toLsp` converts them to protocol shapes.
 */
import type { FileId } from '../diagnostic';
import type { TextRange } from '../text';

export type SymbolKind = 'host' | 'task' | 'driver' | 'group' | 'tag' | 'namespace' | 'global';

/** Where a name is defined or referenced. `nameRange` spans the string literal, quotes included. */
export interface NavTarget {
	file: FileId;
	fullRange: TextRange;
	nameRange: TextRange;
	kind: SymbolKind;
	name: string;
	/** Set when the target is a whole file reached through `require`, `dofile` or `script_file` (then `kind` is meaningless). */
	link?: 'require' | 'dofile' | 'script_file';
}

/** A document highlight: a definition site (`write`) or a use (`read`) of the symbol under the cursor. */
export interface HighlightEntry {
	range: TextRange;
	kind: 'read' | 'write';
}

/** What prepareRename answers: the range to edit (inside the quotes) and the current name, or why not. */
export type PrepareRenameResult = { range: TextRange; placeholder: string } | { error: string };

export interface FileEdit {
	file: FileId;
	range: TextRange;
	newText: string;
}

export interface DocumentSymbolNode {
	name: string;
	detail: string;
	kind: SymbolKind;
	fullRange: TextRange;
	nameRange: TextRange;
	children: DocumentSymbolNode[];
}

export interface WorkspaceSymbolEntry {
	name: string;
	kind: SymbolKind;
	file: FileId;
	nameRange: TextRange;
	/** The evaluation set (project directory) it belongs to. */
	container: string;
}

export type CompletionKind = 'host' | 'tag' | 'driver' | 'key' | 'sshKeyword' | 'value' | 'snippet' | 'task' | 'field';

export interface CompletionEntry {
	label: string;
	kind: CompletionKind;
	detail?: string;
	documentation?: string;
	/** Text to insert (defaults to the label); snippets use `${1:…}` placeholders. */
	insertText?: string;
	isSnippet?: boolean;
	/** The range the completion replaces (the partial word or string contents). */
	replaceRange: TextRange;
	sortText?: string;
}

export interface HoverResult {
	range: TextRange;
	/** Markdown. */
	contents: string;
}

export interface CodeActionEntry {
	title: string;
	kind: 'quickfix' | 'refactor';
	/** Codes of the diagnostics it fixes. */
	diagnosticCodes: string[];
	edits: FileEdit[];
	isPreferred?: boolean;
}

export interface CodeLensEntry {
	range: TextRange;
	title: string;
	/** Command id and arguments for the client (e.g. show hosts, run task). */
	command: string;
	arguments: unknown[];
}

export interface InlayHintEntry {
	offset: number;
	label: string;
}

export interface DocumentLinkEntry {
	range: TextRange;
	/** The resolved file, when known. */
	target: FileId | undefined;
	tooltip: string;
}
