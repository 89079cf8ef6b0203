"""
Walking paces and unit conversions: the one place every layer takes them from.

Light on purpose (numpy only), so the CLI and the web app can check a pace or a
number of minutes without importing the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from learning_map import settings
from learning_map.base.safety import parse_ascii_float
from learning_map.errors import ParameterError, check_choice

if TYPE_CHECKING:
    import numpy.typing as npt

# Words a citizen page or a user may use for a preset pace.
PACE_ALIASES: dict[str, str] = {"normal": "adult", "adult": "adult", "elderly": "elderly"}
SPEED_RANGE_KMH: tuple[float, float] = (0.5, 10.0)


def resolve_speed_kmh(pace: str | float) -> float:
    """
    Turn a pace name (``adult``/``normal``, ``elderly``) or a number into km/h.

    Parameters
    ----------
    pace
        Preset name from :data:`~learning_map.settings.PACE_KMH` (or an alias in
        :data:`PACE_ALIASES`) or a speed in km/h.

    Returns
    -------
    speed_kmh

    Raises
    ------
    ParameterError
        For an unknown name or a speed outside 0.5-10 km/h.
    """
    if isinstance(pace, str) and pace in PACE_ALIASES:
        return settings.PACE_KMH[PACE_ALIASES[pace]]

    speed = parse_ascii_float(pace) if isinstance(pace, str) else float(pace)
    if speed is None or speed != speed:
        raise ParameterError("pace", message_id="pace.unknown", value=pace, choices=", ".join(PACE_ALIASES))
    low, high = SPEED_RANGE_KMH
    if not low <= speed <= high:
        raise ParameterError("pace", message_id="pace.out_of_range", value=speed, low=low, high=high)
    return speed


def check_minutes(minutes: float, *, high_min: float = settings.MAX_WALK_MINUTES,
                  param: str = "minutes") -> float:
    """``minutes`` when it is more than 0 and at most ``high_min``, else a ParameterError naming ``param``."""
    if not 0 < minutes <= high_min:
        raise ParameterError(param, message_id="minutes.out_of_range", value=minutes, high=high_min)
    return minutes


def check_profile(profile: str) -> str:
    """``profile`` when it is one of :data:`~learning_map.settings.PROFILES`, else a ParameterError."""
    check_choice("profile", profile, settings.PROFILES, message_id="profile.unknown")
    return profile


def minutes_to_metres(minutes: float | npt.ArrayLike, speed_kmh: float) -> npt.NDArray[np.float64]:
    """Convert walking minutes at ``speed_kmh`` into metres."""
    return np.asarray(minutes, float) * speed_kmh * 1000.0 / 60.0


def metres_to_minutes(metres: float | npt.ArrayLike, speed_kmh: float) -> npt.NDArray[np.float64]:
    """Convert metres into walking minutes at ``speed_kmh``."""
    return np.asarray(metres, float) * 60.0 / (speed_kmh * 1000.0)


def walk_limit_m(walk_m: float | None = None, *, minutes: float | None = None,
                 speed_kmh: float = settings.PACE_KMH[settings.DEFAULT_PACE]) -> float:
    """
    A walking limit in metres, given either as metres or as minutes at a pace.

    Planning functions accept both forms and convert here, so a caller can give
    minutes at a pace as it does to the coverage summaries and never converts itself.

    Parameters
    ----------
    walk_m
        The limit in metres, returned as given.
    minutes, speed_kmh
        Or the limit as minutes walked at ``speed_kmh``.

    Raises
    ------
    TypeError
        When both or neither of ``walk_m`` and ``minutes`` are given (a programming mistake).
    """
    if (walk_m is None) == (minutes is None):
        msg = "give walk_m or minutes, exactly one of them"
        raise TypeError(msg)
    if walk_m is not None:
        return walk_m
    return float(minutes_to_metres(minutes, speed_kmh))
