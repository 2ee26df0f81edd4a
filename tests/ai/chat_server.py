"""A real local HTTP server speaking the chat-completions protocol, with scripted replies.

Tests (and `bench.ai`) queue a reply function per request; it gets the request's messages and
returns the assistant's text, or a `Raw` status and body to send as is.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Messages = list[dict[str, str]]
_NUMBERED = re.compile(r"^\[S(\d+)\] (.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Raw:
    status: int
    body: str


Reply = Callable[[Messages], "str | Raw"]


@dataclass
class ChatServer:
    url: str
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


def sentence_number(messages: Messages, phrase: str) -> int:
    """The [S#] number the prompt gave the sentence containing `phrase`."""
    for number, text in _NUMBERED.findall(messages[-1]["content"]):
        if phrase in text:
            return int(number)
    raise LookupError(phrase)


def reply_json(*sentences: tuple[str, list[int]]) -> str:
    return json.dumps({"sentences": [{"text": t, "citations": c} for t, c in sentences]})


@contextmanager
def chat_server() -> Iterator[ChatServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    state = ChatServer(f"http://127.0.0.1:{server.server_address[1]}/v1")
    server.state = state  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        state: ChatServer = self.server.state  # type: ignore[attr-defined]
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        state.requests.append({"path": self.path, "headers": dict(self.headers), **request})
        reply = state.replies.pop(0)(request["messages"])
        if isinstance(reply, Raw):
            self._send(reply.status, reply.body)
            return
        completion = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "model": request["model"],
            "choices": [{"index": 0, "message": {"role": "assistant", "content": reply}}],
        }
        self._send(200, json.dumps(completion))

    def _send(self, status: int, body: str) -> None:
        data = body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)

    def log_message(self, format: str, *args: object) -> None:
        pass
