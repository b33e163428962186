"""A country plugin package built and installed outside the source tree."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "imjapan-exampleland"

QUERY = """{
  countries { code }
  country(code: "XE") { name plugin employmentProgrammes { kind organiser { name } } }
  plugins { name package version countryCode hooks }
  examplelandAbout { isExample note }
}"""

SCRIPT = """
import json, sys
from starlette.testclient import TestClient
from core.app import create_app
with TestClient(create_app()) as client:
    response = client.post("/graphql", json={"query": sys.argv[1]})
print(json.dumps(response.json()))
"""


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.py")):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def test_plugin_package_installed_from_outside_the_tree(tmp_path: Path) -> None:
    core_before = _tree_digest(ROOT / "core")
    package = tmp_path / "imjapan-exampleland"
    shutil.copytree(EXAMPLE, package)
    site = tmp_path / "site-packages"
    install = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    install += ["--no-deps", "--no-build-isolation", "--no-index", "--target", str(site)]
    subprocess.run([*install, str(package)], check=True, cwd=tmp_path)
    assert list(site.glob("imjapan_exampleland-0.1.0.dist-info"))

    env = {
        **os.environ,
        # The package, then this tree's core (not whichever tree the venv's editable install names).
        "PYTHONPATH": os.pathsep.join([str(site), str(ROOT)]),
        "IMJAPAN_ALLOW_USER_ASSIGNED_CODES": "true",
        "IMJAPAN_DATABASE_URL": f"sqlite:///{tmp_path / 'example.sqlite3'}",
    }
    env.pop("IMJAPAN_COUNTRIES", None)
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT, QUERY],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    body = json.loads(run.stdout)
    assert "errors" not in body, body
    data = body["data"]
    assert [c["code"] for c in data["countries"]] == ["BD", "ID", "LK", "TH", "VN", "XE"]
    assert data["country"] == {
        "name": "Exampleland (example)",
        "plugin": "exampleland",
        "employmentProgrammes": [
            {"kind": "GROUP_JOB_INTERVIEW", "organiser": {"name": "Example Ministry of Labour"}}
        ],
    }
    example = next(p for p in data["plugins"] if p["name"] == "exampleland")
    assert example == {
        "name": "exampleland",
        "package": "imjapan-exampleland",
        "version": "0.1.0",
        "countryCode": "XE",
        "hooks": [
            "country_agencies",
            "country_employment_programmes",
            "country_graphql",
            "country_profile",
        ],
    }
    assert data["examplelandAbout"] == {
        "isExample": True,
        "note": "Exampleland is not a real country.",
    }

    listing = subprocess.run(
        [sys.executable, "-m", "core", "check-plugins"],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    rows = {line.split()[0]: line.split()[1:4] for line in listing.stdout.splitlines()[1:-1]}
    assert rows["exampleland"] == ["XE", "imjapan-exampleland", "0.1.0"]
    assert "6 plugin(s) OK" in listing.stdout
    assert _tree_digest(ROOT / "core") == core_before
