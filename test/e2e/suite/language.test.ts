/**
 * Language features through VS Code's own provider commands (`vscode.execute*Provider`), so what is
 * checked is what an editor gets: definition across files and from a tag to all its hosts,
 * references, rename across files, hover, completion inside `targets`, document and workspace
 * symbols, code actions and code lenses. Each test first checks that the server advertises the
 * capability, so a dropped capability fails with a clear message.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suite, suiteSetup, test } from 'mocha';
import {
	definitionsAt, esshApi, hoverText, inBrowserHost, lineOf, openDoc, positionOf, relativePath, waitFor, waitForDiagnostic,
} from './util';

type Capability = 'definitionProvider' | 'referencesProvider' | 'renameProvider' | 'hoverProvider' | 'completionProvider'
	| 'documentSymbolProvider' | 'workspaceSymbolProvider' | 'codeActionProvider' | 'codeLensProvider';

suite('language features', () => {
	let capabilities: Record<string, unknown> = {};

	suiteSetup(async () => {
		const api = await esshApi();
		capabilities = (api.getClient()?.initializeResult?.capabilities ?? {}) as Record<string, unknown>;
	});

	function requires(capability: Capability): void {
		assert.ok(capabilities[capability], `the server advertises ${capability}`);
	}

	test('definition: a targets entry goes to the host defined in another file', async () => {
		requires('definitionProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const locations = await definitionsAt(document.uri, positionOf(document, '"db01"', 0, 2));
		assert.equal(locations.length, 1, JSON.stringify(locations));
		assert.equal(relativePath(locations[0].uri), 'web/.esshconfig_override.lua');
		const override = await openDoc('web/.esshconfig_override.lua');
		assert.equal(locations[0].range.start.line, lineOf(override, 'host "db01"'));
	});

	test('definition: a tag in targets goes to every host carrying it', async () => {
		requires('definitionProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const targetsLine = lineOf(document, 'targets = { "web", "db01" }');
		const tag = new vscode.Position(targetsLine, document.lineAt(targetsLine).text.indexOf('"web"') + 2);
		const locations = await definitionsAt(document.uri, tag);
		const lines = locations.map(location => `${relativePath(location.uri)}:${location.range.start.line}`).sort();
		assert.deepEqual(lines, [
			`web/.esshconfig.lua:${lineOf(document, 'host "web01"')}`,
			`web/.esshconfig.lua:${lineOf(document, 'host "web02"')}`,
		].sort());
	});

	test('definition: a host required from .essh/lib resolves into the module', async () => {
		requires('definitionProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const locations = await definitionsAt(document.uri, positionOf(document, '"cache01"', 0, 2));
		assert.deepEqual(locations.map(location => relativePath(location.uri)), ['web/.essh/lib/common.lua']);
	});

	test('references: every site naming db01, across files', async () => {
		requires('referencesProvider');
		const override = await openDoc('web/.esshconfig_override.lua');
		const references = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', override.uri, positionOf(override, 'db01'));
		const files = new Set(references.map(reference => relativePath(reference.uri)));
		assert.ok(files.has('web/.esshconfig.lua'), `references in ${[...files].join(', ')}`);
		assert.ok(files.has('web/.esshconfig_override.lua'), `references in ${[...files].join(', ')}`);
		assert.ok(!files.has('ops/.esshconfig.lua'), 'the other evaluation set is not involved');
	});

	test('rename: a host renamed from its use site changes its definition in another file', async () => {
		requires('renameProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, positionOf(document, '"cache01"', 0, 2), 'cache02');
		assert.ok(edit, 'a rename edit');
		const byFile = new Map(edit.entries().map(([uri, edits]) => [relativePath(uri), edits.map(textEdit => textEdit.newText)]));
		assert.deepEqual([...byFile.keys()].sort(), ['web/.essh/lib/common.lua', 'web/.esshconfig.lua']);
		for (const texts of byFile.values()) {
			assert.ok(texts.every(text => text.includes('cache02')), JSON.stringify(texts));
		}
	});

	test('rename: a name built dynamically is refused', async () => {
		requires('renameProvider');
		const document = await openDoc('web/.esshconfig.lua');
		await assert.rejects(async () => {
			await vscode.commands.executeCommand('vscode.prepareRename', document.uri, positionOf(document, 'driver_name', 0, 2));
		});
	});

	test('hover: a host shows its ssh_config block and description', async () => {
		requires('hoverProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '"web01"', 0, 2));
		const text = hoverText(hovers);
		assert.match(text, /HostName\s+10\.0\.0\.11/);
		assert.match(text, /first web server/);
	});

	test('hover: a tag lists its hosts', async () => {
		requires('hoverProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf(document, '"web", "db01"', 0, 2));
		const text = hoverText(hovers);
		assert.match(text, /web01/);
		assert.match(text, /web02/);
	});

	test('completion: host names and tags inside targets', async () => {
		requires('completionProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, positionOf(document, '"web02" }', 0, 1));
		const labels = list.items.map(item => typeof item.label === 'string' ? item.label : item.label.label);
		for (const expected of ['web01', 'web02', 'db01', 'cache01', 'web', 'db']) {
			assert.ok(labels.includes(expected), `${expected} in ${labels.join(', ')}`);
		}
		assert.ok(!labels.includes('backup01'), 'hosts of the other evaluation set are not offered');
	});

	test('document symbols: hosts, tasks and the group of a file', async () => {
		requires('documentSymbolProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>('vscode.executeDocumentSymbolProvider', document.uri);
		const names: string[] = [];
		const walk = (items: readonly (vscode.DocumentSymbol | vscode.SymbolInformation)[]) => {
			for (const item of items) {
				names.push(item.name);
				if ('children' in item) {
					walk(item.children);
				}
			}
		};
		walk(symbols);
		for (const expected of ['web01', 'web02', 'bastion', 'mon01', 'mon02', 'deploy', 'restart', 'check']) {
			assert.ok(names.some(name => name.includes(expected)), `${expected} in ${names.join(', ')}`);
		}
	});

	test('workspace symbols: a fuzzy query finds hosts in both evaluation sets', async () => {
		requires('workspaceSymbolProvider');
		const symbols = await waitFor('workspace symbols for "web01"', async () => {
			const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'web01');
			return found.length > 0 ? found : undefined;
		});
		const files = new Set(symbols.filter(symbol => symbol.name.includes('web01')).map(symbol => relativePath(symbol.location.uri)));
		assert.ok(files.has('web/.esshconfig.lua') && files.has('ops/.esshconfig.lua'), [...files].join(', '));
	});

	test('code actions: quick fixes for a wrong field, a number port and a mistyped target', async () => {
		requires('codeActionProvider');
		// The workbench answers code actions only for documents it has loaded.
		const ops = (await openDoc('ops/.esshconfig.lua')).uri;
		const field = await waitForDiagnostic(ops, 'host-unknown-field');
		const fieldFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ops, field.range, vscode.CodeActionKind.QuickFix.value);
		assert.ok(fieldFixes.some(action => /tags/.test(action.title) && action.edit), fieldFixes.map(action => action.title).join(' | '));
		const port = await waitForDiagnostic(ops, 'host-ssh-prop-type');
		const portFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', ops, port.range, vscode.CodeActionKind.QuickFix.value);
		const quote = portFixes.find(action => action.edit);
		assert.ok(quote, portFixes.map(action => action.title).join(' | '));
		const texts = quote.edit!.entries().flatMap(([, edits]) => edits.map(edit => edit.newText));
		assert.ok(texts.includes('"22"'), JSON.stringify(texts));
		const web = (await openDoc('web/.esshconfig.lua')).uri;
		const target = await waitForDiagnostic(web, 'target-unresolved');
		const targetFixes = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', web, target.range, vscode.CodeActionKind.QuickFix.value);
		const rename = targetFixes.find(action => /web01/.test(action.title));
		assert.ok(rename?.edit, targetFixes.map(action => action.title).join(' | '));
		assert.ok(rename.edit.entries().some(([uri, edits]) => uri.toString() === web.toString() && edits.some(edit => edit.newText.includes('web01'))));
	});

	test('code lens: each task shows its resolved host count and a run action', async () => {
		requires('codeLensProvider');
		const document = await openDoc('web/.esshconfig.lua');
		const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
		const deployLine = lineOf(document, 'task "deploy"');
		const titles = lenses.filter(lens => lens.range.start.line === deployLine).map(lens => lens.command?.title ?? '');
		// deploy targets the tag web (web01, web02) and db01.
		assert.ok(titles.includes('→ 3 hosts'), titles.join(' | '));
		if (inBrowserHost()) {
			// A browser has no terminal to run essh in: the lens is not offered there.
			assert.ok(!titles.includes('Run task'), titles.join(' | '));
			return;
		}
		assert.ok(titles.includes('Run task'), titles.join(' | '));
		const run = lenses.find(lens => lens.range.start.line === deployLine && lens.command?.command === 'essh.runTask');
		assert.deepEqual(run?.command?.arguments?.[1], 'deploy');
	});
});
