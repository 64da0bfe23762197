"""Every key binding of the TUI, with an id so settings `ui.keymap` can remap it.

Ids are `<screen>.<action>`; e.g. `ui.keymap = {"generate.export" = "x"}`. No action depends
only on ctrl+enter, ctrl+s or ctrl+j, which many terminals and tmux swallow.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.keys import Keys, _character_to_key, format_key, key_to_character

if TYPE_CHECKING:
    from textual.screen import Screen

APP = [
    # `?` too: typing it in a text box still types it (inputs take printable keys first)
    Binding("f1,question_mark", "help", "Help", id="app.help"),
    Binding("f2", "settings", "Settings", id="app.settings"),
    Binding("f3", "sessions", "Sessions", id="app.sessions"),
    Binding("f4", "change_theme", "Theme", show=False, id="app.theme"),
]

PICKER = [
    Binding("n", "next", "Next", id="picker.next"),
    Binding("slash", "focus_path", "Path", id="picker.path"),
    Binding("u", "parent_dir", "Up dir", id="picker.parent"),
    Binding("r", "focus_recent", "Recent", id="picker.recent"),
    Binding("e", "review", "Correct", show=False, id="picker.review"),  # the status line offers it
]

FORM = [
    Binding("ctrl+g,f5", "generate", "Generate", id="form.generate"),
    Binding("slash", "focus_filter", "Find role", id="form.filter"),
    Binding("escape", "back", "Back", id="form.back"),
]

GENERATE = [
    Binding("escape", "cancel", "Stop", id="generate.cancel"),
    Binding("escape", "back", "Back", id="generate.back"),
    Binding("s", "export", "Export", id="generate.export"),
    Binding("c", "copy", "Copy", show=False, id="generate.copy"),  # F1/palette; 80 cols
    Binding("e", "edit", "Edit", id="generate.edit"),
    Binding("n", "new_plan", "New", id="generate.new"),
]

EXPORT = [
    Binding("escape", "close", "Close", id="export.close"),
    Binding("s", "save", "Save", id="export.save"),
    Binding("c", "copy", "Copy", id="export.copy"),
    Binding("m", "format('markdown')", "Markdown", id="export.markdown"),
    Binding("j", "format('json')", "JSON", id="export.json"),
]

CONFIRM = [
    Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    Binding("n,escape", "answer(False)", "No", id="confirm.no"),
]

HELP = [Binding("escape,f1,q,question_mark", "dismiss", "Close", id="help.close")]

ROLE_FILTER = [
    Binding("down", "move(1)", "Next role", show=False, id="form.role_down"),
    Binding("up", "move(-1)", "Previous role", show=False, id="form.role_up"),
]

PATH_INPUT = [
    Binding("tab", "complete", "Complete path", show=False, id="picker.complete")
]


def bound_key(screen: Screen, action: str) -> str | None:
    """The key that runs `action` on `screen` now, after the user's `ui.keymap` remaps, named
    as the defaults above name it ("ctrl+g", "esc"); None when no key runs it."""
    for key, active in screen.active_bindings.items():
        if active.binding.action == action:
            return "esc" if key == "escape" else key
    return None


def label_keys(screen: Screen, labels: dict[str, tuple[str, str]]) -> None:
    """Give buttons (and radio buttons) the keys bound now: `labels` maps a widget id to its
    words and action; "Save (s)" becomes "Save (w)" when the user moved Save to w."""
    for widget_id, (words, action) in labels.items():
        key = bound_key(screen, action)
        widget = screen.query_one(f"#{widget_id}")
        widget.label = f"{words} ({key})" if key else words  # type: ignore[attr-defined]


# -- checking the user's `ui.keymap` ------------------------------------------------------------

MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
NAMED_KEYS = frozenset(k.value for k in Keys if "+" not in k.value and not k.value.startswith("<"))
_ALIASES = {"esc": "escape", "return": "enter", "del": "delete", "pgup": "pageup",
            "pgdn": "pagedown", "ins": "insert"}
KEY_HELP = "a single character, or a name such as enter, escape, tab, space, up, f5, slash"


class KeymapError(ValueError):
    """A keymap entry that cannot work: an unknown binding id or a key no terminal sends."""


def _one_key(key: str) -> str:
    """One key ("ctrl+g", "K", "?") checked and in Textual's spelling; KeymapError if not a key."""
    *mods, base = key.split("+") if key != "+" else [key]
    mods = [m.strip().lower() for m in mods]
    base = base.strip()
    if not base:
        raise KeymapError(f"{key!r} has no key after the modifiers")
    for mod in mods:
        if mod not in MODIFIERS:
            raise KeymapError(f"{mod!r} in {key!r} is not a modifier ({', '.join(MODIFIERS)})")
    if len(set(mods)) != len(mods):
        raise KeymapError(f"{key!r} repeats a modifier")
    if len(base) == 1:
        if mods == ["shift"] and base.isprintable() and base.lower() != base.upper():
            raise KeymapError(f"{key!r}: terminals send the capital for shift: write {base.upper()!r}")
        if not mods:
            return base  # as typed ("?"): Textual names it ("question_mark") when applied
        name = _character_to_key(base.lower())
    else:
        name = _ALIASES.get(base.lower(), base.lower())
        if name not in NAMED_KEYS and key_to_character(name) is None:
            raise KeymapError(f"{base!r} in {key!r} is not a key: use {KEY_HELP}")
    return "+".join([*sorted(mods, key=MODIFIERS.index), name])


def parse_keys(raw: str) -> str:
    """A keymap value ("f6", "ctrl+g, f5", "?") checked and normalised; KeymapError if any key
    in it is not one a terminal can send."""
    keys = [k.strip() for k in raw.split(",")] if raw.strip() != "," else [","]
    if not raw.strip() or any(not k for k in keys):
        raise KeymapError(f"{raw!r} is not a list of keys: use {KEY_HELP}, comma-separated")
    return ",".join(dict.fromkeys(_one_key(k) for k in keys))


@dataclass(frozen=True)
class KnownBinding:
    """A binding of the TUI as the code declares it: `scope` is where it is active."""

    id: str | None
    keys: tuple[str, ...]
    description: str
    scope: str
    priority: bool = False


SCOPE_WORDS = {"question_form": "question dialog", "prompt": "sessions prompt",
               "confirm": "confirm dialog", "picker": "CV picker", "generate": "live view",
               "interview": "interview mode",
               "review": "profile review", "notes": "notes dialog", "app": "every screen"}
# Widgets whose own keys (no id, not remappable) are active on one screen's scope.
_WIDGET_SCOPES = {"QuestionList": "editor"}
APP_SCOPE = "app"


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


@cache
def known_bindings() -> tuple[KnownBinding, ...]:
    """Every binding of the TUI's screens and widgets (importing them all: not for the first
    frame), plus Textual's app-wide ones (ctrl+q, ctrl+c, the palette's ctrl+p)."""
    from textual.app import App
    from textual.dom import DOMNode

    import iq_tui.app
    import iq_tui.screens
    import iq_tui.widgets

    for package in (iq_tui.screens, iq_tui.widgets):
        for module in pkgutil.iter_modules(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)
    found: list[KnownBinding] = []
    for cls in _subclasses(DOMNode):
        if not cls.__module__.startswith("iq_tui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if not isinstance(binding, Binding):
                continue
            if binding.id:
                scope = binding.id.partition(".")[0]
            elif cls.__name__ in _WIDGET_SCOPES:
                scope = _WIDGET_SCOPES[cls.__name__]
            else:
                continue
            found.append(_known(binding, scope))
    textual_app = [b for b in App.BINDINGS if isinstance(b, Binding)]
    found += [_known(b, APP_SCOPE) for b in textual_app]
    found.append(KnownBinding(None, (App.COMMAND_PALETTE_BINDING,), "Command palette",
                              APP_SCOPE, priority=True))
    return tuple(dict.fromkeys(found))


def _canonical(key: str) -> str:
    """A key as Textual matches it: single characters by name ("?" is "question_mark")."""
    key = key.strip()
    return _character_to_key(key) if len(key) == 1 else key


def _known(binding: Binding, scope: str) -> KnownBinding:
    keys = tuple(_canonical(k) for k in binding.key.split(","))
    return KnownBinding(binding.id, keys, binding.description or binding.action, scope,
                        binding.priority)


def binding_ids() -> dict[str, KnownBinding]:
    return {b.id: b for b in known_bindings() if b.id}


def check_binding_id(binding_id: str) -> KnownBinding:
    """The binding `binding_id` names; KeymapError naming close ids when there is none."""
    ids = binding_ids()
    if binding_id in ids:
        return ids[binding_id]
    close = difflib.get_close_matches(binding_id, list(ids), n=3, cutoff=0.6)
    hint = f"did you mean {' or '.join(close)}?" if close else "F1 in the TUI lists the ids"
    raise KeymapError(f"no key binding has the id {binding_id!r}: {hint}")


def _name(binding: KnownBinding) -> str:
    return f"{binding.description} ({binding.id})" if binding.id else binding.description


def keymap_clashes(keymap: dict[str, str]) -> list[str]:
    """What the user's (checked) keymap takes away: one line per key that a remapped binding
    now shares with another binding active beside it, saying which of the two runs."""
    bindings = known_bindings()
    effective = {b: tuple(map(_canonical, keymap[b.id].split(","))) if b.id in keymap
                 else b.keys for b in bindings}
    scopes = sorted({b.scope for b in bindings} - {APP_SCOPE})
    lines: dict[str, None] = {}
    for scope in scopes:
        here = [b for b in bindings if b.scope in (scope, APP_SCOPE)]
        for moved in (b for b in here if b.id in keymap):
            for key in effective[moved]:
                if key in moved.keys:
                    continue  # a key it had anyway: any clash there is the code's own
                for other in here:
                    if other is moved or key not in effective[other]:
                        continue
                    winner, loser = _who_runs(moved, other)
                    shown = format_key(key)
                    where = "everywhere" if APP_SCOPE == other.scope == moved.scope \
                        else f"on the {SCOPE_WORDS.get(scope, scope)} screen"
                    lines[(f"ui.keymap.{moved.id} = {keymap[moved.id]!r}: {shown} is also the "
                           f"key of {_name(other)} {where}; only {_name(winner)} runs on "
                           f"{shown}, {_name(loser)} loses it")] = None
    return list(lines)


# Screens (binding scopes) with a text box, what it is, and which kinds: a focused box takes the
# printable keys and its own editing keys before the screen's bindings see them.
TEXT_BOXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "picker": ("the path box", ("input",)),
    "form": ("the role box or the count box", ("input",)),
    "editor": ("the filter and answer-notes boxes", ("input", "area")),
    "export": ("the file name box", ("input",)),
    "notes": ("the notes box", ("area",)),
    "interview": ("the answer and session notes boxes", ("area",)),
    "review": ("the name, skill and job boxes", ("input",)),
    "question_form": ("the question's boxes", ("input", "area")),
    "sessions": ("the search box", ("input",)),
    "prompt": ("the name box", ("input",)),
    "settings": ("the settings' boxes", ("input",)),
}


@cache
def _editing_keys(kind: str) -> frozenset[str]:
    """The keys a Textual Input ("input") or TextArea ("area") binds for itself."""
    from textual.widgets import Input, TextArea

    widget = Input if kind == "input" else TextArea
    keys = {"enter", "tab"} if kind == "area" else set()  # a new line; an indent
    for binding in widget.BINDINGS:
        if isinstance(binding, Binding):
            keys.update(k.strip() for k in binding.key.split(","))
    return frozenset(keys)


def _typed_in(key: str, kinds: tuple[str, ...]) -> bool:
    """Does a focused text box of these kinds take `key` (a printable character, space, or
    one of its editing keys) before the screen's bindings?"""
    from iq_tui.widgets.typing import types_character

    mods, _, base = key.rpartition("+")
    if (not mods or mods == "shift") and types_character(base, None):
        return True
    return any(key in _editing_keys(kind) for kind in kinds)


def text_box_clashes(keymap: dict[str, str]) -> list[str]:
    """One line per remapped key that a text box on the binding's screen types or edits with:
    while the box has focus the key goes to it, and the binding runs only outside it."""
    lines: dict[str, None] = {}
    for binding in known_bindings():
        if binding.id not in keymap or binding.priority:
            continue
        if binding.scope == APP_SCOPE:
            boxes = list(TEXT_BOXES.items())
        else:
            boxes = [(binding.scope, TEXT_BOXES[binding.scope])] if binding.scope in TEXT_BOXES \
                else []
        for key in map(_canonical, keymap[binding.id].split(",")):
            if key in binding.keys:
                continue  # a key it had anyway
            where = [(scope, words) for scope, (words, kinds) in boxes if _typed_in(key, kinds)]
            if not where:
                continue
            shown = format_key(key)
            if binding.scope == APP_SCOPE:
                place = "any text box while one has focus (" + ", ".join(
                    SCOPE_WORDS.get(scope, scope) for scope, _ in where) + ")"
            else:
                scope, words = where[0]
                place = f"{words} on the {SCOPE_WORDS.get(scope, scope)} screen while it has focus"
            lines[(f"ui.keymap.{binding.id} = {keymap[binding.id]!r}: {shown} goes to {place}; "
                   f"{_name(binding)} runs on {shown} only outside it")] = None
    return list(lines)


def _who_runs(moved: KnownBinding, other: KnownBinding) -> tuple[KnownBinding, KnownBinding]:
    """Textual's order: priority bindings first, then the focused widget's and the screen's
    before the app's; between two of the same place the keymap's newcomer takes the key."""
    if moved.priority != other.priority:
        return (moved, other) if moved.priority else (other, moved)
    if (moved.scope == APP_SCOPE) != (other.scope == APP_SCOPE):
        return (other, moved) if moved.scope == APP_SCOPE else (moved, other)
    if other.id is None and moved.scope != APP_SCOPE:
        return other, moved  # a widget's own key (the list's j/k): the focused widget runs it
    return moved, other


@dataclass
class KeymapCheck:
    usable: dict[str, str]
    """The entries the app can apply, keys normalised."""
    problems: list[str]
    """One line per entry left out (unknown id, not a key) and per clash."""


def check_keymap(keymap: dict[str, object], *, ids: bool = True) -> KeymapCheck:
    """The user's `ui.keymap` checked: bad entries left out and said why; clashes reported.

    `ids=False` checks only the keys' spelling, without importing every screen (the first
    frame); the full check runs just after it.
    """
    usable: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, raw in keymap.items():
        try:
            if not isinstance(raw, str):
                raise KeymapError(f"{raw!r} is not text: write keys such as \"ctrl+g\"")
            if ids:
                check_binding_id(binding_id)
            usable[binding_id] = parse_keys(raw)
        except KeymapError as exc:
            problems.append(f"ui.keymap.{binding_id} ignored: {exc}")
    if ids:
        problems += keymap_clashes(usable) + text_box_clashes(usable)
    return KeymapCheck(usable, problems)
