"""The engine: everything iq-tui does, without any user interface (no Textual imports here)."""
