"""--coords auto never guesses: when the evidence is not decisive the file is refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from learning_map.city.coords import COORDINATE_SYSTEMS, wgs84_to_gcj02
from learning_map.city.registry_file import read_registry
from learning_map.errors import InputFileError


@pytest.fixture(scope="module")
def macau_city(macau_pbf):
    from learning_map.city.sites import sites_from_features
    from learning_map.io.osm import read_osm
    from learning_map.walking.network import build_network

    extract = read_osm(macau_pbf)
    return build_network(extract.ways), sites_from_features(extract.amenities)


def gaode_file(path, sites, names):
    """30 real Macau sites as a registry copied from Amap: GCJ-02 coordinates."""
    lon, lat = wgs84_to_gcj02(sites.geometry.x.to_numpy(), sites.geometry.y.to_numpy())
    pd.DataFrame({"名称": names, "类别": sites["category"].to_numpy(), "经度": lon, "纬度": lat}).to_csv(
        path, index=False, encoding="utf-8")
    return path


def test_renamed_sites_in_gcj02_are_refused_not_taken_as_wgs84(macau_city, tmp_path):
    network, sites = macau_city
    chosen = sites.iloc[np.random.default_rng(0).choice(len(sites), 30, replace=False)]
    # Names the city does not know: only the street distances are left, and in dense Macau
    # every reading lands beside some street (before: taken as WGS84, every row 619 m off).
    path = gaode_file(tmp_path / "renamed.csv", chosen, [f"学习点 {k}" for k in range(30)])
    with pytest.raises(InputFileError) as refused:
        read_registry(path, coordinate_system="auto", network=network, anchors=sites)
    message = str(refused.value)
    assert f"--coords {'|'.join(COORDINATE_SYSTEMS)}" in message
    assert message.count(" / ") == 1
    assert "请用 --coords" in message
    # The same rows under their own names: the city's sites of the same name decide.
    path = gaode_file(tmp_path / "named.csv", chosen, chosen["name"].to_numpy())
    load = read_registry(path, coordinate_system="auto", network=network, anchors=sites)
    assert load.coordinate_decision.system == "gcj02"
    assert load.coordinate_decision.evidence == "names"
