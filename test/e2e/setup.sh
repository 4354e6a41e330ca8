#!/usr/bin/env bash
# Installs what the real-VS-Code e2e harness needs on a fresh machine, and nothing that is already there.
# - Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (VS Code's kerberos
#   module compiles from source), ripgrep (its binary seeds @vscode/ripgrep's download cache).
# - code-server 4.100.3 (bundles the VS Code 1.100.3 server) and playwright-core, pinned by
#   test/e2e/runner/package-lock.json, installed with `npm ci` into test/e2e/.work/runner (gitignored),
#   never into the extension's own node_modules.
# Safe to run again: each step checks first and skips work already done. Needs root for apt-get.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
WORK="$HERE/.work"
RUNNER_SRC="$HERE/runner"
RUNNER="$WORK/runner"
export DEBIAN_FRONTEND=noninteractive

say() { printf '[e2e setup] %s\n' "$*"; }
started=$(date +%s)

# 1. Debian packages.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		say "missing Debian packages (${missing[*]}) and not root: install them and run again"
		exit 1
	fi
	say "apt-get install ${missing[*]}"
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
	say 'Debian packages present (chromium, ripgrep, libkrb5-dev)'
fi

# 2. @vscode/ripgrep's postinstall (a dependency of the VS Code server) fetches rg from the internet
#    unless its cache, os.tmpdir()/vscode-ripgrep-cache-<version>/, already holds the archive.
#    Seed it with Debian's rg, packed the way the package expects (a tar.gz whose top entry is rg).
RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
RG_ARCHIVE="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [ ! -s "$RG_ARCHIVE" ]; then
	say "seeding $RG_ARCHIVE"
	mkdir -p "$RG_CACHE"
	staging="$(mktemp -d)"
	cp "$(command -v rg)" "$staging/rg"
	tar -C "$staging" -czf "$RG_ARCHIVE" rg
	rm -rf "$staging"
fi

# 3. code-server + playwright-core from the committed lockfile. The stamp records which lockfile was
#    installed, so an edited lockfile reinstalls and an unchanged one is a no-op.
lock_sum="$(cat "$RUNNER_SRC/package.json" "$RUNNER_SRC/package-lock.json" | sha256sum | cut -d' ' -f1)"
stamp="$RUNNER/.installed"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ] \
	&& [ -f "$RUNNER/node_modules/code-server/lib/vscode/out/server-main.js" ] \
	&& [ -d "$RUNNER/node_modules/playwright-core" ]; then
	say 'code-server and playwright-core already installed'
else
	say 'npm ci code-server + playwright-core (compiles native modules, about a minute)'
	rm -rf "$RUNNER"
	mkdir -p "$RUNNER"
	cp "$RUNNER_SRC/package.json" "$RUNNER_SRC/package-lock.json" "$RUNNER/"
	# code-server's postinstall refuses to run as root without unsafe-perm; it then installs and
	# compiles VS Code's own server dependencies (node headers come from nodedir, so no download);
	# it fetches node-gyp through npx, which must not stop to ask (yes=true).
	(cd "$RUNNER" && npm_config_unsafe_perm=true npm_config_yes=true npm ci --no-audit --no-fund --loglevel=error)
	[ -f "$RUNNER/node_modules/code-server/lib/vscode/out/server-main.js" ] || {
		say 'code-server installed without its VS Code server (postinstall failed?)'
		exit 1
	}
	printf '%s' "$lock_sum" >"$stamp"
fi

say "ready in $(( $(date +%s) - started ))s"
