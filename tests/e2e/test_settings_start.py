"""
Settings are parsed once at start (learning_map/web/config.py): a setting that would fail open
(admin left on, no sign-in lock) or late (a 500 on every page) stops the app with one sentence,
through ``create_app``, ``learning-map serve`` and the WSGI entry point ``app.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from learning_map.web import create_app
from learning_map.web.config import SettingError
from tests.conftest import REPO
from tests.e2e.town import build_town

SECRET = "test-secret-key-0123456789abcdef"


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    return build_town(tmp_path_factory.mktemp("town") / "town")


@pytest.fixture
def clean_env(monkeypatch):
    """No LEARNING_MAP_ variable from outside; and no server ever starts (serve would block)."""
    import learning_map.web.serve

    def no_server(*args, **kwargs):
        raise AssertionError("the server started with a bad setting")

    monkeypatch.setattr(learning_map.web.serve, "run_server", no_server)
    for key in list(os.environ):
        if key.startswith("LEARNING_MAP_") and key != "LEARNING_MAP_SHARED_DATA":
            monkeypatch.delenv(key)
    return monkeypatch


@pytest.mark.parametrize("off", ["False", "false", "off", "OFF", "no", "No", "0"])
def test_admin_enabled_off_in_any_spelling_turns_admin_off(town, clean_env, off):
    clean_env.setenv("LEARNING_MAP_SECRET_KEY", SECRET)
    clean_env.setenv("LEARNING_MAP_ADMIN_ENABLED", off)
    app = create_app(town)
    assert app.config["ADMIN_ENABLED"] is False
    assert app.test_client().get("/admin/login").status_code == 404


@pytest.mark.parametrize(("name", "value"), [
    ("LOGIN_LOCK_SECONDS", "0"), ("LOGIN_MAX_FAILURES", "0"), ("REPORTS_PER_HOUR", "0"),
    ("PERMANENT_SESSION_LIFETIME", "eight hours"), ("MAX_CONTENT_LENGTH", "ten megabytes"),
    ("ADMIN_ENABLED", "perhaps"), ("MAX_MINUTES", "0"),
])
def test_a_setting_that_would_fail_open_or_late_stops_the_start(town, clean_env, name, value):
    clean_env.setenv("LEARNING_MAP_SECRET_KEY", SECRET)
    clean_env.setenv(f"LEARNING_MAP_{name}", value)
    with pytest.raises(SettingError, match=rf"^LEARNING_MAP_{name}: .* is not valid; expected .* / "):
        create_app(town)


def test_human_forms_of_sizes_and_durations_work_on_every_page(town, clean_env):
    clean_env.setenv("LEARNING_MAP_SECRET_KEY", SECRET)
    clean_env.setenv("LEARNING_MAP_MAX_CONTENT_LENGTH", "10MB")
    clean_env.setenv("LEARNING_MAP_PERMANENT_SESSION_LIFETIME", "8h")
    app = create_app(town)
    assert app.config["MAX_CONTENT_LENGTH"] == 10_000_000
    assert app.permanent_session_lifetime.total_seconds() == 8 * 3600
    client = app.test_client()
    for path in ("/", "/api/city", "/api/sites", "/admin/login", "/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_serve_refuses_a_bad_setting_with_one_sentence(town, clean_env, runner):
    clean_env.setenv("LEARNING_MAP_SECRET_KEY", SECRET)
    clean_env.setenv("LEARNING_MAP_LOGIN_MAX_FAILURES", "0")
    result = runner.invoke(["serve", str(town), "--port", "1"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: LEARNING_MAP_LOGIN_MAX_FAILURES: '0' is not valid")
    assert " / " in lines[0]


def test_serve_of_a_national_folder_refuses_a_bad_setting_too(tmp_path, clean_env, runner):
    from learning_map.bundle.national import write_index

    write_index(tmp_path, [])
    clean_env.setenv("LEARNING_MAP_REPORTS_PER_HOUR", "0")
    result = runner.invoke(["serve", str(tmp_path), "--port", "1"])
    assert result.exit_code == 1
    assert result.output.startswith("error: LEARNING_MAP_REPORTS_PER_HOUR:")


def test_the_wsgi_app_prints_one_sentence_and_exits_1(town):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNING_MAP_")}
    env |= {"LEARNING_MAP_BUNDLE_DIR": str(town), "LEARNING_MAP_SECRET_KEY": SECRET,
            "LEARNING_MAP_PERMANENT_SESSION_LIFETIME": "a working day"}
    done = subprocess.run([sys.executable, "-c", "import app"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: LEARNING_MAP_PERMANENT_SESSION_LIFETIME: 'a working day' is not valid")


def test_gunicorn_stops_instead_of_booting_failing_workers_forever(town):
    gunicorn = Path(sys.executable).with_name("gunicorn")
    if not gunicorn.exists():
        pytest.skip("gunicorn is not installed (Windows: waitress)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEARNING_MAP_")}
    env |= {"LEARNING_MAP_BUNDLE_DIR": str(town), "LEARNING_MAP_LOGIN_LOCK_SECONDS": "0"}
    done = subprocess.run([str(gunicorn), "--bind", "127.0.0.1:0", "--workers", "1", "app:app"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 4  # gunicorn's "App failed to load": the arbiter stops
    assert "Traceback" not in done.stderr
    assert done.stderr.count("error: LEARNING_MAP_LOGIN_LOCK_SECONDS: '0' is not valid") == 1
