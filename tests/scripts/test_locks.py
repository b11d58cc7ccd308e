"""The lock files: complete, hashed, in step with pyproject.toml, used by every install path,
and the dependency floors above the fixed versions of known advisories."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.support.env import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# (package, newest affected version, advisory): the floor must exclude that version.
ADVISORIES = [
    ("aiohttp", "3.14.4", "GHSA-5wr8-gcqf-gqf3"),
    ("aiohttp", "3.14.4", "GHSA-2g87-pp6c-29x5"),
    ("aiohttp", "3.13.3", "PYSEC-2026-2101"),
    ("cryptography", "48.0.0", "GHSA-537c-gmf6-5ccf"),
    ("python-dotenv", "1.2.1", "GHSA-mf9w-mj56-hr94"),
    ("pytest", "9.0.2", "GHSA-6w46-j5rx-g56g"),
    ("setuptools", "82.0.1", "PYSEC-2026-3447"),
]


def pins(lock: str) -> dict[str, tuple[Version, int]]:
    """name -> (pinned version, number of hashes)."""
    text = (ROOT / lock).read_text()
    found = {}
    for match in re.finditer(
        r"^([A-Za-z0-9._-]+)==(\S+)[^\n]*\n((?:\s+--hash=\S+.*\n)*)", text, re.M
    ):
        found[canonicalize_name(match.group(1))] = (
            Version(match.group(2)),
            match.group(3).count("--hash=sha256:"),
        )
    return found


def declared(extra: str | None) -> list[Requirement]:
    project = PYPROJECT["project"]
    requirements = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    if extra:
        requirements += project["optional-dependencies"][extra]
    return [Requirement(r) for r in requirements]


@pytest.mark.parametrize(
    ("lock", "extra"), [("requirements.lock", None), ("requirements-dev.lock", "dev")]
)
def test_the_lock_pins_every_dependency_with_hashes(lock: str, extra: str | None) -> None:
    pinned = pins(lock)
    assert pinned, lock
    for name, (_version, hashes) in pinned.items():
        assert hashes >= 1, f"{name} in {lock} has no hash"
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is declared in pyproject.toml but not in {lock}"
        version = pinned[name][0]
        # A stale lock (pyproject changed, scripts/lock.sh not run) shows up here.
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{lock} pins {name}=={version}, pyproject.toml wants {requirement.specifier}"
        )


@pytest.mark.parametrize(("package", "affected", "advisory"), ADVISORIES)
def test_floors_exclude_versions_with_known_advisories(
    package: str, affected: str, advisory: str
) -> None:
    requirements = {canonicalize_name(r.name): r for r in declared("dev")}
    requirement = requirements[canonicalize_name(package)]
    assert not requirement.specifier.contains(affected), (
        f"{package}{requirement.specifier} admits {affected}, affected by {advisory}"
    )


def test_every_install_path_uses_the_hashed_lock() -> None:
    bootstrap = (ROOT / "scripts" / "bootstrap.sh").read_text()
    assert "pip install --quiet --require-hashes -r" in bootstrap
    assert "--no-deps --no-build-isolation -e ." in bootstrap
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --no-cache-dir --require-hashes -r requirements.lock" in dockerfile
    assert "pip install --no-cache-dir --no-deps --no-build-isolation ." in dockerfile
