"""Added latency of a non-streaming request through Flourish, against a local fake upstream.

Runs the conformance fake upstream and a `flourish serve`, then sends N sequential requests on one
keep-alive connection straight to the upstream and N through Flourish, alternating in blocks so
machine noise hits both sides alike, and prints median and p99 of each and of the difference.

    python3 bench/added_latency.py [--requests 1000] [--bin .build/release/flourish]
"""

import argparse
import http.client
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "conformance"))
import conftest  # noqa: E402  (reuses the gateway and upstream launchers)

BODY = {"model": "gloo-openai-gpt-oss-120b", "messages": [{"role": "user", "content": "How can I be a better leader?"}],
        "max_tokens": 200, "temperature": 0.7}


def timed(connection, path, body, headers):
    start = time.perf_counter_ns()
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    payload = response.read()
    elapsed = time.perf_counter_ns() - start
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status} {payload[:200]!r}")
    return elapsed / 1000  # microseconds


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--bin", default=str(Path(".build/release/flourish")))
    args = parser.parse_args()
    conftest.BINARY = Path(args.bin)

    import subprocess
    port = conftest.free_port()
    upstream = subprocess.Popen([sys.executable, str(Path(conftest.__file__).parent / "fake_upstream.py"), str(port)])
    upstream_url = f"http://127.0.0.1:{port}/v1"
    conftest.wait_for(upstream_url + "/_received")
    gateway = conftest.Gateway(upstream_url)
    try:
        token = gateway.token(gateway.create_client("bench"))
        direct = http.client.HTTPConnection("127.0.0.1", port)
        through = http.client.HTTPConnection("127.0.0.1", gateway.port)
        upstream_body = json.dumps({**BODY, "model": "openai/gpt-oss-120b"})
        gateway_body = json.dumps(BODY)
        json_headers = {"content-type": "application/json"}
        auth_headers = {**json_headers, "authorization": f"Bearer {token}"}
        for _ in range(100):  # warm up both paths and Flourish's upstream pool
            timed(direct, "/v1/chat/completions", upstream_body, json_headers)
            timed(through, "/ai/v2/chat/completions", gateway_body, auth_headers)
        direct_us, through_us = [], []
        block = 50
        for _ in range(args.requests // block):
            direct_us += [timed(direct, "/v1/chat/completions", upstream_body, json_headers) for _ in range(block)]
            through_us += [timed(through, "/ai/v2/chat/completions", gateway_body, auth_headers) for _ in range(block)]
    finally:
        gateway.stop()
        upstream.terminate()

    def row(name, values):
        return f"{name:<16} median {statistics.median(values):8.1f} µs   p99 {percentile(values, 0.99):8.1f} µs"

    print(f"{len(direct_us)} sequential non-streaming requests each, one keep-alive connection")
    print(row("direct", direct_us))
    print(row("through Flourish", through_us))
    print(f"added latency    median {statistics.median(through_us) - statistics.median(direct_us):8.1f} µs   "
          f"p99 {percentile(through_us, 0.99) - percentile(direct_us, 0.99):8.1f} µs")


if __name__ == "__main__":
    main()
