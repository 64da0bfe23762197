"""The live generation view: provider and model, a status line, elapsed time and tokens, and the
questions appearing as the engine's events arrive.

The event stream is consumed in an async worker that only queues events; a timer applies the
queue to the widgets a few times a second, so a burst of events is one screen update.
Escape cancels and keeps what has arrived.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import Worker, WorkerState

from iq_tui import keymap
from iq_tui.engine.errors import IqError
from iq_tui.engine.labels import label
from iq_tui.engine.planning.events import (
    Done,
    FellBack,
    GenerationEvent,
    Progress,
    QuestionReady,
    Retrying,
    Status,
)
from iq_tui.engine.planning.generation import GenerationRequest
from iq_tui.engine.models import GenerationResult, ProviderInfo, Question, Usage
from iq_tui.flow import export_text, generate_events, partial_result
from iq_tui.engine.labels import provider_label
from iq_tui.widgets.render import plan_source, plural, question_text

if TYPE_CHECKING:
    from iq_tui.engine.interview.sessions import InterviewSession

FLUSH_SECONDS = 0.1


class GenerateScreen(Screen[None]):
    CSS_PATH = "generate.tcss"
    BINDINGS = keymap.GENERATE

    def __init__(self, request: GenerationRequest, cv_path: Path) -> None:
        super().__init__()
        self.request = request
        self.cv_path = cv_path
        self.questions: list[Question] = []
        self.result: GenerationResult | None = None
        self.fallback_reason: str | None = None
        self.cancelled = False
        self.session_id: str | None = None
        """The saved session of this plan, once it was opened in the editor."""
        self.failed = False
        self._pending: list[GenerationEvent] = []
        self._provider = request.provider or "offline"
        self._model: str | None = None
        self._endpoint: str | None = None
        self._usage = Usage()
        self._received = 0
        """Characters of the answer streamed so far (the live count before usage is known)."""
        self._done_usage = False
        """The usage is the finished call's (not a cancelled one's so far)."""
        self._one_by_one = False
        """Questions are arriving one by one (a stream), so the list follows the newest."""
        self._following = False
        self._started = 0.0
        self._ended: float | None = None
        self._worker: Worker[None] | None = None
        self._shown_at: datetime | None = None
        """When the saved session shown (after the editor) was saved."""

    def compose(self) -> ComposeResult:
        yield Header()
        role = self.request.role.name
        who = self.request.profile.name or self.cv_path.name
        yield Static(
            Text(
                f"{who} · {role} · {label(self.request.level)} · "
                f"{label(self.request.interview_type)}"
            ),
            id="plan",
            markup=False,
        )
        yield Static(id="provider", markup=False)
        yield Static(id="status", markup=False)
        yield Static(id="fallback", markup=False)
        yield VerticalScroll(id="questions")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#fallback").display = False
        self._started = self.app.clock()  # type: ignore[attr-defined]
        self._set_status(Text("starting …"))
        self._worker = self.run_worker(
            self._consume(), group="generate", exit_on_error=False
        )
        self._timer = self.set_interval(FLUSH_SECONDS, self._flush)
        self._update_meta()

    @property
    def running(self) -> bool:
        return self._worker is not None and self._worker.state in (
            WorkerState.PENDING,
            WorkerState.RUNNING,
        )

    async def _consume(self) -> None:
        async for event in generate_events(self.request, self.app.settings):  # type: ignore[attr-defined]
            self._pending.append(event)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not self._worker:
            return
        if event.state == WorkerState.ERROR:
            self._flush()
            self.failed = True
            message = self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
            self._finish_partial(Text(f"✗ {message}", style="bold red"))
        elif event.state == WorkerState.SUCCESS:
            self._flush()
        self.refresh_bindings()

    # -- applying events ------------------------------------------------------------------------
    def _flush(self) -> None:
        """Apply queued events to the widgets in one go, and tick the elapsed time."""
        pending, self._pending = self._pending, []
        cards: list[Static] = []
        for event in pending:
            if isinstance(event, Status):
                self._provider = event.provider or self._provider
                self._model = event.model or self._model
                self._usage = event.usage or self._usage
                self._endpoint = event.endpoint or self._endpoint
                self._set_status(Text(event.message))
            elif isinstance(event, Progress):
                self._received = event.received_chars
                self._usage = event.usage or self._usage
            elif isinstance(event, QuestionReady):
                self.questions.append(event.question)
                cards.append(self._card(len(self.questions) - 1, event.question))
            elif isinstance(event, Retrying):
                self._set_status(
                    Text(
                        f"retrying {event.attempt}/{event.max_attempts}: {event.reason}",
                        style="yellow",
                    )
                )
            elif isinstance(event, FellBack):
                self._fell_back(event.reason)
            elif isinstance(event, Done):
                self._done(event.result)
        if cards:
            container = self.query_one("#questions", VerticalScroll)
            if container.children:
                # questions arrive one by one: keep the newest in view until the user
                # scrolls up to read (Textual's anchor); a plan made at once stays at the top
                self._one_by_one = True
            container.mount_all(cards)
        if self._one_by_one and not self._following:
            self.call_after_refresh(self._follow)
        self._update_meta()

    def _follow(self) -> None:
        """Anchor the list once it overflows: an anchored list shorter than its box is
        drawn at the bottom, with blank lines above the first question."""
        container = self.query_one("#questions", VerticalScroll)
        if not self._following and container.max_scroll_y > 0:
            self._following = True
            container.anchor()

    def _card(self, index: int, question: Question) -> Static:
        return Static(question_text(index, question), classes="question", markup=False)

    def _fell_back(self, reason: str) -> None:
        self.fallback_reason = reason
        banner = self.query_one("#fallback", Static)
        banner.update(Text(f"Fell back to the offline generator: {reason}"))
        banner.display = True
        self.notify(
            reason,
            title="Using the offline generator",
            severity="warning",
            timeout=10,
            markup=False,
        )

    def _done(self, result: GenerationResult) -> None:
        self.result = result
        self._ended = self.app.clock()  # type: ignore[attr-defined]
        self._provider = result.provider.name
        self._model = result.provider.model or self._model
        self._endpoint = None if result.provider.name == "offline" else self._endpoint
        self._usage = result.usage
        self._done_usage = True
        if (
            result.questions != self.questions
        ):  # the final plan is what counts (e.g. grounding)
            self.questions = list(result.questions)
            container = self.query_one("#questions")
            container.remove_children()
            container.mount_all(
                [self._card(i, q) for i, q in enumerate(self.questions)]
            )
        self._set_status(
            Text(
                f"✓ {plural(len(result.questions), 'question')} "
                f"from {plan_source(result.provider)}"
            )
        )
        self.refresh_bindings()
        if self.app.hand_over_to_editor:  # type: ignore[attr-defined]
            # The question editor takes over; this view stays below it.
            self.action_edit()

    def _finish_partial(self, status: Text) -> None:
        self._ended = self.app.clock()  # type: ignore[attr-defined]
        info = ProviderInfo(
            name=self._provider
            if self._provider in ("openai", "anthropic", "offline")
            else "offline",  # type: ignore[arg-type]
            model=self._model,
            used_fallback=self.fallback_reason is not None,
            fallback_reason=self.fallback_reason,
        )
        self.result = (
            partial_result(self.request, self.questions, info)
            if self.questions
            else None
        )
        self._set_status(status)
        self._update_meta()
        self.refresh_bindings()

    def _set_status(self, text: Text) -> None:
        self.query_one("#status", Static).update(text)

    def _update_meta(self) -> None:
        now = self._ended if self._ended is not None else self.app.clock()  # type: ignore[attr-defined]
        elapsed = max(0.0, now - self._started)
        line = Text()
        # a server that is not the vendor's is named by the "at host" part below
        line.append(provider_label(self._provider, self._model), style="bold")
        parts = [
            f"{elapsed:.1f} s",
            self._amount(),
            plural(len(self.questions), "question"),
            f"at {self._endpoint}" if self._endpoint else "",
        ]
        line.append("".join(f" · {part}" for part in parts if part))
        self.query_one("#provider", Static).update(line)
        if self._ended is not None and not self._pending:
            self._timer.pause()

    def _amount(self) -> str:
        """Tokens once the provider has told them all; while streaming, what it told so far
        (Anthropic: the input) and the characters received; nothing for an offline plan."""
        usage = self._usage
        tokens = usage.input_tokens + usage.output_tokens
        if self._received and not (
            self._done_usage and tokens
        ):  # streaming, or cut short
            received = f"{self._received:,} char{'' if self._received == 1 else 's'}"
            if usage.input_tokens:
                return f"{plural(usage.input_tokens, 'input token')} · {received}"
            return received
        return plural(tokens, "token") if tokens else ""

    # -- actions ---------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export", "copy", "edit"):
            return self.result is not None  # hidden while nothing can be exported
        if action in ("cancel", "back"):  # one key: Stop while running, Back after
            return self.running == (action == "cancel")
        return True

    def action_cancel(self) -> None:
        if self.running and self._worker is not None:
            self._worker.cancel()
            self._flush()
            self.cancelled = True
            kept = len(self.questions)
            self._finish_partial(
                Text(f"cancelled — kept {plural(kept, 'question')}", style="yellow")
            )

    def action_back(self) -> None:
        self.app.pop_screen()

    def _saved_session(self) -> InterviewSession | None:
        """The session this plan became, as it is saved now (edits, asked marks, notes), or
        None if it never was opened in the editor, or was deleted since."""
        if self.session_id is None:
            return None
        try:
            return self.app.session_store().get(self.session_id)  # type: ignore[attr-defined]
        except IqError:
            self.session_id = None
            return None

    def on_screen_resume(self) -> None:
        """Back from the editor: show the plan as the session holds it now, never a stale copy."""
        session = self._saved_session()
        if session is None or not self.is_mounted or session.updated_at == self._shown_at:
            return
        self._shown_at = session.updated_at
        self.questions = [Question.model_validate(q.model_dump()) for q in session.questions]
        container = self.query_one("#questions")
        container.remove_children()
        container.mount_all([self._card(i, q) for i, q in enumerate(self.questions)])
        self._set_status(
            Text(
                f"✓ {plural(len(self.questions), 'question')} as saved in session "
                f"{session.id} (e edits, s exports it)"
            )
        )
        self._update_meta()

    def action_export(self) -> None:
        session = self._saved_session()
        if session is not None:
            from iq_tui.screens.editor import session_export_screen

            self.app.push_screen(session_export_screen(session))
        elif self.result is not None:
            self.app.open_export(self.result)  # type: ignore[attr-defined]

    def action_copy(self) -> None:
        if self.result is None:
            return
        session = self._saved_session()
        try:
            if session is not None:
                from iq_tui.engine.output.session_export import session_to_markdown

                text = session_to_markdown(session)
            else:
                text = export_text(self.result, "markdown")
        except IqError as exc:
            self.app.report_error(exc)  # type: ignore[attr-defined]
            return
        self.app.copy_to_clipboard(text)
        self.notify("The plan (Markdown) is on the clipboard.", title="Copied")

    def flush_edits(self) -> None:
        """The app is quitting: stop a running stream and keep what arrived, as a saved
        session (as Esc keeps it on screen), unless the plan is saved already."""
        if self.running:
            self.action_cancel()
        if self.result is None or self.session_id is not None or not self.result.questions:
            return
        try:
            store = self.app.session_store()  # type: ignore[attr-defined]
            session = store.create_from_result(
                self.result, self.request.profile, str(self.cv_path)
            )
        except IqError as exc:
            self.app.report_error(exc)  # type: ignore[attr-defined]
            return
        self.session_id = session.id

    def action_edit(self) -> None:
        """Open the plan in the question editor: saved as a session once, reopened after."""
        if self.result is None:
            return
        if self.session_id is not None:
            self.app.open_session(self.session_id)  # type: ignore[attr-defined]
        else:
            self.session_id = self.app.open_in_editor(  # type: ignore[attr-defined]
                self.result, self.request.profile, self.cv_path
            )

    def action_new_plan(self) -> None:
        if self.running and self._worker is not None:
            self._worker.cancel()
        self.app.pop_screen()
