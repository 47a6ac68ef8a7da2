import solid from "vite-plugin-solid";
import { defineConfig } from "vitest/config";

// The page's unit tests: pure functions directly, components rendered by Solid on happy-dom.
export default defineConfig({
  plugins: [solid()],
  test: {
    include: ["test/**/*.test.{ts,tsx}"],
    environment: "node",
  },
});
