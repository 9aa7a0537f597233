"""Prefect's local database, checked before Prefect starts.

Without ``PREFECT_API_URL`` Prefect runs a temporary local server on a SQLite file under
``PREFECT_HOME``. Left to itself, Prefect meets a bad database late and badly: a locked or
damaged file makes its server retry for minutes and then fail with pages of traceback, and
a ``PREFECT_HOME`` that is a file stops the run with a bare ``FileExistsError``. This module
looks first:

- a missing database is fine: Prefect creates it (and migrates it, ≈15 s);
- a damaged one (not a SQLite file) is moved aside, ``prefect.db.damaged-<time>``, and a
  new one is made: it holds only Prefect's history of earlier runs, never khplan's outputs;
- a locked one (another program holds a write lock) is tried again a few times with a short
  back-off, then the run stops with :class:`PrefectHomeError`;
- an unwritable one, or a ``PREFECT_HOME`` that is a file or cannot be written, stops the
  run with :class:`PrefectHomeError`.

Every message names the database and says what to do. Nothing here imports Prefect.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

# Waits between tries of a locked database, in seconds (about 8 s in all, on top of SQLite's own
# short wait per try).
LOCK_BACKOFF: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)

_WHAT_TO_DO = (
    "close any other khplan run (or other program using it) and run again; or delete {home} "
    "(Prefect's history of earlier runs; khplan's outputs are not there); or set PREFECT_HOME to "
    "another folder. Documents already extracted are kept and will not be extracted again."
)


class PrefectHomeError(Exception):
    """Prefect's local database cannot be used; the message says why and what to do."""


def database_path() -> Path | None:
    """The SQLite file Prefect's local server will use, or None when it uses none (a Prefect server
    given by ``PREFECT_API_URL``, or a database that is not SQLite)."""
    from khplan.local_server import users_api_url

    if users_api_url():
        return None
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect")
    url = os.environ.get("PREFECT_API_DATABASE_CONNECTION_URL") or os.environ.get(
        "PREFECT_SERVER_DATABASE_CONNECTION_URL"
    )
    if not url:
        return home / "prefect.db"
    if not url.startswith("sqlite") or ":memory:" in url or "///" not in url:
        return None
    path = unquote(url.split("///", 1)[1].split("?", 1)[0])
    return Path(path.replace("${PREFECT_HOME}", str(home)))


def _what_to_do(home: Path) -> str:
    return _WHAT_TO_DO.format(home=home)


def prepare_home(home: Path) -> None:
    """Create ``PREFECT_HOME`` and make sure khplan can write in it."""
    if home.exists() and not home.is_dir():
        raise PrefectHomeError(
            f"PREFECT_HOME ({home}) is a file, not a folder, so Prefect cannot keep its database there: "
            f"rename or delete that file, or set PREFECT_HOME to a folder."
        )
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".khplan-probe-", dir=home)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise PrefectHomeError(
            f"Prefect's folder {home} cannot be written ({exc.strerror or exc}): fix its permissions or "
            f"free some disk space, or set PREFECT_HOME to a folder you can write."
        ) from exc


def _probe(db: Path) -> None:
    """Read the database's catalogue and take (and drop at once) a write lock; raises sqlite3's
    error when it is damaged, locked or read-only."""
    conn = sqlite3.connect(db, timeout=0.5, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def _move_aside(db: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = db.with_name(f"{db.name}.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm", "-journal"):
        part = Path(str(db) + suffix)
        if part.exists():
            os.replace(part, Path(str(aside) + suffix))
    return aside


def check_database(
    db: Path,
    home: Path,
    say: Callable[[str], None] = lambda _: None,
    backoff: tuple[float, ...] = LOCK_BACKOFF,
) -> None:
    """Make sure Prefect can use ``db`` (see the module's description); ``say`` reports what was
    done about it (a damaged database moved aside, a lock being waited for)."""
    if not db.exists():
        # Prefect creates and migrates it. A write-ahead log left by a deleted database would be
        # replayed into the new one: it goes too.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        return
    if not os.access(db, os.R_OK | os.W_OK):
        raise PrefectHomeError(
            f"Prefect's local database {db} cannot be written (its permissions allow no writing): "
            f"fix its permissions, or {_what_to_do(home)}"
        )
    waits = list(backoff)
    while True:
        try:
            _probe(db)
            return
        except sqlite3.DatabaseError as exc:
            message = str(exc).lower()
            if "locked" in message or "busy" in message:
                if waits:
                    wait = waits.pop(0)
                    say(
                        f"khplan: Prefect's local database {db} is in use by another program; trying again in {wait:g} s ..."
                    )
                    time.sleep(wait)
                    continue
                raise PrefectHomeError(
                    f"Prefect's local database {db} is locked by another program (another khplan run, "
                    f"or a program that opened it) and stayed locked: {_what_to_do(home)}"
                ) from exc
            if "readonly" in message or "read-only" in message or "permission" in message:
                raise PrefectHomeError(
                    f"Prefect's local database {db} cannot be written ({exc}): fix its permissions, "
                    f"or {_what_to_do(home)}"
                ) from exc
            if "not a database" in message or "malformed" in message or "corrupt" in message:
                aside = _move_aside(db)
                say(
                    f"khplan: Prefect's local database {db} was damaged ({exc}); it was moved to {aside} "
                    "and a new one is made (Prefect's history of earlier runs only; khplan's outputs "
                    "are not affected)"
                )
                return
            raise PrefectHomeError(
                f"Prefect's local database {db} cannot be used ({exc}): {_what_to_do(home)}"
            ) from exc


def explain_failure(exc: BaseException) -> str | None:
    """What to tell the user when a run failed on Prefect's local database after the check (it was
    locked or broken while the run went on); None when the failure is not about it."""
    text = f"{type(exc).__name__}: {exc}".lower()
    db = database_path()
    if db is None:
        return None
    home = Path(os.environ.get("PREFECT_HOME") or db.parent)
    if (
        "database is locked" in text
        or "ephemeral prefect api server" in text
        or "prefect's local server" in text
    ):
        return (
            f"Prefect's local server could not use its database {db} (it may be locked by another "
            f"program): {_what_to_do(home)}"
        )
    if "not a database" in text or "malformed" in text or "readonly database" in text:
        return f"Prefect's local database {db} cannot be used ({exc}): {_what_to_do(home)}"
    return None
