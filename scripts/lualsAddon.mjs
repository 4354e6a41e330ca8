// Writes the LuaLS addon (dist/luals-addon/essh/: config.json and library/*.lua) from the generator
// in server/src/luals/definitions.ts, which reads the core's vocabulary tables. Called by build.mjs,
// so the VSIX always carries definitions made from the tables it was built with.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Generates the addon into `<outDir>/essh`, replacing what an earlier build left there. */
export async function writeLualsAddon(outDir) {
	const bundle = await build({
		entryPoints: ['server/src/luals/definitions.ts'],
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		write: false,
		logLevel: 'warning',
	});
	const module = { exports: {} };
	new Function('module', 'exports', 'require', bundle.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
	const { ADDON_NAME, lualsAddonFiles } = module.exports;
	const addonDir = path.join(outDir, ADDON_NAME);
	rmSync(addonDir, { recursive: true, force: true });
	for (const file of lualsAddonFiles()) {
		const target = path.join(addonDir, file.path);
		mkdirSync(path.dirname(target), { recursive: true });
		writeFileSync(target, file.text);
	}
}
