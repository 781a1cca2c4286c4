#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3's server and web workbench) into a folder of its own,
# .tmp/code-server/, for the tests that run the extension inside a real VS Code
# (test/vscode/). Microsoft's VS Code download and GitHub are out of reach on these machines;
# the npm registry and Debian's packages are not. See docs in test/vscode/README.md.
#
# Idempotent: does nothing when this version is already installed and its native modules built.
# Usage: scripts/install-code-server.sh   (CODE_SERVER_HOME overrides the folder)
set -euo pipefail

VERSION=4.100.3
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
HOME_DIR="${CODE_SERVER_HOME:-$ROOT/.tmp/code-server}"
PACKAGE="$HOME_DIR/node_modules/code-server"
VSCODE="$PACKAGE/lib/vscode"
MARKER="$HOME_DIR/.installed-$VERSION"

# The native modules code-server's postinstall builds or fetches; without them the workbench
# starts but terminals, file watching and search fail, so their presence is what "installed" means.
NATIVE_FILES=(
  "$VSCODE/node_modules/node-pty/build/Release/pty.node"
  "$VSCODE/node_modules/kerberos/build/Release/kerberos.node"
  "$VSCODE/node_modules/@vscode/spdlog/build/Release/spdlog.node"
  "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
  "$VSCODE/node_modules.asar"
  "$VSCODE/extensions/node_modules"
)

main() {
  if [ -f "$MARKER" ] && native_modules_present; then
    echo "code-server $VERSION is installed in $HOME_DIR"
    exit 0
  fi
  install_debian_packages libkrb5-dev ripgrep chromium
  seed_ripgrep_cache
  install_code_server
  if ! native_modules_present; then
    echo "install-code-server: code-server's postinstall did not build its native modules:" >&2
    missing_native_modules >&2
    echo "If npm reported 'install-scripts ... not yet covered by allowScripts', its policy blocked them: see $HOME_DIR/package.json (allowScripts)." >&2
    exit 1
  fi
  touch "$MARKER"
  echo "code-server $VERSION installed in $HOME_DIR"
}

# libkrb5-dev: headers for the `kerberos` native module; ripgrep: seeds @vscode/ripgrep (below);
# chromium: the browser the tests drive.
install_debian_packages() {
  bash "$ROOT/scripts/install-debian-packages.sh" "$@"
}

# @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the
# archive; a tar.gz of Debian's rg under the expected name satisfies it.
seed_ripgrep_cache() {
  local cache archive staging
  cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
  archive="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  [ -f "$archive" ] && return
  staging="$(mktemp -d)"
  cp "$(command -v rg)" "$staging/rg"
  mkdir -p "$cache"
  tar czf "$archive" -C "$staging" rg
  rm -rf "$staging"
}

# npm 11 reports dependency install scripts that package.json's allowScripts does not cover.
# npm 11.19 still runs them, with a warning; with strict-allow-scripts (or a later default) it
# refuses. code-server's postinstall and argon2's are the two at the top level, approved below,
# pinned to the versions installed. But code-server's postinstall runs `npm install` again in
# lib/vscode and lib/vscode/extensions (building node-pty, kerberos, spdlog, …), projects whose
# package.json is not ours and which npm forbids --allow-scripts for; under a strict policy the
# only switch found to work for those is dangerously-allow-all-scripts, set here for this one
# folder's install and only when the policy is strict.
# npm_config_yes: node-pty's build runs `npx node-gyp`, which must not prompt.
# --unsafe-perm: code-server's postinstall refuses to run as root without it (npm 11 warns
# that the flag is unknown, but sets npm_config_unsafe_perm, which is what the check reads).
install_code_server() {
  mkdir -p "$HOME_DIR"
  rm -rf "$HOME_DIR/node_modules" "$HOME_DIR/package-lock.json" "$HOME_DIR"/.installed-*
  cat > "$HOME_DIR/package.json" <<EOF
{
  "name": "inspection-lens-code-server",
  "private": true,
  "description": "code-server for Inspection Lens's real VS Code tests; installed by scripts/install-code-server.sh.",
  "dependencies": { "code-server": "$VERSION" },
  "allowScripts": { "code-server@$VERSION": true, "argon2@0.31.2": true }
}
EOF
  local nested_scripts=()
  if [ "$(cd "$HOME_DIR" && npm config get strict-allow-scripts)" = true ]; then
    nested_scripts=(--dangerously-allow-all-scripts)
  fi
  echo "Installing code-server $VERSION into $HOME_DIR (about 80 s)"
  (cd "$HOME_DIR" && npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund "${nested_scripts[@]}")
}

native_modules_present() {
  [ -z "$(missing_native_modules)" ]
}

missing_native_modules() {
  for file in "${NATIVE_FILES[@]}"; do
    [ -e "$file" ] || echo "  missing: $file"
  done
}

main "$@"
