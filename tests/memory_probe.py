"""Run in a subprocess by the hardening tests: one healthy call, then one hostile call, each
through the real SDK; print the peak memory (ru_maxrss) after each, and the hostile call's
failure, as JSON. Usage: `python memory_probe.py PROVIDER BASE_URL [DEADLINE]` (the hostile
call's deadline, default 120 s; the healthy call first keeps the SDK's cold start out of it)."""

from __future__ import annotations

import asyncio
import json
import resource
import sys

from pydantic import SecretStr

from iq_tui.engine.planning.prompts import Prompt
from iq_tui.engine.planning.providers.base import create_provider
from iq_tui.engine.settings.layers import Settings

TIMEOUT = 120.0


def _peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


async def _call(provider_name: str, base_url: str, deadline: float = TIMEOUT) -> str | None:
    settings = Settings()
    section = getattr(settings, provider_name)
    section.base_url = base_url
    section.api_key = SecretStr("sk-probe-0123456789")
    provider = create_provider(provider_name, settings, timeout=TIMEOUT)
    provider.max_retries = 0
    await provider.load_sdk()
    try:
        async with asyncio.timeout(deadline):
            await provider.run(Prompt(system="s", user="u", count=3), lambda item: None)
    except TimeoutError:
        return "deadline"
    except Exception as exc:  # noqa: BLE001 - the reason is what the test reads
        return provider.describe(exc)
    return None


def main() -> None:
    provider_name, base_url = sys.argv[1], sys.argv[2]
    healthy = asyncio.run(_call(provider_name, base_url))
    warm = _peak_mb()
    deadline = float(sys.argv[3]) if len(sys.argv) > 3 else TIMEOUT
    failure = asyncio.run(_call(provider_name, base_url, deadline))
    print(json.dumps({"healthy": healthy, "warm_mb": warm, "peak_mb": _peak_mb(),
                      "failure": failure}))


if __name__ == "__main__":
    main()
