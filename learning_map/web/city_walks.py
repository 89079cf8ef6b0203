"""The loaded city's humanities walks (walks through the city's history and culture): walks suggested from a point, and curated routes."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from learning_map import settings
from learning_map.base.i18n import N_
from learning_map.base.units import check_minutes
from learning_map.city.walks import THEME_NAMES, curated_walk, suggest_walk, theme_stops
from learning_map.errors import NoMatchError, check_choice
from learning_map.io.routes import read_route, route_files
from learning_map.web.limits import MAX_WALK_PLAN_MINUTES

if TYPE_CHECKING:
    from learning_map.bundle.core import CityBundle
    from learning_map.city.walks import WalkPlan


class CityWalks:
    """
    The walks of one loaded city, as the API gives them.

    Parameters
    ----------
    bundle
        The loaded city bundle (network, sites, stops and its ``routes/`` folder).
    """

    def __init__(self, bundle: CityBundle) -> None:
        self.bundle = bundle
        # Each walk theme's sights (learning_map.city.walks.theme_stops), picked on first use.
        self._theme_stops: dict[str, object] = {}

    def suggest(self, lon: float, lat: float, *, minutes: float, pace: str, speed_kmh: float,
                theme: str) -> dict:
        """
        A suggested humanities walk from (lon, lat) and back, as JSON.

        The plan of :meth:`learning_map.city.walks.WalkPlan.as_dict` (stops in walking order with each
        leg's minutes at adult and elderly pace) whose ``line`` is a GeoJSON LineString Feature.
        ``speed_kmh`` is ``pace``'s speed (checked by the caller).
        """
        check_minutes(minutes, high_min=MAX_WALK_PLAN_MINUTES)
        check_choice("theme", theme, THEME_NAMES, message_id="theme.unknown")
        if theme not in self._theme_stops:  # the theme's sights, picked once
            self._theme_stops[theme] = theme_stops(self.bundle.stops, self.bundle.sites, theme)
        stops = self.bundle.stops
        plan = suggest_walk(self.bundle.network, self._theme_stops[theme], start=(lon, lat),
                            minutes=minutes, speed_kmh=speed_kmh, rests=stops[stops["kind"] == "rest"])
        payload = walk_payload(plan, theme=theme)
        payload["query"] = {"lon": lon, "lat": lat, "minutes": minutes, "pace": pace,
                            "speed_kmh": speed_kmh, "theme": theme}
        return payload

    @cached_property
    def curated(self) -> list[dict]:
        """
        The city's curated humanities routes, laid on the network once, in name order.

        One CSV per route in ``DIR/routes/`` (:func:`learning_map.io.routes.read_route`), titled
        after its file name.
        """
        walks = []
        for number, path in enumerate(route_files(self.bundle.path), start=1):
            plan = curated_walk(self.bundle.network, read_route(path),
                                speed_kmh=settings.PACE_KMH[settings.DEFAULT_PACE])
            payload = walk_payload(plan) | {"id": str(number), "title": path.stem, "curated": True}
            walks.append(payload)
        return walks

    def curated_route(self, walk_id: str) -> dict:
        """One curated route by its id; unknown ids are a 404 naming ``id``."""
        for walk in self.curated:
            if walk["id"] == walk_id:
                return walk
        raise NoMatchError("id", N_("no curated route {value!r}"), value=walk_id)


def walk_payload(plan: WalkPlan, *, theme: str | None = None) -> dict:
    """A walk as the API gives it: :meth:`WalkPlan.as_dict` with ``line`` as a GeoJSON Feature."""
    payload = plan.as_dict(paces=dict(settings.PACE_KMH))
    line = payload["line"]
    properties = {"walk_m": payload["walk_m"], "minutes": payload["minutes"]}
    payload["line"] = {"type": "Feature", "geometry": line if line and len(line["coordinates"]) else None,
                       "properties": properties | ({"theme": theme} if theme else {})}
    return payload
