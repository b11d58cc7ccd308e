"""What the family writes or sends that is no button or command: relayed to the team while
in conversation with it, an answer typed on an intake screen ("ja" counts as the button), or
not understood."""

from __future__ import annotations

from dialogs.instrument.typed import yes_or_no
from dialogs.invisible import without_invisible
from dialogs.parent import handoff, intake_input, screens
from dialogs.parent.consent import correction_sent
from dialogs.parent.outcome import RelayMedia, RelayToCase
from dialogs.parent.presses import on_press
from dialogs.parent.turn import Turn
from dialogs.reply import Reply
from dialogs.text import _, lines, utf16_len

# Texts longer than this are not answers to any question; we refuse them before parsing.
MAX_TYPED = 1000
# A relayed message must fit one Telegram message with the case header in front of it (UTF-16
# code units, as Telegram counts: an emoji is two).
MAX_RELAYED = 3800


def on_typed(turn: Turn, text: str) -> None:
    """Text the family typed: to the team, a correction for its case, or an answer."""
    state, ctx = turn.state, turn.ctx
    # Cleaned where it enters: relayed to the team it must read as the family wrote it,
    # not reordered by direction overrides or carrying hidden (tag) characters.
    text = without_invisible(text).strip()
    correction = state.screen == "correction"
    if (correction or turn.to_the_team()) and text:
        if utf16_len(text) > MAX_RELAYED:
            too_long = _("Diese Nachricht ist zu lang. Bitte schreiben Sie mehrere kurze.")
            turn.replies.append(Reply(too_long))
        elif correction:
            state.screen = "handed_off" if state.talking else "menu"
            turn.relay(RelayToCase(text, correction=True), Reply(correction_sent()))
        else:
            turn.relay(RelayToCase(text), screens.relayed(ctx.staff_delay_minutes))
        return
    said = yes_or_no(text) if state.screen in {"consent", "special_consent"} else None
    if said is not None:
        # "ja" typed instead of pressed: the same as the button (it names what it agrees to).
        on_press(turn, f"{'ok' if state.screen == 'consent' else 'sp'}.{'yes' if said else 'no'}")
        return
    if state.screen in {"question", "other_text"}:
        if len(text) > MAX_TYPED:
            turn.replies.append(Reply(_("Diese Nachricht ist zu lang. Bitte antworten Sie kurz.")))
            turn.current_screen()
            return
        turn.run(intake_input.on_typed(state, ctx, text))
    else:
        turn.replies.append(screens.not_understood())
        turn.current_screen()


def on_media(turn: Turn, ref: tuple[int, int] | None, caption: str | None) -> None:
    """A file, photo or sticker while in conversation with the team."""
    if ref is None:
        turn.replies.append(screens.media_not_relayed())
    else:
        media = RelayMedia(ref, caption=_cleaned_caption(caption))
        delay = screens.staff_delay(turn.ctx.staff_delay_minutes)
        turn.relay(media, Reply(lines(handoff.media_relayed(), delay)))


def _cleaned_caption(caption: str | None) -> str | None:
    """The caption a relayed file must carry instead of the family's, or None to keep theirs
    (with its formatting) because it has nothing invisible in it."""
    if not caption:
        return None
    cleaned = without_invisible(caption).strip()
    if cleaned == caption:
        return None
    # Nothing visible left: Telegram keeps the original when no caption is given.
    return cleaned or "…"
