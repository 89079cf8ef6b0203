"""QR codes as SVG path data, and the public links they carry."""

from __future__ import annotations

from learning_map.base.extras import require_extra
from learning_map.errors import ParameterError

PUBLIC_URL_ENV = "LEARNING_MAP_PUBLIC_URL"


def check_base_url(url: str | None) -> str | None:
    """The public site's address without a trailing slash, or None; http(s) only."""
    if not url:
        return None
    url = url.strip().rstrip("/")
    if not url.startswith(("http://", "https://")) or any(c.isspace() for c in url):
        raise ParameterError("base_url", message_id="url.not_http", value=url)
    return url


def qr_path(url: str) -> tuple[str, int]:
    """A QR code of ``url`` as SVG path data in module units, and its size (with a 4-module quiet zone)."""
    require_extra("print", what="The printed map (export-year --no-print skips it)")
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(border=4, error_correction=ERROR_CORRECT_M)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h{start - x}z")
            else:
                x += 1
    return "".join(parts), len(matrix)


def site_url(base_url: str, site_id: str) -> str:
    """The public page of one site (the web app's /site/<id>)."""
    from urllib.parse import quote

    return f"{base_url}/site/{quote(str(site_id), safe='')}"


__all__ = ["check_base_url", "qr_path", "site_url"]
