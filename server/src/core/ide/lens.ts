/**
 * Code lenses and inlay hints: above each task "→ N hosts" (command
 * `essh.showTaskHosts`) and "Run task" (command `essh.runTask`), both with `[setId, taskName]`; after
 * a task's `targets` value, the resolved host count. The server decides whether they are shown
 * (settings); the core only computes them. Pure.
 */
import type { Analysis } from '../analysis';
import { publicTaskName } from '../checks';
import type { FileId } from '../diagnostic';
import { allTasks, isDisabled } from '../queries';
import type { TextRange } from '../text';
import type { CodeLensEntry, InlayHintEntry } from './types';

function hostCount(count: number): string {
	return `→ ${count} host${count === 1 ? '' : 's'}`;
}

/** The lenses of every effective task defined in `file`, in file order. */
export function codeLenses(analysis: Analysis, file: FileId): CodeLensEntry[] {
	if (analysis.isStale(file)) {
		// The file does not parse: its registry sites are offsets into its last good text, not this one.
		return [];
	}
	const result: CodeLensEntry[] = [];
	const seen = new Set<number>();
	for (const set of analysis.setsOfFile(file)) {
		for (const task of allTasks(set.registry)) {
			if (task.nameSite.file !== file || seen.has(task.nameSite.range.start)) {
				continue;
			}
			seen.add(task.nameSite.range.start);
			const name = publicTaskName(task);
			const resolution = set.resolutions.get(task);
			const title = !resolution || !resolution.hasTargets ? '→ local, no hosts' : `${hostCount(resolution.hosts.length)}${resolution.dynamic ? '+' : ''}`;
			result.push({ range: task.nameSite.range, title, command: 'essh.showTaskHosts', arguments: [set.registry.id, name] });
			if (!isDisabled(task)) {
				result.push({ range: task.nameSite.range, title: 'Run task', command: 'essh.runTask', arguments: [set.registry.id, name] });
			}
		}
	}
	return result.sort((a, b) => a.range.start - b.range.start);
}

/** "→ N hosts" after the `targets` value of every effective task whose value lies in `range`. */
export function inlayHints(analysis: Analysis, file: FileId, range: TextRange): InlayHintEntry[] {
	if (analysis.isStale(file)) {
		// The file does not parse: its registry sites are offsets into its last good text, not this one.
		return [];
	}
	const result: InlayHintEntry[] = [];
	const seen = new Set<number>();
	for (const set of analysis.setsOfFile(file)) {
		for (const task of allTasks(set.registry)) {
			const targets = task.properties.get('targets');
			const resolution = set.resolutions.get(task);
			if (!targets || targets.file !== file || !resolution || !resolution.hasTargets) {
				continue;
			}
			const offset = targets.value.range.end;
			if (offset < range.start || offset > range.end || seen.has(offset)) {
				continue;
			}
			seen.add(offset);
			result.push({ offset, label: `${hostCount(resolution.hosts.length)}${resolution.dynamic ? '+' : ''}` });
		}
	}
	return result.sort((a, b) => a.offset - b.offset);
}
