"""
Data is never code and a bundle is never half-written: hostile names, killed builds,
damaged bundles and formula-like text, each tried the way a user (or an attacker) would.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from learning_map.bundle.core import CURRENT_FILE, load_bundle, verify_bundle
from tests import _servers
from tests.conftest import (
    IMG_XSS,
    JINJA_EXPR,
    JS_LINK,
    MACAU_ZONES,
    SCRIPT_XSS,
    hostile_osm,
    hostile_registry,
    jinja_rce,
)

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CITY_NAME = f"<b>{JINJA_EXPR}</b>{{% raw %}}"


def cli(*args: str, check: bool = True, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "learning_map", *args], capture_output=True,
                            text=True, timeout=600, cwd=cwd)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    """A city whose OSM names and registry rows are attack payloads, built and mapped by the CLI."""
    root = tmp_path_factory.mktemp("hostile")
    marker = root / "PWNED"
    osm = hostile_osm(root / "city.osm", marker)
    registry = hostile_registry(root / "registry.csv", marker)
    bundle = root / JINJA_EXPR  # the folder name is a payload too
    cli("build", "--osm", str(osm), "--sites", str(registry), "--add-osm-sites",
        "--name", CITY_NAME, "--out", str(bundle), cwd=root)
    html = root / "map.html"
    cli("map", str(bundle), "--out", str(html), cwd=root)
    return {"root": root, "marker": marker, "bundle": bundle, "html": html}


def map_data(html: str) -> dict:
    block = re.search(r'<script id="lm-data" type="application/json">(.*?)</script>', html, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_hostile_names_reach_the_map_file_as_data_only(hostile):
    html = hostile["html"].read_text(encoding="utf-8")
    assert not hostile["marker"].exists(), "a site name ran a shell command"
    data = map_data(html)
    names = {s["name"] for c in data["categories"] for s in c["sites"]}
    marker = hostile["marker"]
    assert {JINJA_EXPR, IMG_XSS, jinja_rce(marker), JINJA_EXPR + " 图书馆"} <= names
    assert data["title"].startswith(CITY_NAME)
    # Nowhere in the file does a payload appear as markup: only escaped, or \u-escaped in JSON.
    assert IMG_XSS not in html
    assert "<script>alert(1)" not in html
    assert "<b>{{" not in html
    assert "&lt;b&gt;{{7*7}}&lt;/b&gt;" in html  # the title, escaped by the template
    assert ">49<" not in html
    assert "49 图书馆" not in names


def test_hostile_map_in_chromium_shows_text_and_fires_nothing(hostile, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (scripts/test.sh installs it)")
    from playwright.sync_api import sync_playwright

    out = Path(__file__).resolve().parents[2] / "test-output" / "hostile-map"
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 760})
        dialogs, requests = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(hostile["html"].as_uri())
        page.wait_for_selector("body[data-ready='1']")
        assert page.locator("#title").text_content().startswith(CITY_NAME)
        assert page.title().startswith(CITY_NAME)
        legend = page.locator("#legend").inner_text()
        assert "图书馆" in legend  # the map's one language (its city's script)
        # Open every site's popup: each name shows as text, and no javascript: link is made.
        texts = page.evaluate("""() => {
            const out = [];
            document.querySelectorAll('.leaflet-control-layers-selector')
                .forEach((box) => { if (!box.checked) box.click(); });
            // Each site on its own (sites a few metres apart share a cluster until street zoom).
            for (let row = 0; row < window.learningSites.total; row += 1) {
                const layer = window.learningSites.reveal(row);
                layer.openPopup();
                const box = layer.getPopup().getElement().querySelector('.leaflet-popup-content');
                out.push({text: box.textContent,
                          hrefs: Array.from(box.querySelectorAll('a')).map((a) => a.href)});
            }
            return out;
        }""")
        page.screenshot(path=str(out / "popup.png"))
        browser.close()
    joined = " ".join(t["text"] for t in texts)
    assert JINJA_EXPR in joined
    assert IMG_XSS in joined
    assert SCRIPT_XSS in joined
    assert JS_LINK in joined  # shown as text...
    assert all(not h.startswith("javascript:") for t in texts for h in t["hrefs"])  # ...never a link
    assert dialogs == []
    assert not hostile["marker"].exists()
    assert all(u.startswith(("file://", "data:")) for u in requests), requests


def test_rejected_rows_and_coverage_csv_are_formula_safe(hostile, tmp_path):
    # The registry row named =HYPERLINK(...) was loaded; make one rejected to see the report.
    registry = tmp_path / "bad.csv"
    registry.write_text(
        "name,category,lon,lat,address\n"
        '"=HYPERLINK(""http://evil"",""click"")",library,abc,22.19,@SUM(1)\n'
        "\t=cmd,library,113.5412,22.1912,+853 2835 1234\n"
        "ok,library,113.5412,22.1912,x\n",
        encoding="utf-8",
    )
    bundle = tmp_path / "b"
    result = cli("build", "--osm", str(hostile["root"] / "city.osm"), "--sites", str(registry),
                 "--out", str(bundle))
    assert "Rejected 1 sites" in result.stderr
    report = bundle / "rejected_sites.csv"
    raw = report.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in raw
    assert "'@SUM(1)" in raw
    frame = pd.read_csv(report, dtype=str, encoding="utf-8-sig")
    assert all(not str(v).startswith(("=", "@", "+", "-")) for v in frame.to_numpy().ravel())
    # The leading tab is kept; the cell was loaded, not re-armed as =cmd.
    assert "\t=cmd" in load_bundle(bundle).sites["name"].tolist()

    units = tmp_path / "units.geojson"
    units.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "=1+2", "zh": "-cmd"},
        "geometry": {"type": "Polygon", "coordinates": [[[113.539, 22.189], [113.545, 22.189],
                                                        [113.545, 22.195], [113.539, 22.195],
                                                        [113.539, 22.189]]]},
    }]}), encoding="utf-8")
    zones = tmp_path / "zones.geojson"
    zones.write_text(units.read_text(encoding="utf-8").replace('"=1+2"', "1000"), encoding="utf-8")
    popbundle = tmp_path / "p"
    cli("build", "--osm", str(hostile["root"] / "city.osm"), "--sites", str(registry),
        "--population", f"{zones}:name", "--out", str(popbundle))
    csv_text = cli("coverage", str(popbundle), "--by", f"{units}:name", "--csv").stdout
    table = pd.read_csv(pd.io.common.StringIO(csv_text), dtype=str)
    assert set(table["unit"]) == {"'=1+2", "City total / 全市合计"}
    assert list(table.columns[:2]) == ["unit", "category"]  # one tidy table, one header


def test_xlsx_from_openpyxl_keeps_formula_text_as_text(tmp_path):
    """The registry reader's view of a guarded cell: typed text, never a formula."""
    from learning_map.base.safety import formula_safe

    book = openpyxl.Workbook()
    sheet = book.active
    for row, text in enumerate(['=HYPERLINK("http://evil","x")', "@SUM(1)", "+853 2835 1234"], 1):
        cell = sheet.cell(row=row, column=1, value=formula_safe(text))
        cell.data_type = "s"
    path = tmp_path / "t.xlsx"
    book.save(path)
    cells = [c[0] for c in openpyxl.load_workbook(path).active.iter_rows()]
    assert [c.data_type for c in cells] == ["s", "s", "s"]
    assert cells[2].value == "+853 2835 1234"


# -- a bundle is never half-written ---------------------------------------------------------

BUILD_STEPS = ("walk network", "sites", "population", "write network/", "write sites.geojson",
               "write demand.npz", "write places.json", "commit")


@pytest.fixture
def macau_copy(macau_bundle, tmp_path) -> Path:
    copy = tmp_path / "macau"
    shutil.copytree(macau_bundle, copy)
    return copy


def coverage_answer(bundle: Path) -> dict:
    """``coverage --json`` in-process (CliRunner): the answer a user would get."""
    from click.testing import CliRunner

    from learning_map.cli import main

    result = CliRunner().invoke(main, ["coverage", str(bundle), "--json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_killed_build_leaves_the_old_bundle_answering(macau_copy, macau_pbf):
    before = coverage_answer(macau_copy)
    current_before = (macau_copy / CURRENT_FILE).read_text()
    args = [sys.executable, "-m", "learning_map", "-v", "build", "--osm", str(macau_pbf),
            "--population", f"{MACAU_ZONES}:pop_est", "--elderly-share", "old_per",
            "--name", "Macau 澳门", "--out", str(macau_copy)]
    killed_at = []
    for step in BUILD_STEPS:
        with _servers.started(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True) as proc:
            assert proc.stderr is not None
            for line in proc.stderr:
                if line.rstrip().endswith(f"build: {step}"):
                    proc.send_signal(signal.SIGKILL)  # right as the build reports this step
                    killed_at.append(step)
                    break
            proc.wait()
        assert proc.returncode == -signal.SIGKILL, f"build finished before {step!r}"
        bundle = load_bundle(macau_copy)  # loads: never a truncated or mixed city
        assert coverage_answer(macau_copy) == before
        if step != "commit":  # up to the switch, the old build stays current
            assert (macau_copy / CURRENT_FILE).read_text() == current_before
        assert bundle.meta["nodes"] == 15173
        verify_bundle(macau_copy)
    assert killed_at == list(BUILD_STEPS)
    # A build that finishes replaces the old one and leaves no unfinished builds behind.
    cli("build", "--osm", str(macau_pbf), "--out", str(macau_copy), "--name", "Macau 澳门")
    builds = sorted(p.name for p in (macau_copy / "builds").iterdir())
    assert builds == [(macau_copy / CURRENT_FILE).read_text().strip()]
    assert load_bundle(macau_copy).demand is None


def test_damaged_bundles_give_one_sentence(macau_copy, tmp_path):
    build = macau_copy / "builds" / (macau_copy / CURRENT_FILE).read_text().strip()
    # Same size, one byte changed: loads (cheap checks) but verify finds it.
    places = build / "places.json"
    text = places.read_bytes()
    places.write_bytes(text[:10] + (b"X" if text[10:11] != b"X" else b"Y") + text[11:])
    result = cli("verify", str(macau_copy), check=False)
    assert result.returncode == 1
    assert "places.json does not match its SHA-256" in result.stderr
    assert "Traceback" not in result.stderr
    places.write_bytes(text)
    cli("verify", str(macau_copy))

    # Truncated network: one sentence from coverage, serve and verify.
    network = build / "network" / "edge_coords.npy"
    whole = network.read_bytes()
    network.write_bytes(whole[: len(whole) // 2])
    for command in (["coverage", str(macau_copy)], ["verify", str(macau_copy)],
                    ["serve", str(macau_copy), "--port", "9"]):
        result = cli(*command, check=False)
        assert result.returncode == 1, command
        assert "is damaged" in result.stderr
        assert "损坏" in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1

    # Same-size files from another city: the counts in meta.json do not match.
    network.write_bytes(whole)
    meta = json.loads((build / "meta.json").read_text(encoding="utf-8"))
    meta["nodes"] += 1
    (build / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    result = cli("coverage", str(macau_copy), check=False)
    assert result.returncode == 1
    assert "meta.json says" in result.stderr

    # A pointer to a build that is not there.
    (macau_copy / CURRENT_FILE).write_text("20990101T000000Z-abcdef\n")
    result = cli("coverage", str(macau_copy), check=False)
    assert result.returncode == 1
    assert "names no complete build" in result.stderr


def test_empty_registry_refuses_to_build_unless_asked(hostile, tmp_path):
    registry = tmp_path / "empty.csv"
    registry.write_text("名称,类别,经度,纬度\n", encoding="utf-8")
    out = tmp_path / "b"
    result = cli("build", "--osm", str(hostile["root"] / "city.osm"), "--sites", str(registry),
                 "--out", str(out), check=False)
    assert result.returncode == 1
    assert "No learning sites" in result.stderr
    assert "--allow-empty" in result.stderr
    assert not out.exists() or not (out / CURRENT_FILE).exists()
    cli("build", "--osm", str(hostile["root"] / "city.osm"), "--sites", str(registry),
        "--out", str(out), "--allow-empty")
    assert len(load_bundle(out).sites) == 0


def test_hostile_osm_names_through_the_api_and_page(hostile):
    """The same hostile city served: JSON carries the payloads verbatim, the page escapes them."""
    from learning_map.web import create_app

    client = create_app(hostile["bundle"]).test_client()
    names = {f["properties"]["name"] for f in client.get("/api/sites").get_json()["features"]}
    assert {JINJA_EXPR, IMG_XSS, jinja_rce(hostile["marker"])} <= names
    found = client.get("/api/search", query_string={"q": "{{7*7}}"}).get_json()["results"]
    assert any(r["name"].startswith(JINJA_EXPR) for r in found)  # OSM place and street names too
    page = client.get("/").get_data(as_text=True)
    assert "&lt;b&gt;{{7*7}}&lt;/b&gt;" in page  # the city name, escaped
    assert "<b>{{7*7}}" not in page
    assert not hostile["marker"].exists()
