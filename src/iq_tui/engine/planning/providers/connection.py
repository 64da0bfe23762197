"""`check_connection`: does the configured key and endpoint work? For the TUI's settings screen."""

from __future__ import annotations

import asyncio

from iq_tui.engine.errors import ProviderError
from iq_tui.engine.planning.providers.base import ProviderFailure, create_provider
from iq_tui.engine.settings.layers import Settings

CHECK_TIMEOUT = 15.0


async def check_connection(settings: Settings, provider: str) -> str:
    """List the provider's models (a cheap call); return a success line such as
    "OpenAI OK: 42 models, gpt-5.4-mini available".

    Raises ProviderError with the failure in a user's words; bounded by the smaller of
    `settings.llm.timeout` and 15 s, and tried once (no retries: the user is waiting).
    """
    timeout = min(settings.llm.timeout, CHECK_TIMEOUT)
    try:
        llm = create_provider(provider.strip().lower(), settings, timeout=timeout)
    except ProviderFailure as exc:
        raise ProviderError(exc.reason) from None
    llm.max_retries = 0
    llm.bind(lambda item: None)
    deadline = asyncio.timeout(timeout)
    try:
        await llm.load_sdk()
        async with deadline:
            return await llm.check()
    except TimeoutError as exc:
        reason = (
            llm.tracker.deadline_reason(timeout)
            if deadline.expired()
            else llm.describe(exc)
        )
    except Exception as exc:  # noqa: BLE001 - every failure is told in the user's words
        reason = llm.describe(exc)
    raise ProviderError(reason)
