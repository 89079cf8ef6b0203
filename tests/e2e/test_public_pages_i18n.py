"""
Issue 20 on Macau: the site page, its 404, the downloads page and the API errors speak one
language, chosen like the citizen page's (``?lang=``, then ``Accept-Language``, else the
city's script), every word from the catalogues, in one script (tests/script_check.py).
"""

from __future__ import annotations

import re

import pytest

from learning_map.base.i18n import gettext, locales
from learning_map.city.categories import CATEGORIES
from learning_map.web.service import EXTENSION_KEY
from tests.script_check import assert_one_script

TAGS = {"zh_Hans": "zh-Hans", "zh_Hant": "zh-Hant", "en": "en", "pt": "pt"}


def site_data(props: dict) -> set[str]:
    """The data a site page shows as stored: names in every script, address, phone, raw hours."""
    names = set(props["names"].values()) | {props["name"]}
    return names | {props.get(k) or "" for k in ("address", "phone", "website", "opening_hours")}


@pytest.fixture(scope="module")
def sample_sites(app):
    """Sites with Portuguese names, courses or hours first: the page's every part, twenty in all."""
    svc = app.extensions[EXTENSION_KEY]
    features = svc.site_features
    ranked = sorted(range(len(features)), key=lambda i: (not features[i]["properties"]["names"].get("pt"),
                                                         not features[i]["properties"].get("opening_hours")))
    return [features[i]["properties"] for i in ranked[:20]]


@pytest.mark.parametrize("locale", locales())
def test_the_site_page_reads_in_one_language(client, sample_sites, locale):
    tag = TAGS[locale]
    for props in sample_sites:
        response = client.get(f"/site/{props['site_id']}", query_string={"lang": tag})
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert f'<html lang="{tag}">' in page
        assert_one_script(page, locale, site_data(props))
        label = CATEGORIES[props["category"]].label(locale)
        assert f'<p class="category" data-category="{props["category"]}">{label}</p>' in page
        assert gettext("Opening hours", locale=locale) in page
        assert gettext("View on the map", locale=locale) in page
        # The four languages are offered, the page's own marked current.
        links = re.findall(r'<a lang="([^"]+)" hreflang', page)
        assert sorted([*links, tag]) == sorted(TAGS.values())


def test_a_portuguese_site_page_shows_the_portuguese_name_first(client, sample_sites):
    props = next(p for p in sample_sites if p["names"].get("pt"))
    page = client.get(f"/site/{props['site_id']}?lang=pt").get_data(as_text=True)
    assert re.search(r'<h1 data-testid="site-name">([^<]*)</h1>', page).group(1) == \
        props["names"]["pt"].replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")
    assert "Horário" in page
    assert "Ver no mapa" in page


@pytest.mark.parametrize(("headers", "query", "locale"), [
    ({}, {}, "zh_Hant"),  # Macau's own script when the browser names no language
    ({"Accept-Language": "pt-PT,pt;q=0.9"}, {}, "pt"),
    ({"Accept-Language": "zh-CN"}, {}, "zh_Hans"),
    ({"Accept-Language": "zh-CN"}, {"lang": "en"}, "en"),  # ?lang= wins
])
def test_the_site_page_language_is_chosen_like_the_citizen_page(client, sample_sites, headers, query, locale):
    page = client.get(f"/site/{sample_sites[0]['site_id']}", headers=headers, query_string=query)
    assert f'<html lang="{TAGS[locale]}">' in page.get_data(as_text=True)


@pytest.mark.parametrize("locale", locales())
def test_the_404_and_downloads_pages_read_in_one_language(client, locale):
    tag = TAGS[locale]
    missing = client.get("/site/no-such-site", query_string={"lang": tag})
    assert missing.status_code == 404
    page = missing.get_data(as_text=True)
    assert f'<html lang="{tag}">' in page
    assert gettext("No such site", locale=locale) in page
    assert_one_script(page, locale, {"no-such-site"})
    downloads = client.get("/downloads", query_string={"lang": tag})
    assert downloads.status_code == 200
    page = downloads.get_data(as_text=True)
    assert f'<html lang="{tag}">' in page
    assert gettext("Nothing to download yet", locale=locale) in page
    assert_one_script(page, locale)


@pytest.mark.parametrize("locale", locales())
def test_api_errors_speak_the_asked_language(client, locale):
    tag = TAGS[locale]
    body = client.get("/api/reachable", query_string={"lon": "x", "lat": "22.19", "lang": tag}).get_json()
    assert body["error"]["message"] == gettext("{value!r} is not a number (ASCII digits)",
                                               locale=locale).format(value="x")
    assert body["error"]["message_id"] == "{value!r} is not a number (ASCII digits)"
    missing = client.get("/api/no-such-endpoint", query_string={"lang": tag}).get_json()
    assert missing["error"]["message"] == gettext("Not found", locale=locale)
    assert_one_script(str(body) + str(missing), locale)


@pytest.mark.parametrize("locale", locales())
def test_the_citizen_page_is_served_in_the_asked_language(client, app, locale):
    """Its first paint (and a reader without script) in the locale; app.js applies the same words."""
    tag = TAGS[locale]
    page = client.get("/", query_string={"lang": tag}).get_data(as_text=True)
    assert f'<html lang="{tag}">' in page
    assert f"<h1 data-i18n=\"title\">{gettext('15-minute learning circle', locale=locale)}</h1>" in page
    assert f'<option value="{tag}" lang="{tag}" selected>' in page
    assert '<meta name="description"' in page
    assert "<noscript>" in page
    # Each language of the choice is named in itself (lang="..."), so the choice is found by all.
    assert_one_script(page, locale, set(app.extensions[EXTENSION_KEY].city_names.values()))
