"""A fake upstream for conformance tests speaking three protocols on one port, with deterministic
answers over real HTTP and SSE: OpenAI Chat Completions (`/v1/chat/completions`), Anthropic Messages
(`/v1/messages`) and Gemini (`/v1beta/models/{model}:generateContent`, `:streamGenerateContent`).

Every protocol answers the same way: a tool call when tools are offered (and not switched off) on a
user turn, a summary of the tool result after a tool turn, and otherwise an echo of the last user
message. A last user message "trigger:500", "trigger:ratelimit", "trigger:overloaded",
"trigger:badjson" or "trigger:break" (streams) fails in the protocol's own way; the model name
"fail-500" answers HTTP 500 too. "trigger:pause" streams (OpenAI protocol) go silent for 1.5 s after the role chunk,
as a reasoning model does while it thinks.
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fake_native

received = []
# The open-source models of Flourish's built-in catalog, plus the failing one.
SERVED = ["meta-llama/Llama-3.1-8B-Instruct", "deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.2",
          "openai/gpt-oss-120b", "fail-500"]


def last_user_text(body):
    users = [m for m in body.get("messages", []) if m.get("role") == "user"]
    content = users[-1].get("content") if users else ""
    if isinstance(content, list):
        content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return content or ""


def reply_for(body):
    messages = body.get("messages", [])
    last = messages[-1] if messages else {}
    tools = body.get("tools") or []
    choice = body.get("tool_choice", "auto")
    if tools and choice != "none" and last.get("role") == "user":
        tool = tools[0]["function"]
        if isinstance(choice, dict):
            tool = next(t["function"] for t in tools if t["function"]["name"] == choice["function"]["name"])
        props = (tool.get("parameters") or {}).get("properties", {})
        args = {name: ("Paris" if name in ("location", "city") else "x") for name in props}
        return None, [{"id": "call_" + str(len(received)), "type": "function",
                       "function": {"name": tool["name"], "arguments": json.dumps(args)}}]
    if last.get("role") == "tool":
        return "The tool said: " + str(last.get("content")), None
    content = last.get("content")
    images = 0
    if isinstance(content, list):
        images = sum(1 for p in content if isinstance(p, dict) and p.get("type") == "image_url")
        content = " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return "echo: " + str(content) + (f" [{images} image]" if images else ""), None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes; Nagle would hold the body ~40 ms

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.endswith("/models"):
            self.send_json(200, {"object": "list", "data": [{"id": name, "object": "model"} for name in SERVED]})
        elif self.path.endswith("/_received"):
            self.send_json(200, received[-1] if received else {})
        else:
            self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        length = int(self.headers.get("content-length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        received.append(body)
        if self.path.startswith("/v1/messages"):
            return self.anthropic(body)
        if ":generateContent" in self.path or ":streamGenerateContent" in self.path:
            return self.gemini(body)
        trigger = last_user_text(body)
        if body.get("model") == "fail-500" or trigger == "trigger:500":
            return self.send_json(500, {"error": {"message": "upstream exploded"}})
        if trigger == "trigger:ratelimit":
            return self.send_json(429, {"error": {"message": "Rate limit reached"}}, {"retry-after": "3"})
        if trigger == "trigger:overloaded":
            return self.send_json(503, {"error": {"message": "Overloaded"}})
        if trigger == "trigger:badjson":
            return self.send_raw(200, b"{not json", "application/json")
        text, calls = reply_for(body)
        if body.get("stream"):
            return self.stream(body, text, calls)
        message = {"role": "assistant", "content": text}
        if calls:
            message["tool_calls"] = calls
        self.send_json(200, {
            "id": "up-1", "object": "chat.completion", "created": int(time.time()), "model": body.get("model"),
            "choices": [{"index": 0, "message": message, "finish_reason": "tool_calls" if calls else "stop"}],
            "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
        })

    def send_json(self, status, payload, headers=None):
        self.send_raw(status, json.dumps(payload).encode(), "application/json", headers)

    def send_raw(self, status, data, content_type, headers=None):
        self.send_response(status)
        self.send_header("content-type", content_type)
        self.send_header("content-length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def start_sse(self):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()

    def write_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_sse(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def anthropic(self, body):
        if not (self.headers.get("x-api-key") or self.headers.get("authorization")) or not self.headers.get("anthropic-version"):
            return self.send_json(401, {"type": "error", "error": {"type": "authentication_error",
                                                                   "message": "invalid x-api-key"}})
        trigger = fake_native._text_of(body["messages"][-1]["content"])
        failure = fake_native.anthropic_error(trigger)
        if failure:
            return self.send_json(*failure)
        if trigger == "trigger:badjson":
            return self.send_raw(200, b"{not json", "application/json")
        if not body.get("stream"):
            return self.send_json(200, fake_native.anthropic_message(body))
        self.start_sse()
        for name, data in fake_native.anthropic_events(body, broken=trigger == "trigger:break"):
            self.write_chunk(f"event: {name}\ndata: {json.dumps(data)}\n\n".encode())
        self.end_sse()

    def gemini(self, body):
        if not self.headers.get("x-goog-api-key") and "key=" not in self.path:
            return self.send_json(403, {"error": {"code": 403, "message": "API key missing", "status": "PERMISSION_DENIED"}})
        model = self.path.split("/models/", 1)[1].split(":", 1)[0]
        parts = body["contents"][-1].get("parts", [])
        trigger = " ".join(p.get("text", "") for p in parts)
        failure = fake_native.gemini_error(trigger)
        if failure:
            return self.send_json(*failure)
        if trigger == "trigger:badjson":
            return self.send_raw(200, b"{not json", "application/json")
        if ":streamGenerateContent" not in self.path:
            return self.send_json(200, fake_native.gemini_response(body, model))
        self.start_sse()
        for data in fake_native.gemini_stream(body, model, broken=trigger == "trigger:break"):
            self.write_chunk(f"data: {json.dumps(data)}\r\n\r\n".encode())
        self.end_sse()

    def stream(self, body, text, calls):
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()

        def event(payload):
            data = ("data: " + (payload if isinstance(payload, str) else json.dumps(payload)) + "\n\n").encode()
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        def chunk(delta, finish=None):
            return {"id": "up-1", "object": "chat.completion.chunk", "created": int(time.time()),
                    "model": body.get("model"), "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

        event(chunk({"role": "assistant", "content": ""}))
        if last_user_text(body) == "trigger:pause":
            time.sleep(1.5)
        if calls:
            call = calls[0]
            event(chunk({"tool_calls": [{"index": 0, "id": call["id"], "type": "function",
                                         "function": {"name": call["function"]["name"], "arguments": ""}}]}))
            arguments = call["function"]["arguments"]
            for start in range(0, len(arguments), 5):
                event(chunk({"tool_calls": [{"index": 0, "function": {"arguments": arguments[start:start + 5]}}]}))
            event(chunk({}, "tool_calls"))
        else:
            for word in text.split(" "):
                event(chunk({"content": word + " "}))
                if last_user_text(body) == "trigger:break":
                    return self.end_sse()
            event(chunk({}, "stop"))
        if (body.get("stream_options") or {}).get("include_usage"):
            event({"id": "up-1", "object": "chat.completion.chunk", "created": int(time.time()),
                   "model": body.get("model"), "choices": [],
                   "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18}})
        event("[DONE]")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


if __name__ == "__main__":
    server = Server(("127.0.0.1", int(sys.argv[1])), Handler)
    server.serve_forever()
