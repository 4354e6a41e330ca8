/**
 * Incremental analysis against a rebuild from scratch: a workspace takes a sequence of edits, and
 * after each one every set's registry, task resolutions and diagnostics must be what a new
 * workspace holding the same texts computes (`assertSameAsRebuild`). The edits are random but
 * seeded (`randomEdit`), and lean towards what typing does inside a definition (a string, a tag,
 * a property), which is what the incremental replay patches; structural edits and syntax errors
 * keep the full path honest too.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG, Workspace, type Analysis, type AnalysisConfig } from '../../server/src/core/analysis';
import type { FileDiag } from '../../server/src/core/diagnostic';
import type { NameReference } from '../../server/src/core/model';
import { renderRegistry } from './registryDump';
import { mulberry32 } from './random';

function pick<T>(random: () => number, items: readonly T[]): T {
	return items[Math.floor(random() * items.length)];
}

function renderDiag(diag: FileDiag): string {
	const related = (diag.related ?? []).map(site => `${site.file}@${site.range.start}-${site.range.end}:${site.message}`).join(';');
	return `${diag.file}@${diag.range.start}-${diag.range.end} ${diag.severity} ${diag.code} ${diag.message} [${related}] ${JSON.stringify(diag.data ?? null)}`;
}

function renderReference(reference: NameReference): string {
	const matched = reference.matched ? ` matched=${reference.matched.map(host => host.id).join(',')}` : '';
	return `${reference.site.file}@${reference.site.range.start}-${reference.site.range.end} ${reference.kind} ${reference.role} ${JSON.stringify(reference.name)} ${reference.context ?? ''} ${reference.namespace ?? ''} ${reference.resource?.id ?? ''} ${reference.dynamic ?? ''}${matched}`;
}

/**
 * Everything an analysis shows: per set, the registry dump (with the set's own resolutions, every
 * task's hosts resolved), the registry's lists in order (references, links, open reasons, load
 * order, set diagnostics before overrides); per file, its diagnostics.
 */
export function renderAnalysis(analysis: Analysis, files: Iterable<string>): string {
	const lines: string[] = [];
	for (const set of analysis.allSets()) {
		const registry = set.registry;
		lines.push(`== set ${set.definition.id}`, renderRegistry(registry, set.resolutions));
		lines.push(`loaded: ${registry.loadedFiles.join(' ')}`);
		lines.push(...registry.allResources.map(resource => `resource #${resource.id} ${resource.kind} ${resource.name} ${resource.nameSite.file}@${resource.nameSite.range.start}-${resource.nameSite.range.end} call ${resource.callSite.range.start}-${resource.callSite.range.end} ns=${resource.namespace ?? ''} replaced=${resource.replacedBy?.id ?? ''} groups=${resource.groups.join(',')}`));
		lines.push(...registry.groups.map(group => `group #${group.id} @${group.callSite.range.start}-${group.callSite.range.end} kind=${group.memberKind ?? ''} members=${group.members.map(member => member.id).join(',')}`));
		lines.push(...registry.references.map(renderReference), ...registry.checkReferences.map(renderReference));
		lines.push(...registry.links.map(link => `link ${link.kind} ${link.target} ${link.site.file}@${link.site.range.start}-${link.site.range.end} -> ${link.resolved ?? '?'}`));
		lines.push(...registry.openReasons.map(reason => `open ${reason.file}@${reason.range.start}-${reason.range.end} ${reason.reason}`));
		lines.push(...set.diagnostics.map(renderDiag));
		for (const [task, resolution] of set.resolutions) {
			lines.push(`resolution ${task.id}: ${resolution.hosts.map(host => host.id).join(',')} dynamic=${resolution.dynamic}`);
		}
	}
	for (const file of [...files].sort()) {
		lines.push(`== diagnostics ${file}`, ...analysis.diagnostics(file).map(renderDiag));
	}
	return lines.join('\n');
}

/**
 * Asserts that `workspace`'s analysis equals the analysis of a new workspace holding the same texts.
 * A file that does not parse is analysed with the symbols of its last text that did (`lastGood`:
 * file → that text), so the new workspace is given that text first.
 */
export function assertSameAsRebuild(workspace: Workspace, config: AnalysisConfig | undefined, context: string, lastGood: Map<string, string> = new Map()): void {
	const fresh = new Workspace();
	const version = (config ?? DEFAULT_CONFIG).version;
	for (const file of workspace.fileIds()) {
		const good = lastGood.get(file);
		if (good !== undefined && workspace.lowered(file, version)?.stale) {
			fresh.setFile(file, good);
			fresh.lowered(file, version);
		}
		fresh.setFile(file, workspace.text(file)!);
	}
	const files = workspace.fileIds();
	const incremental = renderAnalysis(workspace.analysis(config), files);
	const rebuilt = renderAnalysis(fresh.analysis(config), files);
	if (incremental !== rebuilt) {
		const left = incremental.split('\n');
		const right = rebuilt.split('\n');
		const first = left.findIndex((line, index) => line !== right[index]);
		assert.fail(`${context}: the incremental analysis differs from a rebuild at line ${first + 1}:\n  incremental: ${left[first]}\n  rebuild:     ${right[first]}`);
	}
}

const WORDS = ['hot1', 'hot2', 'web', 'db', 'rack-1', 'rack-2', 'role-web', 'yes', 'no', 'deploy', 'ops', 'x', '', 'a b', 'h*', 'remote', 'local', 'default', 'ssh -W %h:%p bastion', 'bastion'];

/** One random edit of `text`: mostly inside strings and tables, sometimes structural or broken. */
export function randomEdit(text: string, random: () => number): string {
	const strings = [...text.matchAll(/"([^"\\\n]*)"/g)];
	const choice = random();
	if (choice < 0.35 && strings.length > 0) {
		// Retype the content of a string literal.
		const match = pick(random, strings);
		const start = match.index! + 1;
		return text.slice(0, start) + pick(random, WORDS) + text.slice(start + match[1].length);
	}
	if (choice < 0.5) {
		// Add or remove a tag.
		const tables = [...text.matchAll(/tags = \{/g)];
		if (tables.length > 0) {
			const match = pick(random, tables);
			const at = match.index! + match[0].length;
			const rest = text.slice(at);
			const next = /^\s*"[^"\n]*",?/.exec(rest);
			if (next && random() < 0.5) {
				return text.slice(0, at) + rest.slice(next[0].length);
			}
			return `${text.slice(0, at)} "${pick(random, WORDS)}",${rest}`;
		}
	}
	if (choice < 0.62) {
		// Add a property to a definition table.
		const openings = [...text.matchAll(/(?:host|task|driver) "[^"\n]*" \{\n/g)];
		if (openings.length > 0) {
			const match = pick(random, openings);
			const at = match.index! + match[0].length;
			const property = pick(random, ['hidden = true,', 'hidden = false,', 'ProxyJump = "bastion",', 'targets = { "web" },', 'filters = { "db" },', 'driver = "nope",',
				'port = 22,', 'hooks_before_connect = { "echo" },', 'Port = "2222", port = "22",', 'backend = "local",', 'tags = "web",', 'prefix = "{{.Host.Name}}",', 'script_file = "x.sh",']);
			return `${text.slice(0, at)}    ${property}\n${text.slice(at)}`;
		}
	}
	if (choice < 0.7) {
		// A comment or blank line (the symbols keep their values, the ranges move).
		const lines = text.split('\n');
		const at = Math.floor(random() * (lines.length + 1));
		lines.splice(at, 0, random() < 0.5 ? '' : '-- typed');
		return lines.join('\n');
	}
	if (choice < 0.8) {
		// Delete a line (often breaks the syntax or the structure).
		const lines = text.split('\n');
		if (lines.length > 1) {
			lines.splice(Math.floor(random() * lines.length), 1);
			return lines.join('\n');
		}
	}
	if (choice < 0.9) {
		// A new definition (a structural change).
		const name = pick(random, ['h-new', 'web', 'bastion', 't-new', 'x']);
		const kind = pick(random, ['host', 'task', 'driver']);
		return `${text}\n${kind} "${name}" {\n    tags = { "${pick(random, WORDS)}" },\n}\n`;
	}
	// One character typed anywhere.
	const at = Math.floor(random() * (text.length + 1));
	return text.slice(0, at) + pick(random, ['"', '{', '}', ',', 'x', ' ', '\n']) + text.slice(at);
}

/**
 * Applies `steps` random edits to the files of `texts` (a workspace of absolute paths), one file
 * at a time (sometimes undoing the previous edit, as toggling does), and asserts after each that
 * the incremental analysis equals a rebuild. Returns how many set analyses were patched rather than
 * rebuilt (`Workspace.patchedSets`), so a test can make sure the patch was exercised.
 */
export function checkRandomEdits(texts: Map<string, string>, options: { seed: number; steps: number; config?: AnalysisConfig; editable?: string[] }): number {
	const random = mulberry32(options.seed);
	const workspace = new Workspace();
	for (const [file, text] of texts) {
		workspace.setFile(file, text);
	}
	const editable = options.editable ?? [...texts.keys()].filter(file => file.endsWith('.lua'));
	const version = (options.config ?? DEFAULT_CONFIG).version;
	const lastGood = new Map<string, string>();
	const remember = (file: string): void => {
		const lowered = workspace.lowered(file, version);
		if (lowered && !lowered.stale && lowered.symbols) {
			lastGood.set(file, workspace.text(file)!);
		}
	};
	for (const file of texts.keys()) {
		remember(file);
	}
	assertSameAsRebuild(workspace, options.config, `seed ${options.seed}, before any edit`, lastGood);
	let previous: { file: string; text: string } | undefined;
	for (let step = 0; step < options.steps; step++) {
		if (previous && random() < 0.3) {
			// Undo: back to the text before the last edit.
			workspace.setFile(previous.file, previous.text);
			previous = undefined;
		} else {
			// Stay in the same file most of the time, as typing does.
			const file = previous && random() < 0.7 ? previous.file : pick(random, editable);
			const before = workspace.text(file)!;
			workspace.setFile(file, randomEdit(before, random));
			previous = { file, text: before };
		}
		assertSameAsRebuild(workspace, options.config, `seed ${options.seed}, step ${step}`, lastGood);
		for (const file of texts.keys()) {
			remember(file);
		}
	}
	return workspace.patchedSets;
}

/** The `.lua` files under `directory`, keyed by an absolute id under `prefix`. */
export function readLuaTree(directory: string, prefix: string): Map<string, string> {
	const texts = new Map<string, string>();
	const walk = (current: string, relative: string): void => {
		for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
			const childRelative = relative ? `${relative}/${entry.name}` : entry.name;
			if (entry.isDirectory()) {
				walk(path.join(current, entry.name), childRelative);
			} else if (entry.name.endsWith('.lua')) {
				texts.set(`${prefix}/${childRelative}`, fs.readFileSync(path.join(current, entry.name), 'utf8'));
			}
		}
	};
	walk(directory, '');
	return texts;
}
