"""How to reach the KI without this chat: address, phone, e-mail and office hours from the Kreis
file, for every family (menu, /help, and whoever declines to give data to the bot)."""

from __future__ import annotations

from dialogs.kreis import Kreis
from dialogs.kreis.model import DAYS
from dialogs.reply import Button
from dialogs.text import Lines, Raw, Renderable, Weekday, _, lines


def contact_button() -> Button:
    return Button(_("📞 Adresse und Telefon"), "ki")


def ki_contact(kreis: Kreis) -> Lines:
    """The KI's contact card; names and addresses as the Kreis file writes them, the labels
    and weekdays in the reader's language."""
    ki = kreis.ki
    parts: list[Renderable | None] = [
        _("📞 So erreichen Sie das Beratungsteam auch ohne diesen Chat:"),
        Raw(ki.name),
        _("📍 Adresse: {address}", address=Raw(str(ki.address))),
        _("☎️ Telefon: {phone}", phone=Raw(ki.phone)),
        _("✉️ E-Mail: {email}", email=Raw(ki.email)),
        _("🌐 Internet: {url}", url=Raw(ki.url)) if ki.url else None,
    ]
    hours = ki.counselling_hours
    days = [
        # TRANSLATORS: a weekday and the KI's opening hours on it, e.g. "Montag: 09:00–12:00".
        _("{day}: {hours}", day=Weekday(index), hours=Raw(_ranges(hours.on(index))))
        for index in range(len(DAYS))
        if hours.on(index)
    ]
    if days:
        parts.append(lines(_("🕘 Sprechzeiten:"), *days))
    return lines(*parts)


def _ranges(ranges: tuple[object, ...]) -> str:
    # "09:00-12:00" in the file; an en dash reads as "to" in every script.
    return ", ".join(str(r).replace("-", "–") for r in ranges)
