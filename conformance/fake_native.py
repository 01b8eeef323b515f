"""Anthropic Messages and Gemini generateContent answers for the conformance fake upstream.

Both follow the providers' documented wire formats closely enough that the official `anthropic` and
`google-genai` SDKs parse them (test_fakes.py proves it). The behaviour mirrors the OpenAI fake:
a tool call when tools are offered on a user turn, a summary after a tool result, otherwise an echo;
a user message "trigger:<name>" makes the answer fail in the provider's own way.
"""

import json
import time

TRIGGERS = ("trigger:500", "trigger:ratelimit", "trigger:overloaded", "trigger:badjson", "trigger:break")


def _text_of(content):
    if isinstance(content, str):
        return content
    return " ".join(block.get("text", "") for block in content or [] if isinstance(block, dict))


# --- Anthropic ---------------------------------------------------------------------------------------

def anthropic_error(trigger):
    """(status, body, headers) for a failure trigger, or None."""
    if trigger == "trigger:500":
        return 500, {"type": "error", "error": {"type": "api_error", "message": "Internal server error"}}, {}
    if trigger == "trigger:ratelimit":
        return 429, {"type": "error", "error": {"type": "rate_limit_error", "message": "Rate limited"}}, {"retry-after": "3"}
    if trigger == "trigger:overloaded":
        return 529, {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}, {}
    return None


def anthropic_reply(body):
    """The content blocks and stop reason the fake answers with."""
    last = body["messages"][-1]
    blocks = last["content"] if isinstance(last["content"], list) else [{"type": "text", "text": last["content"]}]
    results = [b for b in blocks if b.get("type") == "tool_result"]
    if results:
        return [{"type": "text", "text": "The tool said: " + _text_of(results[-1].get("content"))}], "end_turn"
    tools = body.get("tools") or []
    choice = body.get("tool_choice", {"type": "auto"})
    if tools and choice.get("type") != "none":
        tool = tools[0]
        if choice.get("type") == "tool":
            tool = next(t for t in tools if t["name"] == choice["name"])
        props = (tool.get("input_schema") or {}).get("properties", {})
        args = {name: ("Paris" if name in ("location", "city") else "x") for name in props}
        return [{"type": "tool_use", "id": "toolu_fake01", "name": tool["name"], "input": args}], "tool_use"
    images = sum(1 for b in blocks if b.get("type") == "image")
    text = "echo: " + _text_of([b for b in blocks if b.get("type") == "text"])
    if images:
        text += f" [{images} image]"
    return [{"type": "text", "text": text}], "end_turn"


def anthropic_message(body):
    content, stop = anthropic_reply(body)
    return {"id": "msg_fake01", "type": "message", "role": "assistant", "model": body["model"], "content": content,
            "stop_reason": stop, "stop_sequence": None, "usage": {"input_tokens": 11, "output_tokens": 7}}


def anthropic_events(body, broken=False):
    """(event name, data) pairs of a streamed answer."""
    content, stop = anthropic_reply(body)
    yield "message_start", {"type": "message_start", "message": {
        "id": "msg_fake01", "type": "message", "role": "assistant", "model": body["model"], "content": [],
        "stop_reason": None, "stop_sequence": None, "usage": {"input_tokens": 11, "output_tokens": 1}}}
    for index, block in enumerate(content):
        if block["type"] == "text":
            yield "content_block_start", {"type": "content_block_start", "index": index,
                                          "content_block": {"type": "text", "text": ""}}
            yield "ping", {"type": "ping"}
            for word in block["text"].split(" "):
                yield "content_block_delta", {"type": "content_block_delta", "index": index,
                                              "delta": {"type": "text_delta", "text": word + " "}}
                if broken:
                    return
        else:
            yield "content_block_start", {"type": "content_block_start", "index": index, "content_block": {
                "type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}}
            arguments = json.dumps(block["input"])
            for start in range(0, len(arguments), 6):
                yield "content_block_delta", {"type": "content_block_delta", "index": index, "delta": {
                    "type": "input_json_delta", "partial_json": arguments[start:start + 6]}}
        yield "content_block_stop", {"type": "content_block_stop", "index": index}
    yield "message_delta", {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                            "usage": {"output_tokens": 7}}
    yield "message_stop", {"type": "message_stop"}


# --- Gemini ------------------------------------------------------------------------------------------

def gemini_error(trigger):
    if trigger == "trigger:500":
        return 500, {"error": {"code": 500, "message": "Internal error encountered.", "status": "INTERNAL"}}, {}
    if trigger == "trigger:ratelimit":
        return 429, {"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).",
                               "status": "RESOURCE_EXHAUSTED"}}, {"retry-after": "3"}
    if trigger == "trigger:overloaded":
        return 503, {"error": {"code": 503, "message": "The model is overloaded.", "status": "UNAVAILABLE"}}, {}
    return None


def gemini_reply(body):
    """The parts and finish reason the fake answers with."""
    last = body["contents"][-1]
    parts = last.get("parts", [])
    responses = [p["functionResponse"] for p in parts if "functionResponse" in p]
    if responses:
        return [{"text": "The tool said: " + json.dumps(responses[-1]["response"])}], "STOP"
    tools = [d for t in body.get("tools", []) for d in t.get("functionDeclarations", [])]
    config = (body.get("toolConfig") or {}).get("functionCallingConfig", {})
    if tools and config.get("mode") != "NONE":
        allowed = config.get("allowedFunctionNames")
        tool = next(t for t in tools if not allowed or t["name"] in allowed)
        # Proto JSON accepts both spellings; the SDK sends snake_case, Flourish lowerCamelCase.
        schema = tool.get("parametersJsonSchema") or tool.get("parameters_json_schema") or tool.get("parameters") or {}
        args = {name: ("Paris" if name in ("location", "city") else "x") for name in schema.get("properties", {})}
        return [{"functionCall": {"name": tool["name"], "args": args}}], "STOP"
    images = sum(1 for p in parts if "inlineData" in p or "fileData" in p)
    text = "echo: " + " ".join(p["text"] for p in parts if "text" in p)
    if images:
        text += f" [{images} image]"
    return [{"text": text}], "STOP"


USAGE = {"promptTokenCount": 11, "candidatesTokenCount": 7, "totalTokenCount": 18}


def gemini_response(body, model):
    parts, finish = gemini_reply(body)
    return {"candidates": [{"content": {"parts": parts, "role": "model"}, "finishReason": finish, "index": 0}],
            "usageMetadata": USAGE, "modelVersion": model, "responseId": "fake-" + str(int(time.time()))}


def gemini_stream(body, model, broken=False):
    parts, finish = gemini_reply(body)
    texts = [p for p in parts if "text" in p]
    calls = [p for p in parts if "functionCall" in p]
    words = texts[0]["text"].split(" ") if texts else []
    for index, word in enumerate(words[:-1] if words else []):
        yield {"candidates": [{"content": {"parts": [{"text": word + " "}], "role": "model"}, "index": 0}],
               "modelVersion": model}
        if broken:
            return
    last_parts = ([{"text": words[-1]}] if words else []) + calls
    yield {"candidates": [{"content": {"parts": last_parts, "role": "model"}, "finishReason": finish, "index": 0}],
           "usageMetadata": USAGE, "modelVersion": model}
