"""Tables. Personal data lives only in `EncryptedJSON` columns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.crypto import cipher


def utcnow() -> datetime:
    return datetime.now(UTC)


class EncryptedJSON(TypeDecorator[Any]):
    """JSON encrypted with the configured DATA_KEY; stored as text."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else cipher().encrypt_json(value)

    def process_result_value(self, value: str | None, dialect: Any) -> Any:
        return None if value is None else cipher().decrypt_json(value)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC everywhere; SQLite forgets the zone, so we put it back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value if value.tzinfo else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Family(Base):
    """One parent's private chat: the dialog state (with the children's answers)."""

    __tablename__ = "families"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    locale: Mapped[str] = mapped_column(String(16), default="de")
    state: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The ids of the family's latest updates (not personal): a parent's update is recorded
    # as handled with the state it changed, instead of in `processed_updates` (one statement
    # less on the hot path). Exact ids, not "the highest", so Telegram's restart of update
    # ids after a silent week and updates arriving out of order are both fine.
    recent_updates: Mapped[list[int] | None] = mapped_column(JSON, nullable=True)


class Case(Base):
    """A family's request for counselling; what the staff topic is about."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    family_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("families.user_id", ondelete="SET NULL"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | claimed | closed
    locale: Mapped[str] = mapped_column(String(16))
    # Not personal on its own: a municipality id and an age band for the topic name and report.
    municipality: Mapped[str | None] = mapped_column(String(64), nullable=True)
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The staff group the case's topic lives in, and the topic: topic ids are small numbers per
    # group, so only the pair names a topic.
    staff_chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    topic_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # [[chat id, topic id], ...]: topics the case had in an earlier staff group (before
    # COUNSELLOR_CHAT_ID changed). They hold the card and the conversation until then, so an
    # erasure and the retention period delete them too.
    # none_as_null: None is SQL NULL, which the retention query tests for, not JSON 'null'.
    former_topics: Mapped[list[list[int]] | None] = mapped_column(
        JSON(none_as_null=True), nullable=True
    )
    # The staff group the case's municipality assigned it to when that became known or changed
    # (STAFF_GROUPS): its topic is made or moved there. None: where its topic is, or by its
    # municipality (dialogs/staff/groups.py `of_case`).
    assigned_chat_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    children: Mapped[list[dict[str, Any]] | None] = mapped_column(EncryptedJSON, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    claimed_by: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The pinned case card in the topic, edited when the case changes.
    card_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Counsellors' corrections of the estimate per child: {"1": {stage, reason, by, at}} — the
    # reason may be personal.
    override: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON, nullable=True)
    # The volunteer initiative's invitation the family came with, and whether the family
    # allowed the initiative to hear when the case was received and closed (never more).
    referral_code: Mapped[str | None] = mapped_column(String(24), nullable=True)
    referral_notify: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_cases_status", "status"),
        Index("ux_cases_staff_topic", "staff_chat_id", "topic_id", unique=True),
        # The monthly report and the data set select cases by when they were opened and closed.
        Index("ix_cases_created_at", "created_at"),
        Index("ix_cases_closed_at", "closed_at"),
    )


class Counsellor(Base):
    """A member of the staff group as the bot last verified it (cached membership)."""

    __tablename__ = "counsellors"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON, nullable=True)
    show_name: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class StaffDraft(Base):
    """A staff action waiting for its confirmation (a template preview, an override)."""

    __tablename__ = "staff_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # What the preview's buttons carry: random, so a forged button cannot guess another's.
    token: Mapped[str] = mapped_column(String(24))
    case_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    counsellor_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(16))  # template | override
    payload: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ux_staff_drafts_token", "token", unique=True),)


class OutboxMessage(Base):
    """A message to another chat, written in the same transaction as its cause."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    case_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(32))  # create_topic | message
    payload: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # Taken by one worker while it sends; another instance skips the row (and so the rest of
    # that chat) until the lease ends — after a crash it ends by itself.
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    # Ids are never reused (SQLite's AUTOINCREMENT; PostgreSQL's sequences never reuse): a
    # delivery is acknowledged by id a moment after the send (bot/outbox/acks.py), and a
    # reused id would mark another, unsent message delivered.
    __table_args__ = (
        Index("ix_outbox_pending", "delivered_at", "next_attempt_at"),
        {"sqlite_autoincrement": True},
    )


class AuditEntry(Base):
    """Who did what to which case; never the content itself."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)

    # The report counts actions in a month (first answers, overrides, templates sent).
    __table_args__ = (Index("ix_audit_log_action_at", "action", "at"),)


class CaseNote(Base):
    """A counsellor's internal note on a case (`/note`): never sent to the family, shown only
    on the case sheet when asked for. The text may be personal, so it is encrypted."""

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(BigInteger)
    # {"text": …, "by": first name}
    body: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Appointment(Base):
    """A counselling appointment offered in a case topic (`/termin`): one to three slots until
    the family picks one. Where and for which children may be personal, so `details` is
    encrypted; status, start and the reminder columns stay plain for the reminder job, the team's
    week list and the monthly report."""

    __tablename__ = "appointments"

    key: Mapped[str] = mapped_column(String(24), primary_key=True)  # the buttons carry it
    case_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    # offered | booked | cancelled | held | missed
    status: Mapped[str] = mapped_column(String(16))
    # {"slots": [{"at": ISO, "place": …}], "children": [1, 2]}; None once anonymised.
    details: Mapped[dict[str, Any] | None] = mapped_column(EncryptedJSON, nullable=True)
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    chosen: Mapped[int | None] = mapped_column(Integer, nullable=True)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled_by: Mapped[str | None] = mapped_column(String(16), nullable=True)
    reminded_day: Mapped[bool] = mapped_column(Boolean, default=False)
    reminded_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the next reminder falls due; None when none is left (cancelled, past, both sent).
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_appointments_remind_at", "remind_at"),
        Index("ix_appointments_status_starts_at", "status", "starts_at"),
    )


class ProcessedUpdate(Base):
    """Telegram update ids already handled: written in the update's own transaction, so an
    update is processed again after a crash before commit and never after one."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class RateLimit(Base):
    """Shared send budget of several instances (GCRA: the theoretical arrival time)."""

    __tablename__ = "rate_limits"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    tat: Mapped[datetime] = mapped_column(UTCDateTime)


class KeyCheck(Base):
    """A known value encrypted with DATA_KEY: read at start, so a lost or wrong key stops the
    bot with a clear message instead of failing family by family (`storage/keycheck.py`)."""

    __tablename__ = "key_check"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[Any] = mapped_column(EncryptedJSON)


class Initiative(Base):
    """A volunteer group the bot was added to, and what the counsellors decided about it.

    The group's title and the initiative's name are the group's public face, not a family's
    data: stored in plain text. `number` is what counsellors type (`/initiative 3 …`); the chat
    id changes when a group becomes a supergroup and is followed then.
    """

    __tablename__ = "initiatives"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    title: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(16))  # pending | approved | rejected | removed
    was: Mapped[str | None] = mapped_column(String(16), nullable=True)
    name: Mapped[str | None] = mapped_column(String(128), nullable=True)
    municipality: Mapped[str | None] = mapped_column(String(64), nullable=True)
    noted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ux_initiatives_chat_id", "chat_id", unique=True),)


class ReferralCode(Base):
    """An invitation a volunteer group made (`/einladen`): the deep link's code."""

    __tablename__ = "referral_codes"

    code: Mapped[str] = mapped_column(String(24), primary_key=True)
    initiative: Mapped[int] = mapped_column(
        Integer, ForeignKey("initiatives.number", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Announcement(Base):
    """A KI announcement to the initiatives' groups: a draft until a counsellor confirms it.

    Its text is the KI's own public message (no family's data), kept in plain text.
    """

    __tablename__ = "announcements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    # A photo sent with it: copied from the staff group's message (chat, message id).
    photo_chat: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    photo_message: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    municipalities: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)  # None: all
    status: Mapped[str] = mapped_column(String(16))  # draft | sending | done | dropped
    created_by: Mapped[int] = mapped_column(BigInteger)
    # The preview, edited in place into the progress and the final tally.
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # An edit of the progress message is queued and not yet made: deliveries queue no other.
    progress_queued: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AnnouncementDelivery(Base):
    """One group an announcement goes to, and what became of it."""

    __tablename__ = "announcement_deliveries"

    announcement_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("announcements.id", ondelete="CASCADE"), primary_key=True
    )
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16))  # pending | sent | failed


class OfferSearch(Base):
    """A search in the offers directory that found nothing: what was asked for and in which
    month, never who asked (the demand the KI reports)."""

    __tablename__ = "offer_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # "2026-12", Europe/Berlin
    kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    municipality: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str | None] = mapped_column(String(16), nullable=True)


class StaffOffer(Base):
    """An offer a counsellor added in the staff group (`/angebot_neu`), beside the Kreis file's:
    the offer as the core's `Offer` in JSON (public information, no one's personal data)."""

    __tablename__ = "staff_offers"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
