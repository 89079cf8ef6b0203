"""
Default settings for learning-map.

Functions take these values as keyword defaults, so callers can always
override them; nothing here is mutated at run time by the library itself.

Attributes
----------
PACE_KMH
    Named walking speeds in km/h. ``adult`` = 4.8 km/h (80 m/min, common
    Chinese planning practice for 15-minute life circles); ``elderly`` =
    3.3 km/h (0.92 m/s, the 15th-percentile walking speed of older
    pedestrians, as used in signal-timing guidance).
WALK_MINUTES
    Default walking-time thresholds in minutes.
MAX_SNAP_M
    A site or resident farther than this from any walkable way is not moved
    onto the network: sites are rejected with a reason, residents count as
    not covered.
MIN_COMPONENT_LENGTH_M
    Walk-network islands (connected pieces) shorter than this in total are
    dropped so that nothing snaps to them: footways inside a building, a
    disconnected stub, a fragment (half of Macau's islands are under 25 m). A
    longer island (a hillside trail, a pier, a campus mapped without its links)
    is a real place to walk and stays. Length, not node count: simplification
    leaves a 3.6 km trail loop with 6 nodes (a "10 nodes" rule dropped it, and
    moved 13 Macau demand points beside such pieces onto farther streets).
ISOCHRONE_BUFFER_M, ISOCHRONE_CELL_M, ISOCHRONE_SIMPLIFY_M, ISOCHRONE_MIN_HOLE_M2
    How reachable areas are drawn: band around reached streets, grid cell,
    outline simplification, and the smallest hole kept (smaller ones are block
    interiors and are filled).
SAME_SITE_WITHIN_M
    Two sites whose folded names are equal and that are at most this far apart
    are likely the same place (:mod:`learning_map.city.naming`).
REGISTRY_MAX_BYTES, REGISTRY_MAX_UNPACKED_BYTES, REGISTRY_MAX_ROWS, REGISTRY_MAX_CELLS
    The most one registry file may hold: bytes on disk, bytes once unzipped (XLSX and
    zipped Shapefile), data rows, and cells (rows x columns). Ten times a large city's
    registry; a bigger file is refused with the bound named (:mod:`learning_map.io.bounds`).
GAZETTEER_MAX_BYTES, GAZETTEER_MAX_UNPACKED_BYTES, GAZETTEER_MAX_ROWS, GAZETTEER_MAX_CELLS
    The same bounds for an office's address file (``import --gazetteer``): a city's
    standard addresses run to hundreds of thousands of rows; a larger file is split by district.
SAME_NAME_PER_CELL
    How many sites of one folded name in one grid cell the duplicate search compares
    with each other; keeps it near-linear on a hostile file.
BUILDING_DEFAULT_LEVELS
    Floors assumed for a building with no ``building:levels`` tag when
    spreading zone population by floor area.
"""

from __future__ import annotations

PACE_KMH: dict[str, float] = {"adult": 4.8, "elderly": 3.3}
DEFAULT_PACE: str = "adult"
# Mobility profiles: "walk" uses every walkable way; "step-free" leaves out steps (without a
# wheelchair ramp) and ways tagged wheelchair=no, so walks go around them.
PROFILES: tuple[str, ...] = ("walk", "step-free")
DEFAULT_PROFILE: str = "walk"
WALK_MINUTES: tuple[int, ...] = (5, 10, 15)
MAX_WALK_MINUTES: int = 60
MAX_SNAP_M: float = 500.0
MIN_COMPONENT_LENGTH_M: float = 200.0
BUILDING_DEFAULT_LEVELS: float = 1.0
UNIFORM_GRID_M: float = 100.0
ISOCHRONE_BUFFER_M: float = 25.0
ISOCHRONE_CELL_M: float = 12.5
ISOCHRONE_MIN_HOLE_M2: float = 40_000.0
ISOCHRONE_SIMPLIFY_M: float = 5.0
# Two sites with the same folded name (learning_map.city.naming.fold_name) at most this far
# apart are likely the same place: merged when OSM maps a place twice, reported (never
# merged) when an import brings them, grouped in the citizen list.
SAME_SITE_WITHIN_M: float = 150.0
# A real registry has a handful of one name in one cell; past this many the rest are compared
# with the first ones only, so a hostile file cannot make the search quadratic.
SAME_NAME_PER_CELL: int = 32
# A large city lists a few thousand learning sites with 10-30 columns.
REGISTRY_MAX_BYTES: int = 32 * 1024 * 1024
REGISTRY_MAX_UNPACKED_BYTES: int = 128 * 1024 * 1024
REGISTRY_MAX_ROWS: int = 50_000
REGISTRY_MAX_CELLS: int = 500_000
# An office's address file (learning_map.city.gazetteer): a district's 门牌 run to ~100,000.
GAZETTEER_MAX_BYTES: int = 256 * 1024 * 1024
GAZETTEER_MAX_UNPACKED_BYTES: int = 1024 * 1024 * 1024
GAZETTEER_MAX_ROWS: int = 1_000_000
GAZETTEER_MAX_CELLS: int = 20_000_000
# `learning-map serve`: threads per worker process that run requests (learning_map.web.serve);
# slow clients wait in the worker's event loop, not in these threads.
SERVE_THREADS: int = 8
