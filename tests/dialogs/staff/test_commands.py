"""The counsellors' side without Telegram: commands, queue, reminders, ready replies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from dialogs.kreis import default_kreis_path, load_kreis
from dialogs.staff import commands as cmd
from dialogs.staff.queue import QueuedCase, due_for_reminder, ordered, queue_text
from dialogs.staff.templates import TEMPLATES, TemplateError, fill, template
from dialogs.text import Renderer

HOURS = load_kreis(default_kreis_path()).settings.office_hours
# Wednesday 25 November 2026, 10:00 in Berlin (09:00 UTC): office hours.
WEDNESDAY_10 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("vorlagen", "", cmd.Templates()),
        (
            "vorlage",
            "appt 14.01.2027; 9:30; Rathaus",
            cmd.UseTemplate("appt", ("14.01.2027", "9:30", "Rathaus")),
        ),
        ("vorlage", "docs", cmd.UseTemplate("docs", ())),
        ("note", "Vater ruft morgen an", cmd.Note("Vater ruft morgen an")),
        ("queue", "", cmd.Queue()),
        (
            "einschaetzung",
            "sek1 Zeugnis zeigt Klasse 6",
            cmd.Override("secondary_1", "Zeugnis zeigt Klasse 6"),
        ),
        ("name", "an", cmd.ShowName(True)),
        ("name", "aus", cmd.ShowName(False)),
        ("hilfe", "", cmd.Help()),
        ("export", "", cmd.ExportCase(with_notes=False)),
        ("export", "notizen", cmd.ExportCase(with_notes=True)),
        ("bericht", "", cmd.MonthlyReport(None)),
        ("bericht", "2026-9", cmd.MonthlyReport("2026-09")),
        ("frobnicate", "", None),
    ],
)
def test_staff_commands(name: str, args: str, expected: object) -> None:
    assert cmd.parse_staff_command(name, args) == expected


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("vorlage", ""),
        ("note", ""),
        ("einschaetzung", "mars weil"),
        ("einschaetzung", "sek1"),
        ("name", "vielleicht"),
        ("export", "alles"),
        ("bericht", "Oktober"),
    ],
)
def test_wrong_arguments_get_a_hint(name: str, args: str) -> None:
    result = cmd.parse_staff_command(name, args)
    assert isinstance(result, cmd.Invalid) and "So geht es" in result.hint


def case(case_id: int, status: str, minutes_ago: int, reminded: int | None = None) -> QueuedCase:
    return QueuedCase(
        case_id,
        status,
        WEDNESDAY_10 - timedelta(minutes=minutes_ago),
        "ar",
        "Anna" if status == "claimed" else None,
        WEDNESDAY_10 - timedelta(minutes=reminded) if reminded is not None else None,
    )


def test_queue_lists_unclaimed_first_oldest_first() -> None:
    cases = [case(1, "claimed", 500), case(2, "open", 30), case(3, "open", 300)]
    assert [c.case_id for c in ordered(cases)] == [3, 2, 1]
    text = queue_text(cases, WEDNESDAY_10)
    assert text.index("#3") < text.index("#2") < text.index("#1")
    assert "5 Std." in text and "bei Anna" in text
    assert queue_text([], WEDNESDAY_10) == "📭 Keine offenen Fälle."


def test_reminders_only_for_old_unclaimed_cases_within_office_hours() -> None:
    after = timedelta(minutes=240)
    cases = [
        case(1, "open", 300),
        case(2, "open", 60),
        case(3, "claimed", 900),
        case(4, "open", 600, reminded=30),
    ]
    assert [c.case_id for c in due_for_reminder(cases, WEDNESDAY_10, after=after, hours=HOURS)] == [
        1
    ]
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    assert due_for_reminder(cases, saturday, after=after, hours=HOURS) == []
    evening = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # 19:00 in Berlin
    assert due_for_reminder(cases, evening, after=after, hours=HOURS) == []


def test_templates_fill_and_check_their_values() -> None:
    appt = template("appt")
    text = fill(
        appt,
        {"date": "14.01.2027", "time": "9.30", "place": "Rathaus, Raum 3"},
        today=date(2026, 11, 25),
    )
    rendered = Renderer().render(text, "de")
    assert "14. Januar 2027" in rendered and "9:30" in rendered and "Rathaus, Raum 3" in rendered
    with pytest.raises(TemplateError, match="Vergangenheit"):
        fill(appt, {"date": "01.01.2020", "time": "9:30", "place": "x"}, today=date(2026, 11, 25))
    with pytest.raises(TemplateError, match="Uhrzeit"):
        fill(appt, {"date": "14.01.2027", "time": "25:99", "place": "x"}, today=date(2026, 11, 25))
    with pytest.raises(TemplateError, match="angeben"):
        fill(appt, {"date": "14.01.2027", "time": "9:30"}, today=date(2026, 11, 25))
    with pytest.raises(TemplateError, match="kürzer"):
        fill(
            appt,
            {"date": "14.01.2027", "time": "9:30", "place": "x" * 300},
            today=date(2026, 11, 25),
        )


def test_template_keys_fit_callback_data() -> None:
    keys = [t.key for t in TEMPLATES]
    assert len(set(keys)) == len(keys)
    assert all(len(f"s:tpl.99999.{k}".encode()) <= 64 for k in keys)


def test_the_queue_says_when_the_staff_group_is_behind() -> None:
    from datetime import UTC, datetime

    from dialogs.staff.queue import queue_text

    now = datetime(2026, 12, 5, 10, tzinfo=UTC)
    assert "Rückstand" not in queue_text((), now, backlog_minutes=1)
    behind = queue_text((), now, backlog_minutes=6)
    assert "Keine offenen Fälle" in behind and "etwa 6 Minuten" in behind
