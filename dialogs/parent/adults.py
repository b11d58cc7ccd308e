"""A person of 18 or more decides about their own data.

The consent is a parent's (dp.child, Art. 8 DSGVO: under 16 a parent must consent), but the
intake accepts birth dates up to 21 years back (sp.sek2: an apprenticeship begun before 21
keeps the school obligation going). For an adult, a parent's consent is not the person's own
(parental custody ends at 18, BGB § 2 / § 1626 — not yet a row in FACTS): before anything
else is asked about them, the bot asks who is filling in. The adult themselves goes on under
their own consent; for anyone else the draft is dropped and the way to a consent of the
person's own is shown.
"""

from __future__ import annotations

from datetime import date

from dialogs.instrument.model import age_on
from dialogs.parent.contact_card import contact_button
from dialogs.parent.screens import BACK_TO_MENU
from dialogs.parent.state import ChildDraft, FlowContext, ParentState
from dialogs.reply import Button, Reply
from dialogs.text import _

ADULT_AGE = 18


def is_adult(child: ChildDraft, today: date) -> bool:
    raw = child.answers.get("birth_date")
    if not isinstance(raw, str):
        return False
    try:
        born = date.fromisoformat(raw)
    except ValueError:
        return False
    return age_on(born, today) >= ADULT_AGE


def needs_asking(child: ChildDraft, ctx: FlowContext) -> bool:
    return child.for_self is None and is_adult(child, ctx.today)


def ask(state: ParentState) -> Reply:
    state.screen = "adult_check"
    state.pending = None
    return Reply(
        _(
            "👤 Diese Person ist 18 Jahre oder älter. Dann entscheidet sie selbst über ihre "
            "Daten. Wer füllt das hier aus?"
        ),
        (
            (Button(_("🙋 Ich bin diese Person"), "ad.self"),),
            (Button(_("👨‍👩‍👧 Ich fülle es für diese Person aus"), "ad.other"),),
        ),
    )


def for_someone_else(state: ParentState) -> Reply:
    """Nothing about an adult is kept on someone else's consent: the draft goes."""
    draft = state.current_child()
    if draft is not None and draft.submitted_at is None and state.child is not None:
        state.children.pop(state.child)
    state.child = None
    state.question = None
    state.screen = "menu"
    return Reply(
        _(
            "Dann muss die Person selbst zustimmen. Wir haben die Angaben zu ihr nicht "
            "gespeichert. Sie kann diesen Chat selbst mit /start beginnen, oder Sie kommen "
            "zusammen zur Beratung."
        ),
        ((contact_button(),), (BACK_TO_MENU,)),
    )
