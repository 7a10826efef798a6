"""A throwaway PostgreSQL server (Debian's binaries), for the store tests and the benchmarks.

    with throwaway_postgres() as conninfo:      # "host=127.0.0.1 port=NNNN user=postgres"
        ...

As root, initdb refuses to run, so the server runs as the `postgres` user (see
../shared/design/environment.md, section 3). `ServerUnavailable` says why none could start.
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


class ServerUnavailable(RuntimeError):
    """No PostgreSQL server can be started here (binaries missing, no postgres user, start failed)."""


def bindir() -> str | None:
    if os.environ.get("PG_BINDIR"):
        return os.environ["PG_BINDIR"]
    dirs = [d for d in glob.glob("/usr/lib/postgresql/*/bin") if os.path.exists(f"{d}/initdb")]
    return max(dirs, key=lambda d: int(d.split("/")[-2])) if dirs else None


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """Start a server in a fresh temporary directory; yield its conninfo; stop and remove it."""
    bin_ = bindir()
    if bin_ is None:
        raise ServerUnavailable("PostgreSQL server binaries are not installed (apt-get install -y postgresql)")
    tmp = tempfile.mkdtemp(prefix="pgtest-")   # short: the socket path must stay under ~107 characters
    data, log = os.path.join(tmp, "data"), os.path.join(tmp, "server.log")
    run_as: dict = {}
    if os.geteuid() == 0:
        try:
            pw = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(tmp, ignore_errors=True)
            raise ServerUnavailable("running as root and there is no `postgres` user to run the server as") from None
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
        run_as = dict(user=pw.pw_uid, group=pw.pw_gid, extra_groups=[])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    try:
        subprocess.run([f"{bin_}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True, cwd=tmp, **run_as)
        opts = (f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        subprocess.run([f"{bin_}/pg_ctl", "-D", data, "-l", log, "-o", opts, "-w", "-t", "60", "start"],
                       check=True, capture_output=True, cwd=tmp, **run_as)
    except subprocess.CalledProcessError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ServerUnavailable(f"cannot start PostgreSQL: {e.stderr.decode(errors='replace')}") from e
    try:
        yield f"host=127.0.0.1 port={port} user=postgres"
    finally:
        subprocess.run([f"{bin_}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
                       capture_output=True, cwd=tmp, **run_as)
        shutil.rmtree(tmp, ignore_errors=True)


def create_database(server: str, name: str) -> str:
    """Create database `name` on `server`; return its conninfo."""
    import psycopg

    with psycopg.connect(server + " dbname=postgres", autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"{server} dbname={name}"


def drop_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server + " dbname=postgres", autocommit=True) as c:
        c.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
