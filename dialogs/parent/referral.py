"""A family that came with a volunteer initiative's invitation: the initiative is remembered
on its case, and the family decides whether the initiative may hear when the request arrived
and when it was closed. Never more: no content, no names, no estimate."""

from __future__ import annotations

from dialogs.parent.events import Referral
from dialogs.parent.state import ParentState
from dialogs.reply import Button, Reply
from dialogs.text import _


def remember(state: ParentState, referral: Referral) -> Reply:
    """The invitation is kept (a newer one replaces an older) and the family asked."""
    state.referral = referral.code
    state.referral_notify = None
    return Reply(
        _(
            "Sie kommen über die Willkommensinitiative „{initiative}“. Darf die Initiative "
            "erfahren, wann Ihre Anfrage bei uns angekommen ist und wann sie abgeschlossen ist? "
            "Worum es geht, erfährt sie nie.",
            initiative=referral.initiative,
        ),
        (
            (
                Button(_("✅ Ja, Bescheid geben"), "ref.yes"),
                Button(_("Nein"), "ref.no"),
            ),
        ),
    )


def answer(state: ParentState, yes: bool) -> Reply | None:
    """None for a stale button (no invitation to answer about)."""
    if state.referral is None:
        return None
    state.referral_notify = yes
    if yes:
        return Reply(
            _(
                "Gut. Die Initiative erfährt nur, wann Ihre Anfrage angekommen und wann sie "
                "abgeschlossen ist."
            ),
            replace=True,
        )
    return Reply(_("Gut. Die Initiative erfährt nichts über Ihre Anfrage."), replace=True)
