"""
Place registry rows that have no coordinates: one chain, in one order, honestly reported.

A city office's list often has a name, a district and an address but no coordinates. Each
row is placed by the first method that finds it, in this order (issue 22):

1. ``file``: coordinates the file gives (``--coords`` says their system);
2. ``gazetteer``: the office's own address file (:mod:`learning_map.city.gazetteer`);
3. ``osm-address``: the OSM extract's own addresses (:mod:`learning_map.city.geocode`);
4. ``name``: the extract's named places and buildings (:mod:`learning_map.city.name_match`);
5. ``tianditu`` / ``amap`` / ``baidu``: a geocoding service the office configured
   (:mod:`learning_map.city.geocoders`);
6. ``hand``: an editor's click on the admin map (:class:`HandPlacer`).

Every method is a :class:`Placer`: it sees only the rows still unplaced and answers one
:class:`Attempt` per row, a placed :class:`Candidate` with its confidence (0-1) and the text
it matched, or none with suggestions. A candidate outside the city's area or outside the
row's stated district is never placed silently: it becomes a suggestion, flagged, and the row
goes on down the chain (and, found by nothing else, to placement by hand). Coordinates the file
gives and points an editor placed by hand are kept, flagged when they fall outside.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd
import shapely

from learning_map.base.problems import in_cli_language, ngettext, say
from learning_map.errors import N_, InputFileError, LearningMapError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from learning_map.city.districts import Districts

logger = logging.getLogger(__name__)

FILE = "file"
HAND = "hand"
# Every method, in the chain's order; the report counts rows by these.
METHODS = (FILE, "gazetteer", "osm-address", "name", "tianditu", "amap", "baidu", HAND)
# Confidence bands of the import report: a placement's confidence falls in the first band whose
# floor it reaches.
CONFIDENCE_BANDS: tuple[tuple[str, float], ...] = (("high", 0.9), ("medium", 0.75), ("low", 0.0))
# At most this many suggestions are kept per unplaced row (best first).
MAX_SUGGESTIONS = 5
# Flags of a placement or suggestion.
OUTSIDE_DISTRICT = "outside-district"
OUTSIDE_CITY = "outside-city"
FLAG_TEXT = {
    OUTSIDE_DISTRICT: N_("outside the district the row names"),
    OUTSIDE_CITY: N_("outside the city's area"),
}
NOT_PLACED = N_("no place found for this row: place it by hand on the admin map, or give its coordinates")
# How each method is named in reports (the chain's order, :data:`METHODS`).
METHOD_NAMES = {
    FILE: N_("coordinates in the file"),
    "gazetteer": N_("the office's address file"),
    "osm-address": N_("OpenStreetMap addresses"),
    "name": N_("name in OpenStreetMap"),
    "tianditu": N_("Tianditu geocoder"),
    "amap": N_("Amap geocoder"),
    "baidu": N_("Baidu geocoder"),
    HAND: N_("placed by hand"),
    "": N_("not placed"),
}
# The columns a placer reads (missing ones are empty text).
PLACER_COLUMNS = ("line", "name", "address", "district")


@dataclass(frozen=True)
class Candidate:
    """
    A point a method found for a row.

    Parameters
    ----------
    lon, lat
        WGS84 degrees.
    confidence
        0-1: how sure the method is (its own score, documented by each method).
    matched
        What was matched, shown in the report: an OSM name, a gazetteer address, a service's
        formatted address.
    method
        One of :data:`METHODS`.
    flag
        ``""``, :data:`OUTSIDE_DISTRICT` or :data:`OUTSIDE_CITY` (set by :func:`place_rows`).
    """

    lon: float
    lat: float
    confidence: float
    matched: str
    method: str
    flag: str = ""

    def as_json(self) -> dict[str, Any]:
        """Plain values for a report or a web page (rounded to ~1 cm and 0.01)."""
        return {"lon": round(self.lon, 7), "lat": round(self.lat, 7), "confidence": round(self.confidence, 2),
                "matched": self.matched, "method": self.method, "flag": self.flag}


@dataclass(frozen=True)
class Attempt:
    """One method's answer for one row: a placement, suggestions, or a problem (quota, service error)."""

    placed: Candidate | None = None
    suggestions: tuple[Candidate, ...] = ()
    problem: LearningMapError | None = None


class Placer(Protocol):
    """A placement method: one :class:`Attempt` per row of ``rows``, in order."""

    method: str

    def place(self, rows: pd.DataFrame) -> list[Attempt]:
        """
        Place rows (columns :data:`PLACER_COLUMNS`, text; ``line`` the file's line number).

        Returns one attempt per row, in the rows' order.
        """
        ...


@dataclass
class Placements:
    """
    Where each row landed: one row per input row, same index.

    Columns ``lon``, ``lat`` (NaN when unplaced), ``method`` (``""`` when unplaced),
    ``confidence``, ``matched``, ``flag``; ``suggestions`` (a list of :class:`Candidate`
    per row) and ``problems`` (a list of errors per row: a service's quota or error).
    """

    frame: pd.DataFrame
    suggestions: dict[Any, list[Candidate]] = field(default_factory=dict)
    problems: dict[Any, list[LearningMapError]] = field(default_factory=dict)

    @property
    def placed(self) -> pd.Series:
        """Which rows have a point."""
        return self.frame["method"] != ""

    def counts(self) -> pd.DataFrame:
        """Rows placed per method and confidence band (and ``unplaced``), for the import report."""
        return placement_counts(self.frame)


def band(confidence: float) -> str:
    """The confidence band (:data:`CONFIDENCE_BANDS`) of a confidence."""
    for name, floor in CONFIDENCE_BANDS:
        if confidence >= floor:
            return name
    return CONFIDENCE_BANDS[-1][0]


def placement_text(method: str, confidence: float, matched: str = "") -> str:
    """
    What ``sites.placement`` keeps: ``"name 0.94: 上海图书馆"``, ``"file"``, ``"hand"``.

    The file's own coordinates and a click by hand are certain and carry no score.
    """
    if method in (FILE, HAND):
        return method
    text = f"{method} {confidence:.2f}"
    return f"{text}: {matched}" if matched else text


def placement_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows per method (in chain order) and confidence band, plus flagged ones; unplaced last."""
    rows = []
    for method in METHODS:
        mine = frame[frame["method"] == method]
        if not len(mine):
            continue
        bands = mine["confidence"].map(band)
        rows.append({"method": method, "rows": len(mine),
                     **{name: int((bands == name).sum()) for name, _ in CONFIDENCE_BANDS},
                     "flagged": int((mine["flag"] != "").sum())})
    unplaced = int((frame["method"] == "").sum())
    if unplaced:
        rows.append({"method": "", "rows": unplaced, **{name: 0 for name, _ in CONFIDENCE_BANDS}, "flagged": 0})
    return pd.DataFrame(rows, columns=["method", "rows", *(n for n, _ in CONFIDENCE_BANDS), "flagged"])


@dataclass(frozen=True)
class HandPlacer:
    """
    Rows an editor placed by hand on the admin map, by the file's line number (WGS84).

    Certain (confidence 1); the last method of the chain.
    """

    points: dict[int, tuple[float, float]]
    method: str = HAND

    def place(self, rows: pd.DataFrame) -> list[Attempt]:
        """The clicked point of each row that has one."""
        attempts = []
        for line in rows["line"].tolist():
            point = self.points.get(int(line))
            attempts.append(Attempt(placed=Candidate(point[0], point[1], 1.0, "", HAND))
                            if point is not None else Attempt())
        return attempts


def _flag(candidate: Candidate, district: str, districts: Districts | None, area: Any) -> Candidate:
    """The candidate with its flag: outside the city's area first, then outside the row's district."""
    point = shapely.Point(candidate.lon, candidate.lat)
    if area is not None and not shapely.contains_xy(area, candidate.lon, candidate.lat):
        return _with_flag(candidate, OUTSIDE_CITY)
    if districts is not None and district and districts.contains(district, point) is False:
        return _with_flag(candidate, OUTSIDE_DISTRICT)
    return candidate


def _with_flag(candidate: Candidate, flag: str) -> Candidate:
    return Candidate(candidate.lon, candidate.lat, candidate.confidence, candidate.matched, candidate.method, flag)


def flag_points(lon: Any, lat: Any, district_texts: Any, districts: Districts | None, area: Any) -> list[str]:
    """The flag of each point the file gives (kept as given): outside the city, outside its district, or ``""``."""
    return [_flag(Candidate(float(x), float(y), 1.0, "", FILE), str(d or ""), districts, area).flag
            for x, y, d in zip(lon, lat, district_texts, strict=True)]


def placer_rows(table: pd.DataFrame) -> pd.DataFrame:
    """The columns a placer reads (:data:`PLACER_COLUMNS`) as text, missing ones empty."""
    out = pd.DataFrame(index=table.index)
    for column in PLACER_COLUMNS:
        values = table[column] if column in table else pd.Series("", index=table.index)
        out[column] = values.astype("string").fillna("").str.strip().astype(object)
    return out


def place_rows(
    rows: pd.DataFrame, placers: Sequence[Placer], *, districts: Districts | None = None, area: Any = None,
) -> Placements:
    """
    Place rows by each method in turn; only rows still unplaced go on down the chain.

    Parameters
    ----------
    rows
        Rows with :data:`PLACER_COLUMNS` (missing ones are taken as empty).
    placers
        The methods, in :data:`METHODS` order (the caller builds the chain).
    districts
        The office's district polygons: a row naming a district is placed only inside it.
    area
        The city's area (a shapely geometry, WGS84): nothing outside it is placed silently.

    Returns
    -------
    placements
    """
    table = placer_rows(rows)
    frame = pd.DataFrame({"lon": np.nan, "lat": np.nan, "method": "", "confidence": np.nan, "matched": "",
                          "flag": ""}, index=rows.index)
    frame = frame.astype({"method": object, "matched": object, "flag": object})
    placements = Placements(frame=frame)
    for placer in placers:
        todo = table[frame["method"] == ""]
        if not len(todo):
            break
        attempts = placer.place(todo)
        if len(attempts) != len(todo):
            msg = f"{placer.method}: {len(attempts)} answers for {len(todo)} rows"
            raise ValueError(msg)
        for index, attempt in zip(todo.index, attempts, strict=True):
            _take(placements, index, attempt, table.at[index, "district"], districts, area)
        logger.info("%s placed %d of %d rows", placer.method,
                    int((frame.loc[todo.index, "method"] == placer.method).sum()), len(todo))
    for index in frame.index[frame["method"] != ""]:
        placements.suggestions.pop(index, None)  # a placed row needs none
    return placements


def _take(placements: Placements, index: Any, attempt: Attempt, district: str, districts: Districts | None,
          area: Any) -> None:
    """Record one attempt: its placement unless flagged (then a suggestion), its suggestions and problem."""
    suggestions = placements.suggestions.setdefault(index, [])
    if attempt.problem is not None:
        placements.problems.setdefault(index, []).append(attempt.problem)
    if attempt.placed is not None:
        candidate = _flag(attempt.placed, district, districts, area)
        if candidate.flag and candidate.method != HAND:  # a person's choice stands, flagged
            suggestions.append(candidate)
        else:
            _put(placements.frame, index, candidate)
    suggestions.extend(_flag(s, district, districts, area) for s in attempt.suggestions)
    suggestions.sort(key=lambda c: (c.flag != "", -c.confidence))
    del suggestions[MAX_SUGGESTIONS:]


def _put(frame: pd.DataFrame, index: Any, candidate: Candidate) -> None:
    frame.loc[index, ["lon", "lat", "confidence"]] = (candidate.lon, candidate.lat, candidate.confidence)
    frame.loc[index, ["method", "matched", "flag"]] = (candidate.method, candidate.matched, candidate.flag)


def not_placed_reason(problems: Sequence[LearningMapError] = ()) -> InputFileError:
    """The rejected row's reason: not placed (and why a service could not answer, when it could not)."""
    if problems:
        return InputFileError(N_("no place found for this row ({reason}): place it by hand on the admin map, "
                                 "or give its coordinates"), reason=problems[-1])
    return InputFileError(NOT_PLACED)


def report_lines(report: pd.DataFrame, locale: str | None = None, *, unplaced_shown: int = 20) -> list[str]:
    """
    The placement part of an import report, one sentence per line.

    Parameters
    ----------
    report
        :attr:`learning_map.city.registry_file.RegistryLoad.placement`.
    locale
        The language (None: the command line's, each line in both languages when it is bilingual).
    unplaced_shown
        At most this many unplaced or flagged rows are listed (all are in the report file).
    """
    if locale is not None:
        return _report_lines(report, locale, unplaced_shown)
    said: dict[str, list[str]] = {}

    def line(k: int, chosen: str) -> str:
        return said.setdefault(chosen, _report_lines(report, chosen, unplaced_shown))[k]

    return [in_cli_language(functools.partial(line, k)) for k in range(len(_report_lines(report, "en", unplaced_shown)))]


def _report_lines(report: pd.DataFrame, locale: str, unplaced_shown: int) -> list[str]:
    """The report's lines in one ``locale``: rows per method with confidence bands, flags, unplaced rows."""
    lines = []
    for row in placement_counts(report).itertuples(index=False):
        if not row.method:
            continue
        lines.append(say(N_("Placed by {method}: {rows} (confidence high {high}, medium {medium}, low {low})"),
                         locale, method=say(METHOD_NAMES[row.method], locale), rows=row.rows, high=row.high,
                         medium=row.medium, low=row.low))
    flagged = report[report["flag"] != ""]
    for row in flagged.head(unplaced_shown).itertuples(index=False):
        lines.append(say(N_("Line {line} ({name}): placed {flag}; check it"), locale, line=row.line, name=row.name,
                         flag=say(FLAG_TEXT[row.flag], locale)))
    unplaced = report[report["method"] == ""]
    if len(unplaced):
        lines.append(ngettext("Not placed: {n} row; place it by hand on the admin map (upload the file there) "
                              "or give its coordinates",
                              "Not placed: {n} rows; place them by hand on the admin map (upload the file there) "
                              "or give their coordinates", len(unplaced), locale=locale))
    for row in unplaced.head(unplaced_shown).itertuples(index=False):
        best = "; ".join(f"{s.matched or say(METHOD_NAMES[s.method], locale)} ({s.confidence:.2f}, "
                         f"{s.lat:.6f}, {s.lon:.6f}" + (f", {say(FLAG_TEXT[s.flag], locale)})" if s.flag else ")")
                         for s in row.suggestions[:3])
        lines.append(say(N_("Line {line} ({name}): suggestions: {suggestions}"), locale, line=row.line,
                         name=row.name, suggestions=best) if best else
                     say(N_("Line {line} ({name}): no suggestion"), locale, line=row.line, name=row.name))
    return lines


def report_table(report: pd.DataFrame, locale: str | None = None) -> pd.DataFrame:
    """The placement report as a table to write (one row per row of the file; suggestions as text)."""
    table = report.drop(columns=["suggestions"]).copy()
    table["band"] = [band(c) if m else "" for c, m in zip(table["confidence"].fillna(0), table["method"], strict=True)]
    table["flag"] = [say(FLAG_TEXT[f], locale) if f else "" for f in table["flag"]]
    table["suggestions"] = [" | ".join(f"{s.method} {s.confidence:.2f} {s.matched} ({s.lat:.6f}, {s.lon:.6f})"
                                       + (f" [{say(FLAG_TEXT[s.flag], locale)}]" if s.flag else "")
                                       for s in items) for items in report["suggestions"]]
    return table
