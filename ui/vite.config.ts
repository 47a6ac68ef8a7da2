import { defineConfig } from "vite";

// Tauri serves the built files from ui/dist; in development the window loads this server.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    // One small bundle: no source maps shipped, no inline data URLs for scripts.
    sourcemap: false,
    assetsInlineLimit: 0,
  },
});
