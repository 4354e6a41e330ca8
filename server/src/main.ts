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
 * leak. Growing by 10% keeps the footprint near the live heap while the cold index builds it (read at
 * each collection, so it takes effect when set at startup); once the first index is built, 5% keeps
 * a session of edits within a tenth of the memory it started with (an edit now promotes little, so
 * the extra full collections are rare). Set at startup, 5% would double the full collections of the
 * cold index, which grows the heap from nothing.
 */
const HEAP_FLAGS = ['--heap-growing-percent=10'];
const SESSION_HEAP_FLAGS = ['--heap-growing-percent=5'];

/** What `--help` prints: the server is started by an editor, not by hand. */
const USAGE = `Usage: node server.js --stdio | --node-ipc | --socket=PORT | --pipe=NAME

The ESSH language server (LSP). An editor starts it and talks to it over the chosen transport;
run by hand, it waits for LSP messages. To check configs from a shell, use essh-registry.
`;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
	process.stdout.write(USAGE);
} else if (!args.some(arg => /^--(stdio|node-ipc|socket|pipe|clientProcessId)/.test(arg))) {
	// Without a transport, vscode-languageserver dies with "Connection input stream is not set".
	process.stderr.write(`essh-language-server: no transport given\n\n${USAGE}`);
	process.exitCode = 2;
} else {
	for (const flag of HEAP_FLAGS) {
		setFlagsFromString(flag);
	}
	startServer(createConnection(ProposedFeatures.all), nodeHost, {
		onFirstIndex: () => {
			for (const flag of SESSION_HEAP_FLAGS) {
				setFlagsFromString(flag);
			}
		},
	});
}
