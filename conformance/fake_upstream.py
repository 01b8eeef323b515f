"""An OpenAI-compatible upstream for conformance tests: deterministic answers, real HTTP and SSE.

It answers every model the same way: a tool call when tools are offered (and tool_choice is not
"none") on a user turn, a summary of the tool result after a tool turn, and otherwise an echo of
the last user message. The model name "fail-500" answers HTTP 500.
"""

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

received = []
# The open-source models of Flourish's built-in catalog, plus the failing one.
SERVED = ["meta-llama/Llama-3.1-8B-Instruct", "deepseek-ai/DeepSeek-V3.1", "deepseek-ai/DeepSeek-V3.2",
          "openai/gpt-oss-120b", "fail-500"]


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
        args = {name: ("Paris" if name == "location" else "x") for name in props}
        return None, [{"id": "call_" + str(len(received)), "type": "function",
                       "function": {"name": tool["name"], "arguments": json.dumps(args)}}]
    if last.get("role") == "tool":
        return "The tool said: " + str(last.get("content")), None
    content = last.get("content")
    if isinstance(content, list):
        content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return "echo: " + str(content), None


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
        if body.get("model") == "fail-500":
            return self.send_json(500, {"error": {"message": "upstream exploded"}})
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

    def send_json(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

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
