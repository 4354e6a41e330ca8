/**
 * The extension's `vscode:uninstall` script (bundled to dist/uninstall.js; VS Code runs it with
 * Node after the extension is fully uninstalled): removes the `Lua.workspace.userThirdParty` entry
 * that the LuaLS integration added, from the user settings of every VS Code build on this machine.
 */
import * as os from 'node:os';
import { removeUserThirdPartyEntries, userDataDirs } from './luals/uninstallCleanup';

removeUserThirdPartyEntries(userDataDirs(process.env, process.platform, os.homedir()), 'essh-tools.essh-tools');
