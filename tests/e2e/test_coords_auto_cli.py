"""learning-map import --coords auto refuses, in one sentence, a file it cannot place."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd

from learning_map.city.coords import COORDINATE_SYSTEMS, wgs84_to_gcj02


def test_import_auto_refuses_undecidable_coordinates(macau_bundle, tmp_path, runner):
    from learning_map.bundle.core import load_bundle

    city = tmp_path / "macau"
    shutil.copytree(macau_bundle, city)
    sites = load_bundle(city).sites
    chosen = sites.iloc[np.random.default_rng(0).choice(len(sites), 30, replace=False)]
    lon, lat = wgs84_to_gcj02(chosen.geometry.x.to_numpy(), chosen.geometry.y.to_numpy())
    path = tmp_path / "renamed.csv"
    pd.DataFrame({"编号": [f"R{k}" for k in range(30)], "名称": [f"学习点 {k}" for k in range(30)],
                  "类别": chosen["category"].to_numpy(), "经度": lon, "纬度": lat}).to_csv(path, index=False)
    result = runner.invoke(["import", str(city), str(path), "--year", "2025", "--coords", "auto"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output  # one sentence, no traceback
    assert f"--coords {'|'.join(COORDINATE_SYSTEMS)}" in lines[0]
    assert "Import #" not in result.output  # nothing was imported
