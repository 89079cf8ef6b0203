"""
The folder a country batch writes and a multi-city server reads.

A national folder ``OUT`` holds::

    OUT/cities.json             one entry per city (written atomically after every city)
    OUT/cities/<slug>/          that city's bundle, as ``learning-map build`` writes it
    OUT/national.csv|.xlsx|.parquet   the national table (city, district, category, ...)

``cities.json`` is the contract between :mod:`learning_map.batch` (the writer) and the
multi-city server (the reader): a city is served only when its ``status`` is ``done``.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from learning_map.base.safety import atomic_write
from learning_map.errors import N_, BundleError, ParameterError

INDEX_FILE = "cities.json"
CITIES_DIR = "cities"
INDEX_VERSION = 1
STATUS_DONE = "done"
STATUS_FAILED = "failed"
STATUS_PENDING = "pending"
# A slug names a folder and a URL segment: lowercase ASCII letters, digits and hyphens.
_SLUG_OK = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


@dataclass
class CityEntry:
    """
    One city of a national folder.

    Attributes
    ----------
    slug
        Folder and URL name (``cities/<slug>/``, ``/c/<slug>/``).
    name
        Display name as given (e.g. 黄浦区).
    status
        ``done``, ``failed`` or ``pending``.
    bbox
        WGS84 ``[west, south, east, north]`` of the city's boundary (None until known).
    residents
        Residents counted in the city's bundle (None without population).
    headline
        Headline figures for the national page, e.g. ``{"covered_share_15min": 0.83}``.
        ``learning-map batch`` writes ``covered_share_15min`` (residents within 15 minutes
        of any learning site at 4.8 km/h, 0-1; None without population),
        ``network_share_15min`` (the same share of the street network), ``sites``,
        ``standard`` (its name), ``standard_pass`` (True/False; None when no rule applies)
        and ``district`` (None unless given).
    error
        One line saying why a failed city failed.
    seconds
        Wall time of the city's task.
    """

    slug: str
    name: str
    status: str = STATUS_PENDING
    bbox: list[float] | None = None
    residents: int | None = None
    headline: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    seconds: float | None = None


def check_slug(slug: str) -> str:
    """Return ``slug`` if it is a safe folder and URL name, else raise ParameterError."""
    if not _SLUG_OK.match(slug):
        raise ParameterError("city", message_id="city.bad_slug", value=slug)
    return slug


def city_dir(root: str | Path, slug: str) -> Path:
    """The bundle folder of one city."""
    return Path(root) / CITIES_DIR / check_slug(slug)


def read_index(root: str | Path) -> list[CityEntry]:
    """
    The cities of a national folder, in the order written.

    Raises
    ------
    BundleError
        When ``root`` holds no readable ``cities.json``.
    """
    path = Path(root) / INDEX_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = [CityEntry(**row) for row in data["cities"]]
    except FileNotFoundError:
        raise BundleError(N_("No {file} in {path}; run 'learning-map batch' first"), file=INDEX_FILE,
                          path=str(root)) from None
    except (ValueError, KeyError, TypeError) as exc:
        raise BundleError(N_("{path} is damaged ({detail})"), path=str(path), detail=str(exc)) from None
    for entry in entries:
        check_slug(entry.slug)
    return entries


def write_index(root: str | Path, entries: list[CityEntry]) -> Path:
    """Write ``cities.json`` atomically (temp file + rename)."""
    path = Path(root) / INDEX_FILE
    payload = {"version": INDEX_VERSION, "cities": [asdict(entry) for entry in entries]}
    with atomic_write(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    return path


def is_national(root: str | Path) -> bool:
    """True when ``root`` is a national folder (has ``cities.json``) rather than one bundle."""
    return (Path(root) / INDEX_FILE).is_file()


def bbox_area(bbox: list[float]) -> float:
    """Area of a WGS84 ``[west, south, east, north]`` box in square degrees (for ranking)."""
    west, south, east, north = bbox
    return max(east - west, 0.0) * max(north - south, 0.0)


def locate(entries: list[CityEntry], lon: float, lat: float) -> CityEntry | None:
    """
    The served city whose box holds a WGS84 point, or None.

    Only cities with status ``done`` and a ``bbox`` count. Where boxes overlap (a district
    inside a larger city's box), the smallest box wins: it is the most specific answer.
    """
    inside = [
        entry for entry in entries
        if entry.status == STATUS_DONE and entry.bbox is not None
        and entry.bbox[0] <= lon <= entry.bbox[2] and entry.bbox[1] <= lat <= entry.bbox[3]
    ]
    return min(inside, key=lambda entry: bbox_area(entry.bbox), default=None)  # type: ignore[arg-type]
