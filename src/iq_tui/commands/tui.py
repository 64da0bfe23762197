"""`iq-tui [CV]`: start the TUI."""

from __future__ import annotations


def run_tui(cv: str | None, session_id: str | None = None) -> int:
    import sys

    from iq_tui.app import create_app
    from iq_tui.engine.undecodable import replace_undecodable_on

    replace_undecodable_on(sys.__stderr__)  # Textual draws there: a Latin-1 file name as R�sum�
    app = create_app(cv=cv, session_id=session_id)
    app.run()
    return app.return_code or 0
