"""
Figures as people read them: rounded by what they measure, once, where they leave the program.

Sums of floating-point lengths and weighted residents carry binary noise
(``32000.000000000022`` metres, ``682400.0000000002`` residents). The computations keep
full precision; every table written (:mod:`learning_map.base.tables`: CSV, XLSX) and every JSON
answer the CLI prints pass through :func:`round_frame` or :func:`round_payload`, which
round each number by its name (units are in names): metres and kilometres to 1 mm,
degrees to 7 decimals (~1 cm), minutes to 4 decimals. Any other number (residents,
shares, counts) is cut to 12 significant digits, which removes the noise and nothing else,
so parts still add up to their totals. JSON has no infinity: a walk that does not exist
(``inf``) is written as ``null``.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

SIGNIFICANT_DIGITS = 12

# (name pattern, decimals kept): the first pattern that matches a column or key decides.
_RULES: tuple[tuple[re.Pattern[str], int], ...] = tuple((re.compile(p), d) for p, d in (
    (r"(^|_)(lon|lat|longitude|latitude|coordinates)$", 7),  # WGS84 degrees: ~1 cm
    (r"_km2$", 8),  # 0.01 m²
    (r"_m2$", 2),
    (r"(^|_)km$", 6),  # network_km: 1 mm
    (r"(^|_)(m|metres|meters)$", 3),  # walk_m, nearest_walk_m: 1 mm
    (r"kmh$", 3),
    (r"(^|_)(minutes|min)$", 4),  # 6 ms of walking
))
# Residents and shares are sums of weighted parts: they keep 12 significant digits, so that
# the parts a table lists still add up to its total as a spreadsheet checks it.


def decimals_for(name: object) -> int | None:
    """Decimals kept for a figure called ``name``; None when its name says nothing."""
    text = str(name).lower()
    for pattern, decimals in _RULES:
        if pattern.search(text):
            return decimals
    return None


def _significant(values: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        magnitude = np.floor(np.log10(np.abs(values)))
    magnitude = np.where(np.isfinite(magnitude), magnitude, 0)
    scale = 10.0 ** (SIGNIFICANT_DIGITS - 1 - magnitude)
    with np.errstate(invalid="ignore", over="ignore"):
        rounded = np.round(values * scale) / scale
    return np.where(np.isfinite(rounded), rounded, values)


def round_number(value: float, name: object = None) -> float:
    """``value`` rounded as a figure called ``name`` is (see the module's rules)."""
    if not math.isfinite(value):
        return value
    decimals = decimals_for(name)
    if decimals is not None:
        return round(value, decimals) + 0.0  # + 0.0: no "-0.0"
    return float(_significant(np.array([value]))[0]) + 0.0


def round_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose float columns are rounded by their names; other columns as they are."""
    rounded = {}
    for i, name in enumerate(frame.columns):
        column = frame.iloc[:, i]
        if pd.api.types.is_float_dtype(column.dtype):
            values = column.to_numpy(dtype=float)
            decimals = decimals_for(name)
            values = np.round(values, decimals) if decimals is not None else _significant(values)
            column = pd.Series(values + 0.0, index=column.index, name=column.name)
        rounded[i] = column
    out = pd.DataFrame(rounded, index=frame.index)
    out.columns = frame.columns
    return out


def round_payload(payload: Any, name: object = None) -> Any:
    """
    A JSON-ready copy of ``payload`` with every number rounded by the key it is under.

    Lists take their key's rule (``"coordinates"``: degrees); numpy numbers become Python
    numbers; NaN and infinity become None (JSON has neither).
    """
    if isinstance(payload, dict):
        return {key: round_payload(value, key) for key, value in payload.items()}
    if isinstance(payload, list | tuple):
        return [round_payload(value, name) for value in payload]
    if isinstance(payload, bool | int | str) or payload is None:
        return payload
    if isinstance(payload, np.integer):
        return int(payload)
    if isinstance(payload, np.bool_):
        return bool(payload)
    if isinstance(payload, float | np.floating):
        value = float(payload)
        return round_number(value, name) if math.isfinite(value) else None
    return payload


def json_text(payload: Any, *, indent: int | None = 2) -> str:
    """``payload`` as JSON text with its figures rounded (:func:`round_payload`); never NaN."""
    import json

    return json.dumps(round_payload(payload), ensure_ascii=False, indent=indent, allow_nan=False,
                      default=float)
