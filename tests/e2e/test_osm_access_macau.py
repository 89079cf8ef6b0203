"""OSM's access rule on Macau: a road closed to all (access=no) is not walked; campus roads open to walkers are."""

from __future__ import annotations

import numpy as np
import pytest

KA_HO_SITES = {  # the three sites of Ká-Hó village, walked from the point below
    "osm-w332707346": 944.0,  # 雷鳴道主教紀念學校
    "osm-w332707317": 1050.8,  # 九澳聖若瑟學校
    "osm-w544331866": 1138.4,  # 九澳活動中心
}
POWER_STATION_POINT = (113.5784, 22.137486)


@pytest.fixture(scope="module")
def macau(macau_pbf):
    from learning_map.analysis.model import CoverageModel
    from learning_map.analysis.query import PointQueries
    from learning_map.city.sites import sites_from_features
    from learning_map.io.osm import read_osm
    from learning_map.walking.network import build_network

    extract = read_osm(macau_pbf)
    model = CoverageModel(build_network(extract.ways), sites_from_features(extract.amenities), None)
    return extract, PointQueries(model)


def test_a_road_closed_to_all_is_not_walked(macau):
    _, queries = macau
    point = queries.snap(*POWER_STATION_POINT)
    # Before: the point snapped onto 路環電廠街 (the Coloane power station's road, access=no)
    # and walked round by the tunnel road: 4,103 m to the nearest Ká-Hó site.
    assert "路環電廠街" not in str(queries.network.edge_name[int(point.edge[0])])
    sites = queries.sites
    rows = np.flatnonzero(sites["site_id"].isin(list(KA_HO_SITES)).to_numpy())
    walk = queries.walk_to(*POWER_STATION_POINT, queries.model.site_points.subset(rows))
    assert dict(zip(sites["site_id"].iloc[rows], walk.tolist(), strict=True)) == pytest.approx(KA_HO_SITES, abs=1.0)


def test_campus_roads_open_to_walkers_are_walkable(macau):
    extract, _ = macau
    tags = extract.ways.tags
    # University of Macau: roads closed to traffic but open on foot (access=private + foot=yes).
    campus = tags[(tags["access"] == "private") & (tags["foot"] == "yes")]
    assert {"聚賢街 Rua do Estudioso", "學院一徑 1ª Pista da Faculdade"} <= set(campus["name"].dropna())
    assert len(campus) == 9
    closed = tags["access"].isin(["no", "private"]) & tags["foot"].isna()
    assert not closed.any()
