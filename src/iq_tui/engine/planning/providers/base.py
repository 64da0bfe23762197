"""The provider interface: one streamed call, capability flags, and failures in a user's words.

A provider runs inside a task that generation owns: it reports through `emit` (text as it
streams, usage, notices, retries) and raises `ProviderFailure` or the SDK's own errors, which
`describe_failure` turns into a reason a user understands. SDKs are imported lazily.
"""

from __future__ import annotations

import asyncio
import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from iq_tui.engine.planning.events import Retrying
from iq_tui.engine.models import ProviderName, Usage
from iq_tui.engine.planning.prompts import Prompt
from iq_tui.engine.planning.redact import scrub_secrets
from iq_tui.engine.text import strip_controls
from iq_tui.engine.settings.layers import ProviderSettings, Settings, foreign_host
from iq_tui.engine.settings.store import mask_url, url_password

PLACEHOLDER_KEY = "not-needed"
"""Sent when a base URL is set without a key: local servers (Ollama, vLLM, ...) ignore it."""
MAX_RETRIES = 2
MAX_MODELS = 5_000
"""The connection check stops listing models here."""


@dataclass(frozen=True)
class Capabilities:
    json_schema: bool
    streaming: bool
    tool_use: bool


@dataclass(frozen=True, slots=True)
class TextDelta:
    """A piece of the JSON answer as the model writes it. `prose`: text written outside the
    structured answer (a server that answers in text instead of calling the tool)."""

    text: str
    prose: bool = False


@dataclass(frozen=True, slots=True)
class UsageUpdate:
    usage: Usage


@dataclass(frozen=True, slots=True)
class Notice:
    """Something worth a status line ("the server refused the JSON schema; trying JSON mode")."""

    message: str


StreamItem = TextDelta | UsageUpdate | Notice | Retrying
Emit = Callable[[StreamItem], None]


class ProviderFailure(Exception):
    """The call failed in a way already put in a user's words (`reason`)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class OutputCut(ProviderFailure):
    """The answer stopped at the output cap: the questions before the cut are complete."""

    def __init__(self) -> None:
        super().__init__("the answer was cut off at the model's output limit")


_STATUS_WORDS = {
    401: "rejected the API key (401)",
    403: "refused access (403)",
    404: "does not know this model or endpoint (404)",
    408: "request timeout (408)",
    409: "conflict (409)",
    413: "request too large (413)",
    429: "rate limit (429)",
    529: "is overloaded (529)",
}


def status_words(status: int) -> str:
    if status in _STATUS_WORDS:
        return _STATUS_WORDS[status]
    if status >= 500:
        return f"server error ({status})"
    return f"rejected the request ({status})"


def retryable(status: int, headers: Any = None) -> bool:
    """The SDKs' own rule: 408, 409, 429 and 5xx, unless `x-should-retry` says otherwise."""
    hint = headers.get("x-should-retry") if headers is not None else None
    if hint in ("true", "false"):
        return hint == "true"
    return status in (408, 409, 429) or status >= 500


def retry_after_seconds(headers: Any) -> float | None:
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) * scale
        except ValueError:
            continue
        return seconds if math.isfinite(seconds) else None
    return None


class AttemptTracker:
    """Watches the SDK's own retry loop through httpx event hooks and reports each retry.

    The SDKs retry 408/409/429/5xx and connection errors by themselves; every attempt passes the
    request hook, every HTTP answer the response hook, so retries become `Retrying` events.
    """

    def __init__(
        self,
        label: str,
        max_retries: int,
        emit: Emit,
        max_retry_after: float | None = None,
    ) -> None:
        self.label = label
        self.max_retries = max_retries
        self.emit = emit
        self.max_retry_after = max_retry_after
        self.attempts = 0
        self.last_status: int | None = None
        self.last_wait: float | None = None
        self._announced = False

    def reset(self) -> None:
        self.attempts = 0
        self.last_status = None
        self.last_wait = None
        self._announced = False

    @property
    def hooks(self) -> dict[str, list[Callable[[Any], Any]]]:
        return {"request": [self.on_request], "response": [self.on_response]}

    async def on_request(self, request: Any) -> None:
        self.attempts += 1
        if self.attempts > 1 and not self._announced:
            self.emit(
                Retrying(self.attempts, self.max_retries + 1, "the connection failed")
            )
        self._announced = False

    async def on_response(self, response: Any) -> None:
        status = response.status_code
        if status < 400:
            return
        self.last_status = status
        self.last_wait = retry_after_seconds(response.headers)
        if not retryable(status, response.headers) or self.attempts > self.max_retries:
            return
        if (
            self.max_retry_after is not None
            and (self.last_wait or 0) > self.max_retry_after
        ):
            return  # the SDK will not wait that long and gives up instead
        reason = f"{self.label} {status_words(status)}"
        if self.last_wait:
            reason += f", waiting {self.last_wait:g} s"
        self.emit(Retrying(self.attempts + 1, self.max_retries + 1, reason))
        self._announced = True

    def deadline_reason(self, timeout: float, streamed: int = 0) -> str:
        """The deadline passed; `streamed`: how many tokens had arrived by then."""
        if streamed:
            return f"{self.label} streamed {streamed} tokens but did not finish within {timeout:g} s"
        reason = f"{self.label} did not answer within {timeout:g} s"
        if self.last_status is not None:
            reason += f" (last answer: {status_words(self.last_status)}"
            if self.last_wait:
                reason += f", asked to wait {self.last_wait:g} s"
            reason += ")"
        return reason


_ERROR_KIND_WORDS = {
    "overloaded_error": "is overloaded",
    "rate_limit_error": "rate limit",
    "api_error": "server error",
    "server_error": "server error",
}


def _error_body(exc: Any) -> dict[str, Any]:
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        return inner if isinstance(inner, dict) else {"message": str(inner)}
    return {}


def _error_detail(exc: Any) -> str:
    message = _error_body(exc).get("message")
    return (
        message if isinstance(message, str) else str(getattr(exc, "message", "") or exc)
    )


def _chain_text(exc: BaseException) -> str:
    seen: set[int] = set()
    parts: list[str] = []
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(f"{type(current).__name__} {current}")
        current = current.__cause__ or current.__context__
    return " ".join(parts).casefold()


def _first_failure(exc: BaseException) -> ProviderFailure | None:
    """A `ProviderFailure` the SDK wrapped (its HTTP client raised it), or `exc` itself."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, ProviderFailure):
            return current
        seen.add(id(current))
        current = current.__cause__
    return None


def describe_failure(
    exc: BaseException,
    label: str,
    attempts: int = 1,
    known: Sequence[str] = (),
    host: str | None = None,
) -> str:
    """A one-line reason for the fallback, in a user's words, with secrets (and the `known`
    ones) scrubbed: before a server's detail is cut, so a key echoed across the cut is too.
    `host`: a base URL's host that is not the provider's own, named where a connection
    fails (a local server that is not running is not "OpenAI")."""
    wrapped = _first_failure(exc)
    if wrapped is not None:
        return scrub_secrets(wrapped.reason)
    status = getattr(exc, "status_code", None)
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    kind = _error_body(exc).get("type")
    if (not isinstance(status, int) or status < 400) and isinstance(kind, str):
        # an error event in the middle of a stream (the HTTP status was 200)
        words = _ERROR_KIND_WORDS.get(kind, "reported an error")
        return scrub_secrets(f"{label} {words} in the middle of the answer ({kind})")
    if isinstance(status, int):
        reason = f"{label} {status_words(status)}"
        if status in (429, 529) or status >= 500 or status in (408, 409):
            reason += tries
        elif status not in (401, 403):
            detail = scrub_secrets(" ".join(_error_detail(exc).split()), known)[:160]
            reason += f": {detail}" if detail else ""
        return scrub_secrets(reason)
    chain = _chain_text(exc)
    if "timeout" in chain or "timed out" in chain:
        return f"{label} did not answer in time{tries}"
    if "reset" in chain or "remoteprotocolerror" in chain or "incomplete" in chain:
        return f"the connection to {label} broke off{tries}"
    if "connect" in chain or "readerror" in chain or "network" in chain:
        return f"could not connect to {label}{f' at {host}' if host else ''}{tries}"
    return scrub_secrets(f"{label} call failed ({type(exc).__name__})")


class Provider(ABC):
    """One LLM service. Subclasses implement `run` with their SDK's async client."""

    name: ProviderName
    label: str
    sdk: str
    """The SDK's module, imported lazily (`load_sdk`)."""
    capabilities: Capabilities
    max_retry_after: float | None = None
    """Longest Retry-After the SDK still waits for (None: any)."""

    def __init__(
        self,
        config: ProviderSettings,
        *,
        timeout: float,
        max_retries: int = MAX_RETRIES,
    ):
        self.config = config
        self.model = config.model
        self.timeout = timeout
        self.max_retries = max_retries
        self.tracker = AttemptTracker(
            self.label, max_retries, lambda item: None, self.max_retry_after
        )

    @property
    def api_key(self) -> str:
        key = self.config.api_key.get_secret_value() if self.config.api_key else ""
        return key or PLACEHOLDER_KEY

    async def load_sdk(self) -> None:
        """Import the SDK in a thread: it takes seconds on a cold start, and must neither freeze
        the event loop (the TUI) nor eat into the call's deadline."""
        import importlib

        await asyncio.to_thread(importlib.import_module, self.sdk)

    def bind(self, emit: Emit) -> None:
        self.tracker = AttemptTracker(
            self.label, self.max_retries, emit, self.max_retry_after
        )

    @abstractmethod
    def client(self) -> Any:
        """The SDK's async client, with `self.tracker`'s hooks on its HTTP client."""

    @abstractmethod
    async def run(self, prompt: Prompt, emit: Emit) -> None:
        """Stream the answer to `prompt` through `emit`; raise on failure."""

    async def check(self) -> str:
        """A cheap call (list the models) proving the key and endpoint work; a success line."""
        ids: list[str] = []
        async with self.client() as client:
            async for model in client.models.list():  # pages on: a server may never end
                ids.append(model.id)
                if len(ids) >= MAX_MODELS:
                    break
        if not ids:  # an error object with status 200 parses as an empty list
            raise ProviderFailure(
                f"{self.label} listed no models: is the base URL the API's address?"
            )
        where = f" at {mask_url(self.config.base_url)}" if self.config.base_url else ""
        known = "available" if self.model in ids else "not among them"
        return f"{self.label} OK{where}: {len(ids)} models, {self.model} {known}"

    def describe(self, exc: BaseException) -> str:
        """The failure in a user's words, without this provider's key (servers echo it)."""
        secrets = (self.api_key, url_password(self.config.base_url) or "")
        host = foreign_host(self.name, self.config.base_url)
        reason = describe_failure(exc, self.label, self.tracker.attempts, secrets, host)
        return strip_controls(scrub_secrets(reason, known=secrets))


def unavailable_reason(name: str, settings: Settings) -> str | None:
    """Why `name` cannot be used with these settings (None: it can)."""
    configs = {
        "openai": ("OpenAI", settings.openai),
        "anthropic": ("Anthropic", settings.anthropic),
    }
    if name not in configs:
        return f"unknown LLM provider {name!r} (use openai or anthropic)"
    label, config = configs[name]
    has_key = config.api_key is not None and bool(config.api_key.get_secret_value())
    if not has_key and not config.base_url:
        return f"no {label} API key configured"
    if not config.model:
        return f"no {label} model configured"
    return None


def create_provider(
    name: str, settings: Settings, *, timeout: float | None = None
) -> Provider:
    """The provider called `name`; raises ProviderFailure when it cannot be used."""
    reason = unavailable_reason(name, settings)
    if reason:
        raise ProviderFailure(reason)
    timeout = timeout if timeout is not None else settings.llm.timeout
    if name == "anthropic":
        from iq_tui.engine.planning.providers.anthropic_provider import AnthropicProvider

        return AnthropicProvider(settings.anthropic, timeout=timeout)
    from iq_tui.engine.planning.providers.openai_provider import OpenAIProvider

    return OpenAIProvider(settings.openai, timeout=timeout)
