"""The slow endpoints' gate (pool, budget, rate, cache) and the server's body buffering, in-process."""

from __future__ import annotations

import io
import json
import os
import threading

import pytest
from flask import Flask, jsonify, request
from werkzeug.exceptions import BadRequest

from learning_map.errors import LearningMapError
from learning_map.web import expensive
from learning_map.web.serve import ThreadedApp


def gated_app(**config) -> tuple[Flask, threading.Event]:
    """A one-view app whose view waits for ``release`` (at most 10 s)."""
    app = Flask(__name__)
    app.config.update({"EXPENSIVE_BUDGET_SECONDS": 10, **config})
    expensive.init_app(app)
    release = threading.Event()
    calls = []

    @app.get("/slow")
    @expensive.expensive
    def slow():
        calls.append(request.args.get("n"))
        if request.args.get("bad"):
            raise BadRequest("bad / 错误")
        release.wait(10)
        return jsonify(n=request.args.get("n"), calls=len(calls))

    return app, release


def error_of(response) -> str:
    assert int(response.headers["Retry-After"]) >= 1
    message = response.get_json()["error"]["message"]
    assert " / " in message
    return message


def test_settings_have_defaults_and_name_a_bad_value():
    assert expensive.expensive_settings({}) == expensive.ExpensiveSettings(1, 4, 60.0, 60, 128)
    settings = expensive.expensive_settings({"EXPENSIVE_THREADS": 2, "EXPENSIVE_BUDGET_SECONDS": "1.5"})
    assert (settings.threads, settings.budget_s) == (2, 1.5)
    for key, value in [("EXPENSIVE_THREADS", 0), ("EXPENSIVE_PER_MINUTE", "many"),
                       ("EXPENSIVE_BUDGET_SECONDS", float("inf")), ("EXPENSIVE_QUEUE", True)]:
        with pytest.raises(LearningMapError, match=f"LEARNING_MAP_{key}"):
            expensive.expensive_settings({key: value})


def test_over_budget_is_503_and_the_answer_is_cached_when_done():
    app, release = gated_app(EXPENSIVE_BUDGET_SECONDS=0.05)
    client = app.test_client()
    response = client.get("/slow?n=1&m=2")
    assert response.status_code == 503
    assert "0.05 s" in error_of(response)
    release.set()
    for _ in range(200):  # the work goes on after the 503; its answer lands in the cache
        response = client.get("/slow?m=2&n=1")  # same request, parameters in another order
        if response.status_code == 200:
            break
        threading.Event().wait(0.05)
    assert response.status_code == 200  # the shared computation's answer, or the cached one
    response = client.get("/slow?n=1&m=2")
    assert response.headers["X-Cache"] == "hit"
    assert response.get_json() == {"n": "1", "calls": 1}  # computed once


def test_the_request_over_the_rate_is_429_and_cache_hits_are_free():
    app, release = gated_app(EXPENSIVE_PER_MINUTE=3)
    release.set()
    client = app.test_client()
    for n in range(3):
        assert client.get(f"/slow?n={n}").headers["X-Cache"] == "miss"
    assert client.get("/slow?n=0").headers["X-Cache"] == "hit"  # not counted
    response = client.get("/slow?n=9")
    assert response.status_code == 429
    error_of(response)
    other = app.test_client()
    assert other.get("/slow?n=9", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200


def test_a_full_pool_and_queue_answer_503_at_once_and_errors_reach_the_client():
    app, release = gated_app(EXPENSIVE_THREADS=1, EXPENSIVE_QUEUE=1)
    answers = []

    def ask(n):
        answers.append(app.test_client().get(f"/slow?n={n}"))

    first = [threading.Thread(target=ask, args=(n,)) for n in range(2)]  # one runs, one waits
    for thread in first:
        thread.start()
    threading.Event().wait(0.3)
    refused = app.test_client().get("/slow?n=3")
    assert refused.status_code == 503
    error_of(refused)
    release.set()
    for thread in first:
        thread.join(20)
    assert sorted(a.status_code for a in answers) == [200, 200]
    assert app.test_client().get("/slow?n=4&bad=1").status_code == 400  # the view's own error


class InlinePool:
    """Runs the app in the caller's thread (the event loop's pool, without gevent)."""

    class Result:
        def __init__(self, value):
            self.value = value

        def get(self):
            return self.value

    def spawn(self, fn, *args):
        return self.Result(fn(*args))


def echo_app(environ, start_response):
    body = environ["wsgi.input"].read()
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [f"{environ.get('CONTENT_LENGTH')}:".encode() + body]


def run(app, environ):
    statuses = []
    body = b"".join(app(environ, lambda status, headers: statuses.append(status)))
    return statuses[0], body


@pytest.mark.parametrize("chunked", [False, True])
def test_the_body_is_read_before_the_app_runs(chunked):
    app = ThreadedApp(echo_app, InlinePool(), max_body_bytes=100, error_headers={})
    environ = {"wsgi.input": io.BytesIO(b"x" * 80)}
    environ |= {"HTTP_TRANSFER_ENCODING": "chunked"} if chunked else {"CONTENT_LENGTH": "80"}
    assert run(app, environ) == ("200 OK", b"80:" + b"x" * 80)
    environ = {"wsgi.input": io.BytesIO(b"x" * 101)}
    environ |= {"HTTP_TRANSFER_ENCODING": "chunked"} if chunked else {"CONTENT_LENGTH": "101"}
    status, body = run(app, environ)
    if chunked:  # no length said: read up to the limit, then refused
        assert status.startswith("413")
        assert " / " in json.loads(body)["error"]["message"]
    else:  # a declared length over the limit: the app refuses it without the body
        assert (status, body) == ("200 OK", b"101:")


@pytest.mark.skipif(not hasattr(os, "setpriority"), reason="per-thread priority is Linux's")
def test_slow_work_runs_at_a_lower_priority():
    seen = []

    def work():
        before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        expensive.lower_thread_priority()
        seen.append((before, os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    before, after = seen[0]
    assert after == min(19, before + expensive.POOL_NICE)
    assert os.getpriority(os.PRIO_PROCESS, 0) == before  # the calling thread is untouched
