"""
The public downloads page (``/downloads``): the latest published year's learning map files.

The files are the year's export (``EXPORT_DIR/YEAR/``, written by ``learning-map export`` or
the admin page's export) and only those its ``manifest.json`` lists: a name not in the
manifest is a 404 whatever it looks like, so no path from a URL ever reaches the disk
unchecked. Only years the city office published (the store's ``publications``) are
shown or served. Each file's ETag is its SHA-256 from the manifest. The page speaks the
request's locale (``?lang=``, the browser's, else the city's script), every word from the catalogues.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from flask import Blueprint, abort, current_app, render_template, send_file, url_for

from learning_map.base.i18n import N_, format_number, gettext
from learning_map.base.schema import OSM_ATTRIBUTION
from learning_map.store import admin as store_admin
from learning_map.web.config import registry_location
from learning_map.web.context import city_service
from learning_map.web.export_jobs import export_root
from learning_map.web.locale import city_locale, page_words, request_locale
from learning_map.web.views import city_name_in

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

bp = Blueprint("downloads", __name__)

MANIFEST = "manifest.json"
# Browsers may keep a file this long before asking again (with its ETag): a re-export of the
# same year changes the files under the same URLs.
MAX_AGE_S = 600
# Shown in the browser; everything else is saved as a file (the offline HTML map too: it runs
# its own inline script, which this site's CSP rightly blocks).
INLINE_SUFFIXES = (".pdf", ".png")
CONTENT_TYPES = {
    ".pdf": "application/pdf", ".png": "image/png", ".html": "text/html",
    ".csv": "text/csv", ".json": "application/json", ".geojson": "application/geo+json",
    ".gpkg": "application/geopackage+sqlite3",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xml": "application/xml", ".cpg": "text/plain", ".prj": "text/plain", ".zip": "application/zip",
}
# (name pattern with {y} for the year, group, label); the order they are listed in.
KINDS = (
    (r"learning-map-{y}\.pdf", "print", N_("Poster (print-ready PDF)")),
    (r"learning-map-{y}\.png", "print", N_("Poster image (300 dpi PNG)")),
    (r"booklet-{y}\.pdf", "print", N_("District booklet (PDF, a page per unit)")),
    (r"learning-map-{y}\.html", "print", N_("Offline interactive map (open the saved file in a browser)")),
    (r"sites-{y}\.csv", "data", N_("Learning sites (CSV, UTF-8)")),
    (r"sites-{y}\.xlsx", "data", N_("Learning sites (Excel, a sheet per category)")),
    (r"sites-{y}\.geojson", "data", N_("Learning sites (GeoJSON, WGS84)")),
    (r"sites-{y}\.gpkg", "data", N_("Learning sites (GeoPackage, WGS84)")),
    (r"sites-{y}-cgcs2000\.gpkg", "data", N_("Learning sites (GeoPackage, CGCS2000)")),
    (r"sites-{y}-shp/.+", "data", N_("Learning sites Shapefile (GBK)")),
    (r"coverage-{y}\.csv", "tables", N_("15-minute coverage (CSV)")),
    (r"coverage-{y}\.xlsx", "tables", N_("15-minute coverage and scorecard (Excel)")),
    (r"changes-{y}\.csv", "tables", N_("Changes since last year (CSV)")),
    (r"data-dictionary-{y}\.csv", "tables", N_("Data dictionary: every file and column (CSV, Chinese and English)")),
    (r"data-dictionary-{y}\.xlsx", "tables", N_("Data dictionary: every file and column (Excel, Chinese and English)")),
    (r"metadata-{y}\.xml", "tables", N_("Metadata (ISO 19115, XML)")),
    (r"manifest\.json", "tables", N_("Manifest and checksums (JSON)")),
)
OTHER_FILE = N_("Other file")
GROUPS = {
    "print": N_("Maps and print"),
    "data": N_("Data files"),
    "tables": N_("Tables"),
}


def published_years() -> list[int]:
    """The years the city office published, newest first (none when there is no registry)."""
    location = registry_location(current_app.config)
    if not location.url and not location.exists():
        return []  # never create a registry from a public page
    with location.open() as store:
        return sorted(store_admin.publications(store), reverse=True)


def year_manifest(root: Path, year: int) -> dict[str, Any] | None:
    """The manifest of the year's export folder, or None when it has none (or another year's)."""
    try:
        manifest = json.loads((root / str(year) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("year") != year:
        return None
    return manifest


def _entries(root: Path, year: int, manifest: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every downloadable file of the year by name: the manifest's files and the manifest itself."""
    entries = {str(e["name"]): e for e in manifest.get("files", []) if isinstance(e, dict) and "name" in e}
    data = (root / str(year) / MANIFEST).read_bytes()
    entries[MANIFEST] = {"name": MANIFEST, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    return entries


def _size_text(size_bytes: int, locale: str) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if size_bytes >= scale:
            return f"{format_number(size_bytes / scale, locale=locale, digits=1)} {unit}"
    return f"{format_number(size_bytes, locale=locale)} B"


def _kind(name: str, year: int) -> tuple[int, str, str]:
    for order, (pattern, group, label) in enumerate(KINDS):
        if re.fullmatch(pattern.format(y=year), name):
            return order, group, label
    return len(KINDS), "data", OTHER_FILE


def file_groups(root: Path, year: int, manifest: dict[str, Any], locale: str) -> list[dict[str, Any]]:
    """The year's files for the page, grouped (maps and print, data, tables) and described in ``locale``."""
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {g: [] for g in GROUPS}
    for name, entry in _entries(root, year, manifest).items():
        order, group, label = _kind(name, year)
        size = int(entry.get("bytes", 0))
        rows[group].append((order, {
            "name": name, "label": gettext(label, locale=locale), "bytes": size, "size": _size_text(size, locale),
            "sha256": entry.get("sha256", ""),
            "url": url_for("downloads.download", year=year, name=name),
        }))
    return [{"key": group, "label": gettext(GROUPS[group], locale=locale),
             "files": [row for _, row in sorted(found, key=lambda r: (r[0], r[1]["name"]))]}
            for group, found in rows.items() if found]


@bp.get("/downloads")
def downloads_page() -> str:
    """The latest published year that has an export: its files with sizes and SHA-256."""
    root = export_root(current_app.config)
    year = manifest = None
    for candidate in published_years():
        manifest = year_manifest(root, candidate)
        if manifest is not None:
            year = candidate
            break
    svc = city_service()
    locale = request_locale(city_locale(svc)) or "zh_Hans"
    sites = (manifest.get("registry") or {}).get("sites") if manifest else None
    return render_template(
        "downloads.html", city_name=city_name_in(svc, locale), year=year, manifest=manifest,
        groups=file_groups(root, year, manifest, locale) if manifest else [], attribution=OSM_ATTRIBUTION,
        sites=sites if isinstance(sites, int) else None, **page_words(locale),
    )


@bp.get("/downloads/<int(fixed_digits=4):year>/<path:name>")
def download(year: int, name: str) -> Response:
    """One file of a published year's export, by its manifest name (anything else is a 404)."""
    root = export_root(current_app.config)
    manifest = year_manifest(root, year) if year in published_years() else None
    entry = _entries(root, year, manifest).get(name) if manifest else None
    folder = (root / str(year)).resolve()
    path = (folder / name).resolve() if entry else None
    if path is None or not path.is_relative_to(folder) or not path.is_file():
        abort(404, description=N_("No such file"))
    suffix = PurePosixPath(name).suffix.lower()
    return send_file(
        path, mimetype=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        as_attachment=suffix not in INLINE_SUFFIXES, download_name=PurePosixPath(name).name,
        etag=str(entry["sha256"]), conditional=True, max_age=MAX_AGE_S,
    )
