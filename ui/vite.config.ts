import { fileURLToPath } from "node:url";
import { defineConfig, type Plugin } from "vite";
import solid from "vite-plugin-solid";

/**
 * With `activateOnTypingDelay: 0`, @codemirror/autocomplete still waits for a `setTimeout(0)`
 * before it asks for completions. WebKit runs a due frame before that timer, so the list the
 * page could have shown in that frame shows in the next one. This starts the request in a
 * microtask instead, right after the keystroke's update, and only when the delay is 0. The build
 * fails if the library's code has changed or the change was not made (ARCHITECTURE.md, `ui/`).
 * Only the build is changed: the development server pre-bundles dependencies and keeps the timer.
 */
function completionWithoutTimer(): Plugin {
  const changes: [string, string][] = [
    [
      "? setTimeout(() => this.startUpdate(), delay) : -1;",
      "? (delay === 0 ? (queueMicrotask(() => { if (this.debounceUpdate === -2) this.startUpdate(); }), -2)" +
        " : setTimeout(() => this.startUpdate(), delay)) : -1;",
    ],
    // An explicit start (Ctrl+Space) waited 50 ms before asking at all: with no typing delay
    // configured, it asks at once too (bench/app: Ctrl+Space to the list was 62 ms median).
    [
      "let delay = this.pendingStart ? 50 : conf.activateOnTypingDelay;",
      "let delay = this.pendingStart && conf.activateOnTypingDelay > 0 ? 50 : conf.activateOnTypingDelay;",
    ],
  ];
  let changed = false;
  return {
    name: "sextant-completion-without-timer",
    apply: "build",
    transform(code, id) {
      if (!/[\\/]@codemirror[\\/]autocomplete[\\/]dist[\\/]index\.js$/.test(id)) return null;
      for (const [original, replacement] of changes) {
        if (code.split(original).length !== 2) {
          this.error("@codemirror/autocomplete changed: update completionWithoutTimer in ui/vite.config.ts");
        }
        code = code.replace(original, replacement);
      }
      changed = true;
      return { code, map: null };
    },
    buildEnd(error) {
      if (!error && !changed) this.error("completionWithoutTimer found no @codemirror/autocomplete to change");
    },
  };
}

/**
 * cm6-graphql gives the editor its grammar; its completion and lint run on graphql-js, which the
 * page does not use (the Rust engine answers those). Fails the build if graphql-js or
 * graphql-language-service reaches the bundle anyway.
 */
function withoutGraphqlJs(): Plugin {
  return {
    name: "sextant-without-graphql-js",
    apply: "build",
    generateBundle(_, bundle) {
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        const found = Object.keys(chunk.modules).filter((id) => /[\\/]node_modules[\\/](graphql|graphql-language-service)[\\/]/.test(id));
        if (found.length > 0) this.error(`graphql-js reached the bundle (${found.length} modules, first ${found[0]}): import only cm6-graphql's grammar`);
      }
    },
  };
}

// Tauri serves the built files from ui/dist; in development the window loads this server.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  plugins: [solid(), completionWithoutTimer(), withoutGraphqlJs()],
  resolve: {
    // cm6-graphql's parts that run on graphql-js are never used: their imports get a stub.
    alias: [
      { find: /^(graphql|graphql-language-service)$/, replacement: fileURLToPath(new URL("src/editor/no-graphql-js.ts", import.meta.url)) },
    ],
  },
  build: {
    target: "safari16",
    outDir: "dist",
    emptyOutDir: true,
    // One small bundle: no source maps shipped, no inline data URLs for scripts.
    sourcemap: false,
    assetsInlineLimit: 0,
    // One bundle on purpose: it is read from disk by the app, never over a network.
    chunkSizeWarningLimit: 800,
  },
});
