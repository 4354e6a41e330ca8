/**
 * The kept state on disk (docs/architecture.md, "Kept state"; Node only: the server's nodeHost and
 * the CLI's `--cache DIR`). `StateCache` owns the folder `essh-state/` inside the directory it is
 * given: one record per file lowering (named by the text's hash, the ESSH version and this build) and
 * one per evaluation set (named by the set, the configuration and this build, and checked against
 * the hashes of every file it loaded). It answers the core's `KeptStateSource` only for exactly
 * matching inputs, writes atomically (a temporary file renamed into place, so two servers on one
 * folder never see half a record), keeps the folder under a size limit by evicting the least
 * recently used records, and deletes nothing but files named the way it names them.
 * A damaged, truncated or foreign record is logged once and replaced; a folder that cannot be
 * written is logged once and the session goes on without keeping anything. Nothing here throws.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exportLowered, exportSet, type AnalysisConfig, type Analysis, type KeptLowering, type KeptSet, type KeptStateSource, type Workspace } from '../core/analysis';
import type { FileId } from '../core/diagnostic';
import type { EvaluationSetDefinition } from '../core/sets';
import { formatVersion, type EsshVersion } from '../core/version';
import {
	checkedSection, decodeFileHead, decodeHeader, decodeSet, decodeSymbols, encodeFileSections, encodeRecord, encodeSet, FORMAT_VERSION, MAX_HEADER_BYTES, sha256, textHash,
	type RecordKind, type SetRecord,
} from './codec';

/** The folder inside the cache directory that holds the records. */
export const STATE_FOLDER = 'essh-state';
/** Default size limit of the records (`essh.cache.maxSizeMB`). */
export const DEFAULT_MAX_MB = 256;
/** Eviction brings the folder down to this share of the limit, so it does not run on every save. */
const EVICT_TO = 0.8;
/** Temporary files older than this are left-overs of a process that died while writing. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const RECORD_NAME = /^[fs]-[0-9a-f]{64}\.rec$/;
const TEMP_NAME = /^[fs]-[0-9a-f]{64}\.rec\.\d+-[0-9a-f]{8}\.tmp$/;

export interface StateCacheOptions {
	/** The directory the caller owns (`initializationOptions.cacheDirectory`, `--cache DIR`). */
	directory: string;
	log: (message: string) => void;
	/** This build's identity (default: a hash of the running bundle and the format version). */
	build?: string;
	maxBytes?: number;
}

/** What one save wrote. */
export interface SaveReport {
	files: number;
	sets: number;
	bytes: number;
	evicted: number;
	/** True when the workspace changed during an asynchronous save, which then stopped (the next save finishes it). */
	interrupted: boolean;
}

let runningBuild: string | undefined;

/** A hash of the code that is running (the bundle, or this module in tests) and the format version. */
export function buildIdentity(): string {
	if (runningBuild === undefined) {
		let code = '';
		try {
			code = sha256(fs.readFileSync(__filename));
		} catch {
			code = `unknown-${process.pid}-${Date.now()}`;
		}
		runningBuild = sha256(`${FORMAT_VERSION}\u0000${code}`).slice(0, 32);
	}
	return runningBuild;
}

interface SavePlan {
	report: SaveReport;
	version: EsshVersion;
	sets: Array<{ name: string; data: Buffer; slot: SetSlot }>;
	files: Array<{ name: string; key: string; file: FileId }>;
}

interface SetSlot {
	record: SetRecord;
	kept: KeptSet;
}

export class StateCache {
	readonly folder: string;
	readonly build: string;
	private maxBytes: number;
	private readonly log: (message: string) => void;
	/** Record names in the folder (read once, then kept up to date by this process's writes). */
	private names: Set<string> | undefined;
	private writable = true;
	private readonly reported = new Set<string>();
	private readonly hashes = new Map<FileId, { text: string; hash: string }>();
	private readonly knownHash = { text: '', hash: sha256('') };
	/** Set records read or written this session, by name. */
	private readonly slots = new Map<string, SetSlot | null>();
	/** Records used this session, touched at the next save so eviction keeps them. */
	private readonly used = new Set<string>();
	private readonly touched = new Set<string>();

	constructor(options: StateCacheOptions) {
		this.folder = path.join(options.directory, STATE_FOLDER);
		this.build = options.build ?? buildIdentity();
		this.maxBytes = options.maxBytes ?? DEFAULT_MAX_MB * 1024 * 1024;
		this.log = options.log;
	}

	setMaxBytes(bytes: number): void {
		this.maxBytes = bytes;
	}

	/** The core's view of this cache. */
	source(): KeptStateSource {
		return {
			lowered: (file, text, version) => this.keptLowering(file, text, version),
			set: (definition, config, knownFiles, text) => this.keptSet(definition, config, knownFiles, text),
		};
	}

	/** The hash of a file's text, remembered while the text stays the same. */
	hashOf(file: FileId, text: string): string {
		const known = this.hashes.get(file);
		if (known && known.text === text) {
			return known.hash;
		}
		const hash = textHash(text);
		this.hashes.set(file, { text, hash });
		return hash;
	}

	private fileKey(text: string, file: FileId, version: EsshVersion): string {
		return sha256(`file\u0000${FORMAT_VERSION}\u0000${this.build}\u0000${formatVersion(version)}\u0000${this.hashOf(file, text)}`);
	}

	private setKey(definition: EvaluationSetDefinition, config: AnalysisConfig): string {
		// Every part of the configuration but the severity overrides (applied after the set's result) names the slot.
		const named = { ...config, severity: undefined, version: formatVersion(config.version) };
		return sha256(`set\u0000${FORMAT_VERSION}\u0000${this.build}\u0000${JSON.stringify(named)}\u0000${definition.id}`);
	}

	private knownFilesHash(knownFiles: string): string {
		if (this.knownHash.text !== knownFiles) {
			this.knownHash.text = knownFiles;
			this.knownHash.hash = sha256(knownFiles);
		}
		return this.knownHash.hash;
	}

	private keptLowering(file: FileId, text: string, version: EsshVersion): KeptLowering | undefined {
		const names = this.recordNames();
		const key = this.fileKey(text, file, version);
		const name = `f-${key}.rec`;
		if (!names.has(name)) {
			return undefined;
		}
		const head = this.readSections(name, 'file', key, [0]);
		const decoded = head && decodeFileHead(head[0]);
		if (!decoded) {
			if (head) {
				this.damaged(name, 'its diagnostics do not decode');
			}
			return undefined;
		}
		this.used.add(name);
		return {
			diagnostics: decoded.diagnostics,
			parsed: decoded.parsed,
			hasSymbols: decoded.hasSymbols,
			symbols: () => {
				const body = this.readSections(name, 'file', key, [1]);
				const symbols = body && decodeSymbols(body[0]);
				if (body && !symbols) {
					this.damaged(name, 'its symbols do not decode');
				}
				return symbols;
			},
		};
	}

	private keptSet(definition: EvaluationSetDefinition, config: AnalysisConfig, knownFiles: string, text: (file: FileId) => string | undefined): KeptSet | undefined {
		const key = this.setKey(definition, config);
		const name = `s-${key}.rec`;
		let slot = this.slots.get(name);
		if (slot === undefined) {
			slot = null;
			if (this.recordNames().has(name)) {
				const sections = this.readSections(name, 'set', key, [0]);
				const record = sections && decodeSet(sections[0]);
				if (sections && !record) {
					this.damaged(name, 'its contents do not decode');
				}
				slot = record ? { record, kept: { loadedFiles: record.loadedFiles, diagnostics: record.diagnostics, requiredModules: record.requiredModules } } : null;
			}
			this.slots.set(name, slot);
		}
		if (!slot || !this.matches(slot.record, definition, knownFiles, text)) {
			return undefined;
		}
		this.used.add(name);
		return slot.kept;
	}

	/** True when a set record was computed from exactly these inputs. */
	private matches(record: SetRecord, definition: EvaluationSetDefinition, knownFiles: string, text: (file: FileId) => string | undefined): boolean {
		if (record.definition !== JSON.stringify(definition) || record.knownFiles !== this.knownFilesHash(knownFiles)) {
			return false;
		}
		for (const entry of record.files) {
			if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
				return false;
			}
			const current = text(entry[0]);
			if ((current === undefined ? '' : this.hashOf(entry[0], current)) !== entry[1]) {
				return false;
			}
		}
		return true;
	}

	private recordNames(): Set<string> {
		if (!this.names) {
			this.names = new Set();
			try {
				for (const name of fs.readdirSync(this.folder)) {
					if (RECORD_NAME.test(name)) {
						this.names.add(name);
					}
				}
			} catch (error) {
				if (errorCode(error) !== 'ENOENT') {
					this.reportOnce('read', `[warn] cache: cannot read ${this.folder} (${describe(error)}); starting without kept state`);
				}
			}
		}
		return this.names;
	}

	/** Sections of a record, checked; undefined when it is missing, of another build or damaged (then said once). */
	private readSections(name: string, kind: RecordKind, key: string, indexes: number[]): string[] | undefined {
		let descriptor: number | undefined;
		try {
			descriptor = fs.openSync(path.join(this.folder, name), 'r');
			const size = fs.fstatSync(descriptor).size;
			const head = Buffer.alloc(Math.min(size, MAX_HEADER_BYTES));
			fs.readSync(descriptor, head, 0, head.length, 0);
			const decoded = decodeHeader(head, size, kind, this.build, key);
			if ('problem' in decoded) {
				this.damaged(name, decoded.problem);
				return undefined;
			}
			const result: string[] = [];
			for (const index of indexes) {
				const section = decoded.header.sections[index];
				if (!section) {
					this.damaged(name, `it has no section ${index}`);
					return undefined;
				}
				const start = decoded.bodyStart + decoded.header.sections.slice(0, index).reduce((sum, entry) => sum + entry[0], 0);
				const body = Buffer.alloc(section[0]);
				fs.readSync(descriptor, body, 0, body.length, start);
				const text = checkedSection(body, section);
				if (text === undefined) {
					this.damaged(name, `section ${index} fails its checksum`);
					return undefined;
				}
				result.push(text);
			}
			return result;
		} catch (error) {
			if (errorCode(error) !== 'ENOENT') {
				this.reportOnce(`read ${name}`, `[warn] cache: cannot read ${name} (${describe(error)}); it is rebuilt`);
			}
			this.names?.delete(name);
			return undefined;
		} finally {
			if (descriptor !== undefined) {
				try {
					fs.closeSync(descriptor);
				} catch {
					// Nothing to do: the descriptor is gone either way.
				}
			}
		}
	}

	/** A record that is not what its name promises: said once, forgotten, and written again at the next save. */
	private damaged(name: string, problem: string): void {
		this.names?.delete(name);
		this.slots.delete(name);
		this.reportOnce(`damaged ${name}`, `[warn] cache: ignoring damaged record ${name} (${problem}); it will be replaced`);
	}

	private reportOnce(key: string, message: string): void {
		if (!this.reported.has(key)) {
			this.reported.add(key);
			this.log(message);
		}
	}

	/**
	 * Keeps what the analysis holds that the folder does not: the lowering of every file and the
	 * result of every set. Set records are taken at once (a later edit may patch the registries in
	 * place); file records are encoded and written one by one, yielding in between, and the save
	 * stops when the workspace changes meanwhile.
	 */
	async save(workspace: Workspace, analysis: Analysis): Promise<SaveReport> {
		const plan = this.plan(workspace, analysis);
		const revision = workspace.revision;
		if (this.writeSets(plan)) {
			for (const write of plan.files) {
				await new Promise<void>(resolve => setImmediate(resolve));
				if (workspace.revision !== revision) {
					plan.report.interrupted = true;
					return plan.report;
				}
				if (!this.writeFile(plan, workspace, write)) {
					return plan.report;
				}
			}
			this.finishSave(plan);
		}
		return plan.report;
	}

	/** The same, without yielding (the CLI). */
	saveSync(workspace: Workspace, analysis: Analysis): SaveReport {
		const plan = this.plan(workspace, analysis);
		if (this.writeSets(plan) && plan.files.every(write => this.writeFile(plan, workspace, write))) {
			this.finishSave(plan);
		}
		return plan.report;
	}

	/** What a save writes: the set records, encoded now, and the files whose lowering is not kept yet. */
	private plan(workspace: Workspace, analysis: Analysis): SavePlan {
		const plan: SavePlan = { report: { files: 0, sets: 0, bytes: 0, evicted: 0, interrupted: false }, version: analysis.config.version, sets: [], files: [] };
		if (this.maxBytes <= 0) {
			// A limit of 0 keeps nothing.
			return plan;
		}
		const names = this.recordNames();
		const knownFiles = this.knownFilesHash(workspace.knownFiles());
		for (const set of analysis.allSets()) {
			const key = this.setKey(set.definition, analysis.config);
			const name = `s-${key}.rec`;
			const slot = this.slots.get(name);
			const definition = JSON.stringify(set.definition);
			const files = set.loadedFiles.map((file): [FileId, string] => {
				const text = workspace.text(file);
				return [file, text === undefined ? '' : this.hashOf(file, text)];
			});
			// A set standing on a broken file's earlier symbols is not what a fresh start would compute: not kept.
			if (set.loadedFiles.some(file => workspace.lowered(file, plan.version)?.stale === true)) {
				continue;
			}
			if (slot && names.has(name) && slot.record.definition === definition && slot.record.knownFiles === knownFiles && sameEntries(slot.record.files, files)) {
				this.used.add(name);
				continue;
			}
			const kept = exportSet(set);
			const record: SetRecord = { definition, knownFiles, files, ...kept };
			plan.sets.push({ name, data: encodeRecord('set', this.build, key, encodeSet(record)), slot: { record, kept } });
		}
		for (const file of workspace.fileIds().sort()) {
			const text = workspace.text(file);
			if (text === undefined) {
				continue;
			}
			const key = this.fileKey(text, file, plan.version);
			const name = `f-${key}.rec`;
			if (names.has(name)) {
				this.used.add(name);
			} else {
				plan.files.push({ name, key, file });
			}
		}
		return plan;
	}

	private writeSets(plan: SavePlan): boolean {
		for (const write of plan.sets) {
			if (!this.write(write.name, write.data)) {
				return false;
			}
			this.slots.set(write.name, write.slot);
			plan.report.sets++;
			plan.report.bytes += write.data.length;
		}
		return true;
	}

	private writeFile(plan: SavePlan, workspace: Workspace, write: { name: string; key: string; file: FileId }): boolean {
		const lowered = workspace.lowered(write.file, plan.version);
		if (!lowered) {
			return true;
		}
		const kept = exportLowered(lowered);
		const data = encodeRecord('file', this.build, write.key, encodeFileSections(kept.diagnostics, kept.parsed, kept.symbols));
		if (!this.write(write.name, data)) {
			return false;
		}
		plan.report.files++;
		plan.report.bytes += data.length;
		return true;
	}

	private finishSave(plan: SavePlan): void {
		this.touchUsed();
		plan.report.evicted = this.evict();
	}

	/** Writes a record atomically; false (said once) when the folder cannot be written. */
	private write(name: string, data: Buffer): boolean {
		if (!this.writable) {
			return false;
		}
		const target = path.join(this.folder, name);
		const temporary = `${target}.${process.pid}-${Math.floor(Math.random() * 0xffffffff).toString(16).padStart(8, '0')}.tmp`;
		try {
			fs.mkdirSync(this.folder, { recursive: true });
			fs.writeFileSync(temporary, data);
			fs.renameSync(temporary, target);
			this.names?.add(name);
			this.used.add(name);
			this.touched.add(name);
			return true;
		} catch (error) {
			try {
				fs.unlinkSync(temporary);
			} catch {
				// It was never created, or is already gone.
			}
			this.writable = false;
			this.reportOnce('write', `[warn] cache: cannot write to ${this.folder} (${describe(error)}); the state is not kept this session (answers are not affected)`);
			return false;
		}
	}

	/** Marks the records used this session as recently used. */
	private touchUsed(): void {
		const now = new Date();
		for (const name of this.used) {
			if (this.touched.has(name)) {
				continue;
			}
			this.touched.add(name);
			try {
				fs.utimesSync(path.join(this.folder, name), now, now);
			} catch {
				// Evicted by another process meanwhile: it is written again when needed.
			}
		}
	}

	/** Deletes the least recently used records while the folder is over the limit, and dead temporary files. Returns how many records went. */
	private evict(): number {
		const entries: Array<{ name: string; size: number; used: number }> = [];
		let total = 0;
		const now = Date.now();
		try {
			for (const name of fs.readdirSync(this.folder)) {
				const record = RECORD_NAME.test(name);
				if (!record && !TEMP_NAME.test(name)) {
					continue;
				}
				const stat = fs.statSync(path.join(this.folder, name), { throwIfNoEntry: false });
				if (!stat?.isFile()) {
					continue;
				}
				if (!record) {
					if (now - stat.mtimeMs > STALE_TEMP_MS) {
						this.remove(name);
					}
					continue;
				}
				entries.push({ name, size: stat.size, used: stat.mtimeMs });
				total += stat.size;
			}
		} catch (error) {
			this.reportOnce('evict', `[warn] cache: cannot list ${this.folder} (${describe(error)})`);
			return 0;
		}
		if (total <= this.maxBytes) {
			return 0;
		}
		let evicted = 0;
		entries.sort((a, b) => a.used - b.used || (a.name < b.name ? -1 : 1));
		for (const entry of entries) {
			if (total <= this.maxBytes * EVICT_TO) {
				break;
			}
			if (this.remove(entry.name)) {
				total -= entry.size;
				evicted++;
			}
		}
		return evicted;
	}

	private remove(name: string): boolean {
		if (!RECORD_NAME.test(name) && !TEMP_NAME.test(name)) {
			return false;
		}
		try {
			fs.unlinkSync(path.join(this.folder, name));
		} catch {
			return false;
		}
		this.names?.delete(name);
		this.slots.delete(name);
		this.touched.delete(name);
		return true;
	}

	/** Deletes every record and temporary file of ours (nothing else), and the folder when it is then empty. Returns how many files went. */
	clear(): number {
		let removed = 0;
		try {
			for (const name of fs.readdirSync(this.folder)) {
				if (this.remove(name)) {
					removed++;
				}
			}
			fs.rmdirSync(this.folder);
		} catch {
			// Missing, or holding files that are not ours: those stay.
		}
		this.names = new Set();
		this.slots.clear();
		this.used.clear();
		this.touched.clear();
		this.writable = true;
		return removed;
	}
}

function sameEntries(a: Array<[FileId, string]>, b: Array<[FileId, string]>): boolean {
	return a.length === b.length && a.every((entry, index) => Array.isArray(entry) && entry[0] === b[index][0] && entry[1] === b[index][1]);
}

function errorCode(error: unknown): string | undefined {
	return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function describe(error: unknown): string {
	return errorCode(error) ?? (error instanceof Error ? error.message : String(error));
}
