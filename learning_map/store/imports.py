"""
Prepare a registry file for the store.

Read and validate it, pick a worksheet, and split off the rows the store cannot take (no stable id, a bad subtype or capacity), keeping every
rejected row as the file had it, so one ``rejected_import.csv`` loads again once fixed.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from learning_map.base.i18n import gettext
from learning_map.city.naming import DUPLICATE_COLUMNS, likely_duplicates, mostly_traditional
from learning_map.city.registry_file import read_registry, read_registry_rows
from learning_map.city.sites import sites_from_features
from learning_map.errors import N_, InputFileError, ParameterError
from learning_map.io.bounds import check_file
from learning_map.io.osm import extract_year, read_osm
from learning_map.settings import SAME_SITE_WITHIN_M
from learning_map.store._common import say
from learning_map.store.columns import (
    Reason,
    check_extra_columns,
    reason_text,
    rename_extra_columns,
)

logger = logging.getLogger(__name__)

REJECTED_IMPORT_FILE = "rejected_import.csv"
# The headings of the report columns of rejected_import.csv, said in the file's locale.
REJECTED_HEADINGS = {"line": N_("Line"), "reason": N_("Why rejected"), "raw": N_("Row as written")}


@dataclass
class ImportPlan:
    """
    What an import will write: the good sites, the rejected rows, the file's name and hash.

    ``duplicates`` lists the pairs that are likely the same site
    (:func:`learning_map.city.naming.likely_same`), one row per pair: ``where`` is
    ``file`` (both in the file) or ``store`` (``a`` in the file, ``b`` already in
    the store under another id), with both ids and names and the distance in
    metres. They are reported only, never merged.
    """

    sites: Any  # GeoDataFrame
    rejected: pd.DataFrame
    source: str
    file_sha256: str
    duplicates: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=DUPLICATE_COLUMNS))
    coordinate_decision: Any = None  # learning_map.city.coords_auto.CoordinateDecision for --coords auto
    # How each row was placed, and the rows no method placed with their suggestions
    # (learning_map.city.registry_file.RegistryLoad.placement); None for an OSM import.
    placement: pd.DataFrame | None = None

    def find_duplicates(self, existing: Any = None) -> pd.DataFrame:
        """
        Set and return :attr:`duplicates`: within the file, and with ``existing`` sites.

        Parameters
        ----------
        existing
            Sites already in the store (GeoDataFrame with ``site_id`` and ``name``);
            pairs with the same id as a file row are the same site, not duplicates.

        Returns
        -------
        duplicates
        """
        self.duplicates = likely_duplicates(self.sites, existing)
        return self.duplicates

    def find_registry_duplicates(self, registered: Any) -> pd.DataFrame:
        """
        :meth:`find_duplicates` with the registry's open sites: what every import door reports.

        Parameters
        ----------
        registered
            The store's :meth:`all_sites` (a site closed in some year is no longer one
            the file could duplicate).
        """
        still_open = registered["closed_year"].isna().to_numpy(dtype=bool)
        return self.find_duplicates(registered[still_open])

    def duplicate_lines(self, locale: str | None = None) -> list[str]:
        """
        One line per likely duplicate, then how to merge one.

        In ``locale``; None: the command line's language.
        """
        lines = []
        for row in self.duplicates.itertuples():
            where = (say(N_("in the file"), locale) if row.where == "file"
                     else say(N_("file vs registry"), locale))
            lines.append("  " + say(N_("{id_a} {name_a!r} ~ {id_b} {name_b!r}: {metres:.0f} m ({where})"), locale,
                                    id_a=row.site_id_a, name_a=row.name_a, id_b=row.site_id_b,
                                    name_b=row.name_b, metres=row.distance_m, where=where))
        if lines:
            lines.insert(0, say(N_("Pairs of sites that are likely the same (same name, within {metres:g} m), "
                                   "not merged ({count}):"), locale, metres=SAME_SITE_WITHIN_M, count=len(lines)))
            lines.append(say(N_("Merge one with: learning-map merge DIR KEEP_ID OTHER_ID --year Y"), locale))
        return lines

    def script_locale(self) -> str:
        """The locale of the file's own script: ``zh_Hant`` when its Chinese names are mostly traditional, else ``zh_Hans``."""
        names = [str(n) for n in self.sites["name"]] if "name" in self.sites else []
        return "zh_Hant" if mostly_traditional(names) else "zh_Hans"

    def rejected_rows(self, locale: str | None = None) -> pd.DataFrame:
        """
        The rejected rows as a file for a user shows them (``rejected_import.csv``).

        The report columns' headings (``line``, ``reason``, ``raw``) and each reason in
        ``locale`` (default: the script of the file's own names, :meth:`script_locale`); the
        file's own columns as it had them. Imported again once fixed, the report columns
        are no site field and are not stored.
        """
        locale = locale or self.script_locale()
        rows = self.rejected.copy()
        if "reason" in rows:
            rows["reason"] = [reason_text(r, locale) for r in rows["reason"]]
        return rows.rename(columns={k: gettext(v, locale=locale) for k, v in REJECTED_HEADINGS.items()})


OSM_SUFFIXES = (".pbf", ".osm")


def is_osm_extract(path: str | Path) -> bool:
    """True for an OSM extract (``.osm.pbf``, ``.osm``) rather than a registry file."""
    return Path(path).name.lower().endswith(OSM_SUFFIXES)


def prepare_osm_import(path: str | Path) -> tuple[ImportPlan, int | None]:
    """
    The learning sites of an OSM extract, ready for the store (``source="osm"``).

    Returns
    -------
    plan, year
        The sites (ids ``osm-node-…``/``osm-way-…``, stable across extracts) and the year
        in the extract's header (None when it has none).
    """
    path = Path(path)
    sites = sites_from_features(read_osm(path).amenities)
    sites = sites.assign(source="osm")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    plan = ImportPlan(sites=sites, rejected=pd.DataFrame(columns=["line", "reason"]),
                      source="osm", file_sha256=digest)
    return plan, extract_year(path)


def prepare_import(
    path: str | Path, *, coordinate_system: str = "wgs84", sheet: str | None = None,
    existing: Any = None, geocoder: Any = None, network: Any = None, anchors: Any = None,
    placers: Any = (), districts: Any = None, area: Any = None,
) -> ImportPlan:
    """
    Read a registry file and split it into the sites the store takes and the rejected rows.

    Parameters
    ----------
    path
        Registry file (see :func:`learning_map.city.registry_file.read_registry`).
    coordinate_system
        ``wgs84``, ``gcj02`` or ``bd09``.
    sheet
        The one worksheet of an Excel workbook to read.
    existing
        Sites already in the store: likely duplicates between them and the file
        are reported in :attr:`ImportPlan.duplicates` (those within the file always are).
    geocoder
        A :class:`learning_map.city.geocode.Geocoder` placing rows that have an
        address and no coordinates.
    network, anchors
        The city's walk network and known sites, for ``coordinate_system="auto"``.
    placers, districts, area
        The placement chain, the office's districts and the city's area
        (:func:`~learning_map.city.registry_file.read_registry`).

    Returns
    -------
    plan
    """
    path = Path(path)
    check_file(path)  # before a worksheet is copied out of a workbook over the bounds
    with tempfile.TemporaryDirectory() as folder:
        readable = _registry_sheet(path, sheet, Path(folder)) if sheet else path
        load = read_registry(readable, coordinate_system=coordinate_system, geocoder=geocoder,
                             network=network, anchors=anchors, placers=placers, districts=districts, area=area)
        plan = plan_from_load(load, readable, file_path=path)
    plan.find_duplicates(existing)
    return plan


def plan_from_load(load: Any, readable: Path, *, file_path: Path | None = None) -> ImportPlan:
    """
    The import plan for a registry already read with :func:`read_registry`.

    ``readable`` is the file the reader saw (rejected rows are taken from it as
    written); ``file_path`` the file whose SHA-256 is recorded (default: the same).
    """
    good, extra = _split_store_rows(load, readable)
    rejected = pd.concat([load.rejected, extra], ignore_index=True)
    rejected = rejected.sort_values("line", kind="stable").reset_index(drop=True)
    digest = hashlib.sha256(Path(file_path or readable).read_bytes()).hexdigest()
    return ImportPlan(sites=good, rejected=rejected, source=load.source, file_sha256=digest,
                      coordinate_decision=load.coordinate_decision, placement=load.placement)


def _registry_sheet(path: Path, sheet: str, folder: Path) -> Path:
    """A copy of workbook ``path`` holding only ``sheet`` (same file name, same row numbers)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ParameterError("sheet", message_id="sheet.not_workbook", file=path.name)
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except Exception as exc:
        raise InputFileError(N_("Cannot read {file} as an Excel workbook: {reason}"), file=path.name,
                             reason=exc) from exc
    if sheet not in workbook.sheetnames:
        raise ParameterError("sheet", message_id="sheet.missing", file=path.name, value=sheet,
                             choices=tuple(workbook.sheetnames))
    for other in [ws for ws in workbook.worksheets if ws.title != sheet]:
        workbook.remove(other)
    copy = folder / path.name
    workbook.save(copy)
    return copy


def _split_store_rows(load: Any, path: Path) -> tuple[Any, pd.DataFrame]:
    """Registry rows the store can take, and the others with ``line`` and ``reason``."""
    sites = rename_extra_columns(load.sites)
    generated = (sites["site_id"] == "row-" + sites["line"].astype(str)).to_numpy(dtype=bool)
    if len(sites) and generated.all():
        raise InputFileError(N_("{file} has no id column: the registry store needs a stable id per "
                                "site (a site_id column)"), file=load.source)
    checked, reasons = check_extra_columns(sites)
    reasons = reasons.where(~generated, Reason((InputFileError(N_("missing site id")),)))
    bad = (reasons != "").to_numpy()
    lines = sites["line"][bad].to_numpy()
    rejected = _original_rows(path, lines)
    if rejected is None:  # cannot re-read: the parsed values, under our column names
        rejected = pd.DataFrame(load.sites[bad].drop(columns=[load.sites.geometry.name, "source"]))
        rejected["lon"] = load.sites.geometry.x[bad].to_numpy()
        rejected["lat"] = load.sites.geometry.y[bad].to_numpy()
    rejected = rejected.drop(columns=[c for c in ("reason",) if c in rejected])
    rejected.insert(1, "reason", reasons[bad].to_numpy())
    return checked[~bad], rejected


def _original_rows(path: Path, lines: Any) -> pd.DataFrame | None:
    """
    Rows of a registry file as the reader saw them (original headings and values), by line.

    The same shape as the reader's own rejected rows, so one ``rejected_import.csv`` holds
    both and loads again once fixed. None when the file cannot be read that way.
    """
    if not len(lines):
        return pd.DataFrame(columns=["line"])
    try:
        table, _, _ = read_registry_rows(path)
    except Exception:  # the reader already read this file; fall back to parsed values
        logger.debug("could not re-read %s for rejected rows", path, exc_info=True)
        return None
    picked = table.set_index("line", drop=False).reindex(lines)
    return picked.reset_index(drop=True) if picked["line"].notna().all() else None
