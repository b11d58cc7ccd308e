"""Audit the locked dependencies for published vulnerabilities (pip-audit, PyPI's advisory data).

    .venv/bin/python scripts/audit_deps.py requirements.lock requirements-dev.lock

Exit 1 when a locked version has a known vulnerability. When the advisory service cannot be
asked (no network, a proxy in the way, a mirror without PyPI's JSON API), it prints
"could not check: <why>" and exits 0: CI must not fail because a service is away, but it must
say plainly that nothing was checked. pip-audit itself reports "No known vulnerabilities found"
when it could not look a package up, so its JSON report is read instead of its exit code.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

# pip-audit asks once per package; a service that hangs must not hold CI for long.
REQUEST_TIMEOUT = 15
RUN_TIMEOUT = 600


@dataclass(frozen=True)
class Outcome:
    failed: bool
    lines: tuple[str, ...]


def run_pip_audit(lock: Path) -> subprocess.CompletedProcess[str]:
    # A fresh cache per run: an answer cached on an earlier run must not stand in for one.
    with tempfile.TemporaryDirectory(prefix="pip-audit-") as cache:
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--requirement",
            str(lock),
            "--require-hashes",
            "--disable-pip",  # read the pins as they are; no resolver, no downloads
            "--format",
            "json",
            "--progress-spinner",
            "off",
            "--timeout",
            str(REQUEST_TIMEOUT),
            "--cache-dir",
            cache,
        ]
        try:
            return subprocess.run(
                command, capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(
                command, returncode=-1, stdout="", stderr=f"no answer within {RUN_TIMEOUT} s"
            )


def interpret(lock: str, result: subprocess.CompletedProcess[str]) -> Outcome:
    """What pip-audit's run means for CI: failed only for a known vulnerability."""
    try:
        report = json.loads(result.stdout)
        dependencies = report["dependencies"]
    except (ValueError, KeyError, TypeError):
        return Outcome(False, (f"{lock}: could not check: {_last_line(result.stderr)}",))
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if "skip_reason" in d]
    checked = len(dependencies) - len(skipped)
    lines: list[str] = []
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release"
            aliases = ", ".join(vuln.get("aliases") or [])
            also = f" ({aliases})" if aliases else ""
            lines.append(
                f"{lock}: {dep['name']} {dep['version']}: {vuln['id']}{also}, fixed in {fixed}"
            )
    if not dependencies:
        lines.append(f"{lock}: could not check: pip-audit found no packages in it")
    elif skipped and not checked:
        lines.append(f"{lock}: could not check: {_first_reason(skipped)} ({len(skipped)} packages)")
    elif skipped:
        names = ", ".join(sorted(d["name"] for d in skipped))
        lines.append(
            f"{lock}: could not check {len(skipped)} of {len(dependencies)} packages "
            f"({_first_reason(skipped)}): {names}"
        )
    if checked and not vulnerable:
        lines.append(f"{lock}: no known vulnerabilities in {checked} checked packages")
    return Outcome(bool(vulnerable), tuple(lines))


def _first_reason(skipped: list[dict[str, str]]) -> str:
    reason = skipped[0]["skip_reason"]
    # "Dependency not found on PyPI and could not be audited: aiohttp (3.14.5)"
    return reason.split(":", 1)[0]


def _last_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "pip-audit gave no report"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    failed = False
    for lock in argv:
        outcome = interpret(lock, run_pip_audit(Path(lock)))
        print("\n".join(outcome.lines), flush=True)
        failed = failed or outcome.failed
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
