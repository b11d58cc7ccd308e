"""Drives the pure parent dialog like a person: reads replies, presses buttons by label."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from dialogs import locales
from dialogs.instrument import default_instrument_path, load_instrument
from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.parent.events import Command, Event, Press, Start, Typed
from dialogs.parent.flow import step
from dialogs.parent.outcome import Outcome
from dialogs.parent.state import FlowContext, ParentState
from dialogs.reply import Button
from dialogs.text import Renderer

INSTRUMENT = load_instrument(default_instrument_path())
KREIS = load_kreis(default_kreis_path())
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def context(now: datetime = NOW) -> FlowContext:
    return FlowContext(
        instrument=INSTRUMENT, kreis=KREIS, now=now, supported_locales=locales.SUPPORTED
    )


@dataclass
class Driver:
    ctx: FlowContext = field(default_factory=context)
    state: ParentState = field(default_factory=ParentState)
    renderer: Renderer = field(default_factory=Renderer)
    last: Outcome | None = None
    history: list[Outcome] = field(default_factory=list)

    def send(self, event: Event, client_language: str | None = None) -> Outcome:
        self.last = step(self.state, event, self.ctx, client_language=client_language)
        self.state = self.last.state
        self.history.append(self.last)
        return self.last

    def start(self, language_code: str | None = None) -> Outcome:
        return self.send(Start(language_code=language_code))

    def command(self, name: str) -> Outcome:
        return self.send(Command(name))

    def type(self, text: str) -> Outcome:
        return self.send(Typed(text))

    def buttons(self) -> list[Button]:
        assert self.last is not None
        return [b for reply in self.last.replies for row in reply.buttons for b in row]

    def labels(self) -> list[str]:
        return [self.renderer.render(b.label, "de") for b in self.buttons()]

    def press(self, label_part: str) -> Outcome:
        """Press the last shown button whose German label contains `label_part`."""
        matches = [b for b in self.buttons() if label_part in self.renderer.render(b.label, "de")]
        assert matches, f"no button {label_part!r} among {self.labels()}"
        return self.send(Press(matches[-1].action))

    def text(self, locale: str = "de") -> str:
        assert self.last is not None
        return "\n".join(self.renderer.render(r.text, locale) for r in self.last.replies)

    def consent_and_start_intake(self) -> None:
        self.start()
        self.press("Deutsch")
        self.press("Angaben zum Kind")
        self.press("Ja, ich bin einverstanden")

    def answer_all(self, answers: dict[str, str], *, until: str | None = None) -> None:
        """Answer questions until the summary (or until question `until` is asked); `answers`
        maps question id → label or text."""
        for _guard in range(40):
            if self.state.screen == "summary":
                assert until is None, f"question {until} was never asked"
                return
            if until is not None and (self.state.question, self.state.screen) == (
                until,
                "question",
            ):
                return
            if self.state.screen == "special_consent":
                self.press(answers.get("__special_consent__", "Nein, lieber nicht"))
                continue
            qid = self.state.question
            assert qid is not None, self.text()
            value = answers[qid]
            q = INSTRUMENT.question(qid)
            if q.kind in {"languages", "multi_choice"}:
                for part in value.split("|"):
                    self.press(part)
                self.press("Fertig")
            elif q.kind in {"date", "number", "text"} or value.startswith("="):
                self.type(value.removeprefix("="))
            else:
                self.press(value)
        raise AssertionError("the intake did not reach the summary")


AMIRA = {
    "first_name": "Amira",
    "birth_date": "12.03.2016",
    "country_of_origin": "Syrien",
    "arrival_date": "03.2026",
    "school_in_germany": "Nein",
    "lives_in": "In einer Stadt",
    "municipality": "Dülmen",
    "home_languages": "Arabisch",
    "school_years_abroad": "3",
    "last_grade": "3",
    "school_interrupted": "Nein",
    "school_report": "Ja",
    "literacy": "anderen Schrift",
    "german": "gar nicht",
    "english": "bisschen",
    "special_needs": "Nein",
    "respondent": "Mutter oder Vater",
    "contact_preference": "Chat",
    "share_consent": "Ja",
}
