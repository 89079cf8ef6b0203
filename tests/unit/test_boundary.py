"""Clipping a city out of a bigger extract: boundary specs, boxes and the way filter."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from learning_map.errors import InputFileError
from learning_map.io.boundary import parse_bbox, read_boundary, split_boundary_spec
from learning_map.io.osm import WayTable, clip_ways, read_osm
from tests.conftest import MACAU_PBF, MACAU_ZONES

DEMO_PBF = MACAU_PBF


def _zones(path: Path) -> Path:
    features = [
        {"type": "Feature", "properties": {"name": name, "code": code},
         "geometry": shapely.geometry.mapping(shapely.box(*box))}
        for name, code, box in (
            ("西区", 1, (0.0, 0.0, 1.0, 1.0)),
            ("东区", 2, (1.0, 0.0, 2.0, 1.0)),
        )
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def test_split_spec_keeps_colons_in_paths() -> None:
    assert split_boundary_spec("a/b.geojson") == (Path("a/b.geojson"), None, None)
    assert split_boundary_spec("a/b.gpkg:name=黄浦区") == (Path("a/b.gpkg"), "name", "黄浦区")
    assert split_boundary_spec("C:/x/b.gpkg") == (Path("C:/x/b.gpkg"), None, None)
    with pytest.raises(InputFileError, match="FIELD=VALUE"):
        split_boundary_spec("b.gpkg:name=")


def test_read_boundary_selects_one_feature(tmp_path: Path) -> None:
    path = _zones(tmp_path / "zones.geojson")
    east = read_boundary(f"{path}:name=东区")
    assert east.equals(shapely.box(1.0, 0.0, 2.0, 1.0))
    assert read_boundary(f"{path}:code=1").equals(shapely.box(0.0, 0.0, 1.0, 1.0))
    assert read_boundary(str(path)).area == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("{p}:name=北区", "东区"),  # no match lists the values there are
        ("{p}:nom=东区", "no field 'nom'"),
        ("{d}/missing.geojson", "No boundary file"),
    ],
)
def test_read_boundary_errors_are_bilingual(tmp_path: Path, spec: str, message: str) -> None:
    path = _zones(tmp_path / "zones.geojson")
    with pytest.raises(InputFileError, match=message) as info:
        read_boundary(spec.format(p=path, d=tmp_path))
    assert " / " in str(info.value)


@pytest.mark.parametrize("text", ["1,2,3", "a,b,c,d", "3,0,1,1", "0,5,1,1", "0,0,200,1", "nan,0,1,1"])
def test_bad_bbox_is_refused(text: str) -> None:
    with pytest.raises(InputFileError, match="W,S,E,N"):
        parse_bbox(text)


def test_bbox_is_a_box() -> None:
    assert parse_bbox("113.53, 22.18,113.56,22.21").bounds == (113.53, 22.18, 113.56, 22.21)


def test_clip_ways_keeps_whole_ways_with_a_node_inside() -> None:
    # Three ways: inside, crossing the boundary, outside; one node without a location.
    table = WayTable(
        node_ref=np.arange(7),
        lon=np.array([0.1, 0.2, 0.9, 1.5, 1.6, 1.7, np.nan]),
        lat=np.full(7, 0.5),
        way_start=np.array([0, 2, 4]),
        tags=pd.DataFrame({"highway": ["a", "b", "c"]}, index=[10, 11, 12]),
    )
    kept = clip_ways(table, shapely.box(0.0, 0.0, 1.0, 1.0))
    assert kept.tags.index.tolist() == [10, 11]
    assert kept.node_ref.tolist() == [0, 1, 2, 3]  # the crossing way keeps its outside node
    assert kept.way_start.tolist() == [0, 2]


def test_read_osm_clip_keeps_only_the_area() -> None:
    if not DEMO_PBF.exists():
        pytest.skip("the demo extract data/macau is missing")
    box = shapely.box(113.535, 22.185, 113.555, 22.205)  # the old town of the peninsula
    whole = read_osm(DEMO_PBF, basemap=True)
    part = read_osm(DEMO_PBF, basemap=True, clip=box)
    assert 0 < part.ways.way_count < whole.ways.way_count / 3
    starts = part.ways.way_start
    counts = np.diff(np.append(starts, len(part.ways.node_ref)))
    inside = shapely.contains_xy(box, part.ways.lon, part.ways.lat)
    assert (np.add.reduceat(inside.astype(int), starts) > 0).all()
    assert counts.sum() == len(part.ways.node_ref)
    assert 0 < len(part.amenities) < len(whole.amenities)
    # A site belongs to the area holding its point (inside its building, as sites are placed).
    points = shapely.point_on_surface(whole.amenities.geometry.to_numpy())
    expected = whole.amenities[shapely.intersects(points, box)]
    assert sorted(part.amenities["osm_id"]) == sorted(expected["osm_id"])
    assert shapely.intersects(part.basemap.geometry.to_numpy(), box).all()


def test_build_clip_from_a_parish_file(tmp_path: Path) -> None:
    """``build --clip FILE:FIELD=VALUE`` as a user runs it: a Macau parish from the whole extract."""
    from click.testing import CliRunner

    from learning_map.bundle.core import load_bundle
    from learning_map.cli import main

    if not DEMO_PBF.exists():
        pytest.skip("the demo extract data/macau is missing")
    parish = shapely.box(113.535, 22.185, 113.555, 22.205)
    boundary = tmp_path / "parishes.geojson"
    boundary.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "大堂區 Sé"},
         "geometry": shapely.geometry.mapping(parish)},
        {"type": "Feature", "properties": {"name": "Cotai"},
         "geometry": shapely.geometry.mapping(shapely.box(113.55, 22.12, 113.58, 22.15))},
    ]}), "utf-8")
    runner = CliRunner()
    out = tmp_path / "se"
    result = runner.invoke(main, ["build", "--osm", str(DEMO_PBF), "--clip",
                                  f"{boundary}:name=大堂區 Sé", "--out", str(out)])
    assert result.exit_code == 0, result.output
    bundle = load_bundle(out)
    assert shapely.intersects(bundle.sites.geometry.to_numpy(), parish).all()
    lon, lat = bundle.network.to_lonlat(bundle.network.node_x, bundle.network.node_y)
    # Whole ways that cross the boundary reach past it (a bridge may go on for a kilometre),
    # but nearly every node lies within 300 m of the parish.
    near = shapely.contains_xy(parish.buffer(0.003), lon, lat)
    assert near.mean() > 0.95
    both = runner.invoke(main, ["build", "--osm", str(DEMO_PBF), "--clip", str(boundary),
                                "--bbox", "1,2,3,4", "--out", str(tmp_path / "x")])
    assert both.exit_code == 1
    assert "not both" in both.output
    assert "只能选一个" in both.output
    outside = runner.invoke(main, ["build", "--osm", str(DEMO_PBF), "--bbox", "0,0,1,1",
                                   "--out", str(tmp_path / "y")])
    assert outside.exit_code == 1
    assert "clip boundary" in outside.output


def test_build_clip_counts_only_the_residents_inside(tmp_path: Path) -> None:
    """A city-wide census file cut to the clipped area: its zones weighted by the share inside."""
    import geopandas as gpd

    from learning_map.build.pipeline import build_from_files
    from learning_map.bundle.core import load_bundle

    zones = MACAU_ZONES
    if not (DEMO_PBF.exists() and zones.exists()):
        pytest.skip("the demo data/macau is missing")
    box = shapely.box(113.535, 22.185, 113.555, 22.205)
    build_from_files(tmp_path / "part", osm_path=DEMO_PBF, clip=box, population_path=zones,
                     population_column="pop_est", elderly_share="old_per")
    residents = load_bundle(tmp_path / "part").demand.population.sum()
    frame = gpd.read_file(zones).to_crs(32649)
    inside = frame.geometry.intersection(gpd.GeoSeries([box], crs=4326).to_crs(32649).iloc[0])
    expected = (frame["pop_est"] * inside.area / frame.geometry.area).sum()
    assert residents == pytest.approx(expected, rel=0.01)
    assert residents < 0.5 * frame["pop_est"].sum()
