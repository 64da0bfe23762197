"""Widgets shared by the screens. Text from a CV or an LLM is always rendered as rich Text."""
