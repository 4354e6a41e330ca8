#!/usr/bin/env node
/**
 * Entry point of the `essh-registry` command (bundled to dist/cli.js): runs the CLI on the real
 * process streams and sets the exit status. Everything else lives in cli/commands.ts.
 */
import { runCli } from './cli/commands';

// A reader that stops early (`| head -1`) closes the pipe: end quietly with the status the run
// already has, instead of an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') {
			process.exit();
		}
		throw error;
	});
}

try {
	process.exitCode = runCli(process.argv.slice(2), {
		out: text => process.stdout.write(text),
		err: text => process.stderr.write(text),
		cwd: process.cwd(),
		env: process.env,
	});
} catch (error) {
	process.stderr.write(`essh-registry: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
	process.exitCode = 2;
}
