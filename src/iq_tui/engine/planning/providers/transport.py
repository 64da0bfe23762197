"""The HTTP client the SDKs are given: a bounded answer, and no redirect to another host.

A server is untrusted. About 1 MB of gzip inflates to gigabytes, an endless stream of SSE
comment lines keeps the SDKs' line loop busy (it never yields to the event loop, so neither the
deadline nor the TUI's keys get a turn), and a 307/308 makes the SDKs re-post the prompt, CV
included, to whatever host the server names. So every answer is decoded here, with httpx's own
bounded decoders, and counted: its whole size, and for a stream each event's size and lines;
past a bound the call fails with a reason. Between decoded pieces the event loop gets a turn.
Redirects are followed only within the endpoint's own origin.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from functools import cache
from typing import Any

from iq_tui.engine.planning.providers.base import ProviderFailure
from iq_tui.engine.settings.store import url_host

MAX_BODY_BYTES = 8 << 20
"""A whole answer (the model list, a non-streamed reply), decoded."""
MAX_ERROR_BYTES = 1 << 20
"""An error's body, decoded: a message, not a document."""
MAX_STREAM_BYTES = 32 << 20
"""A streamed answer, decoded: about four times what 50 questions take in SSE framing."""
MAX_EVENT_BYTES = 1 << 20
"""One SSE event (the SDKs buffer a whole event before parsing it)."""
MAX_EVENT_LINES = 100
"""Lines in one SSE event (the SDKs join them one by one: quadratic in the count)."""
MAX_REDIRECTS = 3
PIECE_BYTES = 1 << 16
"""Decoded bytes handed to the SDK between two turns of the event loop."""
ACCEPT_ENCODING = "gzip, deflate"
"""What httpx decodes in bounded pieces; other encodings are counted as they arrive."""
_EVENT_ENDS = (b"\r\r", b"\n\n", b"\r\n\r\n")


class UnsafeAnswer(ProviderFailure):
    """The server's answer broke a bound (size, redirect); `reason` says which."""


@cache
def _sdk_flavour(sdk_error: type[Exception]) -> type[UnsafeAnswer]:
    """`UnsafeAnswer` that is also the SDK's own error type, which the SDKs pass on as it is:
    any other exception from the HTTP client they wrap as a connection error and retry."""
    return type("UnsafeAnswer", (UnsafeAnswer, sdk_error), {})


def _mb(size: int) -> str:
    return f"{size / (1 << 20):g} MB"


def _origin(url: Any) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, url.port or default


class _SSEGuard:
    """Counts an event's bytes and lines exactly as the SDKs split them (`splitlines`)."""

    def __init__(self, error: type[UnsafeAnswer]) -> None:
        self.error = error
        self.size = 0
        self.lines = 0
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        for piece in chunk.splitlines(keepends=True):
            self.size += len(piece)
            self.tail = (self.tail + piece)[-4:]
            if piece.endswith((b"\n", b"\r")):
                self.lines += 1
                if self.tail.endswith(_EVENT_ENDS):
                    self.size = self.lines = 0
                    continue
            if self.size > MAX_EVENT_BYTES:
                raise self.error(
                    f"the server sent a stream event larger than {_mb(MAX_EVENT_BYTES)}"
                )
            if self.lines > MAX_EVENT_LINES:
                raise self.error(
                    f"the server sent a stream event of more than {MAX_EVENT_LINES} lines"
                )


def _bounded_stream(
    httpx: Any, encoded: Any, limit: int, sse: bool, error: type[UnsafeAnswer]
) -> Any:
    """An httpx byte stream of `encoded`'s decoded body that fails past `limit` bytes."""

    class BoundedStream(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            total, guard = 0, _SSEGuard(error) if sse else None
            async for chunk in encoded.aiter_bytes():
                total += len(chunk)
                if total > limit:
                    raise error(f"the server's answer is larger than {_mb(limit)}")
                for start in range(0, len(chunk), PIECE_BYTES):
                    piece = chunk[start : start + PIECE_BYTES]
                    if guard is not None:
                        guard.feed(piece)
                    yield piece
                    # The SDK parses a piece without awaiting: then the deadline and the
                    # TUI's keys get their turn, a few milliseconds apart at most
                    await asyncio.sleep(0)

        async def aclose(self) -> None:
            await encoded.aclose()

    return BoundedStream()


def _guarded_transport(httpx: Any, inner: Any, error: type[UnsafeAnswer]) -> Any:
    class GuardedTransport(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: Any) -> Any:
            request.headers["accept-encoding"] = ACCEPT_ENCODING
            response = await inner.handle_async_request(request)
            location = response.headers.get("location")
            if 300 <= response.status_code < 400 and location:
                try:
                    target = request.url.join(location)
                except (httpx.InvalidURL, ValueError):
                    target = None
                if target is None or _origin(target) != _origin(request.url):
                    await response.aclose()
                    host = url_host(str(target)) if target is not None else "an invalid address"
                    raise error(f"the server redirected to {host} (not followed)")
            sse = response.headers.get("content-type", "").startswith("text/event-stream")
            if sse:
                limit = MAX_STREAM_BYTES
            else:
                limit = MAX_ERROR_BYTES if response.status_code >= 400 else MAX_BODY_BYTES
            encoded = httpx.Response(
                response.status_code, headers=response.headers, stream=response.stream
            )
            headers = [
                (name, value)
                for name, value in response.headers.raw
                if name.lower() not in (b"content-encoding", b"content-length")
            ]
            return httpx.Response(
                response.status_code,
                headers=headers,
                stream=_bounded_stream(httpx, encoded, limit, sse, error),
                extensions=response.extensions,
            )

        async def aclose(self) -> None:
            await inner.aclose()

    return GuardedTransport()


def guarded_client(
    event_hooks: dict[str, list[Callable[[Any], Any]]], sdk_error: type[Exception]
) -> Any:
    """An `httpx2.AsyncClient` for an SDK (`http_client=`) whose base error is `sdk_error`:
    every transport guarded, the environment's proxies (HTTPS_PROXY, NO_PROXY) kept as the
    SDKs' own client keeps them."""
    import httpx2 as httpx
    from httpx2._utils import get_environment_proxies

    error = _sdk_flavour(sdk_error)

    mounts: dict[str, Any] = {}
    for pattern, proxy in get_environment_proxies().items():
        mounts[pattern] = (
            None if proxy is None
            else _guarded_transport(httpx, httpx.AsyncHTTPTransport(proxy=proxy), error)
        )
    return httpx.AsyncClient(
        transport=_guarded_transport(httpx, httpx.AsyncHTTPTransport(), error),
        mounts=mounts,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        event_hooks=event_hooks,
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=20),
    )
