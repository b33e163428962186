"""Fetching GraphiQL's files: verified downloads only, from local tarballs (no network)."""

from __future__ import annotations

import base64
import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.cli import main as imjapan
from core.http import graphiql_assets
from core.http.graphiql_assets import (
    MANIFEST,
    NPM_REGISTRY,
    AssetError,
    IntegrityError,
    NpmPackage,
    fetch,
    installed,
    run,
    tarball_url,
    up_to_date,
)

SCRIPT = b"window.Example = 1;\n"


def tgz(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            member = tarfile.TarInfo(f"package/{name}")
            member.size = len(data)
            archive.addfile(member, io.BytesIO(data))
    return buffer.getvalue()


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def publish(registry: Path, name: str, version: str, tarball: bytes) -> str:
    """Lay ``tarball`` out as the npm registry does; return its registry URL."""
    path = f"{name}/-/{name.rsplit('/', 1)[-1]}-{version}.tgz"
    target = registry / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(tarball)
    return f"{NPM_REGISTRY}/{path}"


def package(
    registry: Path, version: str, tarball: bytes, pinned: bytes | None = None
) -> NpmPackage:
    """A package published as ``tarball`` whose pinned checksum is of ``pinned``."""
    return NpmPackage(
        name="@example/widget",
        version=version,
        tarball=publish(registry, "@example/widget", version, tarball),
        integrity=integrity(tarball if pinned is None else pinned),
        files=("dist/widget.js",),
        notices=("LICENSE",),
    )


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return tmp_path / "registry"


def test_a_verified_tarball_is_installed_with_only_the_listed_files(
    registry: Path, tmp_path: Path
) -> None:
    tarball = tgz({"dist/widget.js": SCRIPT, "LICENSE": b"MIT\n", "dist/other.js": b"x"})
    widget = package(registry, "1.0.0", tarball)
    target = tmp_path / "assets"

    assert fetch(target, registry=registry.as_uri(), manifest=[widget]) is True

    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [
        ".installed.json",
        "@example/widget@1.0.0/LICENSE",
        "@example/widget@1.0.0/dist/widget.js",
    ]
    assert (target / widget.asset("dist/widget.js")).read_bytes() == SCRIPT
    assert installed(target, [widget]) and up_to_date(target, [widget])
    # Up to date: nothing is downloaded again (the source may even be gone).
    (registry / "@example").rename(tmp_path / "gone")
    assert fetch(target, registry=registry.as_uri(), manifest=[widget]) is False


def test_a_checksum_mismatch_is_refused_and_the_installed_files_stay(
    registry: Path, tmp_path: Path
) -> None:
    good = package(registry, "1.0.0", tgz({"dist/widget.js": SCRIPT, "LICENSE": b"MIT\n"}))
    target = tmp_path / "assets"
    fetch(target, registry=registry.as_uri(), manifest=[good])
    tampered = tgz({"dist/widget.js": b"steal(document.cookie);\n", "LICENSE": b"MIT\n"})
    bad = package(registry, "2.0.0", tampered, pinned=b"the bytes that were published")

    with pytest.raises(IntegrityError) as refused:
        fetch(target, registry=registry.as_uri(), manifest=[bad])

    message = str(refused.value)
    assert message.startswith("@example/widget@2.0.0: checksum mismatch, refusing the download")
    assert bad.integrity in message and integrity(tampered) in message
    assert not (target / "@example/widget@2.0.0").exists()
    assert up_to_date(target, [good])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_command_reports_a_refusal_and_fails(
    registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = package(registry, "1.0.0", tgz({"dist/widget.js": SCRIPT}), pinned=b"other")
    status, message = run(registry.as_uri(), tmp_path / "assets", [bad])
    assert status == 1
    assert message.startswith("imjapan: GraphiQL assets not installed: @example/widget@1.0.0:")
    assert "checksum mismatch" in message
    # The real command, against a registry that has none of the pinned tarballs.
    monkeypatch.setattr(graphiql_assets, "ASSETS_DIR", tmp_path / "real")
    result = CliRunner().invoke(imjapan, ["assets", "fetch", "--registry", registry.as_uri()])
    assert result.exit_code == 1
    assert f"{MANIFEST[0].folder}: cannot download {registry.as_uri()}/" in result.output


def test_a_tampered_installed_file_is_fetched_again(registry: Path, tmp_path: Path) -> None:
    widget = package(registry, "1.0.0", tgz({"dist/widget.js": SCRIPT, "LICENSE": b"MIT\n"}))
    target = tmp_path / "assets"
    fetch(target, registry=registry.as_uri(), manifest=[widget])
    installed_file = target / widget.asset("dist/widget.js")
    installed_file.write_bytes(b"changed")
    assert installed(target, [widget]) and not up_to_date(target, [widget])
    status, message = run(registry.as_uri(), target, [widget])
    assert (status, installed_file.read_bytes()) == (0, SCRIPT)
    assert message.startswith("GraphiQL assets verified and installed in")
    assert run(registry.as_uri(), target, [widget])[1].startswith("GraphiQL assets up to date")


@pytest.mark.parametrize(
    ("contents", "reason"),
    [
        ({"LICENSE": b"MIT\n"}, "the tarball has no dist/widget.js"),
        (None, "not a readable .tgz archive"),
    ],
)
def test_an_unusable_tarball_is_refused(
    registry: Path, tmp_path: Path, contents: dict[str, bytes] | None, reason: str
) -> None:
    tarball = b"not a tarball" if contents is None else tgz(contents)
    widget = package(registry, "1.0.0", tarball)
    with pytest.raises(AssetError, match=reason):
        fetch(tmp_path / "assets", registry=registry.as_uri(), manifest=[widget])
    assert not (tmp_path / "assets").exists()


def test_a_mirror_serves_the_same_paths(tmp_path: Path) -> None:
    explorer = graphiql_assets.EXPLORER
    assert tarball_url(explorer, "https://npm.example.org/repo/") == (
        "https://npm.example.org/repo/@graphiql/plugin-explorer/-/plugin-explorer-4.0.6.tgz"
    )
    with pytest.raises(AssetError, match="must be an http"):
        fetch(tmp_path / "assets", registry="ftp://npm.example.org", manifest=[explorer])
    assert list(tmp_path.iterdir()) == []


def test_the_manifest_pins_every_package() -> None:
    for pinned in MANIFEST:
        assert pinned.tarball.startswith(f"{NPM_REGISTRY}/{pinned.name}/-/")
        assert pinned.tarball.endswith(f"-{pinned.version}.tgz")
        assert pinned.integrity.startswith("sha512-")
        assert len(base64.b64decode(pinned.integrity.removeprefix("sha512-"))) == 64
    assert [pinned.folder for pinned in MANIFEST] == [
        "react@18.3.1",
        "react-dom@18.3.1",
        "graphiql@4.1.2",
        "@graphiql/plugin-explorer@4.0.6",
    ]


def test_the_module_entry_point_used_by_dev_py(
    registry: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    installed_assets: Path,
) -> None:
    # Installed and unchanged: --quiet says nothing and succeeds.
    assert graphiql_assets.main(["--quiet"]) == 0
    assert capsys.readouterr() == ("", "")
    # Missing, with a source that does not have them: one line on stderr, status 1.
    monkeypatch.setattr(graphiql_assets, "ASSETS_DIR", tmp_path / "elsewhere")
    assert graphiql_assets.main(["--quiet", "--registry", registry.as_uri()]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("imjapan: GraphiQL assets not installed: react@18.3.1: cannot download")
