/**
 * Entry point of the ESSH language server (bundled to dist/server.js): creates the connection from
 * the command line (`--stdio`, `--node-ipc`, `--socket=N`, `--pipe=NAME`) and starts the server on
 * the real file system. The only file that calls `createConnection()` without streams.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeHost } from './host';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all), nodeHost);
