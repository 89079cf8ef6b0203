"""
The cities of a batch: ``cities.csv`` rows or the features of ``boundaries.gpkg:NAME``.

A ``cities.csv`` has a ``name`` column and optional ``slug``, ``district``, ``osm`` (a
per-city extract, overriding ``--osm``), and ``boundary`` (``FILE[:FIELD=VALUE]``) or
``bbox`` (``W,S,E,N``). Relative paths are read from the CSV's own folder. A bad row is
reported with its line and reason, and the good rows still run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from learning_map.bundle.national import check_slug
from learning_map.city.naming import has_han, strip_accents
from learning_map.errors import N_, InputFileError, LearningMapError
from learning_map.io.boundary import parse_bbox, read_boundary
from learning_map.io.csv_rows import read_csv_rows
from learning_map.io.layers import read_layer

if TYPE_CHECKING:
    import shapely

__all__ = ["CityJob", "make_slug", "read_cities"]

CSV_COLUMNS = ("name", "slug", "district", "osm", "boundary", "bbox")
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# A slug names a folder and a URL segment (learning_map.bundle.national): at most 64 characters.
SLUG_MAX = 64


@dataclass(frozen=True)
class CityJob:
    """
    One city to build: where its data is and the area to cut from the extract.

    Attributes
    ----------
    slug
        Folder name under ``cities/`` (ASCII, unique in the batch).
    name
        Display name as given.
    line
        CSV line or feature number, for messages.
    district
        Upper unit (province, prefecture) when given, else None.
    osm_path
        A per-city extract, or None to read the batch's ``--osm``.
    clip
        WGS84 area to cut from the extract, or None for the whole extract.
    """

    slug: str
    name: str
    line: int
    district: str | None = None
    osm_path: Path | None = None
    clip: shapely.Geometry | None = None


def make_slug(name: str) -> str:
    """
    An ASCII folder name for a city name: pinyin for Chinese (黄浦区 -> ``huangpuqu``).

    Latin letters lose their accents; anything else becomes ``-``. A name with nothing
    left (symbols only) gives ``city``.
    """
    text = name
    if has_han(text):
        from pypinyin import lazy_pinyin

        # Each run of Chinese characters becomes one word (黄浦区 -> huangpuqu), as places
        # are written in pinyin; other runs (São Lázaro) stay as they are.
        text = _HAN_RUN.sub(lambda run: f" {''.join(lazy_pinyin(run.group()))} ", text)
    text = strip_accents(text).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:SLUG_MAX].strip("-")
    return slug or "city"


def unique_slug(slug: str, taken: set[str]) -> str:
    """``slug``, or ``slug-2``, ``slug-3``... when it is taken; adds the result to ``taken``."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = slug[: SLUG_MAX - len(suffix)].strip("-") + suffix
    taken.add(candidate)
    return candidate


def _resolve(value: str, folder: Path) -> Path:
    path = Path(value)
    return path if path.is_absolute() else folder / path


def _csv_job(row: pd.Series, folder: Path, taken: set[str], reserved: set[str], *,
             default_osm: bool) -> CityJob:
    """One CSV row as a job; raises LearningMapError with the reason when the row is bad."""
    name = _cell(row, "name")
    if not name:
        raise InputFileError(N_("no name"))
    given = _given_slug(row, taken)
    osm_path = _row_osm(row, folder, default_osm=default_osm)
    clip = _row_clip(row, folder)
    district = _cell(row, "district") or None
    if given:
        taken.add(given)
        slug = given
    else:
        slug = unique_slug(make_slug(name), taken | reserved)
        taken.add(slug)
    return CityJob(slug, name, int(row["line"]), district, osm_path, clip)


def _cell(row: pd.Series, column: str) -> str:
    """The row's text in ``column``, stripped ('' when empty or missing)."""
    return str(row.get(column) or "").strip()


def _given_slug(row: pd.Series, taken: set[str]) -> str:
    """The row's own slug, checked and not used by an earlier row; '' when it gives none."""
    given = _cell(row, "slug")
    if given:
        check_slug(given)
        if given in taken:
            raise InputFileError(N_("slug {value!r} is used twice"), value=given)
    return given


def _row_osm(row: pd.Series, folder: Path, *, default_osm: bool) -> Path | None:
    """The row's OSM extract (relative to the CSV), or None to use ``--osm``."""
    osm_text = _cell(row, "osm")
    osm_path = _resolve(osm_text, folder) if osm_text else None
    if osm_path is not None and not osm_path.is_file():
        raise InputFileError(N_("no OSM extract {file}"), file=osm_path)
    if osm_path is None and not default_osm:
        raise InputFileError(N_("no osm column and no --osm: which extract?"))
    return osm_path


def _row_clip(row: pd.Series, folder: Path) -> shapely.Geometry | None:
    """The row's area: a boundary file (relative to the CSV), a bbox, or None for the whole extract."""
    boundary = _cell(row, "boundary")
    bbox = _cell(row, "bbox")
    if boundary and bbox:
        raise InputFileError(N_("give boundary or bbox, not both"))
    if boundary:
        # The path part is relative to the CSV; a FIELD=VALUE selection follows the last ':'.
        head, sep, tail = boundary.rpartition(":")
        spec = f"{_resolve(head, folder)}:{tail}" if sep and "=" in tail and head else str(
            _resolve(boundary, folder))
        return read_boundary(spec)
    return parse_bbox(bbox) if bbox else None


def _read_csv(path: Path, *, default_osm: bool) -> tuple[list[CityJob], pd.DataFrame]:

    table, bad = read_csv_rows(path)
    table = table.rename(columns={c: c.strip().lower() for c in table.columns})
    if "name" not in table:
        raise InputFileError(N_("{file} needs a 'name' column (columns: {choices})"), file=path.name,
                             choices=tuple(table.columns[1:]))
    # Slugs given in the file are reserved first, so a generated slug never takes one.
    given = table["slug"].fillna("").astype(str).str.strip() if "slug" in table else pd.Series()
    reserved = {s for s in given if s}
    taken: set[str] = set()
    jobs, rejected = [], [bad.drop(columns="raw")]
    for _, row in table.iterrows():
        try:
            jobs.append(_csv_job(row, path.parent, taken, reserved, default_osm=default_osm))
        except LearningMapError as exc:
            rejected.append(pd.DataFrame([{"line": int(row["line"]), "reason": exc}]))
    rejects = pd.concat([r for r in rejected if len(r)] or [pd.DataFrame(columns=["line", "reason"])],
                        ignore_index=True).sort_values("line", ignore_index=True)
    return jobs, rejects


def _read_layer(path: Path, field: str) -> tuple[list[CityJob], pd.DataFrame]:
    import shapely


    frame = read_layer(path, what="city boundaries")
    if field not in frame:
        raise InputFileError(N_("{file} has no field {field!r} (fields: {choices})"), file=path.name, field=field,
                             choices=tuple(str(c) for c in frame.columns if c != frame.geometry.name))
    frame = frame.to_crs("EPSG:4326")
    taken: set[str] = set()
    jobs, rejects = [], []
    for i, (name, shape) in enumerate(zip(frame[field], frame.geometry, strict=True), start=1):
        text = "" if pd.isna(name) else str(name).strip()
        area = shapely.make_valid(shape) if shape is not None else None
        if not text:
            rejects.append({"line": i, "reason": InputFileError(N_("feature {line} has no {field}"), line=i,
                                                                field=field)})
        elif area is None or area.is_empty or area.area == 0:
            rejects.append({"line": i, "reason": InputFileError(N_("{name}: the feature holds no area"),
                                                                name=text)})
        else:
            jobs.append(CityJob(unique_slug(make_slug(text), taken), text, i, clip=area))
    return jobs, pd.DataFrame(rejects, columns=["line", "reason"])


def read_cities(spec: str, *, default_osm: bool = True) -> tuple[list[CityJob], pd.DataFrame]:
    """
    Read the cities of a batch from ``cities.csv`` or ``boundaries.gpkg:NAME``.

    Parameters
    ----------
    spec
        A CSV file (see the module docstring), or a polygon layer and the field naming
        each feature (``FILE:FIELD``; every feature is one city).
    default_osm
        True when the batch has an ``--osm`` extract for rows without their own.

    Returns
    -------
    jobs, rejected
        The good cities in file order; the bad rows with ``line`` and ``reason`` (a
        :class:`~learning_map.errors.LearningMapError`: its ``text(locale)`` says it).

    Raises
    ------
    InputFileError
        When the file itself cannot be read (missing, no ``name`` column, unknown field).
    """
    head, sep, tail = spec.rpartition(":")
    if sep and head and tail and not tail.startswith(("\\", "/")) and Path(head).suffix:
        return _read_layer(Path(head), tail)
    path = Path(spec)
    if not path.is_file():
        raise InputFileError(N_("No cities file {file}"), file=path)
    if path.suffix.lower() != ".csv":
        raise InputFileError(N_("{file}: give cities.csv or a boundary layer with its name field, e.g. "
                                "boundaries.gpkg:name"), file=path.name)
    return _read_csv(path, default_osm=default_osm)
