"""Configuration from the environment (and an optional `.env`), validated once at start."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from dialogs import locales
from dialogs.instrument import default_instrument_path
from dialogs.kreis import default_kreis_path
from dialogs.staff.groups import StaffGroupsError, checked_assignment, parse_assignment

TELEGRAM_API = "https://api.telegram.org"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    bot_token: str | None = Field(default=None, repr=False)
    telegram_api_base: str = TELEGRAM_API
    database_url: str = "sqlite+aiosqlite:///schullotse.sqlite3"
    counsellor_chat_id: int | None = None
    # Several staff groups by municipality: "-1001…=Dülmen,Senden;-1002…=*" (dialogs/staff/
    # groups.py); the names are checked against the Kreis file at start (bot/content.py).
    # Unset: COUNSELLOR_CHAT_ID is the one group.
    staff_groups: Annotated[dict[int, tuple[str, ...]] | None, NoDecode] = None
    data_key: str | None = Field(default=None, repr=False)
    data_key_file: Path = Path(".data/data.key")
    kreis_file: Path = Field(default_factory=default_kreis_path)
    instrument_file: Path = Field(default_factory=default_instrument_path)
    locales_dir: Path = Path(__file__).resolve().parents[1] / "locales"
    # "de,ar,uk" in the environment (NoDecode: not JSON), offered in this order.
    languages: Annotated[tuple[str, ...], NoDecode] = locales.SUPPORTED
    retention_months: int = Field(default=12, ge=1, le=120)
    # Delivered messages hold relayed texts; after this many days only the audit log remains.
    outbox_keep_days: int = Field(default=7, ge=1, le=365)
    # The audit log (who did what to which case, no content) is kept this long: two years
    # covers the monthly reports and the year's review; then it is deleted too.
    # The case card in Telegram's cloud with initials, age band, municipality and language
    # only; the answers stay in the database (/export makes the case sheet on demand).
    minimal_card: bool = False
    audit_keep_months: int = Field(default=24, ge=1, le=120)
    # Set: `run` serves Telegram's webhook instead of long polling (bot/telegram/webhook.py).
    # The public HTTPS URL Telegram posts to, path included: https://bot.example.org/telegram
    webhook_url: str | None = None
    # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; required with webhook_url.
    webhook_secret: str | None = Field(default=None, repr=False)
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # The local route; None: the path of webhook_url (a proxy that rewrites paths sets it).
    webhook_path: str | None = None
    # GET /healthz listens here, apart from the public webhook port (bot/telegram/health.py).
    webhook_health_host: str = "127.0.0.1"
    webhook_health_port: int = Field(default=8081, ge=1, le=65535)
    log_level: str = "INFO"
    # A parent who sends more than this many updates in `flood_period` seconds is paused.
    flood_rate: int = 20
    flood_period: float = 10.0
    outbox_poll_seconds: float = 0.5
    # An update's replies are leased to the process that sends them right after the commit;
    # if it dies, another worker sends them once this has passed (see bot/telegram/responder.py).
    reply_lease_seconds: float = Field(default=15.0, gt=0, le=300)
    # Telegram's sending limits as intervals between messages (see bot/outbox/limits.py): 30/s per
    # bot, about 1/s (bursts of 3) per family, 20/min per group. Change only with Telegram's.
    # The family's burst is one less than Telegram's: a message paced exactly 1 s after the
    # last can reach Telegram sooner than that (network jitter) and would be refused.
    # The bot's 30 a second are counted from each send's start to a second after its answer
    # (bot/outbox/limits.py SlidingWindow), so no margin for network jitter is needed.
    send_interval_bot: float = 1 / 30
    send_interval_private: float = 1.0
    send_burst_private: int = 2
    send_interval_group: float = 3.2
    # Outbox loops sending side by side (bot/outbox/worker.py): with Telegram a round trip
    # away, one loop alone cannot reach 30 messages a second.
    outbox_senders: int = Field(default=4, ge=1, le=32)
    # A family writing to a closed case: "reopen" it (same topic) or open a "new" case.
    closed_case_policy: Literal["reopen", "new"] = "reopen"
    # How long a "is this user in the staff group?" answer from Telegram is trusted.
    membership_cache_seconds: float = 300.0

    @field_validator("languages", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("staff_groups", mode="before")
    @classmethod
    def _parse_staff_groups(cls, value: object) -> object:
        try:
            if isinstance(value, str):
                return parse_assignment(value) or None
            if isinstance(value, dict):
                return checked_assignment(value) or None
        except StaffGroupsError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("telegram_api_base")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        return value.rstrip("/")
