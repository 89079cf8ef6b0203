"""
Keep GDAL away from the network and from datasets that point elsewhere, before GDAL loads.

GDAL reads ``GDAL_SKIP`` only when pyogrio or rasterio first registers its drivers, so
:func:`harden_gdal` runs when :mod:`learning_map` is imported: before any of our code
imports pyogrio, rasterio or geopandas, in every entry point (the CLI, ``app.py`` and
:func:`learning_map.web.create_app`, gunicorn workers, batch tasks). The other options
are read by GDAL each time it is about to use the network, so they hold even in a
process that loaded GDAL first. Every file is also checked before GDAL sees it
(:func:`learning_map.io.layers.checked_gis_file`); this is the second lock, not the only one.
"""

from __future__ import annotations

import os

# Drivers that open other files, URLs or databases named inside a file (VRT and its
# vector twin OGR_VRT, tile indexes, STAC, web services), or run programs (GPSBabel).
# No reader of ours needs them. A GDAL built without one of them warns once on stderr
# ("Unable to find driver"), so the list holds only drivers the pinned wheels have.
SKIPPED_DRIVERS = (
    "VRT", "OGR_VRT", "GTI", "GDALG", "MRF", "STACTA", "STACIT", "KMLSUPEROVERLAY", "WMS", "WMTS",
    "WCS", "WFS", "OAPIF", "OGCAPI", "HTTP", "GPSBabel", "ADBC", "ESRIC", "PLSCENES", "PLMOSAIC",
    "EEDA", "EEDAI", "DAAS", "NGW", "Elasticsearch", "Carto", "AmigoCloud", "CSW",
)
# A proxy in the reserved .invalid domain never resolves: every HTTP(S) request GDAL would
# make (/vsicurl/, a GeoJSON "crs" link, a WMS...) fails before a connection is opened.
NO_NETWORK_PROXY = "http://no-network.invalid:9"
NETWORK_OPTIONS = {
    # /vsicurl/, /vsis3/... open only files with these extensions: none exists.
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".learning-map-no-network",
    "GDAL_HTTP_PROXY": NO_NETWORK_PROXY,
    "GDAL_HTTPS_PROXY": NO_NETWORK_PROXY,
    "GDAL_HTTP_MAX_RETRY": "0",
    "PROJ_NETWORK": "OFF",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",
}


def harden_gdal() -> None:
    """
    Set the GDAL options above in this process's environment (idempotent).

    An operator's own ``GDAL_SKIP`` is kept and extended; the network options are forced.
    """
    skipped = os.environ.get("GDAL_SKIP", "").replace(",", " ").split()
    missing = [d for d in SKIPPED_DRIVERS if d not in skipped]
    if missing:
        os.environ["GDAL_SKIP"] = " ".join([*skipped, *missing])
    os.environ.update(NETWORK_OPTIONS)
