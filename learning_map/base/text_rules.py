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
FIELD_LABELS_ZH = {
    "site_id": "编号", "name": "名称", "name_zh": "中文名", "name_en": "英文名", "category": "类别",
    "subtype": "子类型", "address": "地址", "phone": "电话", "opening_hours": "开放时间", "website": "网址",
    "description": "说明", "district": "所属区", "osm_id": "OSM 编号",
}
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0, DEL, C1 but tab, LF, CR
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional overrides and isolates."""
    return BIDI_CONTROLS.sub("", text)


def field_problem(field: str, value: Any) -> str:
    """
    What is wrong with one value of ``field``, as one bilingual reason; ``""`` when nothing.

    Bidirectional controls are not a problem here: :func:`strip_bidi` removes them.
    """
    if value is None or not isinstance(value, str):
        return ""
    limit = FIELD_MAX_CHARS.get(field)
    zh = FIELD_LABELS_ZH.get(field, field)
    if limit is not None and len(value) > limit:
        return (f"{field} has {len(value):,} characters, more than the limit of {limit:,}"
                f" / {zh}超过 {limit} 个字符")
    found = CONTROL_CHARACTERS.search(value)
    if found:
        return (f"{field} contains the control character U+{ord(found.group()):04X}"
                f" / {zh}含有控制字符")
    return ""


def text_problems(frame: pd.DataFrame, fields: tuple[str, ...] | None = None) -> pd.Series:
    """
    :func:`field_problem` over the text columns of ``frame``: one reason per row, ``""`` when fine.

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
            reasons.loc[bad] = [field_problem(field, v) for v in frame[field][bad]]
    return reasons


def strip_bidi_columns(frame: pd.DataFrame, fields: tuple[str, ...] | None = None) -> pd.DataFrame:
    """``frame`` with :func:`strip_bidi` applied to the text cells of its registry fields."""
    frame = frame.copy()
    for field in fields or tuple(FIELD_MAX_CHARS):
        if field in frame:
            frame[field] = frame[field].map(lambda v: strip_bidi(v) if isinstance(v, str) else v)
    return frame
