// The reference client of bench/subscribe: graphql-ws (the protocol's reference implementation)
// over ws in Node, subscribing to the same stream as `sextant subscribe`; prints
// {"events": N, "ms": T} once the server completes. Usage: node subscribe-reference.mjs URL TOKEN QUERY
import { createRequire } from "node:module";

// The packages are the tests' (tests/package.json), installed by scripts/setup.
const require = createRequire(new URL("../tests/package.json", import.meta.url));
const { createClient } = require("graphql-ws");
const WebSocket = require("ws");

const [url, token, query] = process.argv.slice(2);
const started = performance.now();
const client = createClient({
  url: url.replace(/^http/, "ws"),
  webSocketImpl: class extends WebSocket {
    constructor(address, protocols) {
      super(address, protocols, { headers: { authorization: `Bearer ${token}` } });
    }
  },
  retryAttempts: 0,
});
let events = 0;
await new Promise((resolve, reject) => {
  client.subscribe({ query }, {
    next: (value) => {
      // Written out as `sextant subscribe` does, one line per event.
      process.stdout.write(`${JSON.stringify(value)}\n`);
      events += 1;
    },
    error: reject,
    complete: resolve,
  });
});
await client.dispose();
process.stderr.write(`${JSON.stringify({ events, ms: performance.now() - started })}\n`);
