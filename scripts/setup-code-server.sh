#!/usr/bin/env bash
# Installs code-server 4.100.3 (= VS Code 1.100.3, the newest whose engines accept Node 20) into
# .cache/code-server for the real-VS-Code end-to-end test (test/e2e/vscode.test.ts).
# Needs only the npm registry and Debian's apt repositories (no GitHub / nodejs.org downloads); follows
# /work/shared/recipes/vscode-e2e/setup.sh. Idempotent: skipped when the stamp file exists.
# Usage: bash scripts/setup-code-server.sh   [CS_PREFIX=dir] [SKIP_APT=1] [FORCE=1]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_VERSION="4.100.3"
CS_PREFIX="${CS_PREFIX:-$ROOT/.cache/code-server}"
STAMP="$CS_PREFIX/.installed-$CS_VERSION"
T0=$(date +%s)
step() { echo "=== setup-code-server [$(($(date +%s) - T0))s] $*"; }

if [ -f "$STAMP" ] && [ "${FORCE:-0}" != 1 ]; then
  echo "code-server $CS_VERSION already installed in $CS_PREFIX (delete $STAMP to reinstall)"
  exit 0
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" = 20 ] || { echo "code-server $CS_VERSION needs Node 20 (have $(node -v))" >&2; exit 1; }

# 1. System packages: toolchain for native modules, krb5 headers (kerberos), ripgrep, chromium.
need=()
command -v make >/dev/null 2>&1 || need+=(make)
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || need+=(libkrb5-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "${SKIP_APT:-0}" = 1 ]; then
    echo "missing system packages: ${need[*]} (SKIP_APT=1)" >&2
    exit 1
  fi
  step "apt-get install ${need[*]}"
  SUDO=""
  [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# 2. node-gyp must use the local Node headers, otherwise it downloads them from nodejs.org.
NODE_PREFIX="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
if [ -f "$NODE_PREFIX/include/node/common.gypi" ]; then
  export npm_config_nodedir="$NODE_PREFIX"
else
  echo "WARNING: no Node headers under $NODE_PREFIX/include/node; node-gyp will try nodejs.org" >&2
fi
export npm_config_build_from_source=true # argon2 (node-pre-gyp): skip the GitHub prebuilt, compile it
export npm_config_yes=true               # node-pty's postinstall runs `npx node-gyp`; ~/.npmrc may say yes=false
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# 3. code-server without lifecycle scripts (its postinstall would reach GitHub through @vscode/ripgrep).
rm -f "$STAMP"
mkdir -p "$CS_PREFIX"
[ -f "$CS_PREFIX/package.json" ] || echo '{"name":"code-server-host","private":true}' >"$CS_PREFIX/package.json"
step "npm install code-server@$CS_VERSION --ignore-scripts"
(cd "$CS_PREFIX" && npm install --ignore-scripts --no-save --no-package-lock "code-server@$CS_VERSION")
step "build argon2 from source"
(cd "$CS_PREFIX" && npm rebuild argon2)

# 4. code-server's postinstall.sh (vscode_install()) done by hand.
VS="$CS_PREFIX/node_modules/code-server/lib/vscode"
step "lib/vscode: npm install --omit=dev --ignore-scripts"
(cd "$VS" && npm install --omit=dev --ignore-scripts)
# @vscode/ripgrep's postinstall exits early when bin/ exists: put Debian's rg there (no GitHub download).
mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"
step "lib/vscode: npm rebuild (node-pty, spdlog, kerberos, watchdog, ...)"
(cd "$VS" && npm rebuild)
step "symlinks + built-in extensions' dependencies"
(cd "$VS" && rm -rf node_modules.asar && ln -s node_modules node_modules.asar)
(cd "$VS/bin/remote-cli" && ln -sf code-linux.sh code-server)
(cd "$VS/bin/helpers" && ln -sf browser-linux.sh browser.sh)
(cd "$VS/extensions" && npm install --omit=dev)

# 5. Sanity checks, then the stamp.
step "verify"
(cd "$VS" && node -e '
  for (const m of ["node-pty","@vscode/spdlog","kerberos","native-watchdog","@parcel/watcher","@vscode/deviceid"]) require(m);
  require("child_process").execFileSync(require("@vscode/ripgrep").rgPath, ["--version"]);
  console.log("native modules + rg OK")')
mkdir -p "$CS_PREFIX/.home" # code-server writes ~/.config/code-server/config.yaml: keep it out of the real $HOME
HOME="$CS_PREFIX/.home" "$CS_PREFIX/node_modules/.bin/code-server" --version
touch "$STAMP"
step "done: code-server $CS_VERSION in $CS_PREFIX"
