"""The TUI's screens, one module each, with styles in a `.tcss` beside them."""
