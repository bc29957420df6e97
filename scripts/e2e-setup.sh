#!/usr/bin/env bash
# Prepares everything `npm run test:e2e` needs, offline apart from the npm registry and Debian's apt.
# Idempotent: each step checks whether its result is already there; code-server is cached under
# .cache/e2e/code-server (git-ignored) with a stamp file, so a second run takes a second or two.
#
# What really works here (Debian 12, Node 20, npm 11, root, no network but the registries):
# - Debian packages: chromium (driven by playwright-core through executablePath), neovim (0.7.2 on
#   bookworm: it has vim.lsp.start_client but not vim.lsp.start, which came in 0.8), ripgrep (VS Code's
#   search runs it), libkrb5-dev (the `kerberos` native module), and a C/C++ toolchain and python3 for
#   node-gyp. Node's own headers come from /usr/include/node (npm_config_nodedir=/usr), so node-gyp
#   downloads nothing.
# - `npm install code-server@4.96.4 --ignore-scripts` into the cache folder: its postinstall would refuse
#   root unless npm_config_unsafe_perm=true, and then run `npm install` in lib/vscode, which fails here
#   because lib/vscode/npm-shrinkwrap.json pins @vscode/proxy-agent to a git+ssh URL. So we run the
#   postinstall's steps ourselves:
#   1. rewrite that one `resolved` URL to the registry tarball of the same version (the registry's
#      integrity hash is identical, so the shrinkwrap still verifies it) and `npm install --omit=dev
#      --ignore-scripts` in lib/vscode (`npm ci` refuses: the shrinkwrap misses tslib);
#   2. `npm rebuild` the native modules (node-pty, @parcel/watcher, @vscode/spdlog, kerberos,
#      native-watchdog, @vscode/deviceid) from source; @parcel/watcher loads its bundled prebuild;
#   3. rebuild argon2 at the top level from source (its install script would download a binary first);
#   4. @vscode/ripgrep's postinstall downloads rg: instead, symlink Debian's /usr/bin/rg as its bin/rg;
#   5. the postinstall's symlinks: node_modules.asar -> node_modules, bin/remote-cli/code-server and
#      bin/helpers/browser.sh. The built-in extensions' shared dependency (typescript for the TS
#      language features) is not installed: the suite does not use it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="$ROOT/.cache/e2e"
CS_VERSION=4.96.4
CS_PREFIX="$CACHE/code-server"
CS_PKG="$CS_PREFIX/node_modules/code-server"
STAMP="$CS_PREFIX/.ready-$CS_VERSION"
log() { printf '[e2e-setup] %s\n' "$*"; }

# --- Debian packages -------------------------------------------------------------------------------
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)
[ -x /usr/bin/rg ] || need_apt+=(ripgrep)
[ -e /usr/include/krb5.h ] || need_apt+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1 || need_apt+=(build-essential)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    log "missing Debian packages: ${need_apt[*]} (run as root, or: sudo apt-get install ${need_apt[*]})"
    exit 1
  fi
  log "apt-get install ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# --- code-server -----------------------------------------------------------------------------------
if [ -f "$STAMP" ]; then
  log "code-server $CS_VERSION cached in ${CS_PREFIX#$ROOT/}"
else
  start=$(date +%s)
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  log "npm install code-server@$CS_VERSION (scripts off)"
  npm install --prefix "$CS_PREFIX" --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >/dev/null

  vscode="$CS_PKG/lib/vscode"
  log "lib/vscode: point @vscode/proxy-agent at the registry, install its dependencies"
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    const lock = JSON.parse(fs.readFileSync(file, "utf8"));
    const entry = lock.packages["node_modules/@vscode/proxy-agent"];
    if (!entry) throw new Error("no @vscode/proxy-agent in " + file);
    if (entry.resolved.startsWith("git")) {
      entry.resolved = `https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-${entry.version}.tgz`;
      fs.writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
    }
  ' "$vscode/npm-shrinkwrap.json"
  (cd "$vscode" && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)

  log "rebuild native modules (node-gyp with /usr/include/node)"
  # Node's headers ship with the nodejs package in /usr/include/node; elsewhere node-gyp fetches them.
  [ -e /usr/include/node/node.h ] && export npm_config_nodedir=/usr
  (cd "$vscode" && npm rebuild node-pty @parcel/watcher @vscode/spdlog kerberos native-watchdog @vscode/deviceid >/dev/null)
  (cd "$CS_PREFIX" && npm_config_build_from_source=true npm rebuild argon2 >/dev/null 2>&1)

  log "ripgrep from Debian, postinstall symlinks"
  mkdir -p "$vscode/node_modules/@vscode/ripgrep/bin"
  ln -sfn /usr/bin/rg "$vscode/node_modules/@vscode/ripgrep/bin/rg"
  ln -sfn node_modules "$vscode/node_modules.asar"
  (cd "$vscode/bin/remote-cli" && ln -sfn code-linux.sh code-server)
  (cd "$vscode/bin/helpers" && ln -sfn browser-linux.sh browser.sh)

  # Prove the install loads (argon2 and the server's modules) before stamping it.
  # (code-server writes logs under XDG_DATA_HOME: keep them in the cache, not in the home folder)
  XDG_DATA_HOME="$CACHE/xdg" node "$CS_PKG/out/node/entry.js" --version --config "$CACHE/version-check.yaml" >/dev/null
  for m in node-pty @vscode/spdlog kerberos native-watchdog @parcel/watcher; do
    (cd "$vscode" && node -e 'require(process.argv[1])' "$m")
  done
  rm -rf "$CACHE/version-check.yaml" "$CACHE/xdg"
  touch "$STAMP"
  log "code-server installed in $(( $(date +%s) - start ))s"
fi
