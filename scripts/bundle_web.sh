#!/usr/bin/env bash
# Install the web page's JavaScript libraries from the npm registry (versions pinned in
# kg/server/web/package-lock.json) and copy their browser builds into the package, so the page
# never fetches anything at run time. Run after changing kg/server/web/package.json.
set -euo pipefail
cd "$(dirname "$0")/../kg/server/web"
npm ci --no-audit --no-fund
cp node_modules/cytoscape/dist/cytoscape.min.js static/vendor/cytoscape.min.js
cp node_modules/cytoscape/LICENSE static/vendor/cytoscape.LICENSE
node -e 'console.log("cytoscape", JSON.parse(require("fs").readFileSync("node_modules/cytoscape/package.json")).version)' > static/vendor/VERSIONS
cat static/vendor/VERSIONS
