/**
 * The core's diagnostic shape: a check ID of docs/diagnostics.md as `code`, a severity, an
 * offset range and optional related sites and fix data. Converted to LSP or CLI output at the edges.
 */
import type { TextRange } from './text';

/** Opaque file identity; the server uses URIs, the CLI uses absolute paths. */
export type FileId = string;

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A diagnostic before it is attached to a file (what per-file passes such as parsing produce). */
export interface Diag {
	range: TextRange;
	severity: Severity;
	/** The docs/diagnostics.md ID, e.g. `host-ssh-prop-type`. */
	code: string;
	message: string;
	related?: RelatedSite[];
	/** Machine-readable fix material for code actions. */
	data?: DiagData;
}

export interface RelatedSite {
	file: FileId;
	range: TextRange;
	message: string;
}

export interface DiagData {
	/** Replacement texts for the diagnostic's range, best first (did-you-mean). */
	suggestions?: string[];
	/** A text edit that fixes the problem, when there is exactly one obvious fix. */
	edit?: { range: TextRange; newText: string; title: string };
}

/** A diagnostic in a specific file. */
export interface FileDiag extends Diag {
	file: FileId;
}

/** A per-check override: a severity, or `off` to drop the check. */
export type SeverityOverrides = Record<string, Severity | 'off'>;
