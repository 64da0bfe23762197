"""A local fake LLM server speaking OpenAI chat completions and Anthropic Messages, for tests.

It runs on 127.0.0.1:0 in a background thread; the real `openai` and `anthropic` SDKs talk to
it by base URL. Each test scripts replies (`server.script(Reply(...), ...)`), one per request,
with faults on demand: error statuses with headers, a stream that stalls, trickles, or is reset
mid-way, and any answer text (broken, truncated, empty, fenced JSON). Every request is recorded.
No pytest here: `bench/fake_llm_server.py` runs it after a plain `pip install .`; the
`llm_server` fixture is in conftest.py.
"""

from __future__ import annotations

import itertools
import json
import socket
import zlib
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import SecretStr

from iq_tui.engine.settings.layers import Settings

DEADLINE = 2.0
"""The LLM timeout of the tests about the deadline: small, so they end fast."""


def make_question(
    n: int, *, skills: tuple[str, ...] = ("Python",), **extra: Any
) -> dict[str, Any]:
    question = {
        "text": f"Question {n}: how did you use {', '.join(skills)} in your last project?",
        "category": "technical",
        "difficulty": "mid",
        "skills": list(skills),
        "rationale": "The CV lists it.",
        "follow_ups": ["What would you change?"],
        "good_answer": "Concrete trade-offs.",
    }
    question.update(extra)
    return question


def questions_json(count: int, **kwargs: Any) -> str:
    return json.dumps(
        {"questions": [make_question(n + 1, **kwargs) for n in range(count)]}
    )


@dataclass
class Reply:
    """One scripted answer. `content` is the model's text (default: ten valid questions)."""

    status: int = 200
    content: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    error_type: str = ""
    error_message: str = "scripted error"
    chunk_size: int = 40
    interval: float = 0.0
    fault: str | None = None
    """None, "stall" (stop sending), "trickle" (a byte every 50 ms forever), "reset" (TCP RST),
    "error_event" (the API's in-stream error: Anthropic overloaded, OpenAI server_error),
    "endless" (after the answer's pieces, `endless` text as more pieces, as fast as it goes),
    "flood" (`flood` over and over: `flood_bytes` of it, or until the server stops)."""
    fault_after: int = 2
    gzip: bool = False
    """Send every body gzip-compressed (`content-encoding: gzip`): with "flood" or `pad`, a bomb."""
    flood: bytes = b":\n"
    flood_bytes: int | None = None
    pad: int = 0
    """Characters added to an error's message (built piece by piece: a bomb costs no memory)."""
    payload: Any = None
    """A 200 answer's JSON body sent as it is (the model list, a non-streamed reply)."""
    finish_reason: str | None = None
    refusal: str | None = None
    usage: tuple[int, int] = (120, 480)
    cache: tuple[int, int] = (0, 0)
    """The prompt's (cache_read, cache_creation) input tokens beyond `usage[0]`: Anthropic's
    cache_read/cache_creation_input_tokens; OpenAI's prompt_tokens counts all three and its
    prompt_tokens_details.cached_tokens the first (as OpenAI's API and llama.cpp send them)."""
    as_text: bool = False
    """Anthropic: answer in a text block even when a tool was asked for (as llama.cpp may)."""
    endless: str = ' {"text": "again and again", "category": "technical"},'

    def text(self) -> str:
        return questions_json(10) if self.content is None else self.content

    def pieces(self) -> list[str]:
        text = self.text()
        return [
            text[i : i + self.chunk_size] for i in range(0, len(text), self.chunk_size)
        ]


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any]
    first_byte: float | None = None
    """time.monotonic() when the streamed body began, and when its last byte went out."""
    last_byte: float | None = None


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    # -- plumbing -------------------------------------------------------------------------
    def _record(self) -> Recorded:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = {"_raw": raw.decode("utf-8", "replace")}
        headers = {k.lower(): v for k, v in self.headers.items()}
        record = Recorded(self.command, self.path, headers, body)
        self.server.owner.requests.append(record)
        return record

    def _is_anthropic(self, record: Recorded) -> bool:
        return "anthropic-version" in record.headers or record.path.endswith(
            "/messages"
        )

    _PAD = "\x00pad\x00"
    _gz: Any = None

    def _send_json(
        self,
        status: int,
        payload: Any,
        headers: dict[str, str] | None = None,
        reply: Reply | None = None,
    ) -> None:
        """`payload` as JSON; `reply.pad` characters where `_PAD` is; gzipped if asked."""
        head, mark, tail = json.dumps(payload).partition(json.dumps(self._PAD)[1:-1])
        pad = reply.pad if reply is not None and mark else 0
        pieces = [head.encode(), *_repeat(b"a", pad), tail.encode()]
        if reply is not None and reply.gzip:
            gz = zlib.compressobj(6, zlib.DEFLATED, 31)
            pieces = [gz.compress(piece) for piece in pieces] + [gz.flush()]
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(sum(map(len, pieces))))
        if reply is not None and reply.gzip:
            self.send_header("content-encoding", "gzip")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        for piece in pieces:
            self.wfile.write(piece)

    def _write(self, data: bytes) -> None:
        if self._gz is not None:
            data = self._gz.compress(data) + self._gz.flush(zlib.Z_SYNC_FLUSH)
        self.wfile.write(data)
        self.wfile.flush()

    def _sse(self, event: str | None, payload: Any) -> bytes:
        data = payload if isinstance(payload, str) else json.dumps(payload)
        prefix = f"event: {event}\n" if event else ""
        return f"{prefix}data: {data}\n\n".encode()

    # -- endpoints ------------------------------------------------------------------------
    def do_GET(self) -> None:
        record = self._record()
        reply = self.server.owner.next_reply()
        if reply.status != 200:
            return self._error(reply, self._is_anthropic(record))
        if reply.payload is not None:
            return self._send_json(200, reply.payload, reply=reply)
        models = self.server.owner.models
        if self._is_anthropic(record):
            data = [
                {
                    "id": m,
                    "type": "model",
                    "display_name": m,
                    "created_at": "2025-01-01T00:00:00Z",
                }
                for m in models
            ]
            payload = {
                "data": data,
                "has_more": False,
                "first_id": models[0],
                "last_id": models[-1],
            }
        else:
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "test"}
                for m in models
            ]
            payload = {"object": "list", "data": data}
        self._send_json(200, payload)

    def do_POST(self) -> None:
        record = self._record()
        reply = self.server.owner.next_reply()
        anthropic = self._is_anthropic(record)
        try:
            if reply.status != 200:
                self._error(reply, anthropic)
            elif not record.body.get("stream"):
                payload = reply.payload or self._whole(reply, record, anthropic)
                self._send_json(200, payload, reply=reply)
            else:
                self._stream(reply, record, anthropic)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _error(self, reply: Reply, anthropic: bool) -> None:
        headers = {"retry-after-ms": "10", **reply.headers}
        if anthropic:
            kind = reply.error_type or (
                "overloaded_error" if reply.status == 529 else "api_error"
            )
            payload = {
                "type": "error",
                "error": {"type": kind, "message": reply.error_message + self._PAD},
            }
        else:
            kind = reply.error_type or "invalid_request_error"
            payload = {
                "error": {
                    "message": reply.error_message + self._PAD,
                    "type": kind,
                    "code": None,
                }
            }
        self._send_json(reply.status, payload, headers, reply)

    def _whole(self, reply: Reply, record: Recorded, anthropic: bool) -> dict[str, Any]:
        model = record.body.get("model", "")
        text = reply.text()
        if anthropic:
            block: dict[str, Any]
            if record.body.get("tools"):
                name = record.body["tools"][0]["name"]
                block = {
                    "type": "tool_use",
                    "id": "toolu_1",
                    "name": name,
                    "input": json.loads(text),
                }
            else:
                block = {"type": "text", "text": text}
            return {
                "id": "msg_1",
                "type": "message",
                "role": "assistant",
                "model": model,
                "content": [block],
                "stop_reason": reply.finish_reason or "end_turn",
                "stop_sequence": None,
                "usage": {
                    "input_tokens": reply.usage[0],
                    "output_tokens": reply.usage[1],
                },
            }
        return {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": reply.finish_reason or "stop",
                    "message": {"role": "assistant", "content": text},
                }
            ],
            "usage": {
                "prompt_tokens": reply.usage[0],
                "completion_tokens": reply.usage[1],
                "total_tokens": sum(reply.usage),
            },
        }

    def _stream(self, reply: Reply, record: Recorded, anthropic: bool) -> None:
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.send_header("cache-control", "no-cache")
        if reply.gzip:
            self.send_header("content-encoding", "gzip")
            self._gz = zlib.compressobj(6, zlib.DEFLATED, 31)
        self.end_headers()
        model = record.body.get("model", "")
        frames = self._anthropic_frames if anthropic else self._openai_frames
        head, body, tail = frames(reply, record, model)
        record.first_byte = time.monotonic()
        for frame in head:
            self._write(frame)
        if reply.fault == "endless":
            more = frames(Reply(content=reply.endless, chunk_size=len(reply.endless)), record, model)
            body = itertools.chain(body, itertools.takewhile(
                lambda _: not self.server.owner.stopping.is_set(), itertools.repeat(more[1][0])
            ))
        for n, frame in enumerate(body):
            if reply.fault and reply.fault != "endless" and n == reply.fault_after:
                return self._fault(reply, anthropic)
            if reply.interval:
                time.sleep(reply.interval)
            self._write(frame)
        for frame in tail:
            self._write(frame)
        if self._gz is not None:
            self.wfile.write(self._gz.flush())
        record.last_byte = time.monotonic()

    def _fault(self, reply: Reply, anthropic: bool) -> None:
        stop, fault = self.server.owner.stopping, reply.fault
        if fault == "error_event":
            if anthropic:
                error = {"type": "overloaded_error", "message": "Overloaded"}
                self._write(self._sse("error", {"type": "error", "error": error}))
            else:
                self._write(
                    self._sse(
                        None, {"error": {"message": "boom", "type": "server_error"}}
                    )
                )
        elif fault == "stall":
            stop.wait(60)
        elif fault == "trickle":
            while not stop.is_set():
                self._write(b":")
                time.sleep(0.05)
        elif fault == "flood":
            gz = self._gz
            for piece in _repeat(reply.flood, reply.flood_bytes, stop):
                self.wfile.write(gz.compress(piece) if gz is not None else piece)
            if gz is not None:
                self.wfile.write(gz.flush())
        elif fault == "reset":
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            self.connection.close()

    def _openai_frames(self, reply: Reply, record: Recorded, model: str):
        def chunk(delta: dict[str, Any], finish: str | None = None) -> bytes:
            return self._sse(
                None,
                {
                    "id": "chatcmpl-1",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
                },
            )

        head = [chunk({"role": "assistant", "content": ""})]
        if reply.refusal:
            body = [chunk({"refusal": reply.refusal})]
        else:
            body = [chunk({"content": piece}) for piece in reply.pieces()]
        prompt = reply.usage[0] + sum(reply.cache)
        usage = {
            "prompt_tokens": prompt,
            "completion_tokens": reply.usage[1],
            "total_tokens": prompt + reply.usage[1],
            **({"prompt_tokens_details": {"cached_tokens": reply.cache[0]}} if any(reply.cache) else {}),
        }
        tail = [
            chunk({}, reply.finish_reason or "stop"),
            self._sse(
                None,
                {
                    "id": "chatcmpl-1",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": model,
                    "choices": [],
                    "usage": usage,
                },
            ),
            self._sse(None, "[DONE]"),
        ]
        return head, body, tail

    def _anthropic_frames(self, reply: Reply, record: Recorded, model: str):
        tools = record.body.get("tools")
        message = {
            "id": "msg_1",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {
                "input_tokens": reply.usage[0],
                "output_tokens": 1,
                **(
                    {
                        "cache_read_input_tokens": reply.cache[0],
                        "cache_creation_input_tokens": reply.cache[1],
                    }
                    if any(reply.cache)
                    else {}
                ),
            },
        }
        if tools and not reply.as_text:
            block = {
                "type": "tool_use",
                "id": "toolu_1",
                "name": tools[0]["name"],
                "input": {},
            }
            delta_type, field_name = "input_json_delta", "partial_json"
        else:
            block = {"type": "text", "text": ""}
            delta_type, field_name = "text_delta", "text"
        head = [
            self._sse("message_start", {"type": "message_start", "message": message}),
            self._sse(
                "content_block_start",
                {"type": "content_block_start", "index": 0, "content_block": block},
            ),
            self._sse("ping", {"type": "ping"}),
        ]
        body = [
            self._sse(
                "content_block_delta",
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": delta_type, field_name: piece},
                },
            )
            for piece in reply.pieces()
        ]
        stop = reply.finish_reason or ("tool_use" if tools and not reply.as_text else "end_turn")
        tail = [
            self._sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
            self._sse(
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": stop, "stop_sequence": None},
                    "usage": {"output_tokens": reply.usage[1]},
                },
            ),
            self._sse("message_stop", {"type": "message_stop"}),
        ]
        return head, body, tail


def _repeat(
    pattern: bytes, total: int | None, stop: threading.Event | None = None
) -> Iterator[bytes]:
    """`pattern` repeated up to `total` bytes (None: until `stop`), in pieces of about 1 MB."""
    piece = pattern * max(1, (1 << 20) // len(pattern))
    sent = 0
    while (total is None or sent < total) and not (stop is not None and stop.is_set()):
        part = piece if total is None else piece[: total - sent]
        sent += len(part)
        yield part


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LLMServer


class LLMServer:
    """The fake server; `script()` queues replies, `requests` records what arrived."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.default = Reply()
        self.requests: list[Recorded] = []
        self.models = ["gpt-5.4-mini", "gpt-4o", "claude-sonnet-5"]
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def openai_url(self) -> str:
        return f"{self.url}/v1"

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self.replies.extend(replies)

    def next_reply(self) -> Reply:
        with self._lock:
            return self.replies.pop(0) if self.replies else self.default

    def posts(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST"]

    def start(self) -> LLMServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()


def make_settings(
    server: LLMServer,
    provider: str,
    *,
    key: str | None = "sk-test-0123456789",
    timeout: float = 10.0,
) -> Settings:
    """Settings that point `provider` at `server` (a deadline far above a healthy call's time)."""
    settings = Settings()
    settings.llm.provider = provider
    settings.llm.timeout = timeout
    section = settings.openai if provider == "openai" else settings.anthropic
    section.base_url = server.openai_url if provider == "openai" else server.url
    if key:
        section.api_key = SecretStr(key)
    return settings
