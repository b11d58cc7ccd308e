"""Outbox items: every kind round-trips through its stored form; rows queued by the version
before typed items are still read; what cannot be read is refused, not guessed."""

from __future__ import annotations

import pytest

from bot.outbox import items
from bot.render import Rendered

EVERY_KIND: list[items.OutboxItem] = [
    items.TextMessage("Hallo", ((("✅ Ja", "ok.yes"), ("❌ Nein", "ok.no")),), "parent"),
    items.TextMessage("Karte", ((("🙋 Übernehmen", "claim.1"),),), "staff", True, True),
    items.CopyMessage(5, 9, "Lageplan", True),
    items.CreateTopic("#1 · de · offen"),
    items.RenameTopic("#1 · de · bei Anna"),
    items.CloseTopic(),
    items.ReopenTopic(),
    items.DeleteTopic(77),
    items.DeleteTopic(77, chat_id=-1001000000002, case_id=12),
    items.DeleteMessage(4711),
    items.EditCard("Karte neu", ((("✅ Abschließen", "close.1"),),)),
    items.PinCard(),
    items.LeaveChat(),
    items.AnnouncementMessage(3, "Sommerfest am Samstag"),
    items.AnnouncementMessage(3, "Mit Foto", -100123, 77),
    items.AnnouncementProgress(3),
]


@pytest.mark.parametrize("item", EVERY_KIND, ids=lambda i: i.kind)
def test_every_kind_round_trips(item: items.OutboxItem) -> None:
    kind, payload = items.encode(item)
    assert kind == item.kind and payload["v"] == items.VERSION
    assert items.decode(kind, payload) == item


def test_rows_queued_before_typed_items_are_still_read() -> None:
    legacy = {
        "text": "📁 Fall #3",
        "in_case_topic": True,
        "card": True,
        "buttons": [[{"text": "🙋 Übernehmen", "action": "claim.3", "for": "staff"}]],
    }
    assert items.decode("message", legacy) == items.TextMessage(
        "📁 Fall #3", ((("🙋 Übernehmen", "claim.3"),),), "staff", True, True
    )
    family = {"text": "👤", "buttons": [[{"text": "🔙", "action": "leave", "for": "parent"}]]}
    assert items.decode("message", family).audience == "parent"  # type: ignore[union-attr]
    assert items.decode("copy", {"from_chat_id": 1, "message_id": 2}) == items.CopyMessage(1, 2)
    assert items.decode("delete_topic", {"topic_id": 4}) == items.DeleteTopic(4)
    # Queued by version 1 before deletions named their group: the staff group of the day.
    assert items.decode("delete_topic", {"v": 1, "topic_id": 4}) == items.DeleteTopic(
        4, chat_id=items.STAFF_CHAT, case_id=None
    )


@pytest.mark.parametrize(
    ("kind", "payload"),
    [
        ("teleport", {"v": 1}),
        ("message", {"v": 2, "text": "from a newer bot"}),
        ("message", {"v": 1}),
        ("message", {"v": 1, "text": 5}),
        ("message", {"v": 1, "text": "x", "buttons": [["only a label"]]}),
        ("delete_topic", {"v": 1, "topic_id": "77"}),
    ],
)
def test_what_cannot_be_read_is_refused(kind: str, payload: dict[str, object]) -> None:
    with pytest.raises(items.ItemError):
        items.decode(kind, payload)


def test_a_rendered_reply_becomes_a_message_or_a_copy() -> None:
    text = Rendered("Hallo", ((("🏠 Menü", "m"),),))
    assert items.message(text, audience="parent") == items.TextMessage(
        "Hallo", ((("🏠 Menü", "m"),),), "parent"
    )
    photo = Rendered("👤 Beratungsteam:", copy_of=(-100, 5))
    assert items.message(photo, audience="parent", in_topic=False) == items.CopyMessage(
        -100, 5, "👤 Beratungsteam:"
    )
