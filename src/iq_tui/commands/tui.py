"""`iq-tui [CV]`: start the TUI."""

from __future__ import annotations


def run_tui(cv: str | None, session_id: str | None = None) -> int:
    from iq_tui.app import create_app

    app = create_app(cv=cv, session_id=session_id)
    app.run()
    return app.return_code or 0
