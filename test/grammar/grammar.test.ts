/**
 * Snapshot tests of the ESSH injection grammar (`syntaxes/essh.injection.tmLanguage.json`) with
 * vscode-textmate and vscode-oniguruma: every `test/data/grammar/*.lua` fixture is tokenized with a
 * test-only base Lua grammar plus the injection, rendered as one line per token with its scopes,
 * and compared with the golden `.txt` beside it (`UPDATE_EXPECT=1` rewrites them). A second test
 * keeps the grammar's key lists equal to the core vocabulary.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { ESSH_TABLE_MEMBERS, DRIVER_KEYS, GROUP_RESERVED_KEYS, HOST_KEYS, NAMESPACE_KEYS, SSH_KEYWORDS, TASK_KEYS } from '../../server/src/core/keywords';
import { expectFile } from '../support/expect';

const root = findRoot();
const grammarPath = path.join(root, 'syntaxes', 'essh.injection.tmLanguage.json');
const baseGrammarPath = path.join(root, 'test', 'grammar', 'lua.tmLanguage.json');
const fixtureDirectory = path.join(root, 'test', 'data', 'grammar');

function findRoot(): string {
	let directory = __dirname;
	while (!fs.existsSync(path.join(directory, 'package.json'))) {
		directory = path.dirname(directory);
	}
	return directory;
}

let registryPromise: Promise<textmate.IGrammar> | undefined;

/** Loads oniguruma once and returns `source.lua` with the ESSH injection. */
function loadLuaGrammar(): Promise<textmate.IGrammar> {
	registryPromise ??= (async () => {
		const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
		await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
		const registry = new textmate.Registry({
			onigLib: Promise.resolve({
				createOnigScanner: patterns => new oniguruma.OnigScanner(patterns),
				createOnigString: text => new oniguruma.OnigString(text),
			}),
			loadGrammar: async scopeName => {
				const file = scopeName === 'source.lua' ? baseGrammarPath : scopeName === 'source.lua.essh' ? grammarPath : undefined;
				return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
			},
			// What package.json's `injectTo: ["source.lua"]` does in VS Code.
			getInjections: scopeName => (scopeName === 'source.lua' ? ['source.lua.essh'] : undefined),
		});
		const grammar = await registry.loadGrammar('source.lua');
		assert.ok(grammar, 'source.lua did not load');
		return grammar;
	})();
	return registryPromise;
}

/**
 * One block per source line: the line, then each token that has a scope beyond `source.lua`
 * (whitespace-only tokens skipped), as `  "text"  scope scope`.
 */
function renderTokens(grammar: textmate.IGrammar, text: string): string {
	const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
	const out: string[] = [];
	let state = textmate.INITIAL;
	for (const line of lines) {
		const result = grammar.tokenizeLine(line, state);
		state = result.ruleStack;
		out.push(line);
		for (const token of result.tokens) {
			const tokenText = line.slice(token.startIndex, token.endIndex);
			const scopes = token.scopes.filter(scope => scope !== 'source.lua');
			if (scopes.length === 0 || tokenText.trim() === '') {
				continue;
			}
			out.push(`  ${JSON.stringify(tokenText)}  ${scopes.join(' ')}`);
		}
	}
	return `${out.join('\n')}\n`;
}

/** The words of every plain alternation group (`(a|b|c)`) of a repository rule's `match`, sorted. */
function alternatives(ruleName: string): string[] {
	const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { repository: Record<string, { match: string }> };
	const match = grammar.repository[ruleName].match;
	const groups = [...match.matchAll(/\(((?:[A-Za-z_]\w*\|)*[A-Za-z_]\w*)\)/g)];
	assert.ok(groups.length > 0, `no alternatives in ${ruleName}`);
	return groups.flatMap(group => group[1].split('|')).sort();
}

function unique(names: { name: string }[][]): string[] {
	return [...new Set(names.flat().map(item => item.name))].sort();
}

describe('ESSH injection grammar', () => {
	for (const file of fs.readdirSync(fixtureDirectory).filter(name => name.endsWith('.lua')).sort()) {
		test(`snapshot ${file}`, async () => {
			const grammar = await loadLuaGrammar();
			const text = fs.readFileSync(path.join(fixtureDirectory, file), 'utf8');
			expectFile(renderTokens(grammar, text), `grammar/${file.replace(/\.lua$/, '.txt')}`);
		});
	}

	test('the key lists match the core vocabulary', () => {
		assert.deepEqual(alternatives('ssh-config-key'), unique([[...SSH_KEYWORDS]]));
		assert.deepEqual(alternatives('essh-key'), unique([[...HOST_KEYS], [...TASK_KEYS], [...DRIVER_KEYS], [...GROUP_RESERVED_KEYS], [...NAMESPACE_KEYS]]));
		assert.deepEqual(alternatives('essh-member'), unique([[{ name: 'essh' }], [...ESSH_TABLE_MEMBERS]]));
	});

	test('the grammar is injected into source.lua only, outside comments and strings', () => {
		const grammar = JSON.parse(fs.readFileSync(grammarPath, 'utf8')) as { scopeName: string; injectionSelector: string };
		assert.equal(grammar.scopeName, 'source.lua.essh');
		assert.equal(grammar.injectionSelector, 'L:source.lua -comment -string');
	});
});
