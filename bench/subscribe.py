#!/usr/bin/env python3
"""The subscription benchmark: `sextant subscribe` beside graphql-ws in Node (the protocol's
reference client, over ws), both whole processes writing every event as a line to /dev/null, on
the same stream from the demo server on loopback: 100,000 log events sent as fast as the socket
takes them, then complete. Each client runs 5 times, alternating; medians of the wall-clock time
and events per second. Run it through bench/subscribe (release build, private keyring).
"""
import json, os, statistics, subprocess, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEXTANT = os.path.join(ROOT, "target/release/sextant")
TOKEN = "bench-token-not-a-secret"
EVENTS = 100_000
RUNS = 5
QUERY = 'subscription Logs { deploymentLogs(deploymentId: "d0000001-aaaa-4bbb-8ccc-000000000001") { message severity timestamp } }'


def timed(command, env, cwd=ROOT):
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {done.stderr}")
    return elapsed, done.stderr


def main():
    home = tempfile.mkdtemp(prefix="sextant-subscribe-bench-")
    env = dict(os.environ, NO_COLOR="1", SEXTANT_CONFIG_DIR=f"{home}/config", SEXTANT_CACHE_DIR=f"{home}/cache",
               SEXTANT_STATE_DIR=f"{home}/state")
    server = subprocess.Popen([SEXTANT, "demo-server", "--port", "0", "--budget", "1000000", "--bearer", TOKEN],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        url = server.stdout.readline().strip().split()[-1]
        origin = url.rsplit("/graphql", 1)[0]
        mode = json.dumps({"mode": "stream", "events": EVENTS, "interval_ms": 0}).encode()
        urllib.request.urlopen(urllib.request.Request(f"{origin}/_demo/mode", data=mode, method="POST",
                                                      headers={"content-type": "application/json"})).read()
        subprocess.run([SEXTANT, "profile", "add", "bench", "--origin", url], check=True, env=env, capture_output=True)
        subprocess.run([SEXTANT, "token", "set", "bench"], input=TOKEN, text=True, check=True, env=env, capture_output=True)
        document = os.path.join(home, "logs.graphql")
        with open(document, "w") as file:
            file.write(QUERY)
        sextant, node = [], []
        for _ in range(RUNS):
            elapsed, stderr = timed([SEXTANT, "subscribe", url, document, "--profile", "bench"], env)
            assert f"({EVENTS} events)" in stderr, stderr
            sextant.append(elapsed)
            elapsed, stderr = timed(["node", "bench/subscribe-reference.mjs", url, TOKEN, QUERY],
                                    dict(env, NODE_PATH=os.path.join(ROOT, "tests/node_modules")))
            assert json.loads(stderr.strip().splitlines()[-1])["events"] == EVENTS, stderr
            node.append(elapsed)
    finally:
        server.terminate()
        server.wait()
    node_version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(ROOT, "tests/node_modules/graphql-ws/package.json")) as file:
        graphql_ws = json.load(file)["version"]
    s, n = statistics.median(sextant), statistics.median(node)
    print(f"subscribe-bench: {EVENTS} events from the demo server on loopback, whole processes, median of {RUNS}; "
          f"node {node_version}, graphql-ws {graphql_ws}")
    print(f"{'client':<40} {'wall ms':>10} {'events/s':>12}")
    print(f"{'sextant subscribe':<40} {s:>10.0f} {EVENTS / s * 1000:>12.0f}")
    print(f"{'graphql-ws (Node, ws)':<40} {n:>10.0f} {EVENTS / n * 1000:>12.0f}")
    print(f"sextant takes {s / n:.2f}x the reference's time")


if __name__ == "__main__":
    main()
