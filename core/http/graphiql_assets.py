"""GraphiQL's third-party files, fetched from the npm registry and served by the service.

The builds stay out of git. Each npm package GraphiQL needs is pinned below
with its version, tarball URL and the registry's ``dist.integrity`` (SHA-512);
:func:`fetch` downloads each tarball, refuses it unless its digest matches,
and extracts only the listed files, never the whole archive.

They are installed under the Python environment's data directory
(``<sys.prefix>/share/imjapan-api/graphiql``), next to the locked Python
dependencies and with the same lifetime: a new virtualenv or image gets them
with ``imjapan assets fetch`` (``python3 dev.py`` runs it), the source tree
stays clean, and a read-only checkout or installed wheel works the same way.
Every file lives under ``<package>@<version>/``, so an upgrade changes every
URL and browsers may cache the files for good.

Run ``python -m core.http.graphiql_assets`` (what ``imjapan assets fetch``
does, without loading the service) to fetch them; it does nothing when the
installed files already match this manifest.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

NPM_REGISTRY = "https://registry.npmjs.org"
STAMP = ".installed.json"
MAX_TARBALL_BYTES = 50 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 60


class AssetError(Exception):
    """The assets could not be fetched or installed; the message says why."""


class IntegrityError(AssetError):
    """A downloaded tarball does not match its pinned checksum."""


@dataclass(frozen=True)
class NpmPackage:
    """One pinned npm package and the files of it the service uses.

    ``files`` are paths inside the tarball's ``package/`` folder and are
    served; ``notices`` (licences) are installed next to them but not served.
    """

    name: str
    version: str
    tarball: str
    integrity: str
    files: tuple[str, ...]
    notices: tuple[str, ...] = ()

    @property
    def folder(self) -> str:
        return f"{self.name}@{self.version}"

    def asset(self, path: str) -> str:
        """The path of one of ``files`` relative to the assets directory (and URL)."""
        if path not in self.files:
            raise KeyError(f"{path} is not among the files of {self.folder}")
        return f"{self.folder}/{path}"


REACT = NpmPackage(
    name="react",
    version="18.3.1",
    tarball="https://registry.npmjs.org/react/-/react-18.3.1.tgz",
    integrity="sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
    files=("umd/react.production.min.js",),
    notices=("LICENSE",),
)
REACT_DOM = NpmPackage(
    name="react-dom",
    version="18.3.1",
    tarball="https://registry.npmjs.org/react-dom/-/react-dom-18.3.1.tgz",
    integrity="sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
    files=("umd/react-dom.production.min.js",),
    notices=("LICENSE",),
)
# GraphiQL 4 is the last major version with a self-contained UMD build (graphql
# and @graphiql/react bundled in; React 18 as globals); 5 needs a bundler.
GRAPHIQL = NpmPackage(
    name="graphiql",
    version="4.1.2",
    tarball="https://registry.npmjs.org/graphiql/-/graphiql-4.1.2.tgz",
    integrity="sha512-rNlzQIAzm6i2KBXmVQWBgLvt0TloxFVB2d18bukvdsvjEuFDHsKx5IVOomL1W1o5WW+tE54+ioHb2AEKzO2cUg==",
    files=("graphiql.min.js", "graphiql.min.css"),
    notices=("LICENSE",),
)
EXPLORER = NpmPackage(
    name="@graphiql/plugin-explorer",
    version="4.0.6",
    tarball="https://registry.npmjs.org/@graphiql/plugin-explorer/-/plugin-explorer-4.0.6.tgz",
    integrity="sha512-TppIi92YPER3v70nlF01KTQrq9AiYqkZicSd1hpU7aqGmbqw/pLwBNLUEcfENBoJtw574Qxjswb01+GaYK0Tzw==",
    files=("dist/index.umd.js", "dist/style.css"),
    notices=("package.json",),  # the package has no LICENSE file; this names its licence (MIT)
)
MANIFEST: tuple[NpmPackage, ...] = (REACT, REACT_DOM, GRAPHIQL, EXPLORER)

ASSETS_DIR = Path(sys.prefix) / "share" / "imjapan-api" / "graphiql"


def assets_directory() -> Path:
    """Where the files are installed (read at call time, so tests can move it)."""
    return ASSETS_DIR


def fingerprint(manifest: Sequence[NpmPackage]) -> str:
    """Changes whenever a package, version, checksum or file list changes."""
    text = json.dumps(
        [[p.name, p.version, p.integrity, p.files, p.notices] for p in manifest],
        separators=(",", ":"),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def installed(directory: Path | None = None, manifest: Sequence[NpmPackage] = MANIFEST) -> bool:
    """True when ``directory`` holds this manifest's files (cheap: no hashing)."""
    directory = directory or assets_directory()
    files = _installed_files(directory, manifest)
    return files is not None and all((directory / name).is_file() for name in files)


def up_to_date(directory: Path, manifest: Sequence[NpmPackage] = MANIFEST) -> bool:
    """True when every installed file is present and unchanged since it was verified."""
    files = _installed_files(directory, manifest)
    if files is None:
        return False
    for name, digest in files.items():
        path = directory / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return False
    return True


def fetch(
    directory: Path | None = None,
    *,
    registry: str = NPM_REGISTRY,
    manifest: Sequence[NpmPackage] = MANIFEST,
) -> bool:
    """Install the manifest's files into ``directory`` unless they are already there.

    ``registry`` may name a mirror of the npm registry, or a ``file://``
    directory holding the tarballs in the registry's layout
    (``graphiql/-/graphiql-4.1.2.tgz``) for machines without network access.
    Returns False when nothing had to be done. Raises :class:`AssetError`
    (:class:`IntegrityError` on a checksum mismatch) and then leaves any
    previously installed files as they were.
    """
    directory = directory or assets_directory()
    if up_to_date(directory, manifest):
        return False
    for package in manifest:
        tarball_url(package, registry)  # refuse a bad registry before touching anything
    staging = directory.with_name(f".{directory.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        hashes: dict[str, str] = {}
        for package in manifest:
            tarball = _download(package, registry)
            verify(package, tarball)
            hashes |= _extract(package, tarball, staging)
        stamp = {"fingerprint": fingerprint(manifest), "files": hashes}
        (staging / STAMP).write_text(json.dumps(stamp, indent=1) + "\n", encoding="utf-8")
        _replace(directory, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return True


def verify(package: NpmPackage, tarball: bytes) -> None:
    """Refuse ``tarball`` unless it has the pinned SHA-512 ``dist.integrity``."""
    algorithm, _, expected = package.integrity.partition("-")
    if algorithm != "sha512" or not expected:
        raise IntegrityError(
            f"{package.folder}: integrity must be 'sha512-<base64>', got {package.integrity!r}"
        )
    actual = base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if not hmac.compare_digest(actual, expected):
        raise IntegrityError(
            f"{package.folder}: checksum mismatch, refusing the download: expected "
            f"sha512-{expected}, got sha512-{actual}. The registry or a proxy served "
            "different bytes than the pinned release."
        )


def tarball_url(package: NpmPackage, registry: str = NPM_REGISTRY) -> str:
    """The pinned tarball URL, moved to ``registry`` when that is a mirror."""
    if not package.tarball.startswith(NPM_REGISTRY + "/"):
        raise AssetError(f"{package.folder}: tarball URL must start with {NPM_REGISTRY}/")
    if not registry.startswith(("https://", "http://", "file://")):
        raise AssetError(f"registry must be an http(s):// or file:// URL, got {registry!r}")
    return registry.rstrip("/") + package.tarball.removeprefix(NPM_REGISTRY)


def _download(package: NpmPackage, registry: str) -> bytes:
    url = tarball_url(package, registry)
    try:
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            data: bytes = response.read(MAX_TARBALL_BYTES + 1)
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise AssetError(f"{package.folder}: cannot download {url}: {reason}") from None
    if len(data) > MAX_TARBALL_BYTES:
        raise AssetError(f"{package.folder}: {url} is larger than {MAX_TARBALL_BYTES} bytes")
    return data


def _extract(package: NpmPackage, tarball: bytes, staging: Path) -> dict[str, str]:
    """Write only the listed regular files; return their SHA-256 by relative path."""
    try:
        with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
            return {
                f"{package.folder}/{path}": _extract_file(package, archive, path, staging)
                for path in (*package.files, *package.notices)
            }
    except (tarfile.TarError, EOFError) as exc:
        raise AssetError(f"{package.folder}: not a readable .tgz archive ({exc})") from None


def _extract_file(package: NpmPackage, archive: tarfile.TarFile, path: str, staging: Path) -> str:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts:
        raise AssetError(f"{package.folder}: file path {path!r} must stay in the package")
    try:
        member = archive.getmember(f"package/{path}")
    except KeyError:
        raise AssetError(f"{package.folder}: the tarball has no {path}") from None
    source = archive.extractfile(member) if member.isfile() else None
    if source is None:
        raise AssetError(f"{package.folder}: {path} in the tarball is not a regular file")
    data = source.read()
    target = staging / package.folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def _replace(directory: Path, staging: Path) -> None:
    """Swap the new tree in, so a reader sees the old files or the new, not a mix."""
    old = directory.with_name(f".{directory.name}.old-{os.getpid()}")
    if directory.exists():
        directory.rename(old)
    try:
        staging.rename(directory)
    except OSError:
        if old.exists():
            old.rename(directory)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _installed_files(directory: Path, manifest: Sequence[NpmPackage]) -> dict[str, str] | None:
    """The installed files and their SHA-256, if installed from this very manifest."""
    try:
        stamp = json.loads((directory / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(stamp, dict) or stamp.get("fingerprint") != fingerprint(manifest):
        return None
    files = stamp.get("files")
    if not isinstance(files, dict) or not files:
        return None
    return {str(name): str(digest) for name, digest in files.items()}


def run(
    registry: str = NPM_REGISTRY,
    directory: Path | None = None,
    manifest: Sequence[NpmPackage] = MANIFEST,
) -> tuple[int, str]:
    """Fetch and describe the outcome: (exit status, one line for the user)."""
    directory = directory or assets_directory()
    versions = ", ".join(package.folder for package in manifest)
    try:
        changed = fetch(directory, registry=registry, manifest=manifest)
    except AssetError as exc:
        return 1, f"imjapan: GraphiQL assets not installed: {exc}"
    except OSError as exc:
        return 1, f"imjapan: GraphiQL assets not installed: cannot write {directory}: {exc}"
    if changed:
        return 0, f"GraphiQL assets verified and installed in {directory} ({versions})"
    return 0, f"GraphiQL assets up to date in {directory} ({versions})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m core.http.graphiql_assets",
        description="Fetch GraphiQL's pinned files (same as 'imjapan assets fetch').",
    )
    parser.add_argument("--registry", default=NPM_REGISTRY, help="npm registry or mirror URL")
    parser.add_argument("--quiet", action="store_true", help="say nothing when up to date")
    options = parser.parse_args(argv)
    if options.quiet and up_to_date(assets_directory()):
        return 0
    status, message = run(options.registry)
    print(message, file=sys.stderr if status else sys.stdout)
    return status


if __name__ == "__main__":
    sys.exit(main())
