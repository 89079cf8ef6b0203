"""Learning-site categories: keys, bilingual labels, colours and aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    """One learning-site category with its display labels and map colour."""

    key: str
    label_zh: str
    label_en: str
    color: str


CATEGORIES: dict[str, Category] = {
    c.key: c
    for c in (
        Category("community_learning", "社区学校/学习点", "Community school / learning point", "#1b9e77"),
        Category("elderly_education", "老年教育", "Elderly education", "#d95f02"),
        Category("library", "图书馆", "Library", "#7570b3"),
        Category("cultural_centre", "文化中心", "Cultural centre", "#e7298a"),
        Category("school", "中小学", "School", "#66a61e"),
        Category("college", "学院", "College", "#e6ab02"),
        Category("university", "大学", "University", "#a6761d"),
    )
}

# Values accepted in a registry's category column (compared lower-cased, trimmed).
_ALIASES: dict[str, tuple[str, ...]] = {
    "community_learning": (
        "community_learning", "community school", "community learning point", "learning point",
        "community centre", "community center", "community_centre",
        "社区学校", "学习点", "社区学习点", "社区教育", "社区学院", "市民学校", "社区中心",
        "社區學校", "學習點", "社區中心",
    ),
    "elderly_education": (
        "elderly_education", "elderly education", "elderly", "senior", "senior university",
        "university for the elderly", "老年教育", "老年大学", "老年学校", "老年教育点", "长者",
        "老年大學", "長者", "長者中心",
    ),
    "library": ("library", "图书馆", "图书室", "书屋", "農家書屋", "圖書館", "圖書室", "农家书屋"),
    "cultural_centre": (
        "cultural_centre", "cultural center", "cultural centre", "arts centre", "arts center",
        "arts_centre", "文化中心", "文化馆", "文化站", "文化活动中心", "艺术中心", "文化館",
        "藝術中心",
    ),
    "school": ("school", "学校", "中学", "小学", "中小学", "學校", "中學", "小學"),
    "college": ("college", "学院", "职业学院", "學院"),
    "university": ("university", "大学", "大學"),
}
CATEGORY_ALIASES: dict[str, str] = {
    alias.casefold(): key for key, aliases in _ALIASES.items() for alias in aliases
}

# Names that mark an elderly-serving site (Chinese traditional/simplified, English, Portuguese).
ELDERLY_NAME_PATTERN = re.compile(r"長者|长者|老年|老人|頤康|颐康|elderly|senior|idosos", re.IGNORECASE)
