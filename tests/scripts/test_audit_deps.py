"""The dependency audit CI runs (scripts/audit_deps.py): real pip-audit against a fake PyPI."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sys
from pathlib import Path

import pytest

from tests.support.env import ROOT
from tests.support.fake_pypi import FakePyPI

SCRIPT = ROOT / "scripts" / "audit_deps.py"


def small_lock(folder: Path, *names: str) -> tuple[Path, dict[str, str]]:
    """A lock file with the entries (pin and hashes) of `names` from requirements.lock."""
    text = (ROOT / "requirements.lock").read_text()
    blocks, versions = [], {}
    for name in names:
        match = re.search(
            rf"^{name}==(\S+)(?: ;[^\\\n]*)? \\\n(?:\s+--hash=\S+(?: \\)?\n)+", text, re.M
        )
        assert match, f"{name} is not in requirements.lock"
        blocks.append(match.group(0))
        versions[name] = match.group(1)
    lock = folder / "test.lock"
    lock.write_text("".join(blocks))
    return lock, versions


async def audit(lock: Path, env: dict[str, str]) -> tuple[int, str]:
    inherited = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(SCRIPT),
        str(lock),
        env=inherited | env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_a_clean_lock_passes(tmp_path: Path) -> None:
    lock, versions = small_lock(tmp_path, "aiolimiter", "aiosqlite")
    async with FakePyPI(tmp_path).serving() as pypi:
        code, output = await audit(lock, pypi.env())
    assert code == 0, output
    assert "no known vulnerabilities in 2 checked packages" in output
    assert "could not check" not in output
    assert sorted(pypi.asked) == [f"/pypi/{n}/{v}/json" for n, v in sorted(versions.items())]


async def test_a_known_vulnerability_fails_ci(tmp_path: Path) -> None:
    lock, versions = small_lock(tmp_path, "aiolimiter", "aiosqlite")
    async with FakePyPI(tmp_path).serving() as pypi:
        pypi.vulnerabilities[("aiolimiter", versions["aiolimiter"])] = [
            {
                "id": "GHSA-test-0000-0001",
                "aliases": ["CVE-2099-0001"],
                "fixed_in": ["99.0.1"],
                "summary": "a test advisory",
            }
        ]
        code, output = await audit(lock, pypi.env())
    assert code == 1, output
    assert f"aiolimiter {versions['aiolimiter']}: " in output
    assert "GHSA-test-0000-0001" in output and "CVE-2099-0001" in output
    assert "fixed in 99.0.1" in output


async def test_an_unreachable_service_is_reported_but_does_not_fail(tmp_path: Path) -> None:
    lock, _ = small_lock(tmp_path, "aiolimiter")
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    code, output = await audit(lock, {"HTTPS_PROXY": f"http://127.0.0.1:{closed}", "NO_PROXY": ""})
    assert code == 0, output
    assert "could not check: " in output
    assert "no known vulnerabilities" not in output


async def test_a_mirror_without_advisories_is_not_taken_for_clean(tmp_path: Path) -> None:
    # pip-audit itself says "No known vulnerabilities found" when PyPI answers 404.
    lock, _ = small_lock(tmp_path, "aiolimiter")
    async with FakePyPI(tmp_path).serving() as pypi:
        pypi.missing.add("aiolimiter")
        code, output = await audit(lock, pypi.env())
    assert code == 0, output
    assert "could not check: Dependency not found on PyPI" in output
    assert "no known vulnerabilities" not in output


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_ci_audits_both_lock_files(lock: str) -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(rf"scripts/audit_deps\.py[^\n]*\b{re.escape(lock)}\b", ci)
