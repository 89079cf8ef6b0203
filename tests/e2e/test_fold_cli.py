"""learning-map import --coords auto and its duplicate report; learning-map merge."""

from __future__ import annotations

import shutil

import pandas as pd

from learning_map.city.coords import wgs84_to_gcj02


def test_import_auto_coords_duplicates_and_merge(macau_bundle, tmp_path, runner):
    from learning_map.bundle.core import load_bundle
    from learning_map.store import open_store

    city = tmp_path / "macau"
    shutil.copytree(macau_bundle, city)
    sites = load_bundle(city).sites.iloc[:40]
    lon, lat = wgs84_to_gcj02(sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy())
    table = pd.DataFrame({"编号": [f"S{k}" for k in range(len(sites))], "名称": sites["name"].to_numpy(),
                          "类别": sites["category"].to_numpy(), "经度": lon, "纬度": lat})
    twin = table.iloc[[0]].assign(编号="S-twin", 名称=fold_twin(table["名称"].iloc[0]))
    path = tmp_path / "gaode.csv"
    pd.concat([table, twin]).to_csv(path, index=False, encoding="utf-8")

    result = runner.invoke(["import", str(city), str(path), "--year", "2025", "--coords", "auto"])
    assert result.exit_code == 0, result.output
    assert "--coords auto: gcj02" in result.output
    assert all(f"{s} " in result.output for s in ("wgs84", "gcj02", "bd09"))
    assert "Pairs of sites that are likely the same (same name, within" in result.output
    assert "not merged (1):" in result.output
    assert "S0 " in result.output
    assert "S-twin" in result.output
    with open_store(city) as store:
        assert len(store.sites_as_of(2025)) == 41  # reported, never merged automatically
        store_lon = store.sites_as_of(2025).set_index("site_id").geometry.x["S0"]
    assert abs(store_lon - sites.geometry.x.iloc[0]) < 1e-5  # converted back to WGS84

    result = runner.invoke(["merge", str(city), "S0", "S-twin", "--year", "2026"])
    assert result.exit_code == 0, result.output
    assert "Merged S-twin into S0" in result.output
    with open_store(city) as store:
        assert "S-twin" not in set(store.sites_as_of(2026)["site_id"])
        last = store.history("S-twin").iloc[-1]
        assert (last["action"], last["field"], last["new_value"]) == ("closed", "merged_into", "S0")
        assert last["changed_by"].startswith("cli:")  # who merged: the account that ran it


def test_coords_auto_needs_a_built_city(tmp_path, runner):
    (tmp_path / "empty").mkdir()
    path = tmp_path / "x.csv"
    path.write_text("编号,名称,类别,经度,纬度\nA,甲,学习点,113.55,22.19\n", encoding="utf-8")
    result = runner.invoke(["import", str(tmp_path / "empty"), str(path), "--coords", "auto"])
    assert result.exit_code == 1
    assert "auto needs a built city" in result.output


def fold_twin(name: str) -> str:
    """The same name written differently: spaces and full-width brackets around it."""
    return f" {name} \uff08\uff09"
