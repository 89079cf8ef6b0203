"""Planner tools on the real Macau bundle."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from learning_map.base.units import minutes_to_metres
from learning_map.bundle.core import load_bundle
from learning_map.planning.maxcover import recommend


@pytest.fixture(scope="module")
def macau(macau_bundle):
    return load_bundle(macau_bundle)


def with_new_sites(bundle, category, picks):
    new = gpd.GeoDataFrame({"category": [category] * len(picks)},
                           geometry=gpd.points_from_xy(picks["lon"], picks["lat"]), crs="EPSG:4326")
    return bundle.model.with_sites(pd.concat([bundle.sites, new], ignore_index=True))


@pytest.mark.parametrize(("category", "speed_kmh"), [("library", 4.8), ("elderly_education", 3.3)])
def test_recommended_sites_add_the_residents_reported(macau, category, speed_kmh):
    walk_m = float(minutes_to_metres(15, speed_kmh))
    result = recommend(macau.model, category, 3, walk_m)
    weight = macau.demand.elderly if result.weight_name == "elderly" else macau.demand.population
    assert result.weight_name == ("elderly" if category == "elderly_education" else "population")
    before = weight[macau.model.covered(category, walk_m)].sum()
    assert before == pytest.approx(result.covered_before)
    assert (result.picks["added"] > 0).all()
    for n in (1, 3):
        model = with_new_sites(macau, category, result.picks.head(n))
        after = weight[model.covered(category, walk_m)].sum()
        assert after - before == pytest.approx(result.picks["added"].head(n).sum(), rel=1e-9)


def test_macau_gap_residents_add_up_to_the_uncovered(macau):
    from learning_map.planning.gaps import find_gaps

    walk_m = float(minutes_to_metres(15, 3.3))
    report = find_gaps(macau.model, "elderly_education", walk_m, 3.3)
    covered = macau.model.covered("elderly_education", walk_m)
    assert report.weight_name == "elderly"
    assert report.uncovered == pytest.approx(macau.demand.elderly[~covered].sum())
    assert report.gaps["weight"].sum() == pytest.approx(report.uncovered)
    assert report.gaps["residents"].sum() == pytest.approx(macau.demand.population[~covered].sum())
    assert report.gaps["weight"].is_monotonic_decreasing
    assert len(report.gaps) > 1
    top = report.gaps.iloc[0]
    assert top["nearest_minutes"] > 15  # beyond the threshold, by definition
    assert top["nearest_site"] >= 0
    assert macau.sites["category"].iloc[top["nearest_site"]] == "elderly_education"
