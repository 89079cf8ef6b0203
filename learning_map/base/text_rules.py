r"""
What a registry text field may hold: one rule for every door (file import, admin edit, API).

Lengths are in characters and far beyond any real registry; OpenStreetMap caps a tag value
at 255 characters, so every OSM name fits. A longer value is refused with the field named,
never cut: one 40,000-character name used to grow the search keys to gigabytes.

Control characters (C0, DEL, C1) are refused: they ring terminals (BEL), move the cursor
(ESC sequences) or end strings (NUL) in the CSVs and logs the registry flows into. A tab is
kept (the reader keeps it: a defused ``'\t=cmd`` stays data), and so are line breaks (a
quoted CSV cell or a spreadsheet cell may hold several lines; every writer quotes them). Bidirectional overrides and
isolates (U+202A-U+202E, U+2066-U+2069) are removed: they make a name display reversed
(``exe.txt`` shown as ``txt.exe``) and never belong to a name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from learning_map.base.problems import Problem
from learning_map.errors import N_, Term

if TYPE_CHECKING:
    import pandas as pd

# Characters per field (site_id is also the limit of the reports API's site_id).
FIELD_MAX_CHARS: dict[str, int] = {
    "site_id": 200,
    "name": 255,
    "name_zh": 255,
    "name_en": 255,
    "category": 100,
    "subtype": 100,
    "address": 300,
    "phone": 100,
    "opening_hours": 500,
    "website": 2048,  # the longest URL browsers and servers take everywhere
    "description": 4000,
    "district": 100,
    "osm_id": 100,
}
# What a field is called in a sentence (the catalogues translate it).
FIELD_LABELS = {
    "site_id": N_("site id"), "name": N_("name"), "name_zh": N_("Chinese name"), "name_en": N_("English name"),
    "category": N_("category"), "subtype": N_("subtype"), "address": N_("address"), "phone": N_("phone"),
    "opening_hours": N_("opening hours"), "website": N_("website"), "description": N_("description"),
    "district": N_("district"), "osm_id": N_("OSM id"),
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0, DEL, C1 but tab, LF, CR
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional overrides and isolates."""
    return BIDI_CONTROLS.sub("", text)


def text_problem(field: str, value: Any) -> Problem | None:
    """
    What is wrong with one value of ``field`` (a :class:`~learning_map.base.problems.Problem`); None when nothing.

    Bidirectional controls are not a problem here: :func:`strip_bidi` removes them.
    """
    if value is None or not isinstance(value, str):
        return None
    limit = FIELD_MAX_CHARS.get(field)
    label = Term(FIELD_LABELS[field]) if field in FIELD_LABELS else field
    if limit is not None and len(value) > limit:
        return Problem(N_("{field} has {length:,} characters, more than the limit of {limit:,}"), field=label,
                       length=len(value), limit=limit)
    found = CONTROL_CHARACTERS.search(value)
    if found:
        return Problem(N_("{field} contains the control character U+{code:04X}"), field=label,
                       code=ord(found.group()))
    return None


def row_problems(frame: pd.DataFrame, fields: tuple[str, ...] | None = None) -> pd.Series:
    """
    :func:`text_problem` over the text columns of ``frame``: one reason per row (a Problem), ``""`` when fine.

    Only the first problem of a row is given; columns not in ``frame`` are skipped.
    """
    import pandas as pd

    reasons = pd.Series("", index=frame.index, dtype=object)
    for field in fields or tuple(FIELD_MAX_CHARS):
        if field not in frame:
            continue
        text = frame[field].astype("string")
        limit = FIELD_MAX_CHARS[field]
        bad = (text.str.len() > limit) | text.str.contains(CONTROL_CHARACTERS.pattern, regex=True)
        bad = bad.fillna(False).to_numpy(dtype=bool) & (reasons == "").to_numpy()
        if bad.any():
            reasons.loc[bad] = [text_problem(field, v) for v in frame[field][bad]]
    return reasons


def strip_bidi_columns(frame: pd.DataFrame, fields: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``frame`` with :func:`strip_bidi` applied to the text cells of its registry fields."""
    frame = frame.copy()
    for field in fields or tuple(FIELD_MAX_CHARS):
        if field in frame:
            frame[field] = frame[field].map(lambda v: strip_bidi(v) if isinstance(v, str) else v)
    return frame
