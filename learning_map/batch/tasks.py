"""
One city's task, run on a Dask worker: clip, build, coverage, scorecard, figures.

The task reads the extract and writes the city's bundle itself (on a cluster both sit
on shared storage), then returns its figures to the client, which alone writes
``cities.json``. The figures are also kept beside the bundle (``batch.json``, with the
build id), so a resumed batch can make the national table without recomputing.
"""

from __future__ import annotations

import json
import logging
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learning_map import settings
from learning_map.base.safety import atomic_write
from learning_map.build.pipeline import build_from_files
from learning_map.bundle.core import current_build, load_bundle
from learning_map.bundle.national import city_dir
from learning_map.city.population_files import clip_population
from learning_map.errors import N_, BundleError, InputFileError, LearningMapError
from learning_map.planning.standards import load_standard, scorecard

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd
    import shapely

    from learning_map.analysis.model import CoverageModel
    from learning_map.batch.cities import CityJob

__all__ = ["FIGURES_FILE", "CityOptions", "city_figures", "city_task", "clip_population", "inputs_key",
           "read_figures", "run_city"]

logger = logging.getLogger(__name__)

FIGURES_FILE = "batch.json"
PACES = ("adult", "elderly")


@dataclass(frozen=True)
class CityOptions:
    """
    What every city of a batch shares.

    Attributes
    ----------
    osm_path
        The country extract (cities may name their own).
    population_path, population_column, elderly_share
        Residents for the whole country, cut to each city (see :func:`clip_population`).
    standard
        Planning standard for the scorecard (built-in name or ``.toml``).
    minutes
        Walking-time thresholds of the national table.
    """

    osm_path: Path | None = None
    population_path: Path | None = None
    population_column: str | None = None
    elderly_share: str | None = None
    standard: str = "gb50180"
    minutes: tuple[int, ...] = field(default=settings.WALK_MINUTES)


def extract_box(osm_path: str | Path) -> shapely.Geometry | None:
    """The WGS84 box an extract's header declares (Geofabrik and the OSM API write one), or None."""
    import osmium
    import shapely

    try:
        box = osmium.io.Reader(str(osm_path), osmium.osm.osm_entity_bits.NOTHING).header().box()
    except RuntimeError:  # unreadable: the build reports it in its own words
        return None
    if not box.valid():
        return None
    return shapely.box(box.bottom_left.lon, box.bottom_left.lat, box.top_right.lon, box.top_right.lat)


def city_figures(model: CoverageModel, *, minutes: tuple[int, ...] = settings.WALK_MINUTES,
                 checks: pd.DataFrame | None = None, unit: str | None = None) -> list[dict[str, Any]]:
    """
    One row per category (and ``all``): residents, covered, shares at each time and pace.

    Parameters
    ----------
    model
        The city's coverage model.
    minutes
        Walking-time thresholds; shares are given at both paces (:data:`settings.PACE_KMH`).
    checks
        The city's scorecard checks (:func:`learning_map.planning.standards.scorecard`), or None.
    unit
        The unit name of the city in ``checks``.

    Returns
    -------
    rows
        ``category``, labels, ``sites``, ``residents``, ``elderly``, ``residents_covered``
        (at the longest time, adult pace), ``share_<m>min_<pace>`` (residents; None without
        population), ``network_share_<m>min_<pace>`` and ``pass`` (the standard's rules on
        that category, all at the city; for ``all`` every rule; None when no rule applies).
    """
    tables = {pace: model.summary(minutes=minutes, speed_kmh=settings.PACE_KMH[pace]).set_index(
        ["category", "minutes"]) for pace in PACES}
    longest = float(max(minutes))
    rows = []
    for key in model.report_categories():
        adult = tables["adult"].loc[(key, longest)]
        has_people = "population" in adult
        row: dict[str, Any] = {
            "category": key, "label_zh": adult["label_zh"], "label_en": adult["label_en"],
            "sites": int(adult["sites"]),
            "residents": float(adult["population"]) if has_people else None,
            "elderly": float(adult["elderly"]) if "elderly" in adult else None,
            "residents_covered": float(adult["population_covered"]) if has_people else None,
        }
        for pace in PACES:
            for minute in minutes:
                line = tables[pace].loc[(key, float(minute))]
                row[f"share_{minute}min_{pace}"] = float(line["population_share"]) if has_people else None
        for pace in PACES:
            for minute in minutes:
                row[f"network_share_{minute}min_{pace}"] = float(
                    tables[pace].loc[(key, float(minute)), "network_share"])
        row["pass"] = _verdict(checks, unit, None if key == "all" else key)
        rows.append(row)
    return rows


def _verdict(checks: pd.DataFrame | None, unit: str | None, key: str | None) -> bool | None:
    """All the city's checks on ``key`` (every key when None) pass; None when none applies."""
    if checks is None or checks.empty:
        return None
    mine = checks[(checks["unit"] == unit) & checks["pass"].notna()]
    if key is not None:
        mine = mine[mine["key"] == key]
    return None if mine.empty else bool(mine["pass"].astype(bool).all())


def _scorecard(model: CoverageModel, area: shapely.Geometry, name: str, standard: str) -> pd.DataFrame:
    import geopandas as gpd


    units = gpd.GeoDataFrame({"name": [name]}, geometry=[area], crs="EPSG:4326")
    return scorecard(model, load_standard(standard), units, "name").checks


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def inputs_key(job: CityJob, options: CityOptions) -> str:
    """
    A digest of what a city's figures depend on: its area, extract, residents and standard.

    A resumed batch rebuilds a done city whose key changed (a corrected boundary, another
    population file), rather than keeping figures of other inputs.
    """
    import hashlib

    import shapely

    parts = [
        shapely.to_wkb(job.clip, hex=True) if job.clip is not None else "",
        str(job.osm_path or options.osm_path or ""), job.name, job.district or "",
        str(options.population_path or ""), options.population_column or "",
        options.elderly_share or "", options.standard, ",".join(map(str, options.minutes)),
    ]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def run_city(job: CityJob, out_root: str | Path, options: CityOptions) -> dict[str, Any]:
    """
    Build one city of a batch and compute its figures (a Dask task; also callable directly).

    Parameters
    ----------
    job
        The city.
    out_root
        The national folder; the bundle goes to ``out_root/cities/<slug>/``.
    options
        What the batch shares.

    Returns
    -------
    result
        ``slug``, ``build`` (id), ``bbox`` (WGS84), ``residents``, ``rows`` (see
        :func:`city_figures`), ``headline``, ``seconds`` and ``peak_rss_mb`` of the worker.
    """
    import shapely

    started = time.perf_counter()
    out = city_dir(out_root, job.slug)
    osm_path = job.osm_path or options.osm_path
    if osm_path is None:
        raise InputFileError(N_("no OSM extract for this city"))
    # A city without a boundary is its whole extract: the header's box, when it has one.
    area = job.clip if job.clip is not None else extract_box(osm_path)
    _build_city(job, out, osm_path, area, options)
    bundle = load_bundle(out)
    model = bundle.model
    area = area if area is not None else shapely.box(*bundle.meta["bounds_lonlat"])
    checks = (_scorecard(model, area, job.name, options.standard)
              if model.demand is not None and len(model.demand_points) else None)
    rows = city_figures(model, minutes=options.minutes, checks=checks, unit=job.name)
    result = _city_result(job, options, out, area, rows, started)
    with atomic_write(out / FIGURES_FILE, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(result, ensure_ascii=False) + "\n")
    return result


def _build_city(job: CityJob, out: Path, osm_path: str | Path, area: shapely.Geometry | None,
                options: CityOptions) -> None:
    """Build the city's bundle from its extract, with the country's residents cut to its area."""
    with tempfile.TemporaryDirectory(prefix=f"batch-{job.slug}-") as scratch:
        population = options.population_path
        if population is not None:
            if area is None:
                raise InputFileError(N_("--population needs this city's area: give it a boundary or bbox "
                                        "(its extract declares no bounds)"))
            population = clip_population(population, options.population_column, area, Path(scratch))
        build_from_files(
            out, osm_path=osm_path, clip=job.clip, name=job.name, allow_empty=True,
            population_path=population,
            population_column=options.population_column if population is not None else None,
            elderly_share=options.elderly_share if population is not None else None,
        )


def _city_result(job: CityJob, options: CityOptions, out: Path, area: shapely.Geometry,
                 rows: list[dict[str, Any]], started: float) -> dict[str, Any]:
    """The task's answer (and ``batch.json``): the city, its build, area, figures and headline."""
    import shapely

    everything = next(r for r in rows if r["category"] == "all")
    longest = max(options.minutes)
    headline = {
        "covered_share_15min": everything[f"share_{longest}min_adult"],
        "network_share_15min": everything[f"network_share_{longest}min_adult"],
        "sites": everything["sites"],
        "standard": options.standard,
        "standard_pass": everything["pass"],
        "district": job.district,
    }
    return {
        "slug": job.slug, "name": job.name, "district": job.district,
        "inputs": inputs_key(job, options),
        "build": current_build(out).name,
        "bbox": [round(float(v), 6) for v in area.bounds],
        "boundary_wkt": shapely.to_wkt(area, rounding_precision=6),
        "residents": round(everything["residents"]) if everything["residents"] is not None else None,
        "rows": rows, "headline": headline,
        "seconds": round(time.perf_counter() - started, 3),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }


def city_task(job: CityJob, out_root: str | Path, options: CityOptions) -> dict[str, Any]:
    """
    :func:`run_city` as a Dask task: a failure comes back as ``{"error": ..., "traceback": ...}``.

    A city with no ways or an unreadable boundary is an answer, not a crash: the worker
    logs nothing for it, and the batch records one line (the error itself comes back as
    ``"problem"``, so the batch says it in the overview's language). An unexpected error (a bug) is
    named by its type, and its traceback is passed to the client, which logs it with
    ``-v``. A worker that dies (out of memory) still fails the task in Dask itself.
    """
    import traceback

    try:
        return run_city(job, out_root, options)
    except LearningMapError as exc:
        return {"slug": job.slug, "error": one_line(exc), "problem": exc}
    except Exception as exc:  # a bug in one city must not hide the others' results
        return {"slug": job.slug, "error": f"{type(exc).__name__}: {one_line(exc)}",
                "traceback": traceback.format_exc()}


def one_line(exc: BaseException, locale: str | None = None) -> str:
    """
    An error as one line: its message's first line, or its type when it has none.

    A learning-map error is said in ``locale`` (None: the command line's language).
    """
    text = exc.text(locale) if isinstance(exc, LearningMapError) else str(exc)
    lines = text.strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def read_figures(out_root: str | Path, slug: str, inputs: str | None = None) -> dict[str, Any] | None:
    """
    A finished city's figures when they belong to its current build and it loads; else None.

    With ``inputs`` (:func:`inputs_key`), also None when the figures were made from other inputs.
    """
    folder = city_dir(out_root, slug)
    try:
        figures = json.loads((folder / FIGURES_FILE).read_text(encoding="utf-8"))
        if figures.get("build") != current_build(folder).name:
            return None
        if inputs is not None and figures.get("inputs") != inputs:
            return None
        load_bundle(folder)
    except (OSError, ValueError, BundleError):
        return None
    return figures


def city_area(figures: dict[str, Any]) -> gpd.GeoSeries:
    """The city's clip area (or bounds) from its figures, as a WGS84 GeoSeries of one."""
    import geopandas as gpd
    import shapely

    return gpd.GeoSeries([shapely.from_wkt(figures["boundary_wkt"])], crs="EPSG:4326")
