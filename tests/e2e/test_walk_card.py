"""The printable A4 route card of a humanities walk: ``learning-map walks ... --card out.pdf``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from learning_map.export.print.cards import whole_minutes

pytestmark = pytest.mark.slow
SENADO_SQUARE = "113.5395,22.1934"
BASE_URL = "https://learning.example.org"
needs_print_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdfinfo", "pdftotext", "pdftoppm", "zbarimg")),
    reason="poppler-utils and zbar-tools are not installed (scripts/test.sh installs them)")


@needs_print_tools
def test_route_card_is_one_a4_page_with_the_stops_minutes_and_a_qr_code(runner, macau_bundle, tmp_path,
                                                                        output_dir):
    card = tmp_path / "卡.pdf"
    args = ["walks", str(macau_bundle), "--from", SENADO_SQUARE, "--minutes", "60", "--speed", "elderly",
            "--theme", "history", "--json", "--card", str(card), "--base-url", BASE_URL + "/"]
    result = runner.invoke(args)
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)  # --json stays machine-readable: the card's note goes to stderr
    assert "route card" in result.stderr
    shutil.copy(card, output_dir / "walk-card.pdf")

    info = subprocess.run(["pdfinfo", str(card)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, flags=re.MULTILINE)
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", str(card), "-"], capture_output=True, text=True, check=True).stdout
    sights = [s for s in plan["stops"] if s["kind"] == "sight"]
    # A stop's Chinese name, as text, in the card's script: Macau's own, 繁體.
    assert sights[0]["names"]["zh-Hant"] in text.replace("\n", "")
    assert "人文行走" in text
    assert "OpenStreetMap" in text
    # Each leg's minutes at adult and elderly pace, as the plan has them (whole minutes).
    first = plan["stops"][0]["leg_minutes"]
    assert f"{whole_minutes(first['adult'])} / {whole_minutes(first['elderly'])} 分鐘" in text

    # The QR code opens the same walk on the citizen page.
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(card), str(tmp_path / "card")],
                   check=True)
    shutil.copy(tmp_path / "card.png", output_dir / "walk-card.png")
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(tmp_path / "card.png")],
                             capture_output=True, text=True, check=True).stdout.split()
    assert len(decoded) == 1
    url = urlsplit(decoded[0])
    assert f"{url.scheme}://{url.netloc}" == BASE_URL
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert (query["walk"], query["walk_minutes"], query["pace"]) == ("history", "60", "elderly")
    assert (float(query["lon"]), float(query["lat"])) == (113.5395, 22.1934)


def test_card_must_be_a_pdf(runner, macau_bundle, tmp_path):
    result = runner.invoke(["walks", str(macau_bundle), "--from", SENADO_SQUARE, "--card", str(tmp_path / "x.png")],
                           catch_exceptions=True)
    assert result.exit_code == 1
    assert "--card" in result.output
    assert ".pdf" in result.output


@pytest.fixture(scope="module")
def history_walk(macau_bundle):
    """A 60-minute history walk from Senado Square, as ``walks --json`` gives it."""
    from click.testing import CliRunner

    from learning_map.cli import main

    result = CliRunner().invoke(main, ["walks", str(macau_bundle), "--from", SENADO_SQUARE, "--minutes", "60",
                                       "--theme", "history", "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@needs_print_tools
@pytest.mark.parametrize("locale", ["zh_Hant", "zh_Hans", "en", "pt"])
def test_route_card_reads_in_one_script(macau_bundle, history_walk, locale, tmp_path, output_dir):
    from learning_map.bundle.core import load_bundle
    from learning_map.export.print.cards import walk_card_document
    from learning_map.export.print.chromium import check_cjk_font, print_pages
    from tests.script_check import html_data, pdf_text, script_slips

    html = walk_card_document(load_bundle(macau_bundle), macau_bundle, history_walk, font=check_cjk_font(),
                              locale=locale)
    key = locale.replace("_", "-")
    assert f'<html lang="{key}">' in html
    card = tmp_path / "card.pdf"
    print_pages(html, card, paper="A4")
    shutil.copy(card, output_dir / f"walk-card-{locale}.pdf")
    text = pdf_text(card)
    stops = history_walk["stops"]
    names = [s["names"].get(key) or s["name"] for s in stops]
    data = [*names, *(s["names"].get("en") or "" for s in stops), *(s.get("text") or "" for s in stops)]
    assert script_slips(text, locale, data, html_data(html)) == []
    sight = next(s for s in stops if s["kind"] == "sight")
    if locale.startswith("zh"):
        # The stop's name stored for the card's script.
        assert sight["names"][key] in text.replace("\n", "")
    words = {"zh_Hant": "人文行走", "zh_Hans": "人文行走", "en": "Humanities walk", "pt": "Passeio cultural"}
    assert words[locale] in text
