"""
City bundles on disk: every build in a folder of its own, switched into place in one step.

A bundle folder ``DIR`` holds::

    DIR/CURRENT             the id of the build in use (replaced atomically)
    DIR/builds/<id>/        network/ (one .npy per array, memory-mapped when loaded),
                            sites.geojson, demand.npz, places.json, basemap.pmtiles,
                            meta.json (written last)

Builds before memory-mapping hold ``network.npz`` instead of ``network/``; they still load.

``build`` writes a new build into ``DIR/builds/.tmp-<id>/``, renames it to
``DIR/builds/<id>/``, then replaces ``CURRENT`` with :func:`os.replace`, and only then
removes older builds. A kill at any moment leaves the previous build in use. Files a
city keeps (the registry store) live beside ``builds/`` and are never touched by a build.

``meta.json`` records every file's size and SHA-256. Loading checks sizes and the
counts in ``meta.json`` against the arrays (cheap); ``learning-map verify`` also
checks every checksum.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map import settings
from learning_map.analysis.model import CoverageModel
from learning_map.base.problems import NestedError, Problem
from learning_map.base.safety import atomic_write, fsync_dir
from learning_map.base.schema import SITE_COLUMNS
from learning_map.base.units import check_profile
from learning_map.city.city_names import names_from_text
from learning_map.city.population import load_demand
from learning_map.city.scripts import LOCALES
from learning_map.city.sites import empty_sites
from learning_map.city.walks import stops_from_features
from learning_map.errors import N_, BundleError
from learning_map.io.layers import read_layer
from learning_map.walking.network import load_network
from learning_map.walking.snapping import load_snapped

if TYPE_CHECKING:
    from collections.abc import Iterator

    import geopandas as gpd

    from learning_map.city.population import Demand
    from learning_map.walking.network import WalkNetwork

logger = logging.getLogger(__name__)

# 3: names stored per script (sites' name_zh_hans/name_zh_hant/name_pt, places' and stops'
# names, basemap labels' name_zh_hans/name_zh_hant). Older builds still load: their names
# are converted when read, by the same rule (learning_map.city.scripts).
# 4: the city's own name per locale (meta.json "names": zh-Hans, zh-Hant, en, pt;
# learning_map.city.city_names). Older builds still load: their one "name" is split by script.
# 5: the extract's named places (named_places.geojson, learning_map.bundle.named_places) for
# placing a registry's rows by name. Older builds still load; placing by name says to rebuild.
FORMAT_VERSION = 5
CURRENT_FILE = "CURRENT"
BUILDS_DIR = "builds"
LOCK_FILE = ".build.lock"
TMP_PREFIX = ".tmp-"
META_FILE = "meta.json"
NETWORK_FILE = "network.npz"  # builds before memory-mapped networks
NETWORK_DIR = "network"  # one plain .npy per array, mapped read-only and shared by workers
SITES_FILE = "sites.geojson"
DEMAND_FILE = "demand.npz"
PLACES_FILE = "places.json"
# The offline basemap (vector tiles), from the same OSM extract; absent when built without one.
BASEMAP_FILE = "basemap.pmtiles"
STOPS_FILE = "stops.geojson"  # sights and rest points of humanities walks (learning_map.city.walks)
REJECTED_FILE = "rejected_sites.csv"
_BUILD_ID = re.compile(r"[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}")
# What a damaged file raises when read: truncated zip, bad JSON/GeoJSON, wrong arrays.
_READ_ERRORS = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, RuntimeError)


class DamagedBundleError(NestedError, BundleError):
    """A city bundle whose files do not agree; the reason is a :class:`Problem` or a library's own text."""


def _damaged(path: Path, what: Problem | str) -> BundleError:
    return DamagedBundleError(N_("The city bundle {path} is damaged ({reason}); run 'learning-map verify {path}' "
                                 "or build it again"), path=str(path), reason=what)


@dataclass
class CityBundle:
    """A built city: walk network, learning sites, optional residents and metadata."""

    path: Path
    meta: dict
    network: WalkNetwork
    sites: gpd.GeoDataFrame
    demand: Demand | None
    places: list[dict]

    _profile_models: dict[str, CoverageModel] = field(default_factory=dict, init=False, repr=False)

    @cached_property
    def model(self) -> CoverageModel:
        """Coverage model over this city's sites and residents (built once)."""
        return self._model(settings.DEFAULT_PROFILE, self.network)

    def _model(self, profile: str, network: WalkNetwork) -> CoverageModel:
        """A profile's model, with the build's stored snapping when it is for these points."""
        key = CoverageModel.points_key(network, self.sites, self.demand)
        names = ("sites", "demand") if self.demand is not None else ("sites",)
        stored = None
        if self.path is not None:  # an in-memory city has no build to read
            with contextlib.suppress(BundleError):  # a folder without CURRENT (tests)
                stored = load_snapped(current_build(self.path) / snapped_file(profile), key, names)
        stored = stored or {}
        return CoverageModel(network, self.sites, self.demand, site_points=stored.get("sites"),
                             demand_points=stored.get("demand"))

    def model_for(self, profile: str = settings.DEFAULT_PROFILE) -> CoverageModel:
        """
        The coverage model of a mobility profile, built once per profile.

        ``"step-free"`` walks only on ways without steps: residents and sites snap to
        the nearest such way, and walks go around staircases.
        """
        check_profile(profile)
        if profile == settings.DEFAULT_PROFILE:
            return self.model
        if profile not in self._profile_models:

            self._profile_models[profile] = self._model(profile, self.network.for_profile(profile))
        return self._profile_models[profile]

    @cached_property
    def stops(self) -> gpd.GeoDataFrame:
        """Sights and rest points for humanities walks (empty for bundles built without them)."""
        import geopandas as gpd


        path = current_build(self.path) / STOPS_FILE
        if not path.is_file():
            return stops_from_features(gpd.GeoDataFrame(
                {"tags": [], "osm_type": [], "osm_id": []}, geometry=[], crs="EPSG:4326"))
        try:
            return read_layer(path, what=N_("city bundle"))
        except (*_READ_ERRORS, pyogrio_errors()) as exc:
            raise _damaged(self.path, f"{type(exc).__name__}: {exc}") from None

    @property
    def name(self) -> str:
        """City name given at build time, as written (``"Macau 澳门"``): shown only where no locale applies."""
        return str(self.meta.get("name", self.path.name))

    @property
    def names(self) -> dict[str, str]:
        """
        The city's name per locale (``zh-Hans``, ``zh-Hant``, ``en``, ``pt``; ``""`` where it has none).

        Stored at build (format 4); a bundle built before has its one :attr:`name` split by
        script, the rule builds used then (:func:`learning_map.city.city_names.names_from_text`).
        """
        stored = self.meta.get("names")
        if isinstance(stored, dict):
            return {key: str(stored.get(key) or "") for key in LOCALES}
        return names_from_text(self.name)


def pyogrio_errors() -> type[Exception]:
    """Pyogrio's error for a file it cannot read (imported when needed)."""
    import pyogrio

    return pyogrio.errors.DataSourceError


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def _build_lock(bundle_dir: Path) -> Iterator[None]:
    """One build of a folder at a time; a second one fails at once with a clear sentence."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; builds are still atomic
        yield
        return
    with open(bundle_dir / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BundleError(N_("Another build of {path} is running; wait for it to finish"),
                              path=str(bundle_dir)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class BuildWriter:
    """
    Write one build into a private folder, then switch the bundle to it atomically.

    Use as a context manager: write files into :attr:`path`, then call
    :meth:`commit`. Leaving the block without committing (an error) removes the
    unfinished build and leaves the bundle as it was.
    """

    def __init__(self, bundle_dir: str | Path) -> None:
        self.bundle_dir = Path(bundle_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.build_id = f"{stamp}-{secrets.token_hex(3)}"
        self.builds = self.bundle_dir / BUILDS_DIR
        self.path = self.builds / f"{TMP_PREFIX}{self.build_id}"
        self._lock: contextlib.AbstractContextManager[None] | None = None
        self.committed = False

    def __enter__(self) -> BuildWriter:  # noqa: D105
        self.builds.mkdir(parents=True, exist_ok=True)
        self._lock = _build_lock(self.bundle_dir)
        self._lock.__enter__()
        # Left over by a build that was killed; we hold the lock, so none is running.
        for stale in self.builds.glob(f"{TMP_PREFIX}*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.path.mkdir()
        return self

    def __exit__(self, *exc_info: object) -> None:  # noqa: D105
        try:
            if not self.committed:
                shutil.rmtree(self.path, ignore_errors=True)
        finally:
            assert self._lock is not None
            self._lock.__exit__(*exc_info)

    def commit(self, meta: dict[str, Any]) -> Path:
        """
        Record file sizes and checksums in ``meta.json``, then make this build current.

        Returns
        -------
        path
            The committed build folder.
        """
        files = {}
        # Files in sub-folders (network/*.npy) are listed by their relative path.
        for file in sorted(self.path.rglob("*")):
            if file.is_file():
                files[file.relative_to(self.path).as_posix()] = {
                    "bytes": file.stat().st_size, "sha256": sha256_file(file)}
        meta = {**meta, "format_version": FORMAT_VERSION, "build_id": self.build_id, "files": files}
        with atomic_write(self.path / META_FILE, "w", encoding="utf-8") as handle:
            json.dump(meta, handle, ensure_ascii=False, indent=2)
        fsync_dir(self.path)
        final = self.builds / self.build_id
        os.replace(self.path, final)
        fsync_dir(self.builds)
        logger.info("build: switching %s to build %s", self.bundle_dir, self.build_id)
        with atomic_write(self.bundle_dir / CURRENT_FILE, "w", encoding="utf-8") as handle:
            handle.write(self.build_id + "\n")
        self.committed = True
        self.path = final
        for old in self.builds.iterdir():
            if old.name != self.build_id and not old.name.startswith(TMP_PREFIX):
                shutil.rmtree(old, ignore_errors=True)
        # A flat bundle from before builds/ existed: its files are now stale.
        for name in (META_FILE, NETWORK_FILE, SITES_FILE, DEMAND_FILE, PLACES_FILE):
            (self.bundle_dir / name).unlink(missing_ok=True)
        return final


def snapped_file(profile: str) -> str:
    """The build's file of sites and residents already snapped on a profile's network."""
    return f"snapped-{profile}.npz"


def basemap_archive(bundle_dir: str | Path) -> tuple[Path, str] | None:
    """
    The current build's basemap archive and its SHA-256 from ``meta.json``, or None without one.

    The path and the checksum come from the same build, so a client that keys its cache
    on the checksum never mixes two builds' bytes.
    """
    build = current_build(bundle_dir)
    meta = json.loads((build / META_FILE).read_text(encoding="utf-8"))
    record = (meta.get("files") or {}).get(BASEMAP_FILE) if isinstance(meta, dict) else None
    if not isinstance(record, dict) or not (build / BASEMAP_FILE).is_file():
        return None
    return build / BASEMAP_FILE, str(record.get("sha256", ""))


def network_path(build: Path) -> Path:
    """The walk network of a build folder: ``network/`` or, in older builds, ``network.npz``."""
    folder = build / NETWORK_DIR
    return folder if folder.is_dir() else build / NETWORK_FILE


def current_build(bundle_dir: str | Path) -> Path:
    """
    The folder of the build in use.

    A bundle written before builds existed (files directly in ``bundle_dir``) is
    its own build.

    Raises
    ------
    BundleError
        When ``bundle_dir`` is not a bundle or its pointer is broken.
    """
    bundle_dir = Path(bundle_dir)
    pointer = bundle_dir / CURRENT_FILE
    if pointer.is_file():
        build_id = pointer.read_text(encoding="utf-8", errors="replace").strip()
        build = bundle_dir / BUILDS_DIR / build_id
        if not _BUILD_ID.fullmatch(build_id) or not (build / META_FILE).is_file():
            raise _damaged(bundle_dir, Problem(N_("{file} names no complete build"), file=CURRENT_FILE))
        return build
    if (bundle_dir / META_FILE).is_file():
        return bundle_dir
    raise BundleError(N_("{path} is not a city bundle; run 'learning-map build' first"), path=str(bundle_dir))


def read_meta(bundle_dir: str | Path) -> dict[str, Any]:
    """The ``meta.json`` of the build in use."""
    build = current_build(bundle_dir)
    try:
        meta = json.loads((build / META_FILE).read_text(encoding="utf-8"))
    except _READ_ERRORS as exc:
        raise _damaged(Path(bundle_dir), f"{META_FILE}: {exc}") from None
    if not isinstance(meta, dict):
        raise _damaged(Path(bundle_dir), Problem(N_("{file} is not an object"), file=META_FILE))
    return meta


def _check_sizes(bundle_dir: Path, build: Path, meta: dict) -> None:
    for name, record in meta.get("files", {}).items():
        file = build / name
        if not file.is_file():
            raise _damaged(bundle_dir, Problem(N_("{file} is missing"), file=name))
        if file.stat().st_size != record.get("bytes"):
            raise _damaged(bundle_dir, Problem(N_("{file} has {size:,} bytes, meta.json says {recorded:,}"),
                                               file=name, size=file.stat().st_size, recorded=record.get("bytes")))


def _check_counts(bundle_dir: Path, bundle: CityBundle) -> None:
    """The arrays must match the counts recorded with them: a mixed bundle is refused."""
    meta = bundle.meta
    found = {
        "nodes": bundle.network.node_count,
        "edges": bundle.network.edge_count,
        "sites": len(bundle.sites),
    }
    if "demand_points" in meta:
        found["demand_points"] = 0 if bundle.demand is None else len(bundle.demand.x)
    for key, count in found.items():
        if key in meta and meta[key] != count:
            raise _damaged(bundle_dir, Problem(N_("{count:,} {what} in the files, meta.json says {recorded:,}"),
                                               count=count, what=key, recorded=meta[key]))


def load_bundle(path: str | Path) -> CityBundle:
    """
    Load the current build of a city bundle.

    Parameters
    ----------
    path
        Bundle folder written by :func:`learning_map.build.pipeline.build_bundle`.

    Returns
    -------
    bundle

    Raises
    ------
    BundleError
        One sentence when the bundle is missing, damaged or inconsistent.
    """
    import pyogrio


    bundle_dir = Path(path)
    build = current_build(bundle_dir)
    meta = read_meta(bundle_dir)
    _check_sizes(bundle_dir, build, meta)
    try:
        network = load_network(network_path(build))
        sites = (read_layer(build / SITES_FILE, what=N_("city bundle")) if (build / SITES_FILE).is_file()
                 else empty_sites())
        demand = load_demand(build / DEMAND_FILE)
        places_file = build / PLACES_FILE
        places = json.loads(places_file.read_text(encoding="utf-8")) if places_file.is_file() else []
    except (*_READ_ERRORS, pyogrio.errors.DataSourceError) as exc:
        raise _damaged(bundle_dir, f"{type(exc).__name__}: {exc}") from None
    for column in SITE_COLUMNS:
        if column not in sites:
            sites[column] = ""
    text_columns = [c for c in sites.columns if c != "geometry" and sites[c].dtype == object]
    sites[text_columns] = sites[text_columns].fillna("")
    bundle = CityBundle(
        path=bundle_dir, meta=meta, network=network, sites=sites, demand=demand, places=places
    )
    _check_counts(bundle_dir, bundle)
    return bundle


def verify_bundle(path: str | Path) -> dict[str, Any]:
    """
    Check every file of the current build against its recorded size and SHA-256, then load it.

    Returns
    -------
    summary
        ``build``, ``files`` (count) and ``bytes`` of the verified build.

    Raises
    ------
    BundleError
        Naming the first file that does not match.
    """
    bundle_dir = Path(path)
    build = current_build(bundle_dir)
    meta = read_meta(bundle_dir)
    files = meta.get("files")
    if not files:
        raise _damaged(bundle_dir, Problem(N_("meta.json lists no checksums (built by an older version)")))
    _check_sizes(bundle_dir, build, meta)
    for name, record in files.items():
        if sha256_file(build / name) != record.get("sha256"):
            raise _damaged(bundle_dir, Problem(N_("{file} does not match its SHA-256 in meta.json"), file=name))
    load_bundle(bundle_dir)
    return {
        "build": meta.get("build_id", build.name),
        "files": len(files),
        "bytes": sum(int(r["bytes"]) for r in files.values()),
    }
