#!/bin/sh
# Copy the front-end packages `npm ci` fetched (package-lock.json) into static/vendor/, where the
# pages load them from. Used by `make setup` and by the Dockerfile's asset stage.
set -eu
cd "$(dirname "$0")/.."
vendor=static/vendor
mkdir -p "$vendor/graphiql"
cp node_modules/htmx.org/dist/htmx.min.js "$vendor/htmx.min.js"
cp node_modules/@picocss/pico/css/pico.min.css "$vendor/pico.min.css"
# the airport fields' suggestion list (an ARIA combobox; the bundle includes @github/combobox-nav)
cp node_modules/@github/auto-complete-element/dist/bundle.js "$vendor/auto-complete-element.js"
cp node_modules/react/umd/react.production.min.js \
   node_modules/react-dom/umd/react-dom.production.min.js \
   node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css "$vendor/graphiql/"
cp node_modules/@graphiql/plugin-explorer/dist/index.umd.js "$vendor/graphiql/plugin-explorer.umd.js"
cp node_modules/@graphiql/plugin-explorer/dist/style.css "$vendor/graphiql/plugin-explorer.css"
