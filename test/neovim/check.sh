#!/usr/bin/env bash
# Checks the README's Neovim set-up for real: takes the README block for the installed Neovim
# (0.8+ or 0.7), points it at this clone's dist/server.js, opens examples/broken/.esshconfig.lua
# headless and waits for the client to attach and the diagnostics to arrive with their check IDs.
# Needs nvim on PATH and `npm run build` done. Not part of npm test (Neovim is optional).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

version="$(nvim --version | head -1 | sed -E 's/^NVIM v([0-9]+)\.([0-9]+).*/\1 \2/')"
read -r major minor <<<"$version"
if [ "$major" -eq 0 ] && [ "$minor" -lt 8 ]; then
	heading='Neovim 0.7 ('
else
	heading='Neovim 0.8 or later'
fi
# The first ```lua block after the heading line.
awk -v heading="$heading" '
	index($0, heading) == 1 { found = 1; next }
	found && /^```lua$/ { inside = 1; next }
	inside && /^```$/ { exit }
	inside { print }
' "$root/README.md" | sed "s|/path/to/essh-tools|$root|" >"$work/init.lua"
[ -s "$work/init.lua" ] || { echo "no README block found for: $heading" >&2; exit 1; }

cat >"$work/check.lua" <<LUA
local arrived = vim.wait(60000, function() return #vim.diagnostic.get(0) > 0 end, 200)
local lines = {}
for _, client in pairs(vim.lsp.buf_get_clients(0)) do table.insert(lines, 'client ' .. client.name) end
for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(lines, string.format('%d:%d %s', d.lnum + 1, d.col + 1, tostring(d.code))) end
table.insert(lines, arrived and 'diagnostics arrived' or 'no diagnostics')
vim.fn.writefile(lines, '$work/result.txt')
vim.cmd('qall!')
LUA

cd "$root/examples/broken"
timeout 120 nvim --headless -u "$work/init.lua" .esshconfig.lua -c "luafile $work/check.lua"
cat "$work/result.txt"
grep -qx 'client essh' "$work/result.txt"
grep -q ' host-ssh-prop-type$' "$work/result.txt"
grep -qx 'diagnostics arrived' "$work/result.txt"
echo "ok: $heading block works with $(nvim --version | head -1)"
