/**
 * Entry point of the ESSH language server in a browser Worker (bundled to dist/web/server.js): the
 * connection runs over the Worker's messages, and the files come from the extension
 * (`essh/readFiles`, see webHost.ts). The browser counterpart of main.ts; everything else is shared.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { ReadFilesRequestMethod, type ReadFilesParams, type ReadFilesResult } from '../lsp/ext';
import { startServer } from '../server';
import { WebHost } from './webHost';

/** The Worker's global scope (typed loosely: the project compiles without the DOM library). */
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self));
const host = new WebHost(params => connection.sendRequest<ReadFilesResult>(ReadFilesRequestMethod, params satisfies ReadFilesParams));
startServer(connection, host, { runtime: 'browser' });
