"""The library's sentences (a bad file, a bad registry row, a refused build) in every locale, one script each."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from learning_map.base.problems import Problem, RowError, said
from learning_map.build.demo import demo_city
from learning_map.build.inputs import check_inputs
from learning_map.city.registry_file import read_registry
from learning_map.errors import N_, InputFileError, Term
from learning_map.io.layers import read_layer
from tests.opencc_sets import simplified_only, traditional_only

CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def assert_one_script(texts: dict[str, str]) -> None:
    """zh_Hant has no simplified-only character, zh_Hans no traditional-only one, en and pt no Chinese."""
    assert CJK.search(texts["zh_Hant"]), texts
    assert not set(texts["zh_Hant"]) & simplified_only(), texts["zh_Hant"]
    assert CJK.search(texts["zh_Hans"]), texts
    assert not set(texts["zh_Hans"]) & traditional_only(), texts["zh_Hans"]
    for latin in ("en", "pt"):
        assert not CJK.search(texts[latin]), texts[latin]
    assert texts["pt"] != texts["en"], texts


def in_every_locale(say) -> dict[str, str]:
    return {locale: say(locale) for locale in ("zh_Hans", "zh_Hant", "en", "pt")}


def test_a_bad_gis_file_says_its_file_use_and_reason_in_one_script(tmp_path):
    path = tmp_path / "districts.geojson"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        read_layer(path, what=N_("boundary"))
    texts = in_every_locale(caught.value.text)
    assert_one_script(texts)
    assert texts["en"] == "Cannot read districts.geojson (boundary): is not valid GeoJSON (JSON text)"
    assert texts["zh_Hant"] == "無法讀取 districts.geojson（邊界）：不是有效的 GeoJSON（JSON 文字）"
    assert texts["pt"] == "Não é possível ler districts.geojson (limite): não é GeoJSON válido (texto JSON)"
    # The command line's default: English and 简体 joined.
    assert str(caught.value) == f"{texts['en']} / {texts['zh_Hans']}"


def test_an_empty_csv_and_a_bad_route_row_are_said_in_each_locale(tmp_path):
    from learning_map.io.csv_rows import read_csv_rows

    path = tmp_path / "sites.csv"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        read_csv_rows(path)
    assert_one_script(in_every_locale(caught.value.text))
    row = RowError("route.csv", 4, Problem(N_("{column} {value!r} is not a number"), column=Term(N_("longitude")),
                                           value="abc"))
    texts = in_every_locale(row.text)
    assert_one_script(texts)
    assert texts["zh_Hant"] == "route.csv 第 4 行：經度 'abc' 不是數字"
    assert texts["pt"] == "route.csv, linha 4: longitude 'abc' não é um número"


def test_a_bad_registry_row_keeps_its_reason_to_say_in_any_locale(tmp_path):
    path = tmp_path / "registry.csv"
    path.write_text("名称,类别,经度,纬度\n图书馆,library,113.54,22.19\n,library,113.54,22.19\n"
                    "泳池,swimming,113.54,22.19\n书店,library,abc,22.19\n", encoding="utf-8")
    load = read_registry(path)
    reasons = dict(zip(load.rejected["line"], load.rejected["reason"], strict=True))
    assert sorted(reasons) == [3, 4, 5]
    for reason in reasons.values():
        assert_one_script(in_every_locale(lambda locale, reason=reason: said(reason, locale)))
    assert said(reasons[3], "zh_Hant") == "缺少名稱"
    assert said(reasons[3], "pt") == "falta o nome"
    assert said(reasons[5], "zh_Hant") == "經度 'abc' 不是數字"
    assert said(reasons[4], "pt").startswith("categoria desconhecida 'swimming' (use uma de: community_learning, ")
    assert said(reasons[4], "zh_Hant").startswith("類別 'swimming' 無法識別（請使用：community_learning、")
    summary = in_every_locale(load.summary_text)
    assert_one_script(summary)
    assert summary["pt"] == "registry.csv: carregado 1 local, rejeitadas 3 linhas"
    assert summary["zh_Hant"] == "registry.csv：已載入 1 個站點，拒絕 3 行"


def test_a_refused_build_says_why_in_each_locale():
    inputs = SimpleNamespace(osm_path=None, place=None, clip=None, name=None)
    with pytest.raises(InputFileError) as caught:
        check_inputs(inputs)
    texts = in_every_locale(caught.value.text)
    assert_one_script(texts)
    assert texts["pt"] == "Indique exatamente um de --osm FICHEIRO ou --place NOME"
    with pytest.raises(InputFileError) as caught:
        demo_city("atlantis")
    texts = in_every_locale(caught.value.text)
    assert_one_script(texts)
    assert texts["zh_Hant"] == "沒有示範城市 'atlantis'；請使用 macau 或 helsinki"


def test_the_command_line_language_chooses_one_locale(monkeypatch):
    monkeypatch.setenv("LEARNING_MAP_LANG", "pt")
    error = RowError("a.csv", 2, Problem(N_("missing name")))
    assert str(error) == "a.csv, linha 2: falta o nome"
    monkeypatch.setenv("LEARNING_MAP_LANG", "zh-HK")
    assert str(error) == "a.csv 第 2 行：缺少名稱"
