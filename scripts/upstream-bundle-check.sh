#!/usr/bin/env bash
# scripts/upstream-bundle-check.sh <checkout>
#
# Does adding the destination change what other destinations' visitors download from Segment's CDN? Builds the
# monorepo's browser bundles (packages/browser-destinations, its webpack config, as `yarn build:browser-bundles`
# does) twice in <checkout>, a whole checkout of action-destinations with the export in it (`npm run upstream`),
# installed and built (`yarn install && yarn build`, Node 22): once with the destination's folder moved aside, once
# with it. Then every file of the first build but the manifests (which list every entry) must be in the second,
# byte for byte. Prints the counts, the destination's own files and their gzipped size; exit 0 when nothing else
# changed. The folder is put back, whatever happens; dist/web is the build's output, left as the second build wrote it.
#
# Use a whole checkout: webpack leaves out of the chunk that all destinations share the modules every entry already
# has, so with only a few neighbours the chunk, and every entry that names it by hash, depends on which are there.
set -euo pipefail
export LC_ALL=C

CHECKOUT=$(cd "${1:?usage: scripts/upstream-bundle-check.sh <action-destinations checkout>}" && pwd)
FOLDER=userlike-web
DESTINATIONS=$CHECKOUT/packages/browser-destinations/destinations
[ -d "$DESTINATIONS/$FOLDER" ] || { echo "no $DESTINATIONS/$FOLDER: run npm run upstream -- $CHECKOUT first" >&2; exit 2; }

WORK=$(mktemp -d)
ASIDE=$WORK/aside
restore() { [ -d "$ASIDE/$FOLDER" ] && mv "$ASIDE/$FOLDER" "$DESTINATIONS/"; return 0; }
trap restore EXIT

build() { # build <output dir>
  (cd "$CHECKOUT/packages/browser-destinations" && rm -rf dist/web &&
    NODE_ENV=production ASSET_ENV=production NODE_OPTIONS=--openssl-legacy-provider yarn -s webpack -c webpack.config.js \
      >"$WORK/$(basename "$1").log" 2>&1) || { echo "the bundle build failed: $WORK/$(basename "$1").log" >&2; exit 2; }
  cp -a "$CHECKOUT/packages/browser-destinations/dist/web" "$1"
}

mkdir -p "$ASIDE" && mv "$DESTINATIONS/$FOLDER" "$ASIDE/"
build "$WORK/without"
restore
build "$WORK/with"

# Entries are named by folder, and again by the folder's base64 (the obfuscated copy).
OBFUSCATED=$(printf '%s' "$FOLDER" | base64 | tr -d '=')
files() { (cd "$1" && find . -type f ! -name 'manifest-*' -printf '%P\n' | sort); }
changed=0 same=0
while IFS= read -r file; do
  if cmp -s "$WORK/without/$file" "$WORK/with/$file" 2>/dev/null; then same=$((same + 1)); else
    changed=$((changed + 1))
    echo "changed or gone: $file"
  fi
done < <(files "$WORK/without")
new=$(comm -13 <(files "$WORK/without") <(files "$WORK/with"))
others=$(echo "$new" | grep -v -e "^$FOLDER/" -e "^$OBFUSCATED/" | grep . || true)
entries=$(find "$DESTINATIONS" -mindepth 3 -maxdepth 3 -path '*/src/index.ts' | wc -l)
ours=$(find "$WORK/with/$FOLDER" -name '*.js' -printf '%p\n' | while read -r js; do gzip -9 -c "$js" | wc -c; done |
  awk '{ sum += $1 } END { print sum + 0 }')
echo "$entries destinations built; without $FOLDER: $((same + changed)) files (manifests aside)"
echo "identical with it: $same; changed or gone: $changed; new files not its own: $(echo "$others" | grep -c . || true)"
echo "its own files: $(echo "$new" | grep -c .) ($FOLDER/ and $OBFUSCATED/), its script $ours B gzipped"
[ -n "$others" ] && echo "new, not its own: $others"
[ "$changed" = 0 ] && [ -z "$others" ]
