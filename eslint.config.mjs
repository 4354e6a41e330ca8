// ESLint flat config: Microsoft house style plus the import boundaries of docs/architecture.md.
import tseslint from 'typescript-eslint';
import stylistic from '@stylistic/eslint-plugin';

export default tseslint.config(
	{ ignores: ['node_modules/**', 'out/**', 'dist/**', 'test/e2e/.work/**', '**/*.mjs', '**/*.js'] },
	{
		files: ['**/*.ts'],
		extends: [tseslint.configs.recommended],
		languageOptions: {
			parserOptions: { project: './tsconfig.json', tsconfigRootDir: import.meta.dirname },
		},
		plugins: { '@stylistic': stylistic },
		rules: {
			'@stylistic/indent': ['error', 'tab', { SwitchCase: 1 }],
			'@stylistic/quotes': ['error', 'single', { avoidEscape: true }],
			'@stylistic/semi': ['error', 'always'],
			'@stylistic/member-delimiter-style': 'error',
			curly: 'error',
			eqeqeq: 'error',
			'prefer-const': 'error',
			'@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'], package: 'node:test' }] }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			'@typescript-eslint/no-namespace': 'off',
		},
	},
	{
		files: ['server/**/*.ts'],
		rules: {
			'no-console': 'error',
			'no-restricted-imports': ['error', { paths: ['vscode'] }],
		},
	},
	{
		files: ['server/src/cli.ts', 'server/src/cli/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
	{
		files: ['server/src/core/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: ['vscode', 'fs', 'node:fs', 'path', 'node:path', 'child_process', 'node:child_process', 'net', 'node:net', 'http', 'https', 'process', 'node:process'],
				patterns: ['vscode-languageserver*', 'vscode-jsonrpc*', '../lsp/*', '**/lsp/*'],
			}],
		},
	},
	{
		files: ['client/**/*.ts'],
		rules: {
			'no-restricted-imports': ['error', { paths: ['luaparse'], patterns: ['**/server/src/core/*'] }],
		},
	},
);
