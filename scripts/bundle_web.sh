#!/usr/bin/env bash
# Build the web explorer (kg serve's page at /) from kg/server/web/src with Vite, using the
# versions pinned in kg/server/web/package-lock.json, and put the result where the package
# ships it: kg/server/web/index.html and kg/server/web/static/ (explorer.js, explorer.css), with
# the licences of every bundled library in static/vendor/. Nothing is fetched at run time.
# Run after changing anything under kg/server/web/src or package.json (Node 20 and npm).
set -euo pipefail
web="$(cd "$(dirname "$0")/../kg/server/web" && pwd)"
cd "$web"
npm ci --no-audit --no-fund
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
DIPLOKG_WEB_OUT="$out" npx vite build --logLevel warn
rm -rf static
mv "$out/static" static
mv "$out/index.html" index.html
mkdir -p static/vendor
node - <<'JS'
// the licence text and version of every package bundled into the page (not the build tools)
const fs = require("fs");
const path = require("path");
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const lines = [], versions = [];
for (const [where, info] of Object.entries(lock.packages)) {
  if (!where || info.dev) continue;
  const name = where.replace(/^.*node_modules\//, "");
  const dir = path.join("node_modules", name);
  const lic = fs.readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  versions.push(`${name} ${info.version} ${info.license || ""}`.trim());
  lines.push(`==== ${name} ${info.version} (${info.license || "see below"})\n`);
  lines.push(lic ? fs.readFileSync(path.join(dir, lic), "utf8").trim() + "\n\n" : "(no licence file in the package)\n\n");
}
fs.writeFileSync("static/vendor/LICENSES.txt", "Libraries bundled into static/explorer.js, with their licences.\n\n" + lines.join(""));
fs.writeFileSync("static/vendor/VERSIONS", versions.join("\n") + "\n");
JS
cat static/vendor/VERSIONS
ls -l static
