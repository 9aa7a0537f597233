"""khplan's start of Prefect's local server (khplan/local_server.py): the user's own server is
respected, and a server that does not come up is reported with the reason, never waited on
forever. The run itself on the local server is covered by the flow tests."""

from __future__ import annotations

import subprocess
import sys

import pytest

import khplan.local_server as local_server
from khplan.local_server import LocalServer, LocalServerError


def _fake(code: str) -> LocalServer:
    server = LocalServer()
    server.port = local_server._free_port()
    server.process = subprocess.Popen([sys.executable, "-c", code])
    return server


def test_the_users_own_server_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PREFECT_API_URL", "http://prefect.example:4200/api")
    assert local_server.start_local_server() is None


def test_a_server_that_stops_is_reported_with_its_exit_status() -> None:
    server = _fake("import sys; sys.exit(5)")
    with pytest.raises(LocalServerError, match=r"stopped as it started \(exit status 5\)"):
        server.wait_ready(timeout=30)


def test_a_server_that_never_answers_is_stopped_after_the_timeout() -> None:
    server = _fake("import time; time.sleep(60)")
    process = server.process
    assert process is not None
    with pytest.raises(LocalServerError, match="did not answer within 1 s"):
        server.wait_ready(timeout=1)
    assert process.poll() is not None  # stopped, not left behind
    assert not server.running


def test_a_failed_start_is_explained_as_a_database_problem(tmp_path, monkeypatch) -> None:
    from khplan.prefect_db import explain_failure

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    message = explain_failure(
        LocalServerError("Prefect's local server stopped as it started (exit status 1)")
    )
    assert message is not None and "could not use its database" in message


def test_a_server_in_the_active_prefect_profile_is_used(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.delenv("PREFECT_PROFILE", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))
    (tmp_path / "profiles.toml").write_text(
        'active = "team"\n[profiles.ephemeral]\n[profiles.team]\nPREFECT_API_URL = "http://prefect.team:4200/api"\n',
        encoding="utf-8",
    )
    assert local_server.users_api_url() == "http://prefect.team:4200/api"
    assert local_server.start_local_server() is None
    monkeypatch.setenv("PREFECT_PROFILE", "ephemeral")  # a profile without a server
    assert local_server.users_api_url() is None


def test_a_run_inside_a_flow_uses_that_flows_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """The nightly import calls khplan.run inside its own flow: the run's flow is a subflow and
    must be recorded on the same API, not on a server of khplan's."""
    from prefect import flow

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    monkeypatch.setattr(local_server, "_profile_api_url", lambda: None)
    outside = local_server._prefect_already_serves()

    @flow
    def outer() -> bool:
        return local_server._prefect_already_serves()

    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        inside = outer()
        named = local_server.start_local_server()  # the harness names its server in the settings
    assert (inside, named) == (True, None)
    assert outside is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's (prctl)")
def test_the_server_stops_when_its_run_is_killed(tmp_path) -> None:
    # A run killed with SIGKILL cannot stop its server: the kernel does, by the parent-death signal.
    import os
    import signal
    import time

    script = tmp_path / "run.py"
    script.write_text(
        "import sys, time\n"
        "from khplan.local_server import LocalServer\n"
        "server = LocalServer()\nserver.start()\n"
        "print(server.process.pid, flush=True)\ntime.sleep(600)\n"
    )
    run = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    server_pid = int(run.stdout.readline())
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            break
        # The server is our grandchild's child: reaped by init once it exits; a zombie counts as gone.
        with open(f"/proc/{server_pid}/stat") as stat:
            if stat.read().split()[2] == "Z":
                break
        time.sleep(0.2)
    else:
        os.kill(server_pid, signal.SIGKILL)
        pytest.fail("the server outlived the run that started it")
