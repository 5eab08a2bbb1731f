#!/bin/sh
# Compiles the stylesheet and copies the scripts Vigil serves into vigil/static/build/.
set -eu
out=vigil/static/build
mkdir -p "$out"
npx sass --pkg-importer=node --load-path=. --style=compressed --no-source-map --quiet-deps --silence-deprecation=import \
  frontend/scss/vigil.scss "$out/vigil.css"
# The sourceMappingURL comments are dropped: whitenoise's manifest storage would
# otherwise demand the .map files (DEPENDENCIES.md §6, pitfall 3).
strip_map() { sed 's|//# sourceMappingURL=[^ ]*$||' "$1" > "$2"; }
strip_map node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk-frontend.min.js"
strip_map node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js "$out/moj-frontend.min.js"
strip_map node_modules/chart.js/dist/chart.umd.min.js "$out/chart.umd.min.js"
# MoJ Frontend's icons; GOV.UK's own images (the crown, the crest) are not copied.
mkdir -p "$out/assets/images"
for f in node_modules/@ministryofjustice/frontend/moj/assets/images/*.svg; do
  case "$f" in *crest*) ;; *) cp "$f" "$out/assets/images/" ;; esac
done
# GOV.UK Frontend's CSS names its crest image; the crest may not be used (no crown), but
# collectstatic's manifest needs every referenced file to exist, so an empty one stands in.
printf '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>\n' \
  > "$out/assets/images/govuk-crest.svg"
cp frontend/js/vigil.mjs "$out/vigil.mjs"
# axe-core is used only by the browser tests; it is kept out of the served files.
mkdir -p var
cp node_modules/axe-core/axe.min.js var/axe.min.js
echo "front-end built into $out"
