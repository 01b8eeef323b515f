"""Time to first token and decode speed of the local model, direct to its server and through Flourish.

Needs the local model running (scripts/local-model start) and a built flourish. Streams the same prompt
N times each way, alternating, and prints the medians.

    python3 bench/local_model.py [--runs 5] [--bin .build/release/flourish]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from openai import OpenAI

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "conformance"))
import conftest  # noqa: E402

LOCAL_URL = "http://127.0.0.1:8081/v1"
PROMPT = [{"role": "user", "content": "Write three sentences about the importance of rest."}]


PERSPECTIVE = (Path(__file__).resolve().parent.parent / "Sources/FlourishValues/Perspectives/v1/not_faith_specific.md")


def measure(client, model, extra=None, messages=PROMPT):
    start = time.perf_counter()
    first = None
    tokens = 0
    for chunk in client.chat.completions.create(
            model=model, messages=messages, max_tokens=96, temperature=0, stream=True,
            stream_options={"include_usage": True}, extra_body=extra or {}):
        if chunk.choices and chunk.choices[0].delta.content and first is None:
            first = time.perf_counter()
        if chunk.usage:
            tokens = chunk.usage.completion_tokens
    end = time.perf_counter()
    return first - start, (tokens - 1) / (end - first) if tokens > 1 else 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bin", default=".build/release/flourish")
    args = parser.parse_args()
    conftest.BINARY = Path(args.bin)
    gateway = conftest.Gateway(LOCAL_URL, {"OPENAI_API_KEY": ""})
    try:
        token = gateway.token(gateway.create_client("bench"))
        direct = OpenAI(api_key="none", base_url=LOCAL_URL)
        through = OpenAI(api_key=token, base_url=gateway.url + "/ai/v2")
        results = {"direct": [], "through Flourish": []}
        # Flourish puts the perspective instruction first; send the server the same prompt directly.
        composed = [{"role": "system", "content": PERSPECTIVE.read_text().strip()}] + PROMPT
        measure(direct, "qwen2.5-coder-1.5b", messages=composed)  # warm up
        for _ in range(args.runs):
            results["direct"].append(measure(direct, "qwen2.5-coder-1.5b", messages=composed))
            results["through Flourish"].append(
                measure(through, "gloo-qwen-2.5-coder-1.5b-instruct", {"tradition": "not_faith_specific"}))
    finally:
        gateway.stop()
    for name, runs in results.items():
        ttft = statistics.median(r[0] for r in runs)
        speed = statistics.median(r[1] for r in runs)
        print(f"{name:<17} time to first token {ttft * 1000:7.0f} ms   decode {speed:5.1f} tokens/s   ({len(runs)} runs)")


if __name__ == "__main__":
    main()
