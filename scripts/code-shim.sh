#!/usr/bin/env bash
# Stands in for a VS Code executable for @vscode/test-electron / @vscode/test-cli
# (`useInstallation: { fromPath: 'scripts/code-shim.sh' }` in .vscode-test.mjs): takes the
# arguments test-electron passes to VS Code and runs the same tests in code-server through
# scripts/vscode-host.mjs. Only --extensionDevelopmentPath=, --extensionTestsPath= and the
# folder (the first non-option argument) matter; the rest (--no-sandbox, --user-data-dir=,
# --extensions-dir=, ...) is for desktop VS Code: vscode-host uses its own temp dirs.
# The environment (VSCODE_TEST_OPTIONS, extensionTestsEnv, ...) goes through unchanged.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dev=; tests=; folder=
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*) [ -z "$dev" ] && dev="${a#*=}" ;;  # vscode-host loads one dev extension
    --extensionTestsPath=*) tests="${a#*=}" ;;
    -*) ;;
    *) [ -z "$folder" ] && folder="$a" ;;
  esac
done
if [ -z "$dev" ] || [ -z "$tests" ]; then
  echo "code-shim: need --extensionDevelopmentPath= and --extensionTestsPath= (got: $*)" >&2
  exit 2
fi
# The project's Node first (code-server needs Node 24), as under npm scripts.
export PATH="$here/../node_modules/.bin:$PATH"
exec node "$here/vscode-host.mjs" tests "$dev" "$tests" ${folder:+"$folder"}
