"""
The admin pages speak one language each: 繁體 (Macau's script, the default here), 简体, English, Português.

Every admin page (sign-in, registry, site edit, the upload report with a rejected row, the
export page with a failed job, the reports queue) is rendered in each locale and its text,
less the data the test put in (names, districts, the file's cells, a citizen's message), is
checked for one script: no simplified-only character on a 繁體 page and the reverse
(tests/opencc_sets.py), no Chinese at all on an English or Portuguese page.
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from learning_map.errors import LearningMapError
from learning_map.web import admin_uploads
from learning_map.web.export_jobs import in_every_locale
from tests.e2e.test_admin import (  # noqa: F401 (fixtures)
    BUND,
    NANJING_EAST,
    admin_app,
    registry_csv,
    signed_in,
    token_of,
    upload,
)
from tests.opencc_sets import simplified_only, traditional_only

LOCALES = ("zh_Hant", "zh_Hans", "en", "pt")
# A word each page's header must show in its language: the page really is in it.
HEADER_WORD = {"zh_Hant": "站點名錄管理", "zh_Hans": "站点名录管理", "en": "Registry admin",
               "pt": "Gestão do registo de locais"}
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
# What the test itself put in the registry, the file and the reports: data, shown as given.
DATA = ["南京东路社区学校", "外滩图书馆", "南京东路街道", "外滩街道", "2025年名录.csv", "老年学习点", "老年大学",
        "缺坐标", "未知类别", "编号", "名称", "类别", "经度", "纬度", "地址", "澳门", "地址错了"]


class _Text(HTMLParser):
    """The text a reader sees (and the labels a screen reader says), less the language switch."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0  # inside <script>, <style> or the language switch

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "style") or (tag == "nav" and values.get("data-testid") == "languages"):
            self._skip += 1
        for name in ("aria-label", "title", "placeholder"):
            if values.get(name):
                self.parts.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "nav") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def interface_text(page: str) -> str:
    """The page's words, the test's data taken out."""
    parser = _Text()
    parser.feed(page)
    text = " ".join(parser.parts)
    for value in sorted(DATA, key=len, reverse=True):
        text = text.replace(value, " ")
    return text


def wrong_script(text: str, locale: str) -> list[str]:
    """The characters of ``text`` that do not belong on a ``locale`` page."""
    if locale == "zh_Hant":
        return sorted({ch for ch in text if ch in simplified_only()})
    if locale == "zh_Hans":
        return sorted({ch for ch in text if ch in traditional_only()})
    return sorted(set(CJK.findall(text)))


def rejected_as_errors(real):
    """prepare_import with each rejected row's reason an error (message id and values), as the readers give them."""

    def prepare(*args, **kwargs):
        plan = real(*args, **kwargs)
        plan.rejected["reason"] = [LearningMapError("Seats must be a whole number") for _ in plan.rejected["reason"]]
        return plan

    return prepare


def pages_in(client, admin_app, locale: str) -> dict[str, str]:  # noqa: F811
    """Every admin page in ``locale`` (chosen once with ?lang=, then kept by the session)."""
    tag = locale.replace("_", "-")
    pages = {"login": client.get(f"/admin/login?lang={tag}").get_data(as_text=True)}
    token = signed_in(client)
    pages["registry"] = client.get("/admin/registry?year=2024").get_data(as_text=True)
    client.post("/admin/site/A1/edit", data={"year": "2025", "phone": "+853 2800 0000", "csrf_token": token})
    pages["site"] = client.get("/admin/site/A1", follow_redirects=True).get_data(as_text=True)
    report = upload(client, token, registry_csv())
    assert report.status_code == 200
    pages["upload report"] = report.get_data(as_text=True)
    download = re.search(r'href="(/admin/upload/[^"]+/rejected\.csv)"', pages["upload report"]).group(1)
    pages["rejected.csv"] = client.get(download).get_data(as_text=True)
    pages["upload form"] = client.get("/admin/upload").get_data(as_text=True)
    pages["export"] = client.get("/admin/export?year=2023").get_data(as_text=True)
    pages["reports"] = client.get("/admin/reports?status=all").get_data(as_text=True)
    return pages


@pytest.fixture
def admin_with_jobs(admin_app, tmp_path, monkeypatch):  # noqa: F811
    """The admin app with a failed export of 2023 on record, a citizen's report, and readers' errors as errors."""
    monkeypatch.setattr(admin_uploads, "prepare_import", rejected_as_errors(admin_uploads.prepare_import))
    root = tmp_path / "exports-root"
    (root / "exports").mkdir(parents=True)
    admin_app.config["EXPORT_DIR"] = str(root)
    error = in_every_locale(LearningMapError("The export stopped unexpectedly ({error}); see the server log",
                                             error="OSError"))
    record = {"year": 2023, "state": "failed", "step": "data", "steps": ["coverage", "data", "map", "zip"],
              "by": "boss", "started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:01:00Z",
              "error": error}
    (root / "exports" / "2023.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    assert admin_app.test_client().post("/api/reports", json={"message": "地址错了"}).status_code == 201
    return admin_app


@pytest.mark.parametrize("locale", LOCALES)
def test_every_admin_page_reads_in_one_script(admin_with_jobs, locale, output_dir):
    pages = pages_in(admin_with_jobs.test_client(), admin_with_jobs, locale)
    rejected_csv = pages.pop("rejected.csv")
    for name, page in pages.items():
        assert f'<html lang="{locale.replace("_", "-")}">' in page, name
        text = interface_text(page)
        assert HEADER_WORD[locale] in text, (name, text[:300])
        assert not wrong_script(text, locale), (name, wrong_script(text, locale), text)
        (output_dir / f"{name.replace(' ', '-')}.html").write_text(page, encoding="utf-8")
    # The rejected row's reason and the failed export's error are said in the page's language.
    reason = {"zh_Hant": "座位數須為整數", "zh_Hans": "座位数须为整数", "en": "Seats must be a whole number",
              "pt": "O número de lugares tem de ser um número inteiro"}[locale]
    rejected = re.search(r'data-testid="rejected">(.*?)</table>', pages["upload report"], re.S).group(1)
    assert f"<td>4</td><td>{html.escape(reason)}</td>" in rejected
    assert f"4,{reason}," in rejected_csv  # the download too: in the language of the upload
    # The report answered a POST: its switch links to the report's own page, in each language.
    switch = re.search(r'data-testid="languages">(.*?)</nav>', pages["upload report"], re.S).group(1)
    assert re.search(r'href="/admin/upload/[A-Za-z0-9_-]+\?lang=en"', switch) or locale == "en"
    failure = re.search(r'data-testid="export-failure">(.*?)</p>', pages["export"], re.S).group(1)
    assert "OSError" in failure
    assert not wrong_script(failure, locale)


def test_the_language_switch_keeps_the_page_and_the_choice_lasts(admin_app):  # noqa: F811
    client = admin_app.test_client()
    # No choice, no browser language: the city's own script (Macau: 繁體).
    assert '<html lang="zh-Hant">' in client.get("/admin/login").get_data(as_text=True)
    # The browser's language when it names one of ours.
    browser = admin_app.test_client().get("/admin/login", headers={"Accept-Language": "pt-PT,pt;q=0.9"})
    assert '<html lang="pt">' in browser.get_data(as_text=True)
    signed_in(client)
    page = client.get("/admin/registry?year=2024&q=A").get_data(as_text=True)
    switch = re.search(r'data-testid="languages">(.*?)</nav>', page, re.S).group(1)
    links = dict(re.findall(r'<a href="([^"]+)" lang="([^"]+)"', switch))
    assert set(links.values()) == {"zh-Hans", "en", "pt"}  # the current one is not a link
    assert "aria-current" in switch
    english_link = html.unescape(next(href for href, tag in links.items() if tag == "en"))
    assert english_link.startswith("/admin/registry?")
    assert "year=2024" in english_link
    assert "q=A" in english_link
    # The choice lasts for the session: the next page without ?lang= is still English,
    # and so is the JSON a page polls.
    client.get(english_link)
    assert '<html lang="en">' in client.get("/admin/upload").get_data(as_text=True)
    refused = client.get("/admin/export/1999/status")
    assert refused.status_code == 404
    assert refused.json["error"]["message"] == "This year has not been exported"
    # Signing out keeps the language of the sign-in page.
    client.post("/admin/logout", data={"csrf_token": token_of(client.get("/admin/registry"))})
    assert '<html lang="en">' in client.get("/admin/login").get_data(as_text=True)


def test_errors_of_the_admin_pages_speak_the_page_language(admin_app):  # noqa: F811
    client = admin_app.test_client()
    client.get("/admin/login?lang=pt")
    refused = client.post("/admin/login", data={"username": "boss", "password": "x"})
    assert refused.status_code == 400
    assert refused.json["error"]["message"] == "O código de segurança do formulário falta ou está errado; recarregue a página"
    token = signed_in(client)
    missing = client.get("/admin/site/no-such-site")
    assert missing.json["error"]["message"] == "Local inexistente"
    bad_year = client.post("/admin/publish", data={"year": "20x5", "csrf_token": token})
    assert bad_year.json["error"]["message"] == "year tem de ser um ano como 2025"


def test_no_admin_source_holds_a_chinese_word():
    """The admin's words are all in the catalogues: no Chinese in its code or templates."""
    web = Path(__file__).resolve().parents[2] / "learning_map" / "web"
    sources = [web / f"{name}.py" for name in ("admin", "admin_auth", "admin_base", "admin_uploads",
                                               "admin_exports", "upload_jobs", "export_jobs", "expensive",
                                               "page_words")]
    sources += sorted((web / "templates" / "admin").glob("*.html"))
    found = {path.name: CJK.findall(path.read_text(encoding="utf-8")) for path in sources}
    assert not {name: chars for name, chars in found.items() if chars}
