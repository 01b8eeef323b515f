"""Writes the canned OpenAI answers nginx serves as the fake upstream: one non-streaming completion and one
20-chunk SSE stream, both valid OpenAI Chat Completions."""

import json
import sys
from pathlib import Path


def completion():
    return {"id": "chatcmpl-bench", "object": "chat.completion", "created": 1700000000, "model": "gpt-5-mini",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Grace is God's unearned favour."},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 24, "completion_tokens": 8, "total_tokens": 32}}


def stream():
    words = ("Grace is God's unearned favour, given freely to people who could never earn it, and received by "
             "faith alone today").split(" ")[:19]
    events = []
    for index, word in enumerate(words):
        delta = {"content": word + " "}
        if index == 0:
            delta["role"] = "assistant"
        events.append({"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000,
                       "model": "gpt-5-mini", "choices": [{"index": 0, "delta": delta, "finish_reason": None}]})
    events.append({"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1700000000,
                   "model": "gpt-5-mini", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    return "".join("data: " + json.dumps(e, separators=(",", ":")) + "\n\n" for e in events) + "data: [DONE]\n\n"


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / "completion.json").write_text(json.dumps(completion(), separators=(",", ":")))
    (out / "stream.sse").write_text(stream())
