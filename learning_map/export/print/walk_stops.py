"""What the walk card and the walking map print of a walk's stops: names, minutes, rest points on the way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from learning_map.city.walks import ON_THE_WAY_M
from learning_map.export.print.labels import Box
from learning_map.export.words import name_script

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.walking.network import WalkNetwork

__all__ = ["quiet_corner", "rests_on_the_way", "stop_names_printed", "whole_minutes"]


def whole_minutes(minutes: float) -> str:
    """Minutes as the card prints them: whole minutes, "<1" for a few steps."""
    return "<1" if minutes < 0.5 else str(int(minutes + 0.5))  # half up, never "0"


def stop_names_printed(stop: dict[str, Any], locale: str, *, fallback: str = "") -> tuple[str, str]:
    """
    A stop's name in the print's script, and the name printed beneath it ("" for none).

    The name stored for the script (:mod:`learning_map.city.scripts`); a Portuguese print
    without a Portuguese name shows the English one, then the data's own. Beneath, on a
    Chinese print: the Portuguese name where the data has one, else the English one, as
    Macau's own maps do (:func:`learning_map.export.words.second_site_names`, the rule for sites).
    """
    names = stop.get("names") or {}
    first = (names.get(name_script(locale)) or (names.get("en") if locale == "pt" else "")
             or stop.get("name") or fallback)
    beneath = ""
    if locale in ("zh_Hans", "zh_Hant"):
        beneath = next((n for n in (names.get("pt"), names.get("en")) if n and n != first), "")
    return first, beneath


def rests_on_the_way(network: WalkNetwork, plan: dict[str, Any], rests: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """
    The rest points a walk passes: its own rest stops, else benches and toilets beside its line.

    A curated route lists sights only; a walker still wants to know where to sit: the rest
    points within half of :data:`~learning_map.city.walks.ON_THE_WAY_M` of its line. Returns
    ``{"lon", "lat", "name", "kind": "rest"}`` dicts.
    """
    own = [s for s in plan["stops"] if s["kind"] == "rest"]
    line = plan.get("line") or {}
    coordinates = line.get("coordinates") or []
    if own or not len(rests) or len(coordinates) < 2:
        return own
    xy = np.asarray(coordinates, dtype=float)
    lx, ly = network.to_xy(xy[:, 0], xy[:, 1])
    metric = shapely.LineString(np.column_stack((lx, ly)))
    rx, ry = network.to_xy(rests.geometry.x.to_numpy(), rests.geometry.y.to_numpy())
    near = np.flatnonzero(shapely.distance(shapely.points(rx, ry), metric) <= ON_THE_WAY_M / 2)
    rows = rests.iloc[near]
    return [{"lon": float(g.x), "lat": float(g.y), "name": str(n or ""), "kind": "rest"}
            for g, n in zip(rows.geometry, rows["name"], strict=True)]


def quiet_corner(map_box: Box, width: float, height: float, points: np.ndarray, *, top_mm: float,
                 bottom_mm: float, margin: float) -> Box:
    """
    A box of ``width`` x ``height`` (mm) in the corner of the map that covers the fewest ``points``.

    A legend or a QR code sits over the map; a route that starts in the bottom-left corner
    keeps its first stop in sight. The corners, in order of preference: bottom left, top left,
    top right below the north arrow (``top_mm`` high), bottom right above the scale bar
    (``bottom_mm``); the first of the least covered wins. ``points`` are page mm (x, y rows).
    """
    corners = [(map_box.x0 + margin, map_box.y1 - margin - height), (map_box.x0 + margin, map_box.y0 + margin),
               (map_box.x1 - margin - width, map_box.y0 + top_mm),
               (map_box.x1 - margin - width, map_box.y1 - bottom_mm - height)]
    best, best_count = None, None
    for x0, y0 in corners:
        box = Box(x0, y0, x0 + width, y0 + height)
        inside = ((points[:, 0] >= box.x0 - margin) & (points[:, 0] <= box.x1 + margin)
                  & (points[:, 1] >= box.y0 - margin) & (points[:, 1] <= box.y1 + margin))
        if best_count is None or int(inside.sum()) < best_count:
            best, best_count = box, int(inside.sum())
    return best
