/**
 * Entry point of the ESSH language server (bundled to dist/server.js): tunes V8's heap for a
 * long-lived editor process, creates the connection from the command line (`--stdio`,
 * `--node-ipc`, `--socket=N`, `--pipe=NAME`) and starts the server on the real file system. The only
 * file that calls `createConnection()` without streams.
 */
import { setFlagsFromString } from 'node:v8';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { nodeHost } from './nodeHost';
import { startServer } from './server';

/**
 * V8 lets the old generation grow to about twice the live heap between full collections, tuned for
 * throughput. Every edit leaves the previous analysis behind, so a session of typing would grow the
 * server by that much (about +100% over 1,000 edits at 10,000 hosts, docs/performance.md) without a
 * leak. Growing by 10% keeps the footprint near the live heap for a few more concurrent full
 * collections (the median edit is unchanged; the p95 rises). Read at each collection, so it takes
 * effect when set at startup.
 */
const HEAP_FLAGS = ['--heap-growing-percent=10'];

for (const flag of HEAP_FLAGS) {
	setFlagsFromString(flag);
}
startServer(createConnection(ProposedFeatures.all), nodeHost);
