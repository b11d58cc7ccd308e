"""What must never be committed: secrets and personal data stay out of git."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.support.env import IN_CI, ROOT


@pytest.mark.parametrize(
    "path",
    [
        ".env",  # BOT_TOKEN, DATA_KEY, WEBHOOK_SECRET (bot/config.py reads it)
        ".env.production",
        ".data/data.key",  # the generated data key
        "schullotse.sqlite3",  # families' data
    ],
)
def test_secrets_and_data_are_ignored_by_git(path: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        if IN_CI:
            pytest.fail("CI runs in a git clone with git installed")
        pytest.skip("not a git checkout")
    result = subprocess.run(
        ["git", "check-ignore", "--quiet", "--no-index", path], cwd=ROOT, check=False
    )
    assert result.returncode == 0, f"{path} is not in .gitignore"
