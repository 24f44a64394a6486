#!/usr/bin/env bash
# Builds the gateway of another commit into a directory, for
# `npm run bench -- --compare DIR/dist` (before/after in the same run).
# Usage: bench/build-baseline.sh COMMIT DIR
set -euo pipefail
commit="${1:?commit}"
target="${2:?directory}"
root="$(cd "$(dirname "$0")/.." && pwd)"
rm -rf "$target"
mkdir -p "$target"
git -C "$root" archive "$commit" src tsconfig.json tsconfig.build.json package.json | tar -x -C "$target"
ln -s "$root/node_modules" "$target/node_modules"
(cd "$target" && "$root/node_modules/.bin/tsc" -p tsconfig.build.json)
echo "built $commit into $target/dist"
