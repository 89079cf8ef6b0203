"""
The exported map's search: every site's search keys, computed when the map is written.

The keys are the server's (:func:`learning_map.city.search.record_keys`: simplified and
traditional fold alike, pinyin from a syllable's start, initials). The page holds no OpenCC,
so it also gets the table that folds a typed query character by character
(:func:`learning_map.city.scripts.simplifying_table`); ``offline.js`` matches with
``search-fold.js``, the same classes as :meth:`learning_map.city.search.SearchIndex.match`.
"""

from __future__ import annotations

from learning_map.city.scripts import simplifying_table
from learning_map.city.search import MIN_PINYIN_LETTERS, record_keys


def offline_search(categories: list[dict]) -> dict:
    """
    Search data of the map's sites, in the order the page lists them.

    Parameters
    ----------
    categories
        The map's categories, each with its ``sites`` (display records).

    Returns
    -------
    search
        ``keys``: ``[name_key, address_key, pinyin, initials]`` per site, category by category;
        ``fold``: traditional -> simplified character table for the query;
        ``min_pinyin``: letters a query needs before pinyin and initials are tried.
    """
    keys = [list(record_keys(site)) for category in categories for site in category["sites"]]
    chars = {ch for name_key, address_key, *_ in keys for ch in name_key + address_key}
    return {"keys": keys, "fold": simplifying_table(chars), "min_pinyin": MIN_PINYIN_LETTERS}
