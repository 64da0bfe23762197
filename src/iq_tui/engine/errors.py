"""Exceptions that carry a short title and a message fit to show a user.

The CLI turns any `IqError` into one line on stderr and exit status 2; the TUI turns it
into a titled notification. Nothing else should reach a user as a traceback.
"""

from __future__ import annotations


class IqError(Exception):
    """Base for errors a user should read: `title` is short, `message` says what and why."""

    title = "Error"
    exit_code = 2

    def __init__(self, message: str, *, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title

    def __str__(self) -> str:
        return self.message


class CVError(IqError):
    """The CV could not be read: missing, encrypted, corrupt, empty, too big, not a CV format."""

    title = "Cannot read CV"


class RoleNotFoundError(IqError):
    """No catalog role matches what was asked; the message lists close matches."""

    title = "Unknown role"


class UsageError(IqError):
    """A bad option or argument value."""

    title = "Bad option"


class SettingsError(IqError):
    """The settings file cannot be read or written, or a value is invalid."""

    title = "Settings"


class ProviderError(IqError):
    """An LLM call failed; `message` is the user-facing fallback reason."""

    title = "LLM provider"


class SessionStoreError(IqError):
    """The sessions database cannot be opened or used."""

    title = "Sessions"
