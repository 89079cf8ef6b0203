"""
The docs site and the short README.

The site in ``docs/`` builds offline with warnings as errors and loads nothing from other
hosts; every section of the README before issue 19 lands in some page; every
``learning-map`` and ``./scripts`` command in the README and the guides parses. Parsing is
checked with click's own parser against the command's declared parameters (the command
exists, every option exists and gets its value, no extra arguments) and ``--help`` of each
command answers; the commands are not run, since the README's five tasks alone take about a
minute (their outputs were checked by hand when the README was written).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from learning_map.cli import main
from learning_map.web.config import settings_table

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"

# The headings of the README before issue 19 moved its text into docs/ (commit 562b98d):
# each must still be a heading of the README or of a docs page, word for word.
README_HEADINGS_BEFORE_ISSUE_19 = [
    "learning-map · 15分钟学习圈",
    "Two commands",
    "Using it on your city",
    "City bundles on disk",
    "Big cities: cut from a big extract, 2 million nodes on one machine (大城市)",
    "Security (what the project guarantees, and how it is tested)",
    "Serving and settings (部署与设置)",
    "The citizen web map (网页地图)",
    "Many cities from one server (一个服务多个城市)",
    "Open now and step-free walks (开放时间、无台阶步行)",
    "Humanities walks (人文行走)",
    "Search, site names, site pages (搜索、名称、场所页面)",
    "Registry files (站点名录)",
    "Sites from OpenStreetMap",
    "Population (居民)",
    "Registry store (站点名录数据库)",
    "Same site, merging, elderly centres, `--coords auto`, addresses "
    "(名称归一、合并、长者中心、坐标系自动判断、地址定位)",
    "Courses (课程)",
    "Admin (站点名录管理)",
    "Planner tools (规划工具)",
    "Access score (可达性：每千人座位数)",
    "The planner page (规划页面, `/planner`)",
    "Yearly learning map (年度学习地图导出)",
    "Export from the admin page, and the public downloads page (后台导出与公开下载)",
    "The printed poster and booklets (海报与分区手册)",
    "A whole country on Dask (全国批量构建)",
    "How the coverage engine works",
    "Benchmarks (measured on this project's 2-core, 24 GiB machine)",
    "Layout",
]

README_MAX_LINES = 200
SCREENSHOT_MAX_BYTES = 150 * 1024
# Sphinx's own footer links to its and the theme's home pages: links a reader may follow,
# not resources the page loads.
_RESOURCE_TAGS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src"}


def _markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.rglob("*.md"))]


def _headings(path: Path) -> set[str]:
    found, fenced = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and (m := re.match(r"^#{1,6} (.+?)\s*$", line)):
            found.add(m.group(1))
    return found


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the site once, offline: any fetch would go to an address that does not exist."""
    out = tmp_path_factory.mktemp("docs") / "html"
    unreachable = "http://network-disabled.invalid:9"
    env = {
        **os.environ,
        "http_proxy": unreachable,
        "https_proxy": unreachable,
        "HTTP_PROXY": unreachable,
        "HTTPS_PROXY": unreachable,
        "no_proxy": "",
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(out.parent / "doctrees"),
            str(DOCS),
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"sphinx-build failed:\n{result.stdout}\n{result.stderr}"
    return out


def test_docs_build_offline_with_warnings_as_errors(built_site: Path) -> None:
    # The generated references are there: every command of the click group and the API.
    cli_page = (built_site / "reference" / "cli.html").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"learning-map {name}" in cli_page, name
    api_page = (built_site / "reference" / "api.html").read_text(encoding="utf-8")
    for name in (
        "learning_map.build_from_files",
        "learning_map.CoverageModel",
        "learning_map.open_store",
    ):
        assert f'id="{name}"' in api_page, name
    conf = (DOCS / "conf.py").read_text(encoding="utf-8")
    assert "intersphinx" not in conf.replace("# No intersphinx", "")


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = _RESOURCE_TAGS.get(tag)
        for key, value in attrs:
            if key == wanted and value:
                self.urls.append(value)


def test_built_site_loads_nothing_from_other_hosts(built_site: Path) -> None:
    remote = []
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        remote += [f"{page.name}: {u}" for u in parser.urls if re.match(r"(?i)(https?:)?//", u)]
    for sheet in sorted(built_site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        remote += [
            f"{sheet.name}: {m}"
            for m in re.findall(r"""(?i)(?:url\(|@import)\s*["']?((?:https?:)?//[^"')\s]+)""", text)
        ]
    assert remote == []


@pytest.mark.parametrize("heading", README_HEADINGS_BEFORE_ISSUE_19)
def test_every_section_of_the_old_readme_has_a_home(heading: str) -> None:
    homes = [p.relative_to(ROOT) for p in _markdown_files() if heading in _headings(p)]
    assert homes, f"no README or docs heading {heading!r}"


def test_readme_is_short_and_its_links_and_screenshot_exist() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= README_MAX_LINES
    targets = re.findall(r"\]\(([^)#\s]+)\)", text) + re.findall(r'src="([^"]+)"', text)
    local = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert local
    assert [t for t in local if not (ROOT / t).exists()] == []
    shots = [ROOT / t for t in local if t.endswith(".png")]
    assert shots
    assert all(s.stat().st_size <= SCREENSHOT_MAX_BYTES for s in shots)


def _shell_commands(path: Path) -> list[str]:
    """Each command line in the file's bash code blocks (continuations joined, comments cut)."""
    commands, block, fenced = [], "", False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = line.strip() == "```bash" if not fenced else False
            continue
        if not fenced:
            continue
        block += line.rstrip()
        if block.endswith("\\"):
            block = block[:-1] + " "
            continue
        words = shlex.split(block, comments=True)
        block = ""
        while words and re.match(r"^[A-Z_]+=", words[0]):  # VAR=value learning-map ...
            words.pop(0)
        if words and (words[0] == "learning-map" or words[0].startswith("./scripts/")):
            commands.append(shlex.join(words))
    return commands


def _check_parses(words: list[str]) -> list[str]:
    """The click command path of ``learning-map ARGS``; fails the test if click would refuse it."""
    command: click.Command = main
    path: list[str] = []
    args = words[1:]
    while isinstance(command, click.Group):
        assert args, f"{shlex.join(words)}: no command after {path}"
        assert args[0] in command.commands, f"{shlex.join(words)}: no command {args[0]!r}"
        path.append(args.pop(0))
        command = command.commands[path[-1]]
    # Placeholders the docs write for optional parts, e.g. "[--replace]".
    args = [a.strip("[]") for a in args if a not in {"...", "…"}]
    ctx = click.Context(command, info_name=path[-1])
    try:
        _, extra, _ = command.make_parser(ctx).parse_args(args=args)
    except click.UsageError as error:
        pytest.fail(f"{shlex.join(words)}: {error.format_message()}")
    assert not extra, f"{shlex.join(words)}: extra arguments {extra}"
    return path


def _all_commands() -> list[tuple[str, str]]:
    return [(str(p.relative_to(ROOT)), c) for p in _markdown_files() for c in _shell_commands(p)]


def test_readme_has_the_two_commands_and_the_five_tasks() -> None:
    commands = _shell_commands(README)
    assert "./scripts/demo.sh" in commands
    assert "./scripts/test.sh" in commands
    assert len([c for c in commands if c.startswith("learning-map")]) >= 5
    # Every file a README command reads is shipped in the repository.
    for command in commands:
        for word in shlex.split(command):
            for part in re.split(r"[=,]", word):
                path = part.split(":")[0]
                if path.startswith("data/"):
                    assert (ROOT / path).exists(), f"{command}: {path} is not in the repository"


@pytest.mark.parametrize(("where", "command"), _all_commands())
def test_every_command_in_the_readme_and_the_guides_parses(where: str, command: str) -> None:
    words = shlex.split(command)
    if words[0].startswith("./scripts/"):
        script = ROOT / words[0]
        assert script.is_file(), f"{where}: {words[0]} does not exist"
        assert os.access(script, os.X_OK), f"{where}: {words[0]} is not executable"
        subprocess.run(["bash", "-n", str(script)], check=True)
        return
    _check_parses(words)


def test_help_of_every_command_in_the_readme_answers() -> None:
    runner = CliRunner()
    paths = {
        tuple(_check_parses(shlex.split(c)))
        for c in _shell_commands(README)
        if c.startswith("learning-map")
    }
    for path in sorted(paths):
        result = runner.invoke(main, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage: " in result.output


def test_the_settings_table_in_the_operator_guide_is_the_schemas() -> None:
    # The table is written by the code, so the guide cannot describe settings the server lacks.
    guide = (DOCS / "operator" / "serving.md").read_text(encoding="utf-8")
    assert settings_table() in guide, (
        "docs/operator/serving.md: paste the output of "
        "`python -c 'from learning_map.web.config import settings_table; print(settings_table())'`"
    )


def test_every_path_in_the_readme_layout_exists() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    paths = [line.split()[0] for line in block.splitlines() if line.strip()]
    assert "learning_map/" in paths
    assert [p for p in paths if not (ROOT / p).exists()] == []
