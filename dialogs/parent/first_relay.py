"""Telegram is a recipient: a family reads that before its first own message reaches the team.

A conversation opened since the notice existed tells it at the opening (`Turn.outcome`). A
family that was already talking when it was introduced would read it only after its next
message had gone; so that message is held, with the notice, until the family sends it on.
"""

from __future__ import annotations

from dialogs.parent import consent
from dialogs.parent.outcome import RelayMedia, RelayToCase
from dialogs.parent.state import ParentState
from dialogs.reply import Button, Reply
from dialogs.text import Text, _


def hold_first_message(state: ParentState, effect: RelayToCase | RelayMedia) -> Reply:
    state.telegram_told = True
    if isinstance(effect, RelayToCase):
        state.held = {"text": effect.text}
    else:
        state.held = {"ref": list(effect.ref), "caption": effect.caption}
    return Reply(
        consent.telegram_notice(),
        (
            (Button(_("✅ Nachricht senden"), "rel.send"),),
            (Button(_("✖️ Nicht senden"), "rel.drop"),),
        ),
    )


def release_held(state: ParentState) -> RelayToCase | RelayMedia | None:
    """The held message, taken out of the state (None when there is none)."""
    held, state.held = state.held, None
    if not held:
        return None
    if isinstance(held.get("text"), str):
        return RelayToCase(held["text"])
    ref = held.get("ref")
    if isinstance(ref, list) and len(ref) == 2:
        caption = held.get("caption")
        return RelayMedia((int(ref[0]), int(ref[1])), caption if isinstance(caption, str) else None)
    return None


def not_relayed() -> Text:
    return _("In Ordnung. Ihre Nachricht wurde nicht weitergegeben.")
