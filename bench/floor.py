"""PostgreSQL's floor for a transition: pgbench running the transition's own SQL.

One `return_for_completion` is fired through the API with its queries captured; of
them, the writes that make the transition are kept, with the values the ORM sent: the
proposal's row lock, its UPDATE, the history chain's lock, its last hash and the
history INSERT. pgbench replays them as one transaction, rolled back (the history is
append-only and hash-chained: committed copies would break the chain), one client.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

# What a transition writes, in the order it does: (name, pattern of the statement).
KEPT = [
    ("proposal lock", re.compile(r'^SELECT .* FROM "workflows_proposal" .*FOR UPDATE', re.S)),
    # One call takes the chain's lock and reads its last hash (audit.chain.locked_last_hash).
    ("last hash", re.compile(r"^SELECT audit_chain_locked_last_hash\(", re.S)),
    ("history insert", re.compile(r'^INSERT INTO "audit_historyentry"', re.S)),
    ("proposal update", re.compile(r'^UPDATE "workflows_proposal"', re.S)),
]


def transition_statements(pk: int) -> list[tuple[str, str]]:
    """The kept statements of one return_for_completion of proposal `pk` (submitted),
    which is resubmitted afterwards."""
    from bench import pages

    officer, member = pages.logged_in(pages.OFFICER), pages.logged_in(pages.MEMBER)
    base = f"/api/v1/proposals/{pk}/transitions"
    answer, queries = pages.captured(
        lambda: officer.post(
            f"{base}/{pages.RETURN}/",
            {"comment": pages.COMMENT, "expected_state": "submitted"},
            content_type="application/json",
        )
    )
    assert answer.status_code == 200, answer.content
    answer = member.post(f"{base}/{pages.RESUBMIT}/", {}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    kept: list[tuple[str, str]] = []
    for query in queries:
        sql = query["sql"]
        for name, pattern in KEPT:
            if pattern.search(sql) and name not in dict(kept):
                kept.append((name, sql))
    missing = {name for name, _ in KEPT} - {name for name, _ in kept}
    if missing:
        raise RuntimeError(f"not found among the transition's queries: {sorted(missing)}")
    return kept


def script(statements: list[tuple[str, str]]) -> str:
    """The pgbench transaction. The history row chains on the head read in the same
    transaction (`\\gset`), as the service does, rather than on the head captured: that
    one has been chained on since."""
    lines = ["BEGIN;"]
    for name, sql in statements:
        sql = " ".join(sql.split())
        if name == "last hash":
            lines += [f"-- {name}", f"{sql} AS hash \\gset"]
            continue
        if name == "history insert":
            chained = re.search(r"VALUES \('([0-9a-f]{64})', '([0-9a-f]{64})'", sql)
            if chained is None:
                raise RuntimeError(f"no hashes in {sql[:200]}")
            sql = sql.replace(f"'{chained[1]}'", "':hash'", 1)
            sql = sql.replace(f"'{chained[2]}'", "encode(sha256(':hash'::bytea), 'hex')", 1)
        lines += [f"-- {name}", f"{sql};"]
    return "\n".join([*lines, "ROLLBACK;"]) + "\n"


def pgbench(database_url: str, pk: int, seconds: int) -> str:
    statements = transition_statements(pk)
    parts = urlsplit(database_url)
    with tempfile.TemporaryDirectory(prefix="bench-pgbench-") as folder:
        path = Path(folder) / "transition.sql"
        path.write_text(script(statements))
        command = ["pgbench", "--no-vacuum", "--client=1", f"--time={seconds}", f"--file={path}"]
        command += ["--host", parts.hostname or "127.0.0.1", "--port", str(parts.port or 5432)]
        command += ["--username", parts.username or "postgres", (parts.path or "/").lstrip("/")]
        env = {"PGPASSWORD": parts.password} if parts.password else {}
        out = subprocess.run(
            command, check=True, capture_output=True, text=True, env={**os.environ, **env}
        ).stdout
    latency = re.search(r"latency average = ([\d.]+) ms", out)
    tps = re.search(r"tps = ([\d.]+)", out)
    if not (latency and tps):
        raise RuntimeError(f"pgbench said:\n{out}")
    names = ", ".join(name for name, _ in statements)
    return (
        f"PostgreSQL floor (pgbench, 1 client, {seconds} s): the transition's own SQL "
        f"({names}) in one transaction: **{float(latency[1]):.2f} ms** "
        f"({float(tps[1]):.0f} transactions/s).\n"
    )
