"""
The offline basemap: the bundle's PMTiles archive, served with HTTP range requests.

The browser (protomaps-leaflet) reads the archive's header and then only the byte
ranges of the tiles it shows; the server streams them from the file, so a worker
holds no tiles in memory whatever the size of the city. The ETag is the archive's
SHA-256 from ``meta.json``: a new build is a new ETag, and unchanged bytes answer
``If-None-Match`` with 304.
"""

from __future__ import annotations

from flask import Blueprint, Response, request, send_file
from werkzeug.exceptions import NotFound

from learning_map.base.i18n import N_
from learning_map.web.context import city_service

bp = Blueprint("basemap", __name__)
# Tiles change only with a build (and then so does the ETag): caches may keep them a day.
CACHE_SECONDS = 24 * 3600
PMTILES_MIMETYPE = "application/vnd.pmtiles"


@bp.get("/basemap.pmtiles")
def basemap() -> Response:
    """The bundle's basemap archive (Range, If-None-Match and If-Range honoured)."""
    found = city_service().basemap_archive()
    if found is None:
        raise NotFound(N_("This city bundle has no basemap (rebuild it from an OSM extract)"))
    path, sha256 = found
    # RFC 9110 13.2.2: If-None-Match is decided before Range (Werkzeug serves the range first).
    if request.if_none_match.contains(sha256):
        response = Response(status=304)
        response.set_etag(sha256)
        response.cache_control.public = True
        response.cache_control.max_age = CACHE_SECONDS
        return response
    response = send_file(path, mimetype=PMTILES_MIMETYPE, conditional=True, etag=sha256,
                         max_age=CACHE_SECONDS)
    response.headers["Accept-Ranges"] = "bytes"
    return response
