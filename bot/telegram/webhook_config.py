"""Whether the webhook settings can work, and the route they give; checked by `run` before
anything of aiogram is imported, so a misconfigured server is told at once."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bot.config import Settings

# Telegram's rule for secret_token: 1-256 characters of A-Z, a-z, 0-9, _ and -.
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


def webhook_problem(settings: Settings) -> str | None:
    """Why `run` must not start the webhook server with these settings, or None."""
    if not settings.webhook_url:
        return "WEBHOOK_URL is not set"
    if not settings.bot_token:
        # Without a token `run` would open the console, which a server never wants.
        return "WEBHOOK_URL is set, but BOT_TOKEN is not"
    if not settings.webhook_secret:
        return (
            "WEBHOOK_URL is set, but WEBHOOK_SECRET is not. Set WEBHOOK_SECRET to a random "
            "string (1-256 characters: A-Z, a-z, 0-9, _ and -), e.g. the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
        )
    if not _SECRET.fullmatch(settings.webhook_secret):
        # Never echo the secret itself: error output ends up in logs.
        return "WEBHOOK_SECRET may only contain A-Z, a-z, 0-9, _ and - (1-256 characters)"
    url = urlsplit(settings.webhook_url)
    if url.scheme != "https" or not url.netloc:
        return "WEBHOOK_URL must be a public https:// URL (Telegram posts only to HTTPS)"
    if settings.webhook_path is not None and not settings.webhook_path.startswith("/"):
        return "WEBHOOK_PATH must start with /"
    if settings.webhook_health_port == settings.webhook_port:
        return "WEBHOOK_HEALTH_PORT must differ from WEBHOOK_PORT (/healthz is not public)"
    return None


def webhook_path(settings: Settings) -> str:
    """The local route: WEBHOOK_PATH, else the path Telegram posts to (that of WEBHOOK_URL)."""
    if settings.webhook_path:
        return settings.webhook_path
    if not settings.webhook_url:
        return "/telegram"
    # A URL without a path is requested as "/", so that is where updates arrive.
    return urlsplit(settings.webhook_url).path or "/"
