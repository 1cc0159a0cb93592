#!/usr/bin/env bash
# Copy the front-end files the pages use from node_modules (installed from the
# npm registry with the committed package-lock.json) into static/vendor/.
# The result is committed, so `make run` needs no npm.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --ignore-scripts
src=node_modules
dst=static/vendor
rm -rf "$dst"
mkdir -p "$dst"/{bootstrap,bootstrap-icons/fonts,htmx,chartjs,signature_pad,axe-core,fonts/noto-naskh-arabic/files,fonts/amiri/files}

cp "$src"/bootstrap/dist/css/bootstrap.rtl.min.css{,.map} "$src"/bootstrap/dist/css/bootstrap.min.css{,.map} "$dst"/bootstrap/
cp "$src"/bootstrap/dist/js/bootstrap.bundle.min.js{,.map} "$dst"/bootstrap/
cp "$src"/bootstrap/LICENSE "$dst"/bootstrap/
cp "$src"/bootstrap-icons/font/bootstrap-icons.min.css "$dst"/bootstrap-icons/
cp "$src"/bootstrap-icons/font/fonts/* "$dst"/bootstrap-icons/fonts/
cp "$src"/bootstrap-icons/LICENSE "$dst"/bootstrap-icons/
cp "$src"/htmx.org/dist/htmx.min.js "$src"/htmx.org/LICENSE "$dst"/htmx/
cp "$src"/chart.js/dist/chart.umd.min.js{,.map} "$src"/chart.js/LICENSE.md "$dst"/chartjs/
cp "$src"/signature_pad/dist/signature_pad.umd.min.js{,.map} "$src"/signature_pad/LICENSE "$dst"/signature_pad/
font="$src"/@fontsource/noto-naskh-arabic
for weight in 400 700; do
  cp "$font/$weight.css" "$dst/fonts/noto-naskh-arabic/"
  cp "$font"/files/*-"$weight"-normal.woff* "$dst/fonts/noto-naskh-arabic/files/"
done
cp "$font/LICENSE" "$dst/fonts/noto-naskh-arabic/"
# Amiri for the PDFs: its glyphs are not shared between letters, so the PDF's
# text layer reads back the Arabic that was written (../shared/notes/arabic-pdf-text.md).
font="$src"/@fontsource/amiri
for weight in 400 700; do
  cp "$font/$weight.css" "$dst/fonts/amiri/"
  cp "$font"/files/amiri-{arabic,latin}-"$weight"-normal.woff "$dst/fonts/amiri/files/"
done
cp "$font/LICENSE" "$dst/fonts/amiri/"
# axe-core runs inside the browser tests only (never served to a page).
cp "$src"/axe-core/axe.min.js "$src"/axe-core/LICENSE "$dst"/axe-core/
( cd "$src" && for p in bootstrap bootstrap-icons htmx.org chart.js signature_pad @fontsource/noto-naskh-arabic @fontsource/amiri axe-core; do
    node -p "'$p ' + require('./$p/package.json').version"; done ) > "$dst/VERSIONS.txt"
echo "vendored into $dst:"; cat "$dst/VERSIONS.txt"
