"""
The docs site and the short README.

The site in ``docs/`` builds offline with warnings as errors and loads nothing from other
hosts; every section of the README before issue 19 lands in some page; every
``learning-map`` and ``./scripts`` command in the README and the guides parses (click's own
parser against the command's declared parameters) and ``--help`` of each README command
answers. Every command of a bash block in the README and the guides also RUNS, as pasted, from
a work folder laid out like the repository root, offline, on the files the repository ships
(``test_every_command_in_the_guides_runs``, marked slow: a few minutes on 2 cores); servers
start on a free port, are waited for and stopped; the commands that cannot run here are in
``NOT_RUN`` with the reason for each. The benchmark tables in ``docs/developer/benchmarks/``
carry the digest of the source they measured; a table older than its code fails.
"""

from __future__ import annotations

import importlib.util
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
from tests import _servers
from tests.conftest import free_port

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


def _shell_lines(path: Path) -> list[str]:
    """
    Each command in the file's bash code blocks as a user pastes it: continuations joined,
    the trailing ``# comment`` cut and spaces collapsed (what bash itself would run).
    """
    lines, block, fenced = [], "", False
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
        if text := " ".join(re.sub(r"\s+#\s.*$", "", block).split()):
            lines.append(text)
        block = ""
    return lines


def _shell_commands(path: Path) -> list[str]:
    """The ``learning-map`` and ``./scripts`` commands of the file's bash blocks, as words joined."""
    commands = []
    for line in _shell_lines(path):
        words = shlex.split(line, comments=True)
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


# The commands in the guides that test_every_command_in_the_guides_runs does not run, each
# with why. Every other command of a bash block in the README or a docs page runs, as pasted,
# from a work folder laid out like the repository root; a server is started on a free port
# (its --port replaced), waited for and stopped.
NOT_RUN = {
    "./scripts/demo.sh": "installs packages into .venv, then serves until stopped "
    "(its `learning-map demo`: tests/e2e/test_demo.py)",
    "./scripts/test.sh": "the whole suite, this test included; installs system packages as root",
    ".venv/bin/sphinx-build -b html docs docs/_build/html": "the build of the built_site fixture "
    "above (the same command with -W)",
    # The city office's own files: none ships with the repository.
    "learning-map import cities/macau 2025年学习点.csv --year 2025": "the office's own registry file",
    "learning-map import cities/macau 名录.xlsx --sheet 2025 --coords gcj02 --close-missing": "the "
    "office's own registry workbook",
    "learning-map import cities/macau 名录.csv --database postgresql://user@host/db": "a PostgreSQL URL",
    "learning-map import cities/macau 地址名录.xlsx --osm data/macau/macau-260220.osm.pbf": "the "
    "office's own workbook of addresses",
    "learning-map build --osm data/macau/macau-260220.osm.pbf --sites 2025年学习点.csv --year 2025 "
    "--out cities/macau": "the office's own registry file",
    "learning-map import cities/macau 名录.xlsx --year 2026": "the office's own registry workbook",
    "learning-map import cities/macau courses-2026.csv --courses --year 2026": "the office's own "
    "course list",
    "learning-map import cities/macau courses.csv --courses --year 2026 --taxonomy "
    "our-categories.toml": "the office's own course list and taxonomy",
    "learning-map coverage cities/macau --course-category 智能手机 --year 2026 --speed elderly": "the "
    "courses imported above from the office's own list",
    "learning-map gaps cities/macau --category all --course-category 书画 --year 2026": "the courses "
    "imported above from the office's own list",
    "learning-map recommend cities/macau --category library --course-category 书画 --k 3": "the "
    "courses imported above from the office's own list",
    "learning-map access cities/macau --category library --by data/macau/census2021_zones.geojson:name_tc "
    "--minutes 15 --speed elderly --decay gaussian --csv access.csv --year 2026": "seats from the "
    "office's registry (its capacity column; OpenStreetMap gives none)",
    # Admin accounts of the Shanghai example: its city folder is not in the repository.
    "learning-map user districts cities/shanghai subdistricts_8_central_districts.geojson": "a "
    "Shanghai city folder and sub-district file (not shipped)",
    "learning-map user add cities/shanghai boss --role city_admin": "asks for a password at the "
    "terminal; a Shanghai city folder",
    "learning-map user add cities/shanghai huangpu1 --role district_editor --district 外滩街道": "asks "
    "for a password at the terminal; a Shanghai city folder",
    'echo "$PASSWORD" | learning-map user add cities/shanghai bot --role city_admin '
    "--password-stdin": "a Shanghai city folder",
    "LEARNING_MAP_SECRET_KEY=\"$(python -c 'import secrets; print(secrets.token_urlsafe(32))')\" "
    "learning-map serve cities/shanghai": "a Shanghai city folder with admin accounts",
    # Printing needs Chromium and a CJK font (the [print] extra; tests/e2e print tests).
    "learning-map export cities/macau --year 2026 --out dist/2026 --by "
    "data/macau/census2021_zones.geojson:name_tc --standard gb50180 --cgcs2000 --shapefile --paper A3 "
    '--title "澳門 2026 終身學習地圖" --base-url https://learning.example.mo '
    '--publisher "澳門教育及青年發展局" --review-number "澳S(2026)001号"': "prints the poster: Chromium "
    "and a CJK font",
    "learning-map walks cities/macau --from 113.5395,22.1934 --minutes 60 --speed elderly --theme "
    "history --card walk.pdf --base-url https://learning.example.org": "prints the card: Chromium",
    "learning-map walks cities/macau --route route.csv --json": "the office's own route file",
    # Extracts of other places, a country batch and its cluster.
    "learning-map build --osm china-latest.osm.pbf --clip districts.geojson:name=黄浦区 --out "
    "cities/huangpu": "a 1.5 GB extract of China (not shipped)",
    "learning-map build --osm shanghai.osm.pbf --bbox 121.30,31.09,121.63,31.37 --basemap-max-zoom 13 "
    "--out cities/sh": "a Shanghai extract (not shipped)",
    "python scripts/bench_scale.py": "a 2-million-junction benchmark, over ten minutes "
    "(scripts/bench_docs.sh runs its quick form)",
    "learning-map serve national/ --port 8000 --max-open-cities 4": "a folder written by the "
    "country batch below",
    "learning-map batch cities.csv --osm china-latest.osm.pbf --out national/ --population "
    "census_zones.gpkg:pop --elderly-share old_share --standard gb50180": "an extract of China and "
    "census files (not shipped)",
    "learning-map batch boundaries.gpkg:name --osm province.osm.pbf --out national/ --workers 8": "a "
    "province's extract and boundaries (not shipped)",
    "learning-map batch cities.csv --osm /shared/china.osm.pbf --out /shared/national --scheduler "
    "tcp://scheduler:8786": "a Dask cluster",
    # Planner files of one's own.
    "learning-map recommend cities/macau --category library --candidates plots.gpkg --out "
    "picks.gpkg": "the planner's own candidate plots",
    "learning-map scorecard cities/macau --by data/macau/census2021_zones.geojson:name_tc --parent "
    "parishes.gpkg:name --standard national-elderly --csv": "a parish layer (not shipped; "
    "../shared/data/macau/parishes.gpkg)",
    "learning-map scorecard cities/macau --by data/macau/census2021_zones.geojson:name_tc --population "
    "zones2035.geojson:pop_2035 --elderly-share old_2035": "the planner's own population forecast",
    # The map pack: an office's own boundary file.
    "learning-map export cities/shanghai --year 2026 --out dist/2026 --by zones.gpkg:name --boundaries "
    "上海市行政区划.gpkg:name --boundaries-source \"上海市规划和自然资源局 标准地图\" --review-number "
    "\"沪S(2026)001号\"": "an office's own administrative boundaries and a Shanghai city",
}
GUIDE_COMMAND_SECONDS = 600  # one command; a build of Macau takes under a minute on 2 busy cores


def _guide_files() -> list[Path]:
    return [README, *sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)]


@pytest.fixture(scope="module")
def guide_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """
    A folder laid out like the repository root (its data/macau, .venv, scripts, app.py and
    a copy of docs/) with the environment of an activated .venv, offline; Macau built and its
    registry imported as in the README's tasks 1 and 5, so every page can start from it.
    """
    work = tmp_path_factory.mktemp("guides")
    (work / "data").mkdir()
    (work / "data" / "macau").symlink_to(ROOT / "data" / "macau", target_is_directory=True)
    (work / "scripts").symlink_to(ROOT / "scripts", target_is_directory=True)
    (work / ".venv").symlink_to(Path(sys.executable).parents[1], target_is_directory=True)
    (work / "app.py").write_bytes((ROOT / "app.py").read_bytes())
    unreachable = "http://network-disabled.invalid:9"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(Path(sys.executable).parents[1]),
        "http_proxy": unreachable,
        "https_proxy": unreachable,
        "HTTP_PROXY": unreachable,
        "HTTPS_PROXY": unreachable,
        "no_proxy": "127.0.0.1,localhost",
        "NO_PROXY": "127.0.0.1,localhost",
    }
    readme = _shell_lines(README)
    for line in [c for c in readme if c.startswith(("learning-map build", "learning-map import"))]:
        done = _run_line(line, work, env)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        _RAN.add(line)
    return work, env


# Commands already run with success in this session: a command pasted in two guides (the
# Chinese pages repeat the English ones) runs once.
_RAN: set[str] = set()


def _run_line(line: str, work: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", line], cwd=work, env=env, capture_output=True, text=True,
                          timeout=GUIDE_COMMAND_SECONDS, check=False)


def _on_port(line: str, port: int) -> str | None:
    """The server command ``line`` on ``port`` instead of its own (or None: not a server)."""
    if "learning-map serve " in line:
        return re.sub(r"\s--port\s+\d+", "", line) + f" --port {port}"
    if "waitress-serve " in line:
        return line.replace("waitress-serve ", f"waitress-serve --port={port} ")
    return None


@pytest.mark.slow
@pytest.mark.parametrize("guide", [str(p.relative_to(ROOT)) for p in _guide_files()
                                   if _shell_lines(p)])
def test_every_command_in_the_guides_runs(guide: str, guide_folder: tuple[Path, dict[str, str]]) -> None:
    work, env = guide_folder
    failed: list[str] = []
    server: subprocess.Popen | None = None
    port = 0
    try:
        for line in _shell_lines(ROOT / guide):
            if line in NOT_RUN or line in _RAN:
                continue
            if line.startswith("curl "):  # asks the server the line above started
                assert server is not None, f"{guide}: {line}: no server started above it"
                line = line.replace("127.0.0.1:8000", f"127.0.0.1:{port}").replace(
                    "curl ", "curl --fail --silent --show-error --output /dev/null ", 1)
            elif server is not None:
                _servers.stop(server)
                server = None
            if (serve := _on_port(line, candidate := free_port())) is not None:
                port = candidate
                server = _servers.start(["bash", "-c", serve], cwd=work, env=env)
                if not _servers.serving(f"http://127.0.0.1:{port}/", server):
                    failed.append(f"{line}\n  exited {server.returncode}:\n{_servers.output_of(server)}")
                continue
            done = _run_line(line, work, env)
            if done.returncode != 0:
                failed.append(f"{line}\n  exit {done.returncode}:\n{(done.stdout + done.stderr)[-2000:]}")
            elif not line.startswith("curl "):
                _RAN.add(line)
    finally:
        if server is not None:
            _servers.stop(server)
    assert failed == [], f"{guide}: commands that fail as pasted:\n" + "\n".join(failed)


def test_the_list_of_commands_not_run_names_only_commands_of_the_guides() -> None:
    lines = {line for p in _guide_files() for line in _shell_lines(p)}
    assert sorted(set(NOT_RUN) - lines) == []


def _docs_table_module():
    """scripts/docs_table.py, the one place that writes and digests the benchmark tables."""
    spec = importlib.util.spec_from_file_location("docs_table", ROOT / "scripts" / "docs_table.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_benchmark_writes_its_table_into_the_docs() -> None:
    tables = _docs_table_module()
    for script in sorted((ROOT / "scripts").glob("bench_*.py")):
        text = script.read_text(encoding="utf-8")
        assert "add_option(" in text, f"{script.name}: no --write-docs option"
        measures = tables.declared_measures(script)
        assert measures, f"{script.name}: no DOCS_MEASURES (the modules it measures, by name)"
        tables.source_digest(measures)  # every name resolves


@pytest.mark.parametrize(
    "table", sorted(p.name for p in (DOCS / "developer" / "benchmarks").glob("*.md"))
)
def test_no_benchmark_table_is_older_than_the_code_it_measures(table: str) -> None:
    tables = _docs_table_module()
    script, digest = tables.recorded(DOCS / "developer" / "benchmarks" / table)
    assert script is not None, f"{table}: no header; run {tables.REFRESH}"
    assert digest is not None, f"{table}: no source digest; run {tables.REFRESH}"
    current = tables.source_digest(tables.declared_measures(ROOT / script))
    assert digest == current, (
        f"docs/developer/benchmarks/{table} measured other source than today's modules of "
        f"{script} (digest {digest}, now {current}): refresh it with `{tables.REFRESH}`."
    )


def test_every_benchmark_table_is_on_a_docs_page() -> None:
    pages = "".join(p.read_text(encoding="utf-8") for p in DOCS.rglob("*.md") if p.parent.name != "benchmarks")
    missing = [p.name for p in (DOCS / "developer" / "benchmarks").glob("*.md")
               if f"benchmarks/{p.name}" not in pages]
    assert missing == []
