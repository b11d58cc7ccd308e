"""Telegram is a recipient: every consent text says so, in every language (issue 10 item 3)."""

from __future__ import annotations

import pytest

from bot.i18n import load_i18n, renderer_for
from dialogs import locales
from dialogs.parent import consent
from tests.support.env import ROOT


@pytest.mark.parametrize("locale", locales.SUPPORTED)
def test_both_consent_texts_name_telegram_and_the_way_around_it(locale: str) -> None:
    render = renderer_for(load_i18n(ROOT / "locales")).render
    full = render(
        consent.consent_request(
            ki_name="KI", retention_months=12, controller="Kreis", contact="ki@kreis.de"
        ),
        locale,
    )
    contact = render(
        consent.contact_consent_request(
            ki_name="KI", retention_months=12, controller="Kreis", contact="ki@kreis.de"
        ),
        locale,
    )
    told = render(consent.telegram_recipient(), locale)
    for text in (full, contact):
        assert told in text
    # The brand stays in Latin letters in every script, so a family recognises its app; and
    # each of the three sentences is translated (none fell back to German).
    assert told.count("Telegram") >= 3
    if locale != "de":
        assert "Firma" not in told and "außerhalb" not in told
    assert "Telegram" in render(consent.telegram_notice(), locale)
