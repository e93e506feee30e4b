"""A scripted OpenAI-compatible chat server on 127.0.0.1, so tests (and the recording of scripted eval answers,
evals/extract/record_scripted.py) run the real openai client and instructor.

    with FakeLLMServer([reply({"a": 1}), status(429), reply_text("not json")]) as server:
        config = LLMConfig(base_url=server.base_url, api_key="test", ...)
        ...
        server.requests           # every request body received (dicts), in order
        server.user_prompts()     # the content of the last user message of each request

Script items (plain dicts, built with the helpers below):
- `reply(obj)`: a valid answer carrying `obj` as JSON. If the request has `tools`, it comes back as a tool call
  to the requested function (instructor's tools mode); otherwise as the message content (json/json_schema modes).
- `reply_text(text)`: the raw text instead (invalid JSON, prose…), in the same place.
- `status(code)`: an HTTP error (429, 500…) with an OpenAI-style error body and `retry-after-ms: 1`, so the
  openai client's backoff does not slow tests down.
- any item may carry `delay` (seconds slept before answering: timeouts) and `usage` (token counts to report;
  by default about one token per four characters of request / answer).
When the script runs out, the server answers 400 `fakeserver: script exhausted` (not retried by the client).

Faults, for the reliability suite (tests/reliability/test_llm_faults.py), as further keys of any item:
- `hang=True`: never answer (until the server stops);
- `drip=seconds`: send the answer's body one byte at a time, `seconds` apart (the headers at once);
- `raw=bytes|str`: this body instead of a completion (invalid JSON at the HTTP level), with `status` or 200;
- `gzip=True`: the body gzip-compressed (`Content-Encoding: gzip`, whatever the client asked for);
- `echo=True` on a `status` item: the error message repeats the request's Authorization header and path (a server
  that echoes credentials back).
`server.headers` holds every request's headers, in order.

`FakeLLMServer(responder=fn)`: `fn(request_body)` returns the script item for each request instead (None: the
400 above). Requests sent concurrently arrive in any order, so a responder picks the answer by the request's
content, not by position.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable


def reply(obj: Any, **extra: Any) -> dict[str, Any]:
    return {"json": obj, **extra}


def reply_text(text: str, **extra: Any) -> dict[str, Any]:
    return {"text": text, **extra}


def status(code: int, message: str = "scripted error", **extra: Any) -> dict[str, Any]:
    return {"status": code, "message": message, **extra}


class FakeLLMServer:
    def __init__(self, script: list[dict[str, Any]] | None = None,
                 responder: Callable[[dict[str, Any]], dict[str, Any] | None] | None = None):
        self.script: list[dict[str, Any]] = list(script or [])
        self.responder = responder
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd = _QuietServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                        name="fake-llm", daemon=True)

    # -- lifecycle -----------------------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "FakeLLMServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # hanging answers end
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "FakeLLMServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def push(self, *items: dict[str, Any]) -> None:
        with self._lock:
            self.script.extend(items)

    # -- what tests read -----------------------------------------------------------------------------------

    def user_prompts(self) -> list[str]:
        out = []
        for body in self.requests:
            users = [m.get("content") for m in body.get("messages", []) if m.get("role") == "user"]
            out.append(users[-1] if users else "")
        return out

    # -- serving -------------------------------------------------------------------------------------------

    def _next(self, body: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            self.requests.append(body)
            if self.responder is None:
                return self.script.pop(0) if self.script else None
        try:
            return self.responder(body)
        except Exception as exc:  # noqa: BLE001 - answer 500 rather than leave the client waiting
            return {"status": 500, "message": f"fakeserver responder failed: {type(exc).__name__}: {exc}"}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep pytest output clean
                pass

            def do_POST(self) -> None:  # noqa: N802
                if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
                    self._send(404, {"error": {"message": f"unknown path {self.path}", "type": "not_found"}})
                    return
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw.decode("utf-8") or "{}")
                except (UnicodeDecodeError, json.JSONDecodeError):
                    self._send(400, {"error": {"message": "request body is not JSON", "type": "invalid_request"}})
                    return
                with server._lock:
                    server.headers.append(dict(self.headers.items()))
                item = server._next(body)
                if item is None:
                    self._send(400, {"error": {"message": "fakeserver: script exhausted", "type": "invalid_request"}})
                    return
                if item.get("delay"):
                    time.sleep(float(item["delay"]))
                if item.get("hang"):
                    server._stopping.wait()
                    return
                faults = {"drip": item.get("drip"), "gzip": item.get("gzip")}
                if "raw" in item:
                    raw = item["raw"]
                    self._send(int(item.get("status", 200)), raw.encode("utf-8") if isinstance(raw, str) else raw,
                               **faults)
                    return
                if "status" in item:
                    message = item.get("message", "")
                    if item.get("echo"):
                        message += f" (Authorization: {self.headers.get('Authorization')}; path: {self.path})"
                    self._send(int(item["status"]), {"error": {"message": message,
                                                               "type": "scripted", "code": item["status"]}},
                               {"retry-after-ms": str(item.get("retry_after_ms", 1))}, **faults)
                    return
                self._send(200, _completion(body, item), **faults)

            def _send(self, code: int, payload: dict[str, Any] | bytes, headers: dict[str, str] | None = None,
                      drip: float | None = None, gzip: bool | None = None) -> None:
                data = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode("utf-8")
                headers = dict(headers or {})
                if gzip:
                    import gzip as gz

                    data = gz.compress(data)
                    headers["Content-Encoding"] = "gzip"
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    if not drip:
                        self.wfile.write(data)
                        return
                    for i in range(len(data)):
                        if server._stopping.wait(float(drip)):
                            return
                        self.wfile.write(data[i:i + 1])
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout tests)
                    pass

        return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up (a deadline, a closed connection) is no error of the server's: nothing printed
        (the default prints a traceback to whatever stderr is at the time, a test's captured output)."""


def _completion(request: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    text = item["text"] if "text" in item else json.dumps(item["json"], ensure_ascii=False)
    message: dict[str, Any] = {"role": "assistant", "content": None}
    finish = "stop"
    tools = request.get("tools") or []
    if tools:
        name = tools[0].get("function", {}).get("name", "tool")
        message["tool_calls"] = [{"id": "call_1", "type": "function", "function": {"name": name, "arguments": text}}]
        finish = "tool_calls"
    else:
        message["content"] = text
    prompt_chars = len(json.dumps(request.get("messages", []), ensure_ascii=False))
    usage = item.get("usage") or {"prompt_tokens": prompt_chars // 4 + 1, "completion_tokens": len(text) // 4 + 1}
    usage = {**usage, "total_tokens": usage.get("total_tokens", usage["prompt_tokens"] + usage["completion_tokens"])}
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": usage,
    }
