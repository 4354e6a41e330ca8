/**
 * A light check of Go `text/template` strings used as driver `engine` and task `prefix`
 * (essh-semantics.md, Tasks; essh-semantics.md, Drivers): unbalanced delimiters, unclosed or stray control blocks, and top-level
 * fields the template data does not have. ESSH only finds these when a task runs. Pure.
 */

const ENGINE_FIELDS = new Set(['Scripts', 'Task', 'Host', 'Driver', 'SSHConfigPath', 'GOOS', 'GOARCH', 'Debug', 'Executable']);
const PREFIX_FIELDS = new Set(['Host', 'Task']);
const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

export interface TemplateProblem {
	code: 'template-syntax' | 'template-field';
	message: string;
}

/** Returns the first problem found in a template, or undefined when it looks valid. */
export function isGoTemplateProblem(text: string, key: 'engine' | 'prefix'): TemplateProblem | undefined {
	const stack: string[] = [];
	let index = 0;
	// Inside range/with the dot changes, so top-level field checks only apply at depth 0 of those.
	let dotChanged = 0;
	while (index < text.length) {
		const open = text.indexOf('{{', index);
		if (open < 0) {
			break;
		}
		const close = text.indexOf('}}', open + 2);
		if (close < 0) {
			return { code: 'template-syntax', message: `The ${key} template has "{{" without "}}": running a task fails with "template: …: unclosed action".` };
		}
		let action = text.slice(open + 2, close).trim();
		action = action.replace(/^-\s*/, '').replace(/\s*-$/, '');
		index = close + 2;
		if (action.startsWith('/*')) {
			continue;
		}
		const word = action.split(/\s+/)[0];
		if (OPENERS.has(word)) {
			stack.push(word);
			if (word === 'range' || word === 'with') {
				dotChanged++;
			}
		} else if (word === 'end') {
			const popped = stack.pop();
			if (popped === undefined) {
				return { code: 'template-syntax', message: `The ${key} template has an {{end}} without a block to close: running a task fails with "template: …: unexpected {{end}}".` };
			}
			if (popped === 'range' || popped === 'with') {
				dotChanged--;
			}
		} else if (word === 'else' && stack.length === 0) {
			return { code: 'template-syntax', message: `The ${key} template has an {{else}} outside a block: running a task fails with "template: …: unexpected {{else}}".` };
		}
		if (dotChanged === 0 && !action.startsWith('"')) {
			const fields = key === 'engine' ? ENGINE_FIELDS : PREFIX_FIELDS;
			for (const match of action.matchAll(/(^|[\s(|])\.([A-Za-z_][A-Za-z0-9_]*)/g)) {
				if (!fields.has(match[2])) {
					return { code: 'template-field', message: `The ${key} template uses .${match[2]}, which the template data does not have (${[...fields].map(field => `.${field}`).join(', ')}): running a task fails.` };
				}
			}
		}
	}
	if (stack.length > 0) {
		return { code: 'template-syntax', message: `The ${key} template leaves {{${stack[stack.length - 1]}}} unclosed: running a task fails with "template: …: unexpected EOF".` };
	}
	return undefined;
}
