// Builds the explorer from src/ into one folder (scripts/bundle_web.sh moves it into place:
// index.html and static/, which the package ships and kg serve serves).
import { defineConfig } from "vite";

export default defineConfig({
  root: "src",
  base: "/",
  build: {
    outDir: process.env.DIPLOKG_WEB_OUT || "../build",
    emptyOutDir: true,
    assetsDir: "static",
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: { output: { entryFileNames: "static/explorer.js", chunkFileNames: "static/[name].js",
                               assetFileNames: "static/[name][extname]" } },
  },
});
