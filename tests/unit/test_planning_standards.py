"""Scorecards against the built-in standards on a hand-made two-unit city."""

from __future__ import annotations

import re

import geopandas as gpd
import numpy as np
import pytest
import shapely

from learning_map.analysis.model import CoverageModel
from learning_map.base.i18n import locales
from learning_map.city.population import Demand
from learning_map.errors import InputFileError
from learning_map.planning.standards import (
    CITY_TOTAL as TOTAL_KEY,
)
from learning_map.planning.standards import (
    builtin_standards,
    load_standard,
    row_name,
    scorecard,
)
from learning_map.walking.synthetic import grid_network
from tests.opencc_sets import simplified_only, traditional_only

CRS = "EPSG:32649"
# The city total's row name in the command line's language (the scorecard's default).
CITY_TOTAL = row_name(TOTAL_KEY, None)
CJK = re.compile(r"[\u3400-\u9fff]")
CATS = ["cultural_centre", "community_learning", "elderly_education", "school", "library"]


@pytest.fixture
def city():
    """
    West and east halves of a 2 km x 1 km grid. Every kind of site stands at (500, 500) in
    the west. West residents live 50 m from them; east residents at (1800, 500), 1,300 m away:
    beyond 1,000 m and beyond 15 minutes at both paces (1,200 m and 825 m).
    """
    net = grid_network(21, 11, spacing_m=100, crs=CRS)
    lon, lat = net.to_lonlat([500] * len(CATS), [500] * len(CATS))
    sites = gpd.GeoDataFrame({"category": CATS, "name": CATS},
                             geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    demand = Demand(CRS, np.array([500.0, 1800.0]), np.array([550.0, 500.0]),
                    np.array([100.0, 300.0]), np.array([20.0, 30.0]))
    units = gpd.GeoDataFrame({"name": ["west", "east"]},
                             geometry=[shapely.box(-50, -50, 1000, 1050), shapely.box(1000, -50, 2050, 1050)],
                             crs=CRS)
    parents = gpd.GeoDataFrame({"district": ["D1"]}, geometry=[shapely.box(-100, -100, 2100, 1100)],
                               crs=CRS)
    return CoverageModel(net, sites, demand), units, parents


def verdicts(card):
    checks = card.checks
    def text(value):
        return value if isinstance(value, str) else None

    return {(r["rule"], text(r["unit"]), text(r["pace"])): r["pass"] for _, r in checks.iterrows()}


def test_builtin_standards_are_listed_and_read():
    assert builtin_standards() == ["gb50180", "hangzhou", "national-elderly", "shanghai"]
    for name in builtin_standards():
        standard = load_standard(name)
        assert standard.rules
        assert all(rule.description for rule in standard.rules)


@pytest.mark.parametrize("name", builtin_standards())
def test_every_builtin_rule_has_a_title_and_description_in_every_locale(name):
    """Each locale reads the rule in its own words, in full, with the standard's clause; never an id."""
    standard = load_standard(name)
    simplified, traditional = simplified_only(), traditional_only()
    for locale in locales():
        title = standard.label(locale)
        texts = [title] + [text for rule in standard.rules for text in (rule.label(locale), rule.describe(locale))]
        for rule in standard.rules:
            assert rule.label(locale), (name, rule.id, locale)
            assert rule.describe(locale), (name, rule.id, locale)
            assert rule.id not in rule.label(locale) + rule.describe(locale)
        for text in texts:
            assert text.strip(), (locale, text)
            assert not text.endswith(("…", "...")), (locale, text)
            if locale.startswith("zh"):
                assert CJK.search(text), (locale, text)
            else:
                assert not CJK.search(text), (locale, text)
            assert not set(text) & (simplified if locale == "zh_Hant" else set()), (locale, text)
            assert not set(text) & (traditional if locale == "zh_Hans" else set()), (locale, text)
    # The Chinese is the standard's own wording, its clause number kept.
    if name == "gb50180":
        culture = standard.rules[0]
        assert culture.describe("zh_Hans") == "GB 50180-2018 附录B：文化活动中心为十五分钟生活圈居住区应配置的设施。"
        assert "附錄B" in culture.describe("zh_Hant")
        assert culture.describe("pt").startswith("GB 50180-2018, anexo B")


def test_the_scorecard_speaks_the_locale_it_is_asked_in(city):
    model, units, _ = city
    card = scorecard(model, load_standard("national-elderly"), units, "name", locale="pt")
    checks = card.checks
    assert "Total da cidade" in set(checks["unit"])
    assert set(checks["title"]) == {rule.label("pt") for rule in card.standard.rules}
    presence = checks[(checks["rule"] == "subdistrict-senior-school") & (checks["unit"] == "west")]
    assert presence["limit"].tolist() == ["pelo menos 1 local"]
    assert checks.loc[checks["rule"] == "county-senior-university", "note"].tolist() == [
        "precisa de unidades superiores (--parent)"]
    hant = scorecard(model, load_standard("national-elderly"), units, "name", locale="zh_Hant").checks
    words = "".join(str(v) for column in ("title", "description", "limit", "note", "unit") for v in hant[column])
    assert "全市合計" in words
    assert "至少 1 處場所" in words
    assert not set(words) & simplified_only()


def test_a_standard_file_of_ones_own_may_give_its_words_per_locale(tmp_path):
    own = tmp_path / "own.toml"
    own.write_text(
        'title = "Our plan"\ntitle_zh = "我们的规划"\ntitle_zh_Hant = "我們的規劃"\n'
        '[[rule]]\nid = "lib"\nkind = "walking"\ncategory = "library"\nminutes = 10\nshare = 0.5\n'
        'description = "Clause 3: a library within 10 minutes."\ndescription_pt = "Cláusula 3: biblioteca a 10 minutos."\n',
        encoding="utf-8")
    standard = load_standard(own)
    assert [standard.label(loc) for loc in ("zh_Hans", "zh_Hant", "en", "pt")] == [
        "我们的规划", "我們的規劃", "Our plan", "Our plan"]
    rule = standard.rules[0]
    assert rule.describe("pt") == "Cláusula 3: biblioteca a 10 minutos."
    assert rule.describe("zh_Hant") == "Clause 3: a library within 10 minutes."
    # No title: the category's name, never the id.
    assert rule.label("zh_Hant") == "圖書館"
    assert rule.label("en") == "Library"


@pytest.mark.parametrize("name", ["gb50180", "shanghai"])  # hangzhou has a parent-level rule: below
def test_west_passes_and_east_fails_every_rule(city, name):
    model, units, parents = city
    card = scorecard(model, load_standard(name), units, "name", parents=parents, parent_field="district")
    got = verdicts(card)
    for rule in card.standard.rules:
        paces = [None] if rule.kind == "presence" or rule.metres else ["adult", "elderly"]
        for pace in paces:
            # Shanghai's model learning point is a subtype no site here has: fails everywhere.
            west = rule.key != "subtype:neighbourhood_model_point"
            assert got[(rule.id, "west", pace)] is west
            assert got[(rule.id, "east", pace)] is False
            assert got[(rule.id, CITY_TOTAL, pace)] is False  # 25 % of residents, or 1 of 2 units
    walking = card.checks[(card.checks["kind"] == "walking") & (card.checks["unit"] == CITY_TOTAL)]
    expected = [0.25 if "elderly" not in rule else 0.4 for rule in walking["rule"]]
    assert walking["value"].tolist() == pytest.approx(expected)


def test_national_elderly_plan(city):
    model, units, parents = city
    card = scorecard(model, load_standard("national-elderly"), units, "name",
                     parents=parents, parent_field="district")
    got = verdicts(card)
    assert got[("county-senior-university", "D1", None)] is True
    assert got[("subdistrict-senior-school", "west", None)] is True
    assert got[("subdistrict-senior-school", "east", None)] is False
    assert got[("subdistrict-senior-school", CITY_TOTAL, None)] is True  # 1 of 2 >= 50 %
    # Elderly within 15 minutes: 20 of 50 = 40 % >= 30 % for the city, at both paces.
    assert got[("elderly-15min", CITY_TOTAL, "adult")] is True
    assert got[("elderly-15min", CITY_TOTAL, "elderly")] is True
    assert got[("elderly-15min", "east", "elderly")] is False
    without_parent = verdicts(scorecard(model, load_standard("national-elderly"), units, "name"))
    assert without_parent[("county-senior-university", None, None)] is None


def test_figures_add_up_from_units_to_parent_and_city(city):
    model, units, parents = city
    card = scorecard(model, load_standard("gb50180"), units, "name", parents=parents, parent_field="district")
    fig = card.figures
    one = fig[(fig["key"] == "cultural_centre") & (fig["pace"] == "elderly") & (fig["minutes"] == 15)]
    by_level = one.set_index("unit")
    assert by_level.loc["west", "residents_covered"] == 100
    assert by_level.loc["east", "residents_covered"] == 0
    assert by_level.loc["west", "parent"] == "D1"
    for column in ("residents", "residents_covered", "elderly", "elderly_covered", "sites"):
        assert by_level.loc["D1", column] == by_level.loc[["west", "east"], column].sum()
        assert by_level.loc[CITY_TOTAL, column] == by_level.loc["D1", column]
    assert by_level.loc[CITY_TOTAL, "residents_share"] == 0.25
    # 5, 10, 15 minutes at both paces for every key of the standard.
    assert sorted(set(zip(fig["pace"], fig["minutes"], strict=True))) == [
        (p, m) for p in ("adult", "elderly") for m in (5.0, 10.0, 15.0)]


def test_bad_standard_files(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nkind = "walking"\ncategory = "library"\nshare = 0.5\n', encoding="utf-8")
    with pytest.raises(InputFileError, match="minutes or metres") as caught:
        load_standard(bad)
    assert caught.value.text("zh_Hant") == "bad.toml [[rule]] 1：步行規則須提供 minutes 或 metres 之一"
    with pytest.raises(InputFileError, match="no standard"):
        load_standard("nowhere")


def test_hangzhou_2025_plan(city):
    """Hangzhou 2025-2027 (Hang Zheng Ban Han 2025 No. 60): every street has the network, 80 % of communities, a 15-minute circle for all."""
    model, units, parents = city
    got = verdicts(scorecard(model, load_standard("hangzhou"), units, "name",
                             parents=parents, parent_field="district"))
    assert got[("street-learning-network", "D1", None)] is True
    assert got[("community-learning-network", "west", None)] is True
    assert got[("community-learning-network", "east", None)] is False
    assert got[("community-learning-network", CITY_TOTAL, None)] is False  # 1 of 2 < 80 %
    for pace in ("adult", "elderly"):
        assert got[("learning-circle-15min", "west", pace)] is True
        assert got[("learning-circle-15min", "east", pace)] is False
        assert got[("learning-circle-15min", CITY_TOTAL, pace)] is False


def test_every_builtin_rule_says_what_was_verified():
    import tomllib

    from learning_map.planning.standards import STANDARDS_DIR

    for name in builtin_standards():
        rules = tomllib.loads((STANDARDS_DIR / f"{name}.toml").read_text(encoding="utf-8"))["rule"]
        for rule in rules:
            source = rule.get("source", "")
            assert "http" in source or "NOT verified" in source, (name, rule["id"])
