import { defineConfig } from "vitest/config";

// The page's unit tests: pure functions directly, DOM parts on happy-dom with the real index.html.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
