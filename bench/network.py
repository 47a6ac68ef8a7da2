#!/usr/bin/env python3
"""The network benchmark: Sextant beside curl on the same requests to the demo server on loopback.

Like is compared with like: both clients keep their connection open between requests (curl is
given all the URLs in one process, so it reuses its connection, and its first transfer is left out
as Sextant's warm-up call is), and whole processes are compared with whole processes.

1. A small query: net::Client::send (send to parsed result, connection open) beside curl's
   `time_total` on an open connection. Target: Sextant adds at most 2 ms at the median.
2. A 20 MB response: received and parsed by Sextant, beside curl receiving it, both on an open
   connection. Target: at most 2x.
3. `sextant run` as a whole process (start-up, keychain, connection, request, print) beside `curl`
   as a whole process (start-up, connection, request). Target: within 50 ms.

Run it through bench/network, which builds release binaries and provides a keyring.
"""
import json, os, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEXTANT = os.path.join(ROOT, "target/release/sextant")
NETWORK_BENCH = os.path.join(ROOT, "target/release/network-bench")
TOKEN = "bench-token-not-a-secret"
QUERY = "{ projects { edges { node { id name } } } }"
BODY = json.dumps({"query": QUERY})


def curl(url, body, timing=True):
    command = ["curl", "-s", "-o", "/dev/null", "-X", "POST", "-H", "content-type: application/json",
               "-H", f"authorization: Bearer {TOKEN}", "--data", body, url]
    if timing:
        command[1:1] = ["-w", "%{time_total}"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def curl_times_ms(url, calls):
    """`time_total` of each transfer of one curl process that sends `calls` + 1 requests on one
    connection; the first (which opens it) is left out, as Sextant's warm-up call is."""
    command = ["curl", "-s", "-w", "%{time_total}\\n"]
    for index in range(calls + 1):
        if index:
            command.append("--next")
        command += ["-o", "/dev/null", "-X", "POST", "-H", "content-type: application/json",
                    "-H", f"authorization: Bearer {TOKEN}", "--data", BODY, url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    times = [float(line) * 1000 for line in output.split()]
    assert len(times) == calls + 1, output
    return times[1:]


def machine():
    """What the numbers were measured on, read off this machine."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} × {model}"


def library(url, calls):
    output = subprocess.run([NETWORK_BENCH, url, str(calls), TOKEN], check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def wall_ms(command, calls, env=None):
    times = []
    for _ in range(calls):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def set_mode(origin, mode):
    request = urllib.request.Request(f"{origin}/_demo/mode", data=json.dumps(mode).encode(), method="POST",
                                     headers={"content-type": "application/json"})
    urllib.request.urlopen(request).read()


def main():
    home = tempfile.mkdtemp(prefix="sextant-network-bench-")
    env = dict(os.environ, NO_COLOR="1", SEXTANT_CONFIG_DIR=f"{home}/config", SEXTANT_CACHE_DIR=f"{home}/cache",
               SEXTANT_STATE_DIR=f"{home}/state")
    server = subprocess.Popen([SEXTANT, "demo-server", "--port", "0", "--budget", "1000000", "--bearer", TOKEN],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        ready = server.stdout.readline()
        url = ready.strip().split()[-1]
        origin = url.rsplit("/graphql", 1)[0]
        subprocess.run([SEXTANT, "profile", "add", "bench", "--origin", url], check=True, env=env, capture_output=True)
        subprocess.run([SEXTANT, "token", "set", "bench"], input=TOKEN, text=True, check=True, env=env, capture_output=True)
        document = os.path.join(home, "query.graphql")
        with open(document, "w") as file:
            file.write(QUERY)

        small_library = library(url, 300)
        small_curl = statistics.median(curl_times_ms(url, 100))

        set_mode(origin, {"mode": "large", "bytes": 20_000_000})
        large_library = library(url, 10)
        large_curl = statistics.median(curl_times_ms(url, 10))
        set_mode(origin, {"mode": "normal"})

        process_sextant = wall_ms([SEXTANT, "run", url, document, "--profile", "bench"], 30, env)
        process_curl = wall_ms(["curl", "-s", "-o", "/dev/null", "-X", "POST", "-H", "content-type: application/json",
                                "-H", f"authorization: Bearer {TOKEN}", "--data", BODY, url], 30)
    finally:
        server.terminate()
        server.wait()

    rows = [
        ("measure (demo server on loopback)", "Sextant", "curl", "Sextant added", "target"),
        ("small query, open connection, send to parsed, median ms", f"{small_library['median_ms']:.2f}", f"{small_curl:.2f} (time_total)",
         f"{small_library['median_ms'] - small_curl:+.2f} ms", "≤ +2 ms"),
        (f"{large_library['body_bytes'] / 1e6:.0f} MB response, open connection, received and parsed, median ms",
         f"{large_library['median_ms']:.1f}", f"{large_curl:.1f} (time_total)",
         f"{large_library['median_ms'] / large_curl:.2f}x", "≤ 2x"),
        ("whole process: `sextant run --profile` vs `curl`, median ms", f"{process_sextant:.1f}", f"{process_curl:.1f}",
         f"{process_sextant - process_curl:+.1f} ms", "≤ +50 ms"),
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    line = lambda row: "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"
    curl_version = subprocess.run(['curl', '--version'], capture_output=True, text=True).stdout.split()[1]
    print(f"Network benchmark, {time.strftime('%Y-%m-%d')}, {machine()}, curl {curl_version}")
    print(line(rows[0]))
    print(line(["-" * width for width in widths]))
    for row in rows[1:]:
        print(line(row))


if __name__ == "__main__":
    sys.exit(main())
