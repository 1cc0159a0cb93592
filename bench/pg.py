"""A PostgreSQL database of the benchmark's own, on the machine's cluster.

The same steps as ``.ci/run``: start the newest installed cluster with
``pg_ctlcluster`` (creating it when missing), then, as the ``postgres``
system user, create a login role and the ``mustafid_bench`` database. TCP
logins need a password, so the role gets a fresh random one on every run:
nothing secret is written to disk.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

ROLE = "mustafid_bench"
DATABASE = "mustafid_bench"
HOST = "127.0.0.1"
# The Debian cluster to use: "main" on 5432, as .ci/run does (overridable to try another).
CLUSTER = os.environ.get("MUSTAFID_BENCH_PG_CLUSTER", "main")
PORT = int(os.environ.get("MUSTAFID_BENCH_PG_PORT", "5432"))


def _sudo() -> list[str]:
    return [] if os.geteuid() == 0 else ["sudo"]


def _run(cmd: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=check, capture_output=True, text=True)


def _as_postgres(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return ["sudo", "-u", "postgres", *cmd]


def _psql(*sql: str, database: str = "postgres") -> str:
    cmd = ["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-p", str(PORT), "-d", database]
    for statement in sql:
        cmd += ["-c", statement]
    # cwd=/: postgres may not be allowed into the project folder.
    done = subprocess.run(_as_postgres(cmd), check=False, capture_output=True, text=True, cwd="/")
    if done.returncode:
        raise RuntimeError(f"psql failed: {done.stderr.strip()}")
    return done.stdout.strip()


def _ready() -> bool:
    return _run(["pg_isready", "-h", HOST, "-p", str(PORT), "-q"], check=False).returncode == 0


def start_cluster() -> str:
    """Start the newest installed PostgreSQL cluster; return its version."""
    versions = sorted(Path("/usr/lib/postgresql").iterdir(), key=lambda p: [int(x) for x in p.name.split(".")])
    if not versions or not shutil.which("pg_ctlcluster"):
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    version = versions[-1].name
    if _ready():
        return version
    clusters = _run(["pg_lsclusters", "-h"]).stdout
    if not any(line.split()[:2] == [version, CLUSTER] for line in clusters.splitlines()):
        _run([*_sudo(), "pg_createcluster", "-p", str(PORT), version, CLUSTER])
    _run([*_sudo(), "pg_ctlcluster", version, CLUSTER, "start"], check=False)
    for _ in range(30):
        if _ready():
            return version
        time.sleep(1)
    raise SystemExit(f"PostgreSQL {version} did not start: see /var/log/postgresql/postgresql-{version}-{CLUSTER}.log")


def ensure_database() -> str:
    """Running cluster, role with a new password, database: return its DATABASE_URL."""
    start_cluster()
    password = "bench-" + secrets.token_urlsafe(24).replace("-", "x").replace("_", "y")
    _psql(
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='{ROLE}') "
        f"THEN CREATE ROLE {ROLE} LOGIN; END IF; END$$;",
        f"ALTER ROLE {ROLE} LOGIN PASSWORD '{password}';",
    )
    if _psql(f"SELECT 1 FROM pg_database WHERE datname='{DATABASE}'") != "1":
        _psql(f"CREATE DATABASE {DATABASE} OWNER {ROLE};")
    # pg_trgm is trusted (PG 13+): the database owner may create it. Created here
    # anyway so that a role without that right still migrates.
    _psql("CREATE EXTENSION IF NOT EXISTS pg_trgm;", database=DATABASE)
    return f"postgres://{ROLE}:{password}@{HOST}:{PORT}/{DATABASE}"
