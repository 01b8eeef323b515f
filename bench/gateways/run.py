"""Flourish against LiteLLM and nginx, side by side, on this machine.

    bench/gateways/run.py [--seconds 10] [--skip-litellm]

Installs what it needs (nginx and wrk from Debian; LiteLLM's proxy, pinned, in a venv under
~/.cache/flourish/bench), builds Flourish in release, and starts: nginx serving canned OpenAI answers (the
upstream), nginx as a plain reverse proxy to it (the ceiling), Flourish (real client token, auto routing to the
OpenAI provider, values layer on) and LiteLLM (2 workers, no database, logging off). Then wrk measures each at
concurrency 1, 16, 64 and 256 without streaming and 16 and 64 with a 20-chunk stream, and prints one table:
requests/s (2xx only), latency percentiles, latency added over calling the upstream directly, CPU time per
request of the target's processes, their peak RSS, and the CPU everything else used during the run. Last, the
p50/p99 of Flourish's Server-Timing entries (its own time, the routing decision, the values layer) for a short
question and a 4k-token conversation.
"""

import argparse
import json
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE = Path.home() / ".cache" / "flourish" / "bench"
# The newest release whose dependencies the package mirror here can satisfy (1.101+ need certifi 2026.10.19).
LITELLM = "litellm[proxy]==1.100.5"
TICKS = os.sysconf("SC_CLK_TCK")
BODY = {"messages": [{"role": "user", "content": "In one sentence, what is grace?"}], "max_tokens": 64}
RUNS = [("json", 1), ("json", 16), ("json", 64), ("json", 256), ("sse", 16), ("sse", 64)]


def log(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, timeout=120, headers=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2)
            return
        except Exception:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def install():
    missing = [tool for tool in ("nginx", "wrk") if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()]
    if missing:
        log(f"installing {' '.join(missing)} from Debian")
        # A fresh machine has no package lists yet.
        subprocess.run(["apt-get", "update", "-qq"], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, stdout=subprocess.DEVNULL)


def install_litellm():
    venv = CACHE / "litellm-venv"
    stamp = venv / "installed"
    if not stamp.exists() or stamp.read_text() != LITELLM:
        log(f"installing {LITELLM} into {venv} (a few minutes the first time)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin/pip"), "install", "-q", "--disable-pip-version-check", LITELLM], check=True)
        stamp.write_text(LITELLM)
    return venv / "bin" / "litellm"


def start_nginx(directory, upstream, proxy):
    subprocess.run([sys.executable, str(Path(__file__).parent / "upstream.py"), str(directory)], check=True)
    # nginx's workers run as an unprivileged user and must read the canned answers.
    directory.chmod(0o755)
    for name in ("completion.json", "stream.sse"):
        (directory / name).chmod(0o644)
    conf = directory / "nginx.conf"
    conf.write_text(f"""
worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    keepalive_requests 1000000;
    server {{
        listen 127.0.0.1:{upstream};
        # Static files answer POST through the 405 page, which nginx serves as GET.
        location = /v1/chat/completions {{
            default_type application/json; alias {directory}/completion.json; error_page 405 =200 $uri; }}
        location = /stream/v1/chat/completions {{
            default_type text/event-stream; alias {directory}/stream.sse; error_page 405 =200 $uri; }}
        location = /v1/models {{ default_type application/json; return 200 '{{"object":"list","data":[]}}'; }}
    }}
    upstream fake {{ server 127.0.0.1:{upstream}; keepalive 512; }}
    server {{
        listen 127.0.0.1:{proxy};
        location / {{
            proxy_pass http://fake;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_buffering off;
        }}
    }}
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-c", str(conf), "-p", str(directory)], check=True)
    return int((directory / "nginx.pid").read_text())


def process_tree(pid):
    """pid and its descendants."""
    found, frontier = [pid], [pid]
    while frontier:
        parent = frontier.pop()
        try:
            children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
        except OSError:
            children = []
        for child in map(int, children):
            found.append(child)
            frontier.append(child)
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / TICKS


def peak_rss_mb(pids):
    total = 0
    for pid in pids:
        try:
            match = re.search(r"VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            total += int(match.group(1)) if match else 0
        except OSError:
            pass
    return total / 1024


def busy_seconds():
    fields = list(map(int, Path("/proc/stat").read_text().splitlines()[0].split()[1:]))
    return (sum(fields) - fields[3] - fields[4]) / TICKS


def wrk(url, body, headers, connections, seconds, directory):
    script = directory / "post.lua"
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(json.dumps(body))}"]
    lines += [f'wrk.headers["{k}"] = {json.dumps(v)}' for k, v in headers.items()]
    script.write_text("\n".join(lines) + "\n")
    threads = min(2, connections)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return result.stdout, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def parse_wrk(output):
    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 1e-3, "ms": 1, "s": 1000}[unit]
    total = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: .*", output)
    return {"requests": total - (int(bad.group(1)) if bad else 0), "all": total,
            "p50": latency(50), "p90": latency(90), "p99": latency(99),
            "errors": errors.group(0) if errors else ""}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--skip-litellm", action="store_true")
    args = parser.parse_args()
    install()
    litellm = None if args.skip_litellm else install_litellm()
    log("building Flourish (release)")
    subprocess.run(["swift", "build", "-c", "release", "--product", "flourish"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    directory = Path(tempfile.mkdtemp(prefix="flourish-bench-"))
    ports = {name: free_port() for name in ("upstream", "proxy", "flourish", "litellm")}
    processes = []
    try:
        nginx_pid = start_nginx(directory, ports["upstream"], ports["proxy"])
        upstream_pids = process_tree(nginx_pid)
        targets = {}
        targets["direct"] = {"url": f"http://127.0.0.1:{ports['upstream']}", "prefix": "", "headers": {},
                             "pids": [], "body": {**BODY, "model": "gpt-5-mini"}}
        targets["nginx"] = {"url": f"http://127.0.0.1:{ports['proxy']}", "prefix": "", "headers": {},
                            "pids": upstream_pids, "body": {**BODY, "model": "gpt-5-mini"}}
        # Flourish: one process per streaming mode, since the upstream path decides the canned answer.
        for mode, path in (("json", "/v1"), ("sse", "/stream/v1")):
            port = free_port()
            env = {k: v for k, v in os.environ.items() if not k.endswith("_API_KEY")}
            env.update({"FLOURISH_PORT": str(port), "FLOURISH_DATA_DIR": str(directory / f"flourish-{mode}"),
                        "OPENAI_BASE_URL": f"http://127.0.0.1:{ports['upstream']}{path}",
                        "OPENAI_API_KEY": "sk-bench", "FLOURISH_LOG_LEVEL": "error"})
            binary = str(ROOT / ".build/release/flourish")
            created = subprocess.run([binary, "clients", "create", "--name", "bench", "--json"], env=env,
                                     capture_output=True, text=True, check=True)
            credentials = json.loads(created.stdout)
            process = subprocess.Popen([binary, "serve"], env=env)
            processes.append(process)
            wait_for(f"http://127.0.0.1:{port}/healthz")
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/oauth2/token", data=b"grant_type=client_credentials",
                headers={"content-type": "application/x-www-form-urlencoded"})
            import base64
            basic = base64.b64encode(f"{credentials['client_id']}:{credentials['client_secret']}".encode()).decode()
            request.add_header("authorization", "Basic " + basic)
            token = json.load(urllib.request.urlopen(request))["access_token"]
            targets[f"flourish-{mode}"] = {
                "url": f"http://127.0.0.1:{port}", "prefix": "/ai/v2", "pids": [process.pid],
                "headers": {"authorization": "Bearer " + token}, "body": {**BODY, "auto_routing": True}}
        if litellm:
            for mode, path in (("json", "/v1"), ("sse", "/stream/v1")):
                port = free_port()
                config = directory / f"litellm-{mode}.yaml"
                config.write_text(
                    "model_list:\n  - model_name: gpt-5-mini\n    litellm_params:\n      model: openai/gpt-5-mini\n"
                    f"      api_base: http://127.0.0.1:{ports['upstream']}{path}\n      api_key: sk-bench\n"
                    "litellm_settings:\n  set_verbose: false\n  turn_off_message_logging: true\n")
                env = {**os.environ, "LITELLM_LOG": "ERROR", "DISABLE_SCHEMA_UPDATE": "true"}
                process = subprocess.Popen(
                    [str(litellm), "--config", str(config), "--port", str(port), "--num_workers", "2"], env=env,
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
                processes.append(process)
                wait_for(f"http://127.0.0.1:{port}/health/liveliness", timeout=180)
                targets[f"litellm-{mode}"] = {"url": f"http://127.0.0.1:{port}", "prefix": "", "pids": [process.pid],
                                              "headers": {}, "body": {**BODY, "model": "gpt-5-mini"}}
        rows = []
        for mode, connections in RUNS:
            for name in ("direct", "nginx", "flourish", "litellm"):
                key = f"{name}-{mode}" if name in ("flourish", "litellm") else name
                if key not in targets:
                    continue
                target = targets[key]
                body = {**target["body"], **({"stream": True} if mode == "sse" else {})}
                path = target["prefix"] + ("/stream" if mode == "sse" and name in ("direct", "nginx") else "")
                url = target["url"] + path + ("/v1" if not target["prefix"] else "") + "/chat/completions"
                pids = [p for pid in target["pids"] for p in process_tree(pid)]
                cpu_before, busy_before = cpu_seconds(pids), busy_seconds()
                # The upstream's own CPU is not the target's; for the nginx target it is the same process.
                upstream_before = cpu_seconds(upstream_pids) if name != "nginx" else 0
                output, load_cpu = wrk(url, body, {"content-type": "application/json", **target["headers"]},
                                      connections, args.seconds, directory)
                result = parse_wrk(output)
                cpu = cpu_seconds(pids) - cpu_before
                busy = busy_seconds() - busy_before
                upstream_cpu = (cpu_seconds(upstream_pids) - upstream_before) if name != "nginx" else 0
                rows.append({"mode": mode, "c": connections, "target": name, **result,
                             "rps": result["requests"] / args.seconds,
                             "cpu_us": cpu / max(1, result["all"]) * 1e6 if pids else None,
                             "rss_mb": peak_rss_mb(pids) if pids else None,
                             "other_cpu_s": busy - cpu - upstream_cpu - load_cpu})
                log(f"{mode} c{connections} {name}: {rows[-1]['rps']:.0f} req/s, p50 {result['p50']} ms "
                    f"{result['errors']}")
        print_table(rows)
        flourish = targets["flourish-json"]
        timings = server_timings(flourish["url"] + "/ai/v2/chat/completions", flourish["headers"])
        print_timings(timings)
        (ROOT / "bench" / "gateways" / "last-run.json").write_text(
            json.dumps({"runs": rows, "server_timing": timings}, indent=1))
    finally:
        for process in processes:
            try:
                os.killpg(process.pid, signal.SIGTERM) if process.pid else None
            except (ProcessLookupError, PermissionError):
                process.terminate()
        subprocess.run([shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(directory / "nginx.conf"), "-p",
                        str(directory), "-s", "stop"], stderr=subprocess.DEVNULL)


def server_timings(url, headers, count=500):
    """p50/p99 of Flourish's own Server-Timing entries (gateway, routing, safety) over sequential requests: the
    benchmark's short question and a 4k-token, 32-message conversation."""
    conversation = json.loads((ROOT / "bench" / "conversation-4k-tokens.json").read_text())
    bodies = {"short question": {**BODY, "auto_routing": True},
              "4k-token conversation": {**conversation, "max_tokens": 64, "auto_routing": True}}
    results = {}
    for label, body in bodies.items():
        data = json.dumps(body).encode()
        samples = {}
        for _ in range(count):
            request = urllib.request.Request(url, data=data, headers={"content-type": "application/json", **headers})
            with urllib.request.urlopen(request) as response:
                response.read()
                for entry in response.headers.get("server-timing", "").split(","):
                    name, _, duration = entry.strip().partition(";dur=")
                    samples.setdefault(name, []).append(float(duration))
        results[label] = {name: {"p50_ms": percentile(values, 50), "p99_ms": percentile(values, 99)}
                          for name, values in samples.items()}
    return results


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def print_timings(timings):
    print()
    print("Flourish's Server-Timing, 500 sequential requests each (ms):")
    print("| request | gateway p50 | gateway p99 | routing p50 | routing p99 | values layer p50 | values layer p99 |")
    print("|---|---|---|---|---|---|---|")
    for label, entries in timings.items():
        cells = [f"{entries.get(name, {}).get(key, float('nan')):.3f}"
                 for name in ("gateway", "routing", "safety") for key in ("p50_ms", "p99_ms")]
        print(f"| {label} | " + " | ".join(cells) + " |")


def print_table(rows):
    print("| mode | c | target | req/s | p50 ms | p90 ms | p99 ms | added p50 | added p99 | CPU µs/req | peak RSS MB "
          "| other CPU s | vs LiteLLM | vs nginx |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        same = [r for r in rows if r["mode"] == row["mode"] and r["c"] == row["c"]]
        direct = next((r for r in same if r["target"] == "direct"), None)
        litellm = next((r for r in same if r["target"] == "litellm"), None)
        nginx = next((r for r in same if r["target"] == "nginx"), None)

        def added(key):
            return f"{row[key] - direct[key]:.3f}" if direct and row[key] is not None and direct[key] is not None else ""

        def ratio(other):
            return f"{row['rps'] / other['rps']:.2f}×" if other and other["rps"] else ""

        cpu = f"{row['cpu_us']:.0f}" if row["cpu_us"] is not None else ""
        rss = f"{row['rss_mb']:.0f}" if row["rss_mb"] is not None else ""
        print(f"| {row['mode']} | {row['c']} | {row['target']} | {row['rps']:.0f} | {row['p50']:.3f} | {row['p90']:.3f} "
              f"| {row['p99']:.3f} | {added('p50')} | {added('p99')} | {cpu} | {rss} | {row['other_cpu_s']:.1f} "
              f"| {ratio(litellm)} | {ratio(nginx)} |")


if __name__ == "__main__":
    main()
