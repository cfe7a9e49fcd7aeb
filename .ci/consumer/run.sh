#!/usr/bin/env bash
# A user's project, built from `npm pack` of this package: installs the tarball with the OLDEST
# @aws-sdk/client-swf of the supported range (the peer dependency's lower end), compiles
# worker.ts with tsc (NodeNext) and node10.ts (the old node10 resolution), then runs the
# compiled worker.ts and commonjs.cjs on each Node given (directories holding a `node` binary).
#
#   .ci/consumer/run.sh [<node-bin-dir>...]     (none: the `node` on PATH)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
range=$(node -p "require('./package.json').peerDependencies['@aws-sdk/client-swf']")
oldest=${range#>=}
oldest=${oldest%% *}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "consumer: packing (the prepack script builds dist/)"
npm pack --silent --pack-destination "$work" >/dev/null
tarball=$(ls "$work"/*.tgz)

project="$work/project"
mkdir "$project"
cp .ci/consumer/worker.ts .ci/consumer/node10.ts .ci/consumer/commonjs.cjs \
  .ci/consumer/tsconfig.json .ci/consumer/tsconfig.node10.json "$project/"
cd "$project"
echo '{ "name": "consumer", "private": true, "type": "module" }' >package.json
echo "consumer: installing $(basename "$tarball") with @aws-sdk/client-swf@$oldest (range $range)"
npm install --no-audit --no-fund --save-exact "$tarball" "@aws-sdk/client-swf@$oldest" \
  "@types/node@^20"

# One copy of the client, the user's: the package brings none of its own.
copies=$(npm ls @aws-sdk/client-swf --all --parseable | grep -c 'client-swf$' || true)
installed=$(node -p "require('@aws-sdk/client-swf/package.json').version")
if [ "$copies" != 1 ] || [ "$installed" != "$oldest" ]; then
  echo "consumer: expected one @aws-sdk/client-swf@$oldest, found $copies (top: $installed)" >&2
  npm ls @aws-sdk/client-swf --all >&2 || true
  exit 1
fi

tsc="$root/node_modules/typescript/bin/tsc"
echo "consumer: tsc (NodeNext), then tsc (node10 resolution)"
node "$tsc" -p tsconfig.json
node "$tsc" -p tsconfig.node10.json

if [ $# -eq 0 ]; then set -- "$(dirname "$(command -v node)")"; fi
for bin in "$@"; do
  echo "consumer: running on Node $("$bin/node" --version)"
  PATH="$bin:$PATH" node out/worker.js
  PATH="$bin:$PATH" node commonjs.cjs
done
