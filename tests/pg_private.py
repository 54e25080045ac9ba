"""A private PostgreSQL server for tests that stop, restart or lock it: never the shared one.

``private_postgres()`` runs ``initdb`` in a fresh temporary folder, starts the server on a
free port of 127.0.0.1 (its socket in the same folder), and stops it and removes the folder
at the end, whatever the test did. The superuser ``postgres`` is trusted; every other role
logs in with its password (SCRAM), so a wrong password is refused as on a real server.
Run as root, the server runs as the ``postgres`` OS user (``initdb`` refuses root). A machine
without the PostgreSQL binaries fails the test: these tests never skip.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

HBA = """\
local all all trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
"""


def postgres_bindir() -> Path:
    """The folder of ``initdb`` and ``pg_ctl``: on PATH, or Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_major)
    if not candidates:
        pytest.fail("initdb not found (PATH, /usr/lib/postgresql/*/bin): install PostgreSQL")
    return Path(candidates[-1]).parent


def _major(path: str) -> int:
    version = Path(path).parents[1].name
    return int(version) if version.isdigit() else 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivatePostgres:
    """One initdb'ed server in ``root``: ``start``, ``stop``, ``sql`` as the superuser, URIs."""

    def __init__(self, root: Path, port: int, bindir: Path) -> None:
        self.root = root
        self.port = port
        self.bindir = bindir
        self.data = root / "data"
        self.log = root / "server.log"
        self.running = False
        as_root = os.geteuid() == 0
        self._as_owner = ["runuser", "-u", "postgres", "--"] if as_root else []

    def _run(self, tool: str, *args: str) -> None:
        command = [*self._as_owner, str(self.bindir / tool), *args]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{tool} {args[0]} failed: {result.stderr[-2000:]}\n{log}")

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip
        (self.data / "pg_hba.conf").write_text(HBA)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w", "-o", options)
        self.running = True

    def stop(self, mode: str = "immediate") -> None:
        """Stop the server: ``immediate`` is a crash for its clients, ``fast`` a clean shutdown."""
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", mode, "-w")
        self.running = False

    def uri(self, database: str = "postgres", user: str = "postgres", password: str = "") -> str:
        login = f"{user}:{password}" if password else user
        return f"postgresql://{login}@127.0.0.1:{self.port}/{database}"

    def sql(self, statement: str, database: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement as the superuser (autocommit); the rows it returns, if any."""
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname={database}"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(statement.encode())
            return list(cursor.fetchall()) if cursor.description else []

    def create_database(self, name: str, owner: str = "", password: str = "") -> str:
        """A new database (and its owner role, logging in with ``password``); its URI."""
        if owner:
            self.sql(f"CREATE ROLE {owner} LOGIN PASSWORD '{password}'")
            self.sql(f"CREATE DATABASE {name} OWNER {owner}")
            return self.uri(name, owner, password)
        self.sql(f"CREATE DATABASE {name}")
        return self.uri(name)


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started private server; stopped and deleted on the way out, even after a failure."""
    bindir = postgres_bindir()
    root = Path(tempfile.mkdtemp(prefix="hnm-pg-"))  # short: the socket path has a length limit
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(root, owner.pw_uid, owner.pw_gid)
    server = PrivatePostgres(root, free_port(), bindir)
    try:
        server.init()
        server.start()
        yield server
    finally:
        try:
            if server.running:
                server.stop()
        finally:
            shutil.rmtree(root, ignore_errors=True)
