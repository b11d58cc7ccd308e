"""Where the tests run: the checkout, the local PostgreSQL, CI or not, the test data key."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TEST_KEY = Fernet.generate_key().decode()
