#!/bin/sh
# Rebuild the vendored editor bundles used by tests/extension/web_pages/editors/*.html.
# The tests never run this: the built files are committed, so a test run needs no npm.
# Run it after changing a version in package.json (then `npm install` to update the lock).
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
OUT=../web_pages/editors/vendor
META=node_modules/.editor-meta
rm -rf "$OUT" "$META"
mkdir -p "$OUT" "$META"
for entry in react-textarea.jsx prosemirror.js draftjs.jsx quill.js ckeditor5.js slate.jsx lexical.js; do
  # One self-contained, minified IIFE per editor (plus a .css file next to it when the
  # editor ships styles). Production React; `global` is Node's name that Draft.js's fbjs still
  # uses; no source maps (they would only bloat the repo).
  npx esbuild "src/$entry" --bundle --minify --format=iife --target=chrome110,firefox115 \
    --define:process.env.NODE_ENV='"production"' --define:global=globalThis --legal-comments=none --charset=utf8 \
    --log-level=warning --outdir="$OUT" --metafile="$META/${entry%.*}.json"
done
# The licences of what the bundles contain, next to them (the bundles drop legal comments).
node licenses.mjs "$META" > "$OUT/LICENSES.txt"
ls -l "$OUT"
