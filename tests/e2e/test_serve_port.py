"""`learning-map serve` on a port another program holds: one bilingual sentence, exit 1."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_busy_port_is_one_sentence(macau_bundle):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "learning_map", "serve", str(macau_bundle), "--port", str(port)],
            capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONWARNINGS": "error"},
        )
    output = (result.stdout + result.stderr).strip()
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "Serving" not in output  # no "started" line before the failure
    assert len(output.splitlines()) == 1, output
    assert f"port {port}" in output
    assert " / " in output  # English / 中文
