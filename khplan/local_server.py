"""Prefect's local API server for a run, started by khplan as soon as the run knows it needs one.

Without ``PREFECT_API_URL`` Prefect starts a temporary server of its own at the flow's first call
to its API. It first imports the whole server (FastAPI, SQLAlchemy, every route: 2–2.6 CPU-s and
80 MB in the run's process, which only needs the client) and only then launches the server process,
which imports all of it again; the run waits for both, one after the other. khplan launches the
same server process (the command and environment Prefect uses for its temporary server: no UI, no
background services) before anything else of the run, so that it starts while the run imports
Prefect and its workers load their rules, and points Prefect's client at it for the flow.

One server per process, stopped when the process exits, as Prefect does with its own: runs made
one after another in one process (a notebook, the tests) share it.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT_IN_USE_EXIT = 3  # uvicorn's exit status when it cannot bind its port
POLL_SECONDS = 0.05
STOP_SECONDS = 5.0


class LocalServerError(RuntimeError):
    """The local server did not start; the message says why (its exit status, or the time waited)."""


_PR_SET_PDEATHSIG = 1  # prctl(2) option: a signal the kernel sends when the parent dies


def _die_with_parent() -> None:
    """In the server's process before it runs (Linux): SIGTERM when the run that started it dies.

    A run killed with SIGKILL cannot stop its server; without this the server (≈200 MB) went on
    alone. The kernel sends it when the thread that started the server ends; a run starts it from
    its own thread, and a server stopped early is started again by the next run (``running``).
    Elsewhere, or when prctl is missing, nothing changes: the server stops at the run's exit.
    """
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _site_packages() -> str:
    """The folder Prefect is installed in, found without importing Prefect."""
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise LocalServerError("Prefect is not installed")
    return str(Path(next(iter(spec.submodule_search_locations))).parent)


class LocalServer:
    """One server process on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.ready = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def start(self) -> None:
        """Launch the server process; returns at once (``wait_ready`` waits for it)."""
        self.port = _free_port()
        env = {
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            # Registering block types first imports every installed Prefect integration (with
            # prefect-dask, all of Dask's distributed: 0.6 CPU-s of the server's start). A run
            # stores no blocks; a server of the user's own on this database registers them.
            "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
            "PREFECT_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
        }
        env.pop("PREFECT_API_URL", None)
        self.ready = False
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                _site_packages(),
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_ready(self, timeout: float) -> None:
        """Wait until the server answers its health check; raises ``LocalServerError`` when it
        exits or does not answer within ``timeout`` seconds. A port taken meanwhile by another
        program is replaced by another free port."""
        deadline = time.monotonic() + timeout
        while not self.ready:
            assert self.process is not None
            status = self.process.poll()
            if status == PORT_IN_USE_EXIT:
                self.start()
                _point_prefect_at(self)
                continue
            if status is not None:
                raise LocalServerError(f"Prefect's local server stopped as it started (exit status {status})")
            if time.monotonic() > deadline:
                self.stop()
                raise LocalServerError(
                    f"Prefect's local server did not answer within {timeout:.0f} s "
                    "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:
                    self.ready = response.status == 200
            except (urllib.error.URLError, OSError):
                pass
            if not self.ready:
                time.sleep(POLL_SECONDS)

    def stop(self) -> None:
        process, self.process, self.ready = self.process, None, False
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_SERVER: LocalServer | None = None
_LOCK = threading.Lock()
# Addresses khplan's server has had in this process (a new port when it had to start again): an
# address among them in Prefect's settings or the environment is khplan's, not the user's.
_OWN_URLS: set[str] = set()


def users_api_url() -> str | None:
    """The user's own Prefect server: ``PREFECT_API_URL`` in the environment (unless khplan set it
    to its local server) or in the active Prefect profile; None when there is none."""
    url = os.environ.get("PREFECT_API_URL")
    if url and url not in _OWN_URLS:
        return url
    return _profile_api_url()


def _profile_api_url() -> str | None:
    """``PREFECT_API_URL`` of the active profile in Prefect's ``profiles.toml``, read without
    importing Prefect (a profile's setting comes after the environment's in Prefect too)."""
    home = Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH") or home / "profiles.toml").expanduser()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, tomllib.TOMLDecodeError):
        return None
    name = os.environ.get("PREFECT_PROFILE") or data.get("active") or "ephemeral"
    profile = data.get("profiles", {}).get(name)
    url = profile.get("PREFECT_API_URL") if isinstance(profile, dict) else None
    return str(url) if url else None


def _point_prefect_at(server: LocalServer) -> None:
    # In the environment before Prefect is imported: Prefect's process-wide settings are read at
    # import, and threads Prefect starts without the flow's context (events, logs) read those.
    os.environ["PREFECT_API_URL"] = server.url
    _OWN_URLS.add(server.url)


def _prefect_already_serves() -> bool:
    """Whether Prefect, imported already in this process, has an API of its own for this run: the
    run is called inside a flow (the nightly import's), whose runs live on that flow's API, or
    Prefect's settings name a server (as ``prefect_test_harness`` sets them)."""
    if "prefect" not in sys.modules:
        return False
    from prefect.context import FlowRunContext, TaskRunContext
    from prefect.settings import PREFECT_API_URL

    if FlowRunContext.get() is not None or TaskRunContext.get() is not None:
        return True
    url = PREFECT_API_URL.value()
    return bool(url) and url not in _OWN_URLS


def start_local_server() -> LocalServer | None:
    """Launch this process's local server unless it is running; None (Prefect's client left as it
    is) when the user set ``PREFECT_API_URL`` or Prefect already has an API for this run."""
    global _SERVER
    if users_api_url() or _prefect_already_serves():
        return None
    with _LOCK:
        if _SERVER is None:
            _SERVER = LocalServer()
            atexit.register(stop_local_server)
        if not _SERVER.running:
            _SERVER.start()
            _point_prefect_at(_SERVER)
        return _SERVER


def stop_local_server() -> None:
    with _LOCK:
        if _SERVER is not None:
            if os.environ.get("PREFECT_API_URL") in _OWN_URLS:
                del os.environ["PREFECT_API_URL"]
            _SERVER.stop()


@contextmanager
def using(server: LocalServer | None, timeout: float) -> Iterator[None]:
    """Prefect's client pointed at ``server`` once it answers; nothing changes for None (the user's
    own server).

    The environment already names the server (``start_local_server``); the flow's settings are set
    too, for a process that imported Prefect before (a second run in one notebook)."""
    if server is None:
        yield
        return
    from prefect.settings import PREFECT_API_URL, temporary_settings

    server.wait_ready(timeout)
    with temporary_settings({PREFECT_API_URL: server.url}):
        yield
