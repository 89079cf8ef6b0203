"""Hand-built walk networks, from an edge list or a regular grid: for tests and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from learning_map.walking.network import WalkNetwork

if TYPE_CHECKING:
    from pathlib import Path


def network_from_edges(
    node_xy: npt.ArrayLike,
    edge_u: npt.ArrayLike,
    edge_v: npt.ArrayLike,
    *,
    crs: str = "EPSG:3857",
    edge_name: npt.ArrayLike | None = None,
    edge_has_steps: npt.ArrayLike | None = None,
) -> WalkNetwork:
    """
    Build a network of straight edges between given nodes (tests, synthetic grids).

    Parameters
    ----------
    node_xy
        (n, 2) node coordinates in metres.
    edge_u, edge_v
        Node indices of each edge's ends.
    crs
        CRS of ``node_xy``.
    edge_name
        Optional street name per edge.
    edge_has_steps
        Optional flag per edge: a staircase (closed to the step-free profile).

    Returns
    -------
    network
    """
    node_xy = np.asarray(node_xy, dtype=np.float64)
    u = np.asarray(edge_u, dtype=np.int64)
    v = np.asarray(edge_v, dtype=np.int64)
    coords = np.empty((2 * len(u), 2))
    coords[0::2] = node_xy[u]
    coords[1::2] = node_xy[v]
    names = np.asarray(edge_name, dtype=str) if edge_name is not None else np.full(len(u), "")
    return WalkNetwork(
        crs=crs,
        node_x=node_xy[:, 0].copy(),
        node_y=node_xy[:, 1].copy(),
        node_osmid=np.arange(len(node_xy), dtype=np.int64),
        edge_u=u,
        edge_v=v,
        edge_length_m=np.hypot(*(node_xy[u] - node_xy[v]).T),
        edge_coords=coords,
        edge_offsets=np.arange(0, 2 * len(u) + 1, 2, dtype=np.int64),
        edge_name=names,
        edge_has_steps=(np.asarray(edge_has_steps, dtype=bool) if edge_has_steps is not None
                        else np.zeros(0, dtype=bool)),
    )


def grid_network(
    columns: int, rows: int, *, spacing_m: float = 100.0, crs: str = "EPSG:3857"
) -> WalkNetwork:
    """
    A square street grid of ``columns`` x ``rows`` nodes (tests and benchmarks).

    Returns
    -------
    network
    """
    ix, iy = np.meshgrid(np.arange(columns), np.arange(rows))
    node_xy = np.column_stack((ix.ravel() * spacing_m, iy.ravel() * spacing_m))
    index = np.arange(columns * rows).reshape(rows, columns)
    u = np.concatenate((index[:, :-1].ravel(), index[:-1, :].ravel()))
    v = np.concatenate((index[:, 1:].ravel(), index[1:, :].ravel()))
    return network_from_edges(node_xy, u, v, crs=crs)


# The seven learning categories as OSM tags, for a generated city's sites (learning_map.city.sites).
SYNTHETIC_SITE_TAGS: tuple[dict[str, str], ...] = (
    {"amenity": "community_centre", "name": "社区学校"},
    {"amenity": "social_facility", "social_facility:for": "senior", "name": "老年大学"},
    {"amenity": "library", "name": "图书馆"},
    {"amenity": "arts_centre", "name": "文化中心"},
    {"amenity": "school", "name": "小学"},
    {"amenity": "college", "name": "学院"},
    {"amenity": "university", "name": "大学"},
)
# Metres per degree of latitude (a sphere is close enough for a generated city).
_M_PER_DEG = 111_320.0


def street_grid_osm(
    path: str | Path,
    *,
    junctions: int,
    sites: int = 0,
    spacing_m: float = 70.0,
    centre_lonlat: tuple[float, float] = (121.47, 31.23),
    seed: int = 0,
) -> dict[str, int]:
    """
    Write a generated city as an ``.osm.pbf``: a perturbed street grid with learning sites.

    The grid looks like a city to the builder: jittered junctions, streets broken into
    ways of a few blocks, missing segments (T-junctions and dead ends), cul-de-sac spurs,
    curved segments (an extra shape node), diagonal footpaths, some of them steps, and a
    main road every tenth row and column. After simplification about ``junctions`` nodes
    remain (junctions and dead ends; the grid's shape nodes fold into edges).

    Parameters
    ----------
    path
        ``.osm.pbf`` file to write (replaced).
    junctions
        Approximate number of grid junctions (the grid is square).
    sites
        Learning sites (OSM nodes), spread evenly over :data:`SYNTHETIC_SITE_TAGS`.
    spacing_m
        Block size in metres.
    centre_lonlat
        WGS84 centre of the grid.
    seed
        Random seed: the same arguments write the same file.

    Returns
    -------
    counts
        ``nodes``, ``ways`` and ``sites`` written, and the ``bbox`` side in metres.
    """
    rng = np.random.default_rng(seed)
    side = max(3, round(np.sqrt(junctions)))
    frame = _Frame.around(centre_lonlat, (side - 1) * spacing_m / 2)
    # Grid junctions, ids 1..side², jittered by up to a fifth of a block.
    iy, ix = np.divmod(np.arange(side * side), side)
    jitter = rng.uniform(-0.2, 0.2, (2, side * side)) * spacing_m
    grid = _Grid(side, spacing_m, ix * spacing_m + jitter[0], iy * spacing_m + jitter[1])
    nodes = _Nodes()
    nodes.add(*frame.lonlat(grid.x, grid.y))  # ids 1..side²
    ways = _streets(rng, grid, frame, nodes)
    ways += _spurs(rng, grid, frame, nodes)
    ways += _footpaths(rng, grid, ix, iy)
    # Learning sites inside blocks, cycling through the seven categories.
    site_lon, site_lat = frame.lonlat(rng.uniform(0, (side - 1) * spacing_m, sites),
                                      rng.uniform(0, (side - 1) * spacing_m, sites))
    lons, lats = np.concatenate(nodes.lon), np.concatenate(nodes.lat)
    _write_osm(path, lons, lats, site_lon, site_lat, nodes.next_id, ways)
    west, south = frame.lonlat(np.array([0.0]), np.array([0.0]))
    east, north = frame.lonlat(np.array([(side - 1) * spacing_m]), np.array([(side - 1) * spacing_m]))
    return {"nodes": len(lons) + sites, "ways": len(ways), "sites": sites,
            "side_m": int((side - 1) * spacing_m),
            "bbox": [float(west[0]), float(south[0]), float(east[0]), float(north[0])]}


# An OSM way of the generated city: node ids and tags.
_Way = tuple[list[int], dict[str, str]]


@dataclass(frozen=True)
class _Frame:
    """Metres on the generated grid (from its south-west corner) to WGS84 lon/lat."""

    lon0: float
    lat0: float
    m_per_deg_lon: float
    half_m: float

    @classmethod
    def around(cls, centre_lonlat: tuple[float, float], half_m: float) -> _Frame:
        """The frame of a grid ``2 * half_m`` wide centred on ``centre_lonlat``."""
        lon0, lat0 = centre_lonlat
        return cls(lon0, lat0, _M_PER_DEG * np.cos(np.radians(lat0)), half_m)

    def lonlat(self, x_m: npt.NDArray[np.float64], y_m: npt.NDArray[np.float64]) -> tuple:
        """Lon/lat arrays of grid positions in metres."""
        return self.lon0 + (x_m - self.half_m) / self.m_per_deg_lon, self.lat0 + (y_m - self.half_m) / _M_PER_DEG


@dataclass(frozen=True)
class _Grid:
    """The jittered junctions: ``side`` x ``side``, id ``k + 1`` at ``(x[k], y[k])`` metres."""

    side: int
    spacing_m: float
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]


@dataclass
class _Nodes:
    """The OSM nodes written so far (lon/lat arrays in id order) and the next free id."""

    next_id: int = 1
    lon: list[npt.NDArray[np.float64]] = field(default_factory=list)
    lat: list[npt.NDArray[np.float64]] = field(default_factory=list)

    def add(self, lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]) -> int:
        """Append nodes with the next ids; return the first one's id."""
        self.lon.append(lon)
        self.lat.append(lat)
        first = self.next_id
        self.next_id += len(lon)
        return first


def _streets(rng: np.random.Generator, grid: _Grid, frame: _Frame, nodes: _Nodes) -> list[_Way]:
    """Streets along rows and columns: 8% of segments missing, a way breaks after ~6 blocks."""
    side = grid.side
    ways: list[_Way] = []
    index = np.arange(side * side).reshape(side, side) + 1
    for lines, main_step in ((index, 10), (index.T, 10)):
        kept = rng.random((side, side - 1)) >= 0.08
        breaks = rng.random((side, side - 1)) < 0.16
        curved = rng.random((side, side - 1)) < 0.1
        for row in range(side):
            tags = ({"highway": "secondary", "name": f"主路{row}号"} if row % main_step == 0
                    else {"highway": "residential", "name": f"街{row}号"})
            ways += _street(rng, grid, frame, nodes, lines[row], tags, kept[row], breaks[row], curved[row])
    return ways


def _street(rng: np.random.Generator, grid: _Grid, frame: _Frame, nodes: _Nodes,
            line: npt.NDArray[np.int64], tags: dict[str, str], kept: npt.NDArray[np.bool_],
            breaks: npt.NDArray[np.bool_], curved: npt.NDArray[np.bool_]) -> list[_Way]:
    """The ways along one row (or column) of junctions ``line``."""
    ways: list[_Way] = []
    refs: list[int] = [int(line[0])]
    for col in range(grid.side - 1):
        if not kept[col]:
            if len(refs) > 1:
                ways.append((refs, tags))
            refs = [int(line[col + 1])]
            continue
        if curved[col]:  # a bent segment: one shape node off the straight line
            refs.append(_bend(rng, grid, frame, nodes, line[col] - 1, line[col + 1] - 1))
        refs.append(int(line[col + 1]))
        if breaks[col] and col < grid.side - 2:
            ways.append((refs, tags))
            refs = [int(line[col + 1])]
    if len(refs) > 1:
        ways.append((refs, tags))
    return ways


def _bend(rng: np.random.Generator, grid: _Grid, frame: _Frame, nodes: _Nodes, a: int, b: int) -> int:
    """A shape node beside the middle of the segment between junctions ``a`` and ``b``: its id."""
    spacing_m = grid.spacing_m
    bend = rng.uniform(-0.25, 0.25) * spacing_m
    mx = (grid.x[a] + grid.x[b]) / 2 + bend * (grid.y[b] - grid.y[a]) / spacing_m
    my = (grid.y[a] + grid.y[b]) / 2 - bend * (grid.x[b] - grid.x[a]) / spacing_m
    return nodes.add(*frame.lonlat(np.array([mx]), np.array([my])))


def _spurs(rng: np.random.Generator, grid: _Grid, frame: _Frame, nodes: _Nodes) -> list[_Way]:
    """Cul-de-sacs from 6% of junctions."""
    side, spacing_m = grid.side, grid.spacing_m
    spur_from = np.flatnonzero(rng.random(side * side) < 0.06)
    spur_x = grid.x[spur_from] + rng.uniform(0.3, 0.45, len(spur_from)) * spacing_m
    spur_y = grid.y[spur_from] + rng.uniform(0.3, 0.45, len(spur_from)) * spacing_m
    first = nodes.add(*frame.lonlat(spur_x, spur_y))
    return [([int(start) + 1, first + k], {"highway": "service"}) for k, start in enumerate(spur_from)]


def _footpaths(rng: np.random.Generator, grid: _Grid, ix: npt.NDArray[np.int64],
               iy: npt.NDArray[np.int64]) -> list[_Way]:
    """Diagonal footpaths across 3% of blocks, a fifth of them steps."""
    side = grid.side
    blocks = np.flatnonzero((rng.random(side * side) < 0.03) & (ix < side - 1) & (iy < side - 1))
    steps = rng.random(len(blocks)) < 0.2
    return [([int(start) + 1, int(start) + side + 2], {"highway": "steps" if is_steps else "footway"})
            for start, is_steps in zip(blocks, steps, strict=True)]


def _write_osm(path: str | Path, lons: npt.NDArray[np.float64], lats: npt.NDArray[np.float64],
               site_lon: npt.NDArray[np.float64], site_lat: npt.NDArray[np.float64], first_site_id: int,
               ways: list[_Way]) -> None:
    """The nodes (ids 1..), the sites (ids from ``first_site_id``) and the ways, as an OSM file."""
    import osmium

    with osmium.SimpleWriter(str(path), overwrite=True) as writer:
        for i, (x, y) in enumerate(zip(lons.tolist(), lats.tolist(), strict=True)):
            writer.add_node(osmium.osm.mutable.Node(id=i + 1, location=(x, y)))
        for k, (x, y) in enumerate(zip(site_lon.tolist(), site_lat.tolist(), strict=True)):
            tags = dict(SYNTHETIC_SITE_TAGS[k % len(SYNTHETIC_SITE_TAGS)])
            tags["name"] = f"{tags['name']}{k}"
            writer.add_node(osmium.osm.mutable.Node(id=first_site_id + k, location=(x, y), tags=tags))
        for w, (refs, tags) in enumerate(ways):
            writer.add_way(osmium.osm.mutable.Way(id=w + 1, nodes=refs, tags=tags))


def zone_population_geojson(
    path: str | Path, bbox: tuple[float, float, float, float], *, cells: int = 20,
    residents_per_km2: float = 3_800.0, seed: int = 0,
) -> None:
    """
    Write census-like zones over ``bbox`` (WGS84): a ``cells`` x ``cells`` grid of squares.

    Each zone has ``pop_est`` (residents, density varying by up to ±50 % around
    ``residents_per_km2``) and ``old_per`` (elderly share, 10-30 %).
    """
    import geopandas as gpd
    import shapely

    rng = np.random.default_rng(seed)
    west, south, east, north = bbox
    xs, ys = np.linspace(west, east, cells + 1), np.linspace(south, north, cells + 1)
    boxes = [shapely.box(xs[i], ys[j], xs[i + 1], ys[j + 1]) for j in range(cells) for i in range(cells)]
    zones = gpd.GeoDataFrame({"zone": [f"Z{k:03d}" for k in range(len(boxes))]}, geometry=boxes,
                             crs="EPSG:4326")
    area_km2 = zones.to_crs(zones.estimate_utm_crs()).area.to_numpy() / 1e6
    zones["pop_est"] = np.round(area_km2 * residents_per_km2 * rng.uniform(0.5, 1.5, len(boxes)))
    zones["old_per"] = np.round(rng.uniform(0.1, 0.3, len(boxes)), 3)
    zones.to_file(path, driver="GeoJSON")
