#!/usr/bin/env bash
# Runs the test suite on another Node.js major version (default 24) without
# touching this checkout: Node comes from the npm registry (node-linux-<arch>),
# the project is copied to a temporary directory, better-sqlite3 is rebuilt
# there against that Node's own headers, and `npm test` runs with that Node
# first on PATH. Needs what `npm ci` needs (npm registry, a C++ toolchain).
#
#   scripts/test-on-node.sh [major] [test path fragments…]
#
# Removes its temporary directory on exit. Set SWITCHYARD_KEEP_NODE_DIR=1 to
# keep it (the path is printed) and look around after a failure.
set -euo pipefail
cd "$(dirname "$0")/.."

major="${1:-24}"
shift || true
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "test-on-node: no node-linux package for $(uname -m)" >&2; exit 1 ;;
esac

work="$(mktemp -d "${TMPDIR:-/tmp}/switchyard-node${major}-XXXXXX")"
if [ "${SWITCHYARD_KEEP_NODE_DIR:-}" = "1" ]; then
  echo "test-on-node: keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi
started=$SECONDS

# 1. Node itself, as an npm package (no other download source needed).
npm install --prefix "$work/runtime" --no-save --no-audit --no-fund --no-package-lock --loglevel=error "node-linux-${arch}@${major}" >/dev/null
node_dir="$work/runtime/node_modules/node-linux-${arch}"
node_bin="$node_dir/bin"
version="$("$node_bin/node" --version)"
case "$version" in
  "v${major}".*) ;;
  *) echo "test-on-node: asked for Node ${major}, got ${version}" >&2; exit 1 ;;
esac

# 2. A private copy of the project. node_modules is copied from its real
#    location (it may be a link shared with other checkouts), keeping the
#    links inside it (node_modules/.bin); the native module is rebuilt only in
#    the copy.
mkdir "$work/repo"
tar --exclude=./.git --exclude=./node_modules -cf - . | tar -xf - -C "$work/repo"
cp -a "$(realpath node_modules)" "$work/repo/node_modules"

# 3. better-sqlite3 against this Node's headers (the package ships them in
#    include/node). From source: no prebuilt download.
(
  cd "$work/repo"
  PATH="$node_bin:$PATH" npm_config_nodedir="$node_dir" \
    npm rebuild better-sqlite3 --build-from-source --no-audit --no-fund --loglevel=error >/dev/null
  PATH="$node_bin:$PATH" node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"
)
echo "test-on-node: ${version} ready in $((SECONDS - started)) s"

# 4. The suite, with this Node first on PATH (child processes use the same).
cd "$work/repo"
PATH="$node_bin:$PATH" npm test -- "$@"
echo "test-on-node: ${version} suite passed, $((SECONDS - started)) s in all"
