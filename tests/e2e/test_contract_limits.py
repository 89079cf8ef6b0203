"""
The API contract holds at its edges: an invalid parameter is a 400 even in an over-long URL,
the search pattern means what the server does in every regex dialect, and the planner's
``close`` limit is one a URL can carry.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from urllib.parse import quote, urlencode

import pytest

from learning_map.web.limits import MAX_URL_BYTES, SEARCH_PATTERN
from tests.conftest import running_server


def parameter(spec, path: str, name: str) -> dict:
    return next(p for p in spec["paths"][path]["get"]["parameters"] if p["name"] == name)


# ------------------------------------------------------------------ 400, not 414


@pytest.mark.parametrize("query", [
    "bbox=" + "x" * 5000,
    "bbox=" + "1," * 2500,
    "course_category=" + quote("é") * 900,  # 900 characters, 5,400 bytes encoded
    "category=library&course_category=" + "z" * 4200,
])
def test_an_invalid_parameter_in_an_over_long_url_is_400_naming_it(client, query):
    assert len("/api/sites?" + query) > MAX_URL_BYTES
    response = client.get("/api/sites?" + query)
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    error = response.json["error"]
    assert error["parameter"] == query.split("=")[0] if not query.startswith("category=") else "course_category"
    assert " / " in error["message"]


def test_a_valid_request_over_the_length_is_still_414(client):
    # Undocumented parameters are ignored by the API, so only the length is wrong.
    response = client.get("/api/sites?category=library&padding=" + "p" * MAX_URL_BYTES)
    assert response.status_code == 414


def test_over_long_invalid_parameters_are_400_through_gunicorn(macau_bundle):
    with running_server(macau_bundle, "--workers", "1") as base:
        for query, name in (("bbox=" + "x" * 5000, "bbox"),
                            ("course_category=" + quote("é") * 900, "course_category")):
            with pytest.raises(urllib.error.HTTPError) as info:
                urllib.request.urlopen(f"{base}/api/sites?{query}", timeout=30)
            assert info.value.code == 400
            assert json.loads(info.value.read())["error"]["parameter"] == name
            info.value.close()
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"{base}/api/sites?padding={'p' * 5000}", timeout=30)
        assert info.value.code == 414
        info.value.close()


# ------------------------------------------------------------------ the search pattern


def every_character() -> list[str]:
    return [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def test_the_search_pattern_is_the_servers_rule_for_every_character():
    pattern = re.compile(SEARCH_PATTERN)
    # The server refuses text with nothing but str.isspace() characters (query.py strips it).
    disagree = [c for c in every_character() if (pattern.search(c) is not None) == c.isspace()]
    assert disagree == []
    assert pattern.search("\u0085") is None  # NEL: white space to the server, refused
    assert pattern.search("\ufeff") is not None  # BOM: not white space to the server, searched


def test_the_search_pattern_means_the_same_in_ecmascript(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    script = tmp_path / "pattern.js"
    script.write_text(
        "const re = new RegExp(process.argv[2]); const out = [];\n"
        "for (let c = 0; c < 0x110000; c++) { if (c >= 0xd800 && c <= 0xdfff) continue;\n"
        "  if (re.test(String.fromCodePoint(c))) out.push(c); }\n"
        "process.stdout.write(JSON.stringify(out));\n", encoding="utf-8")
    result = subprocess.run([node, str(script), SEARCH_PATTERN], capture_output=True, text=True,
                            timeout=120, check=True)
    in_ecmascript = set(json.loads(result.stdout))
    in_python = {ord(c) for c in every_character() if re.search(SEARCH_PATTERN, c)}
    assert in_ecmascript == in_python


def test_the_api_agrees_with_its_published_search_pattern(client):
    spec = client.get("/openapi.json").json
    published = parameter(spec, "/api/search", "q")["schema"]["pattern"]
    assert published == SEARCH_PATTERN
    for text in ("\u0085", "\u3000", " \t", "\x1c"):
        assert re.search(published, text) is None
        assert client.get("/api/search?" + urlencode({"q": text})).status_code == 400
    for text in ("\ufeff", "图书馆", "\u0085a"):
        assert re.search(published, text) is not None
        assert client.get("/api/search?" + urlencode({"q": text})).status_code == 200


# ------------------------------------------------------------------ close fits in a URL


def test_the_longest_valid_planner_request_fits_in_a_url(client):
    spec = client.get("/openapi.json").json
    path = "/api/planner/download"
    close = parameter(spec, path, "close")["schema"]
    add = parameter(spec, path, "add")["schema"]
    ids = close["items"]["enum"]
    assert 0 < close["maxItems"] < 200  # Macau's ids are up to 16 characters: fewer than 200 fit
    longest_ids = sorted(ids, key=lambda i: len(quote(i, safe="")), reverse=True)[:close["maxItems"]]
    digits = "-180." + "1" * 15
    adds = [f"{digits},{digits}:community_learning"] * add["maxItems"]
    assert all(re.search(add["items"]["pattern"], a) for a in adds)
    longest = {}
    for p in spec["paths"][path]["get"]["parameters"]:
        choices = p["schema"].get("enum")
        if p["schema"].get("type") != "array" and choices:
            longest[p["name"]] = max((str(c) for c in choices), key=len)
    longest |= {"k": str(parameter(spec, path, "k")["schema"]["maximum"])}
    query = urlencode([*longest.items(), *(("add", a) for a in adds), *(("close", i) for i in longest_ids)],
                      quote_via=quote, safe="")
    url = f"{path}?{query}"
    assert len(url.encode()) <= MAX_URL_BYTES, len(url.encode())
    # One more close is a 400 naming it; the page's what-if stops at the same number.
    too_many = urlencode([("close", i) for i in ids[:close["maxItems"] + 1]])
    response = client.get(f"/api/planner/figures?{too_many}")
    assert response.status_code == 400
    assert response.json["error"]["parameter"] == "close"
    assert f"at most {close['maxItems']} closed sites" in response.json["error"]["message"]
    page = client.get("/planner").get_data(as_text=True)
    assert f'"maxCloses": {close["maxItems"]}' in page or f'"maxCloses":{close["maxItems"]}' in page
