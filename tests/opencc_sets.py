"""
Which characters belong to one Chinese script only, from OpenCC's own character tables.

OpenCC ships its tables compiled (``STCharacters.ocd2``, ``TSCharacters.ocd2``): a header, a
marisa trie of the keys, then every key's candidates. A simplified character is
*simplified-only* when it has a traditional form and is not among its own candidates nor any
other key's (马 -> 馬; 里 -> 裏 里 哩 is both), and the reverse for traditional.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path

HEADER = b"OPENCC_MARISA_0.2.5"


def read_ocd2(path: Path) -> dict[str, list[str]]:
    """An OpenCC ``.ocd2`` table: key -> candidates, first the one OpenCC picks."""
    import marisa_trie

    data = path.read_bytes()
    trie = marisa_trie.Trie().frombytes(data[len(HEADER):])
    at = len(HEADER) + len(trie.tobytes())
    count, total = struct.unpack_from("<II", data, at)
    values = data[at + 8:at + 8 + total]
    at += 8 + total
    cursor, items = 0, []
    for _ in range(count):
        (n,) = struct.unpack_from("<H", data, at)
        lengths = struct.unpack_from(f"<{n}H", data, at + 2)
        at += 2 + 2 * n
        item = []
        for length in lengths:  # each value with its terminating NUL
            item.append(values[cursor:cursor + length - 1].decode("utf-8"))
            cursor += length
        items.append(item)
    assert at == len(data), "not an OpenCC 1.x table"
    return {key: items[key_id] for key, key_id in trie.items()}


def _table(name: str) -> dict[str, list[str]]:
    import opencc

    return read_ocd2(Path(opencc.__file__).parent / "clib" / "share" / "opencc" / name)


def _only(forward: dict[str, list[str]], backward: dict[str, list[str]]) -> frozenset[str]:
    """Keys of ``forward`` written in their own script only."""
    other_script = {c for candidates in forward.values() for c in candidates}
    return frozenset(k for k, candidates in forward.items()
                     if len(k) == 1 and k not in candidates and k not in other_script and k not in backward)


@functools.cache
def simplified_only() -> frozenset[str]:
    """Characters only simplified Chinese writes (马, 区, 环, 湾...)."""
    return _only(_table("STCharacters.ocd2"), _table("TSCharacters.ocd2"))


@functools.cache
def traditional_only() -> frozenset[str]:
    """Characters only traditional Chinese writes (馬, 區, 環, 灣...)."""
    return _only(_table("TSCharacters.ocd2"), _table("STCharacters.ocd2"))
