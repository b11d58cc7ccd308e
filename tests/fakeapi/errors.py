"""Errors the fake answers with, in Telegram's wording."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Answered to the bot as {"ok": false, ...} with the given HTTP status."""

    def __init__(
        self,
        description: str,
        status: int = 400,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description)
        self.description = description
        self.status = status
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(text: str) -> ApiError:
    return ApiError(f"Bad Request: {text}")


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(
        f"Too Many Requests: retry after {retry_after}",
        status=429,
        parameters={"retry_after": retry_after},
    )
