"""
The one pass of pyosmium over an OSM file, and the ways and features it assembles.

:func:`one_pass` hands every object (ways with their node locations, areas assembled from
closed ways and multipolygon relations) to the walk network and to the consumers' rules
(:mod:`learning_map.io.osm_rules`); :func:`feature_frames` turns what they kept into frames,
with the street lines of the numpy PBF reader (:mod:`learning_map.io.pbf`) merged back into
the basemap in the file's order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import osmium
import pandas as pd
import shapely

from learning_map.io.osm_rules import BASEMAP_TAG_KEYS, FEATURE_FIELDS, FeatureList, FeatureRule
from learning_map.io.walk_filter import WAY_TAG_KEYS, walk_filter_mask
from learning_map.io.ways import WayTable, osm_read_error, select_ways

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from learning_map.io.pbf import HighwayWays


class WayList:
    """The ``highway`` ways pyosmium hands out, gathered while the file streams past."""

    def __init__(self) -> None:
        self.refs: list[int] = []
        self.lons: list[float] = []
        self.lats: list[float] = []
        self.starts: list[int] = []
        self.tag_rows: list[dict[str, str]] = []
        self.way_ids: list[int] = []

    def add(self, way: osmium.osm.Way) -> None:
        """Note one way: its node refs and locations (NaN where unknown) and its tags."""
        self.starts.append(len(self.refs))
        self.way_ids.append(way.id)
        self.tag_rows.append({k: way.tags[k] for k in WAY_TAG_KEYS if k in way.tags})
        for node in way.nodes:
            self.refs.append(node.ref)
            valid = node.location.valid()
            self.lons.append(node.location.lon if valid else np.nan)
            self.lats.append(node.location.lat if valid else np.nan)

    def table(self) -> WayTable:
        """The walkable ways among those noted (:func:`walk_filter_mask`)."""
        tags = pd.DataFrame(self.tag_rows, columns=list(WAY_TAG_KEYS))
        tags.index = pd.Index(self.way_ids, name="osm_way_id")
        table = WayTable(
            node_ref=np.asarray(self.refs, dtype=np.int64),
            lon=np.asarray(self.lons, dtype=np.float64),
            lat=np.asarray(self.lats, dtype=np.float64),
            way_start=np.asarray(self.starts, dtype=np.int64),
            tags=tags,
        )
        return select_ways(table, walk_filter_mask(tags))


def _filter_keys(rules: list[FeatureRule], *, walk: bool) -> tuple[str, ...]:
    """
    The keys of pyosmium's filter: the rules' keys, and ``highway`` for the walk network.

    Without ``walk`` the fast reader has the streets: pyosmium sees them only when
    another key asks.
    """
    keys = dict.fromkeys((*(("highway",) if walk else ()), *(k for rule in rules for k in rule.keys)))
    if not walk:
        keys.pop("highway", None)
    return tuple(keys)


def one_pass(path: Path, rules: list[FeatureRule], fast: HighwayWays | None,
             clip: shapely.Geometry | None) -> tuple[WayList, dict[str, FeatureList]]:
    """
    Hand every object of the file to the walk network (unless ``fast`` read it) and the rules.

    Each feature notes the last way it came after, so the basemap's rows and the fast
    reader's street lines merge back into the file's order (areas come in batches, so
    one may move past some streets: they are drawn in other layers, so the tiles stay
    the same).
    """
    walk = fast is None
    keys = _filter_keys(rules, walk=walk)
    ways = WayList()
    found = {name: FeatureList() for name in FEATURE_FIELDS}
    wkb = osmium.geom.WKBFactory()
    last_way = -1
    try:
        processor = _feature_objects(path, keys, None if walk or clip is None else fast.locations)
        # pyosmium hands out one object at a time: this loop is the file boundary.
        for obj in processor:
            if obj.is_way():
                last_way = obj.id
            elif obj.is_relation():  # past the ways: what comes now follows every street
                last_way = np.iinfo(np.int64).max
            if walk and obj.is_way() and "highway" in obj.tags:
                ways.add(obj)
            _collect(obj, rules, found, wkb, last_way)
    except RuntimeError as exc:
        raise osm_read_error(path, exc) from None
    return ways, found


def _collect(obj: osmium.osm.OSMObject, rules: list[FeatureRule], found: dict[str, FeatureList],
             wkb: osmium.geom.WKBFactory, after_way: int) -> None:
    """Give ``obj`` to each rule that wants it, making each kind of geometry once."""
    shapes: dict[Callable, tuple[str, int, str] | None] = {}
    for rule in rules:
        if not rule.wants(obj):
            continue
        if rule.shape not in shapes:  # one geometry per object and kind of shape
            shapes[rule.shape] = rule.shape(obj, wkb)
        shape = shapes[rule.shape]
        if shape is not None:
            found[rule.name].add(*shape[:2], rule.keep(obj.tags), shape[2], after_way)


def feature_frames(found: dict[str, FeatureList], streets: HighwayWays | None) -> dict[str, gpd.GeoDataFrame]:
    """Each kind of feature as a frame; with ``streets`` (the fast reader's) the basemap gets their lines."""
    kept = {name: found[name].frame() for name in FEATURE_FIELDS}
    if streets is not None:
        after = np.asarray(found["basemap"].after_way, np.int64)
        kept["basemap"] = _with_street_lines(kept["basemap"], after, streets)
    return kept


def _with_street_lines(drawn: gpd.GeoDataFrame, drawn_after_way: npt.NDArray[np.int64],
                       found: HighwayWays) -> gpd.GeoDataFrame:
    """
    The basemap rows plus every ``highway`` way as a line, in the file's order.

    As pyosmium's ``create_linestring`` makes them: repeated locations in a row count
    once, and ways with a missing node location or fewer than two places are left out.
    """
    n_ways = len(found.way_id)
    way_of = np.repeat(np.arange(n_ways), found.node_counts())
    lon, lat = found.lon, found.lat
    located = np.isfinite(lon) & np.isfinite(lat)
    whole = np.bincount(way_of[~located], minlength=n_ways) == 0
    fresh = np.ones(len(lon), dtype=bool)
    fresh[1:] = (lon[1:] != lon[:-1]) | (lat[1:] != lat[:-1]) | (way_of[1:] != way_of[:-1])
    drawable = whole & (np.bincount(way_of[fresh], minlength=n_ways) >= 2)
    point = fresh & drawable[way_of]
    line_of_way = np.cumsum(drawable) - 1
    lines = shapely.linestrings(lon[point], lat[point], indices=line_of_way[way_of[point]])
    rows = np.flatnonzero(drawable)
    tags: list[dict[str, str]] = [{} for _ in rows]
    for key in BASEMAP_TAG_KEYS:  # one pass per key, in the order pyosmium's dicts have
        values = found.tags[key].to_numpy()[rows]
        for i in np.flatnonzero(pd.notna(values)).tolist():
            tags[i][key] = values[i]
    streets = gpd.GeoDataFrame(
        {"osm_type": np.full(len(rows), "way", dtype=object), "osm_id": found.way_id[rows],
         "tags": tags}, geometry=lines, crs="EPSG:4326")
    # A street way sorts before the rows pyosmium gave after a later way.
    order = np.lexsort((np.concatenate((np.ones(len(drawn)), np.zeros(len(rows)))),
                        np.concatenate((drawn_after_way, found.way_id[rows]))))
    merged = pd.concat([drawn, streets], ignore_index=True).iloc[order]
    return merged.reset_index(drop=True)


def _feature_objects(path: Path, keys: tuple[str, ...],
                     locations: tuple[npt.NDArray[np.int64], ...] | None) -> Iterator[osmium.osm.OSMObject]:
    """
    The objects with one of ``keys``, with node locations on ways and areas assembled.

    Without ``locations`` pyosmium keeps every node location of the file. With them (ids
    and 1e-7 degree lon/lat of the nodes around a clip) those are the only locations held:
    untagged nodes are filtered out before pyosmium's location cache sees them, so memory
    follows the clipped city. Geometries reaching past them are dropped (broken geometry).
    """
    if locations is None:
        yield from (osmium.FileProcessor(str(path), osmium.osm.ALL).with_locations().with_areas()
                    .with_filter(osmium.filter.KeyFilter(*keys)))
        return
    # A map (sorted as filled), not sparse_mem_array: that vector is sorted only when
    # pyosmium sees node ids out of order, and the tagged nodes appended after our sorted
    # ones arrive in order, so lookups would miss (about 50 bytes a node, clip only).
    store = osmium.index.create_map("sparse_mem_map")
    ids, x, y = locations
    for node_id, lon, lat in zip(ids.tolist(), (x / 1e7).tolist(), (y / 1e7).tolist(), strict=True):
        store.set(node_id, osmium.osm.Location(lon, lat))
    tagged_nodes = osmium.filter.KeyFilter(*keys)
    tagged_nodes.enable_for(osmium.osm.NODE)
    locate = osmium.NodeLocationsForWays(store)
    locate.ignore_errors()
    chosen = osmium.filter.KeyFilter(*keys)
    # As osmium.FileProcessor.with_areas() does, with our filter before the location cache.
    areas = osmium.area.AreaManager()
    with osmium.io.Reader(str(path), osmium.osm.RELATION) as reader:
        osmium.apply(reader, areas.first_pass_handler())
    assembled = osmium.BufferIterator(chosen)
    second_pass = areas.second_pass_to_buffer(assembled)
    with osmium.io.Reader(str(path), osmium.osm.ALL) as reader:
        for obj in osmium.OsmFileIterator(reader, tagged_nodes, locate, second_pass, chosen):
            yield obj
            if assembled:
                yield from assembled
    if assembled:
        yield from assembled

