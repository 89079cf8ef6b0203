"""The test suite's own process helpers (tests/_servers.py): start, wait for, and always stop."""

from __future__ import annotations

import gc
import os
import sys
import warnings
from pathlib import Path

import pytest

from tests import _servers
from tests.conftest import free_port

# A stand-in for `learning-map serve` under gunicorn: it forks a worker, both ignore SIGTERM
# (a worker stuck in a request), it may write a lot before it listens, and it listens late.
FAKE_SERVER = r"""
import http.server, os, signal, sys, time
port, pids, chatter_bytes, late_s = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
signal.signal(signal.SIGTERM, signal.SIG_IGN)
child = os.fork()
if child == 0:
    while True:
        time.sleep(1)
with open(pids, "w") as out:
    out.write(f"{os.getpid()} {child}")
sys.stdout.write("x" * chatter_bytes)
sys.stdout.flush()
time.sleep(late_s)
http.server.HTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler).serve_forever()
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (exited, not yet reaped by its parent) is not running.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def fake_server(tmp_path: Path, *, chatter_bytes: int = 0, late_s: float = 0.0) -> tuple[list[str], int, Path]:
    port = free_port()
    pids = tmp_path / "pids"
    return [sys.executable, "-c", FAKE_SERVER, str(port), str(pids), str(chatter_bytes), str(late_s)], port, pids


def test_a_chatty_late_server_is_waited_for_then_killed_with_its_worker(tmp_path):
    # 1 MB of output before listening: a pipe nobody reads (the old fixture's stdout=PIPE)
    # blocks the server at 64 KB, and it never listens.
    args, port, pids = fake_server(tmp_path, chatter_bytes=1_000_000, late_s=1.0)
    with _servers.started(args) as proc:
        _servers.wait_for_http(f"http://127.0.0.1:{port}/", proc=proc, deadline_s=120)
        leader, worker = map(int, pids.read_text().split())
        assert alive(leader)
        assert alive(worker)
        assert len(_servers.output_of(proc)) == 20_000  # the last part of what it wrote
        proc_ref = proc
    # Both ignored SIGTERM: SIGKILL to the process group stopped the leader and its worker.
    assert proc_ref.returncode is not None
    assert not alive(leader)
    assert _servers.wait_until(lambda: not alive(worker), what="the worker gone", deadline_s=30)
    assert proc_ref not in _servers._LIVE


def test_stop_leaves_nothing_to_warn_about(tmp_path):
    args, port, _ = fake_server(tmp_path)
    proc = _servers.start(args)
    _servers.wait_for_http(f"http://127.0.0.1:{port}/", proc=proc)
    _servers.stop(proc, grace_s=0.1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        del proc
        gc.collect()
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_a_server_that_exits_fails_at_once_with_its_output(tmp_path):
    args = [sys.executable, "-c", "print('port in use'); raise SystemExit(3)"]
    with _servers.started(args) as proc, pytest.raises(pytest.fail.Exception, match="port in use"):
        _servers.wait_for_http(f"http://127.0.0.1:{free_port()}/", proc=proc, deadline_s=600)
    assert proc.returncode == 3


def test_a_server_left_running_is_killed_at_session_end(tmp_path):
    args, port, pids = fake_server(tmp_path)
    proc = _servers.start(args)  # as if the test were interrupted before its cleanup
    _servers.wait_for_http(f"http://127.0.0.1:{port}/", proc=proc)
    leader, worker = map(int, pids.read_text().split())
    _servers.stop_all()
    assert proc.returncode is not None
    assert not alive(leader)
    assert _servers.wait_until(lambda: not alive(worker), what="the worker gone", deadline_s=30)


def test_deadline_is_a_time_not_a_count_of_tries():
    calls = []
    with pytest.raises(pytest.fail.Exception, match="never: not within 0 s"):
        _servers.wait_until(lambda: calls.append(1), what="never", deadline_s=0.3)
    assert 1 < len(calls) < 120


def test_running_server_tries_another_port_when_its_port_was_taken(monkeypatch, tmp_path):
    import socket

    from tests import conftest

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))  # bound, as another job's server would be between pick and bind
    taken.listen()
    ports = iter([taken.getsockname()[1]])
    monkeypatch.setattr(conftest, "free_port", lambda: next(ports, None) or free_port())
    # A "server" that takes its port as learning-map serve does: fails with "in use" if busy.
    fake = tmp_path / "learning_map"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(
        "import http.server, sys\n"
        "port = int(sys.argv[sys.argv.index('--port') + 1])\n"
        "try:\n"
        "    server = http.server.HTTPServer(('127.0.0.1', port), http.server.SimpleHTTPRequestHandler)\n"
        "except OSError as error:\n"
        "    sys.exit(f'port {port} is in use: {error}')\n"
        "server.serve_forever()\n")
    monkeypatch.chdir(tmp_path)  # python -m finds this learning_map first
    try:
        with conftest.running_server(tmp_path, ready="/") as base:
            assert base != f"http://127.0.0.1:{taken.getsockname()[1]}"
    finally:
        taken.close()


def test_no_browser_test_waits_by_eval_in_the_page():
    """Playwright's ``wait_for_function`` polls with ``eval`` inside the page, which the pages'
    Content-Security-Policy forbids: it fails whenever its first check is not yet true (a busy
    machine). Browser tests wait with ``_servers.wait_for_page`` instead."""
    tests = Path(__file__).parent
    users = [str(p.relative_to(tests)) for p in tests.rglob("*.py")
             if p.name != "test_servers.py" and "wait_for_function(" in p.read_text(encoding="utf-8")]
    assert users == []


def test_no_two_test_files_share_a_name():
    """pytest imports test modules by file name (tests/unit and tests/e2e are not packages): two
    files of one name make the second an import error in a full run, not in either alone."""
    tests = Path(__file__).parent
    names = [p.name for p in tests.rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
