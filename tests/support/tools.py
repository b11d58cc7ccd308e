"""External programs some tests need (Debian's poppler-utils for PDF pages as PNG): skipped
with the reason locally, required under CI (`.ci/run` installs them)."""

from __future__ import annotations

import shutil

import pytest

from tests.support.env import IN_CI


def require_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is not None:
        return path
    reason = f"{name} is not installed (apt-get install -y {package})"
    if IN_CI:
        pytest.fail(f"{reason}; required under CI")
    pytest.skip(reason)
