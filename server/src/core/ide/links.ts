/**
 * Document links for `require "m"`, `dofile "p"` and `script_file = "p"`: the
 * string's contents link to the file ESSH would load (ESSH's module search path, or the directory
 * essh runs in), or carry a tooltip saying it is not found. From `Registry.links`. Pure.
 */
import type { Analysis } from '../analysis';
import type { FileId } from '../diagnostic';
import { literalContents } from './locate';
import type { DocumentLinkEntry } from './types';

/** The links of `file`, in file order. */
export function documentLinks(analysis: Analysis, file: FileId): DocumentLinkEntry[] {
	if (analysis.isStale(file)) {
		// The file does not parse: its registry sites are offsets into its last good text, not this one.
		return [];
	}
	const text = analysis.text(file) ?? '';
	const result: DocumentLinkEntry[] = [];
	const seen = new Set<number>();
	for (const set of analysis.setsOfFile(file)) {
		for (const link of set.registry.links) {
			if (link.site.file !== file || seen.has(link.site.range.start)) {
				continue;
			}
			seen.add(link.site.range.start);
			const range = literalContents(text, link.site.range) ?? link.site.range;
			let tooltip: string;
			if (link.resolved !== undefined) {
				tooltip = link.kind === 'require' ? `Module "${link.target}": ${link.resolved}` : `${link.resolved}`;
			} else if (link.kind === 'require') {
				tooltip = `Module "${link.target}" is not found on ESSH's search path`;
			} else {
				tooltip = `"${link.target}" is not found relative to ${set.definition.workingDirectory} (where essh runs)`;
			}
			result.push({ range, target: link.resolved, tooltip });
		}
	}
	return result.sort((a, b) => a.range.start - b.range.start);
}
