/**
 * The fixture language of the test layer (Lua-flavoured rust-analyzer; see CONTRIBUTING.md): one string
 * holds several files (`--- /path.lua` headers), a cursor or range (`$0` markers) and annotations
 * (`--   ^^^ label` lines under the code they mark). `parseFixture` turns it into file texts and
 * UTF-16 offsets that the `check*` helpers feed to the core and compare with its output.
 */
import { dedent } from './expect';

/** One file of a fixture. */
export interface FixtureFile {
	/** The path as written in its header, e.g. `/proj/.esshconfig.lua`; `/main.lua` without headers. */
	path: string;
	/** The file's text with `$0` markers removed and annotation lines kept; it ends with a newline. */
	text: string;
}

/** A `--   ^^^ label` line: the columns it marks in the code line above, as offsets into the file. */
export interface Annotation {
	path: string;
	/** UTF-16 offset of the first caret's column. */
	start: number;
	/** UTF-16 offset just after the last caret's column. */
	end: number;
	/** The trimmed text after the carets; empty for a bare navigation target. */
	label: string;
}

/** A parsed fixture: its files, at most one cursor or range, and the annotations of all files. */
export interface Fixture {
	files: FixtureFile[];
	/** Set when the fixture has exactly one `$0`. */
	cursor?: { path: string; offset: number };
	/** Set when the fixture has two `$0`, which must be in the same file. */
	range?: { path: string; start: number; end: number };
	annotations: Annotation[];
}

const DEFAULT_PATH = '/main.lua';
const MARKER = '$0';
const HEADER = /^--- (\/.*?)\s*$/;
const ANNOTATION = /^[ \t]*--[ \t]*(\^+)(.*)$/;

interface Marker {
	path: string;
	offset: number;
	lineNumber: number;
}

/**
 * Parses a fixture string. The source is dedented first, so fixtures can be written flush-left
 * or indented. Columns of annotations count UTF-16 units in the marker-free line, the
 * annotation's own `--` included, so a caret sits under the character it marks.
 * Throws on malformed fixtures (text before the first header, duplicate paths, more than two
 * markers, a range across files, an annotation with no code line above it or past its end).
 */
export function parseFixture(source: string): Fixture {
	const lines = dedent(source).split('\n');
	const hasHeaders = lines.some(line => HEADER.test(line));
	const files: FixtureFile[] = [];
	const annotations: Annotation[] = [];
	const markers: Marker[] = [];

	let currentPath: string | undefined = hasHeaders ? undefined : DEFAULT_PATH;
	let fileLines: string[] = [];
	// Offset of each line of the current file, and the index of its last non-annotation line.
	let lineStarts: number[] = [];
	let nextLineStart = 0;
	let targetLine: number | undefined;
	// Trailing blank lines are dropped, but never one that held a marker.
	let keptLines = 0;

	const finishFile = (): void => {
		if (currentPath === undefined) {
			return;
		}
		const kept = fileLines.slice(0, keptLines);
		files.push({ path: currentPath, text: kept.length === 0 ? '' : kept.join('\n') + '\n' });
	};

	lines.forEach((rawLine, index) => {
		const lineNumber = index + 1;
		const header = HEADER.exec(rawLine);
		if (header) {
			finishFile();
			const path = header[1];
			if (files.some(file => file.path === path)) {
				throw new Error(`Fixture line ${lineNumber}: duplicate file ${path}`);
			}
			currentPath = path;
			fileLines = [];
			lineStarts = [];
			nextLineStart = 0;
			targetLine = undefined;
			keptLines = 0;
			return;
		}
		if (currentPath === undefined) {
			if (rawLine === '') {
				return;
			}
			throw new Error(`Fixture line ${lineNumber}: text before the first \`--- /path\` header`);
		}

		let line = '';
		let searchFrom = 0;
		for (let found = rawLine.indexOf(MARKER); found >= 0; found = rawLine.indexOf(MARKER, searchFrom)) {
			line += rawLine.slice(searchFrom, found);
			markers.push({ path: currentPath, offset: nextLineStart + line.length, lineNumber });
			searchFrom = found + MARKER.length;
		}
		line += rawLine.slice(searchFrom);

		const lineIndex = fileLines.length;
		fileLines.push(line);
		lineStarts.push(nextLineStart);
		nextLineStart += line.length + 1;
		if (rawLine !== '') {
			keptLines = fileLines.length;
		}

		const annotation = ANNOTATION.exec(line);
		if (!annotation) {
			targetLine = lineIndex;
			return;
		}
		if (targetLine === undefined) {
			throw new Error(`Fixture line ${lineNumber}: annotation with no code line above it in ${currentPath}`);
		}
		const column = line.indexOf('^');
		const endColumn = column + annotation[1].length;
		const target = fileLines[targetLine];
		if (endColumn > target.length) {
			throw new Error(`Fixture line ${lineNumber}: carets end at column ${endColumn}, past the end of ${JSON.stringify(target)}`);
		}
		annotations.push({
			path: currentPath,
			start: lineStarts[targetLine] + column,
			end: lineStarts[targetLine] + endColumn,
			label: annotation[2].trim(),
		});
	});
	finishFile();

	const result: Fixture = { files, annotations };
	if (markers.length === 1) {
		result.cursor = { path: markers[0].path, offset: markers[0].offset };
	} else if (markers.length === 2) {
		const [first, second] = markers;
		if (first.path !== second.path) {
			throw new Error(`Fixture line ${second.lineNumber}: a \`$0 … $0\` range must lie in one file`);
		}
		result.range = { path: first.path, start: first.offset, end: second.offset };
	} else if (markers.length > 2) {
		throw new Error(`Fixture line ${markers[2].lineNumber}: at most two \`$0\` markers (a cursor or a range) are allowed`);
	}
	return result;
}
