"""Hand-built walk networks, from an edge list or a regular grid: for tests and benchmarks."""

from __future__ import annotations

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
    import osmium

    rng = np.random.default_rng(seed)
    side = max(3, round(np.sqrt(junctions)))
    lon0, lat0 = centre_lonlat
    m_per_deg_lon = _M_PER_DEG * np.cos(np.radians(lat0))
    half_m = (side - 1) * spacing_m / 2

    def lonlat(x_m: npt.NDArray[np.float64], y_m: npt.NDArray[np.float64]) -> tuple:
        return lon0 + (x_m - half_m) / m_per_deg_lon, lat0 + (y_m - half_m) / _M_PER_DEG

    # Grid junctions, ids 1..side², jittered by up to a fifth of a block.
    iy, ix = np.divmod(np.arange(side * side), side)
    jitter = rng.uniform(-0.2, 0.2, (2, side * side)) * spacing_m
    grid_x, grid_y = ix * spacing_m + jitter[0], iy * spacing_m + jitter[1]
    node_lon, node_lat = [lonlat(grid_x, grid_y)[0]], [lonlat(grid_x, grid_y)[1]]
    next_id = side * side + 1
    ways: list[tuple[list[int], dict[str, str]]] = []

    # Streets along rows and columns: 8% of segments missing, a way breaks after ~6 blocks.
    index = np.arange(side * side).reshape(side, side) + 1
    for lines, main_step in ((index, 10), (index.T, 10)):
        kept = rng.random((side, side - 1)) >= 0.08
        breaks = rng.random((side, side - 1)) < 0.16
        curved = rng.random((side, side - 1)) < 0.1
        for row in range(side):
            tags = ({"highway": "secondary", "name": f"主路{row}号"} if row % main_step == 0
                    else {"highway": "residential", "name": f"街{row}号"})
            refs: list[int] = [int(lines[row, 0])]
            for col in range(side - 1):
                if not kept[row, col]:
                    if len(refs) > 1:
                        ways.append((refs, tags))
                    refs = [int(lines[row, col + 1])]
                    continue
                if curved[row, col]:  # a bent segment: one shape node off the straight line
                    a, b = lines[row, col] - 1, lines[row, col + 1] - 1
                    bend = rng.uniform(-0.25, 0.25) * spacing_m
                    mx = (grid_x[a] + grid_x[b]) / 2 + bend * (grid_y[b] - grid_y[a]) / spacing_m
                    my = (grid_y[a] + grid_y[b]) / 2 - bend * (grid_x[b] - grid_x[a]) / spacing_m
                    lon, lat = lonlat(np.array([mx]), np.array([my]))
                    node_lon.append(lon)
                    node_lat.append(lat)
                    refs.append(next_id)
                    next_id += 1
                refs.append(int(lines[row, col + 1]))
                if breaks[row, col] and col < side - 2:
                    ways.append((refs, tags))
                    refs = [int(lines[row, col + 1])]
            if len(refs) > 1:
                ways.append((refs, tags))

    # Cul-de-sacs from 6% of junctions and diagonal footpaths across 3% of blocks (a fifth steps).
    spur_from = np.flatnonzero(rng.random(side * side) < 0.06)
    spur_x = grid_x[spur_from] + rng.uniform(0.3, 0.45, len(spur_from)) * spacing_m
    spur_y = grid_y[spur_from] + rng.uniform(0.3, 0.45, len(spur_from)) * spacing_m
    lon, lat = lonlat(spur_x, spur_y)
    node_lon.append(lon)
    node_lat.append(lat)
    for k, start in enumerate(spur_from):
        ways.append(([int(start) + 1, next_id + k], {"highway": "service"}))
    next_id += len(spur_from)
    blocks = np.flatnonzero((rng.random(side * side) < 0.03) & (ix < side - 1) & (iy < side - 1))
    steps = rng.random(len(blocks)) < 0.2
    for start, is_steps in zip(blocks, steps, strict=True):
        ways.append(([int(start) + 1, int(start) + side + 2],
                     {"highway": "steps" if is_steps else "footway"}))

    # Learning sites inside blocks, cycling through the seven categories.
    site_x = rng.uniform(0, (side - 1) * spacing_m, sites)
    site_y = rng.uniform(0, (side - 1) * spacing_m, sites)
    site_lon, site_lat = lonlat(site_x, site_y)
    lons, lats = np.concatenate(node_lon), np.concatenate(node_lat)
    with osmium.SimpleWriter(str(path), overwrite=True) as writer:
        for i, (x, y) in enumerate(zip(lons.tolist(), lats.tolist(), strict=True)):
            writer.add_node(osmium.osm.mutable.Node(id=i + 1, location=(x, y)))
        for k, (x, y) in enumerate(zip(site_lon.tolist(), site_lat.tolist(), strict=True)):
            tags = dict(SYNTHETIC_SITE_TAGS[k % len(SYNTHETIC_SITE_TAGS)])
            tags["name"] = f"{tags['name']}{k}"
            writer.add_node(osmium.osm.mutable.Node(id=next_id + k, location=(x, y), tags=tags))
        for w, (refs, tags) in enumerate(ways):
            writer.add_way(osmium.osm.mutable.Way(id=w + 1, nodes=refs, tags=tags))
    west, south = lonlat(np.array([0.0]), np.array([0.0]))
    east, north = lonlat(np.array([(side - 1) * spacing_m]), np.array([(side - 1) * spacing_m]))
    return {"nodes": len(lons) + sites, "ways": len(ways), "sites": sites,
            "side_m": int((side - 1) * spacing_m),
            "bbox": [float(west[0]), float(south[0]), float(east[0]), float(north[0])]}


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
