"""``requirements-dev.lock`` agrees with ``pyproject.toml``.

``dev.py`` installs the lock with ``--no-deps``, so the lock alone decides what
is installed: a requirement added to ``pyproject.toml`` without refreshing the
lock, a pin that no longer satisfies a range, or a direct requirement that was
dropped from ``pyproject.toml`` but still sits in the lock, would go unnoticed
by pip. ``pip check`` (run by ``dev.py`` after installing) covers the
requirements between locked packages; these tests cover the project's own.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements-dev.lock"
PYPROJECT = ROOT / "pyproject.toml"
OURS = "imjapan-api (pyproject.toml)"
"""How the lock names this project where it explains why a package is there."""

_ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")


@dataclass
class Pin:
    name: str
    version: str
    hashes: int
    via: list[str]


def read_lock(text: str) -> dict[str, Pin]:
    """The pinned packages of a ``uv pip compile --generate-hashes`` lock, by canonical name."""
    pins: dict[str, Pin] = {}
    current: Pin | None = None
    in_via = False
    for line in text.splitlines():
        entry = _ENTRY.match(line)
        if entry:
            current = Pin(canonicalize_name(entry["name"]), entry["version"], 0, [])
            pins[current.name] = current
            in_via = False
            continue
        stripped = line.strip()
        if current is None:
            continue
        if stripped.startswith("--hash="):
            current.hashes += 1
        elif stripped.startswith("# via"):
            rest = stripped.removeprefix("# via").strip()
            in_via = not rest
            if rest:
                current.via.append(rest)
        elif in_via and stripped.startswith("#"):
            current.via.append(stripped.lstrip("#").strip())
        else:
            in_via = False
    return pins


def direct_requirements() -> list[Requirement]:
    """The runtime requirements and the ``test`` extra that ``dev.py`` installs."""
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    texts = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    return [Requirement(text) for text in texts]


def test_the_lock_parser_reads_names_versions_hashes_and_reasons() -> None:
    pins = read_lock(
        "Foo_Bar==1.2 \\\n"
        "    --hash=sha256:aa \\\n"
        "    --hash=sha256:bb\n"
        "    # via imjapan-api (pyproject.toml)\n"
        "baz==3.0 ; sys_platform != 'win32' \\\n"
        "    --hash=sha256:cc\n"
        "    # via\n"
        "    #   foo-bar\n"
        "    #   imjapan-api (pyproject.toml)\n"
    )
    assert pins == {
        "foo-bar": Pin("foo-bar", "1.2", 2, [OURS]),
        "baz": Pin("baz", "3.0", 1, ["foo-bar", OURS]),
    }


def test_every_locked_package_is_pinned_with_hashes() -> None:
    pins = read_lock(LOCK.read_text())
    assert pins, "the lock lists no packages"
    assert [pin.name for pin in pins.values() if pin.hashes == 0] == []


@pytest.mark.parametrize("requirement", direct_requirements(), ids=str)
def test_each_requirement_of_pyproject_is_locked_at_a_version_it_allows(
    requirement: Requirement,
) -> None:
    pins = read_lock(LOCK.read_text())
    pin = pins.get(canonicalize_name(requirement.name))
    assert pin is not None, f"{requirement} is not in the lock: refresh it (README, 'The lock')"
    assert requirement.specifier.contains(pin.version, prereleases=True), (
        f"the lock pins {pin.name}=={pin.version}, which {requirement} does not allow"
    )
    assert OURS in pin.via, f"the lock does not say {pin.name} is required by the project"


def test_the_lock_holds_no_direct_requirement_that_pyproject_dropped() -> None:
    wanted = {canonicalize_name(requirement.name) for requirement in direct_requirements()}
    stale = sorted(
        pin.name
        for pin in read_lock(LOCK.read_text()).values()
        if OURS in pin.via and pin.name not in wanted
    )
    assert stale == [], f"locked as the project's own requirements, but not in pyproject: {stale}"
