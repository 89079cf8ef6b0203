"""
Stream the walkable ways of an ``.osm.pbf`` into flat numpy arrays, fast and clipped.

Why a reader of our own: pyosmium hands out one way at a time and every node reference
and location becomes a Python object (0.4-0.5 M node refs/s on this project's machine, and
its location cache holds every node of the file); pyrosm (Cython) spends 20 s and 3.0 GB
reading the generated 2M-node city of scripts/bench_scale.py (this reader: 3 s, 0.8 GB;
Malta 3.2 s against 0.2 s) and holds the whole file before its bounding-box filter.
Here each PBF block is inflated with zlib and parsed by protobuf's
C parser (upb), and the delta-coded id and coordinate arrays are decoded with numpy, so
Python only touches each way once, never each node. Node locations are kept only inside
the clip's bounding box (plus a margin), in sorted numpy arrays (16 bytes a node), and
each block of ways is cut to the clip as it streams: memory follows the city, not the file.
pyosmium still reads everything else (sites, places, buildings, the basemap's areas), which
needs its multipolygon assembly.

The PBF format: https://wiki.openstreetmap.org/wiki/PBF_Format.
"""

from __future__ import annotations

import logging
import struct
import zlib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from google.protobuf.message import DecodeError

from learning_map.errors import N_, InputFileError
from learning_map.io.ways import WayTable, osm_read_error, way_starts

if TYPE_CHECKING:
    from collections.abc import Iterator

logger = logging.getLogger(__name__)

# Degrees (about 5 km) added around the clip's box for the node locations kept: a street
# that starts inside the boundary is kept whole up to this far outside it (then it ends, as
# at the edge of an extract), and an area reaching further (a campus, a river) is dropped.
CLIP_MARGIN_DEG = 0.05
# pyosmium's fixed-point coordinates (libosmium: 1e-7 degrees); we use the same integers so
# lon/lat come out bit-identical to pyosmium's ``Location.lon``.
_COORDINATE_PRECISION = 10_000_000
_NANO_PER_UNIT = 100  # 1e-9 degree PBF units per 1e-7 degree unit


def _message_classes() -> dict[str, Any]:
    """The few PBF protobuf messages we read, declared at run time (no generated code)."""
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    F = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name="learning_map_osmpbf.proto",
                                               package="learning_map_osmpbf", syntax="proto2")

    def message(name: str, *fields: tuple[str, int, int, int, str | None, bool]) -> None:
        msg = proto.message_type.add(name=name)
        for field_name, number, kind, label, type_name, packed in fields:
            f = msg.field.add(name=field_name, number=number, type=kind, label=label)
            if type_name:
                f.type_name = f".learning_map_osmpbf.{type_name}"
            if packed:
                f.options.packed = True

    opt, rep = F.LABEL_OPTIONAL, F.LABEL_REPEATED
    message("BlobHeader", ("type", 1, F.TYPE_STRING, opt, None, False),
            ("datasize", 3, F.TYPE_INT32, opt, None, False))
    message("Blob", ("raw", 1, F.TYPE_BYTES, opt, None, False),
            ("raw_size", 2, F.TYPE_INT32, opt, None, False),
            ("zlib_data", 3, F.TYPE_BYTES, opt, None, False))
    message("StringTable", ("s", 1, F.TYPE_BYTES, rep, None, False))
    # Packed repeated fields are declared as bytes (the same wire type): upb hands over the
    # raw varints and numpy decodes a whole block of them at once (decode_varints).
    message("DenseNodes", ("id", 1, F.TYPE_BYTES, opt, None, False),
            ("lat", 8, F.TYPE_BYTES, opt, None, False),
            ("lon", 9, F.TYPE_BYTES, opt, None, False))
    message("Node", ("id", 1, F.TYPE_SINT64, opt, None, False),
            ("lat", 8, F.TYPE_SINT64, opt, None, False),
            ("lon", 9, F.TYPE_SINT64, opt, None, False))
    message("Way", ("id", 1, F.TYPE_INT64, opt, None, False),
            ("keys", 2, F.TYPE_BYTES, opt, None, False),
            ("vals", 3, F.TYPE_BYTES, opt, None, False),
            ("refs", 8, F.TYPE_BYTES, opt, None, False))
    message("PrimitiveGroup", ("nodes", 1, F.TYPE_MESSAGE, rep, "Node", False),
            ("dense", 2, F.TYPE_MESSAGE, opt, "DenseNodes", False),
            ("ways", 3, F.TYPE_MESSAGE, rep, "Way", False))
    message("PrimitiveBlock", ("stringtable", 1, F.TYPE_MESSAGE, opt, "StringTable", False),
            ("primitivegroup", 2, F.TYPE_MESSAGE, rep, "PrimitiveGroup", False),
            ("granularity", 17, F.TYPE_INT32, opt, None, False),
            ("lat_offset", 19, F.TYPE_INT64, opt, None, False),
            ("lon_offset", 20, F.TYPE_INT64, opt, None, False))
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    return {m.name: message_factory.GetMessageClass(
        pool.FindMessageTypeByName(f"learning_map_osmpbf.{m.name}")) for m in proto.message_type}


_messages = cache(_message_classes)


def _blocks(path: Path) -> Iterator[Any]:
    """Each ``OSMData`` block of the file as a parsed PrimitiveBlock."""
    messages = _messages()
    header_cls, blob_cls, block_cls = messages["BlobHeader"], messages["Blob"], messages["PrimitiveBlock"]
    with path.open("rb") as handle:
        while size_bytes := handle.read(4):
            header = header_cls.FromString(handle.read(struct.unpack(">I", size_bytes)[0]))
            blob = blob_cls.FromString(handle.read(header.datasize))
            if header.type != "OSMData":
                continue
            if blob.HasField("zlib_data"):
                data = zlib.decompress(blob.zlib_data, bufsize=blob.raw_size or zlib.DEF_BUF_SIZE)
            elif blob.HasField("raw"):
                data = blob.raw
            else:  # lzma/lz4/zstd blocks: rare, written by no common tool by default
                raise InputFileError(N_("{file}: unsupported PBF compression"), file=path.name)
            yield block_cls.FromString(data)


def _fixed(raw: npt.NDArray[np.int64], offset: int, granularity: int) -> npt.NDArray[np.int64]:
    """PBF coordinates (granularity units) as pyosmium's 1e-7 degree integers."""
    nano = offset + granularity * raw
    if granularity % _NANO_PER_UNIT == 0 and offset % _NANO_PER_UNIT == 0:
        return nano // _NANO_PER_UNIT
    # Other granularities (rare writers): the nearest 1e-7 degree; may differ from libosmium
    # by one unit in the last digit.
    return np.round(nano / _NANO_PER_UNIT).astype(np.int64)


@dataclass
class _NodeStore:
    """Node locations inside a box, as sorted ids and 1e-7 degree integers."""

    box: tuple[int, int, int, int] | None  # west, south, east, north (1e-7 degrees)
    ids: list[npt.NDArray[np.int64]] = field(default_factory=list)
    x: list[npt.NDArray[np.int64]] = field(default_factory=list)
    y: list[npt.NDArray[np.int64]] = field(default_factory=list)
    count: int = 0
    unsorted: bool = False
    frozen: tuple[npt.NDArray[np.int64], ...] | None = None

    def add(self, ids: npt.NDArray[np.int64], x: npt.NDArray[np.int64], y: npt.NDArray[np.int64]) -> None:
        if self.frozen is not None:  # nodes after ways: not a sorted file
            self.unsorted = True
            return
        if self.box is not None:
            west, south, east, north = self.box
            keep = (x >= west) & (x <= east) & (y >= south) & (y <= north)
            ids, x, y = ids[keep], x[keep], y[keep]
        self.ids.append(ids)
        self.x.append(x.astype(np.int32))
        self.y.append(y.astype(np.int32))
        self.count += len(ids)

    def freeze(self) -> tuple[npt.NDArray[np.int64], ...]:
        """Sorted arrays for lookups (ways come after nodes in a PBF)."""
        if self.frozen is None:
            ids = np.concatenate([np.zeros(0, np.int64), *self.ids])
            x = np.concatenate([np.zeros(0, np.int32), *self.x])
            y = np.concatenate([np.zeros(0, np.int32), *self.y])
            if len(ids) > 1 and not (np.diff(ids) > 0).all():
                order = np.argsort(ids, kind="stable")
                ids, x, y = ids[order], x[order], y[order]
            self.frozen = (ids, x, y)
            self.ids, self.x, self.y = [], [], []
        return self.frozen

    def lookup(self, refs: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], ...]:
        """Lon and lat (NaN where unknown) of node ``refs``."""
        ids, x, y = self.freeze()
        if len(ids) == 0:
            nan = np.full(len(refs), np.nan)
            return nan, nan.copy()
        where = np.minimum(np.searchsorted(ids, refs), len(ids) - 1)
        found = ids[where] == refs
        lon = np.where(found, x[where] / _COORDINATE_PRECISION, np.nan)
        lat = np.where(found, y[where] / _COORDINATE_PRECISION, np.nan)
        return lon, lat


@dataclass
class HighwayWays(WayTable):
    """Every way with a ``highway`` tag (a :class:`WayTable`), with ids and what was held."""

    way_id: npt.NDArray[np.int64]
    # The node locations held (the clip's box, or the whole file): ids, lon and lat as
    # 1e-7 degree integers, sorted by id.
    locations: tuple[npt.NDArray[np.int64], npt.NDArray[np.int32], npt.NDArray[np.int32]]
    # False when a node came after a way (an unsorted file): the result is incomplete.
    complete: bool = True


def decode_varints(buffer: bytes, *, signed: bool) -> npt.NDArray[np.int64]:
    """Decode concatenated protobuf varints (zigzag when ``signed``) in a few numpy passes."""
    data = np.frombuffer(buffer, dtype=np.uint8)
    if len(data) == 0:
        return np.zeros(0, np.int64)
    last = np.flatnonzero(data < 0x80)
    first = np.concatenate(([0], last[:-1] + 1))
    # Each byte's 7 bits, shifted to their place in its varint; the parts never overlap,
    # so a sum per varint is their bitwise or.
    shift = (np.arange(len(data)) - np.repeat(first, last - first + 1)).astype(np.uint64) * np.uint64(7)
    value = np.add.reduceat((data & 0x7F).astype(np.uint64) << shift, first)
    if signed:
        return ((value >> np.uint64(1)).astype(np.int64)) ^ -((value & np.uint64(1)).astype(np.int64))
    return value.astype(np.int64)


def _per_item(buffers: list[bytes], *, signed: bool) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Decode one packed field of many messages: flat values and the count of each message."""
    joined = b"".join(buffers)
    values = decode_varints(joined, signed=signed)
    sizes = np.fromiter((len(b) for b in buffers), np.int64, len(buffers))
    if len(values) == 0:
        return values, np.zeros(len(buffers), np.int64)
    # A message's values are the varints that end inside its bytes.
    ends = np.frombuffer(joined, np.uint8) < 0x80
    owner = np.repeat(np.arange(len(buffers)), sizes)[ends]
    return values, np.bincount(owner, minlength=len(buffers)).astype(np.int64)


class _Ways(NamedTuple):
    """A block's ``highway`` ways: flat node refs (and locations), counts, ids, tag columns."""

    refs: npt.NDArray[np.int64]
    counts: npt.NDArray[np.int64]
    ids: npt.NDArray[np.int64]
    columns: list[npt.NDArray[np.object_]]
    lon: npt.NDArray[np.float64] | None = None
    lat: npt.NDArray[np.float64] | None = None


def _block_ways(block: Any, tag_keys: tuple[str, ...]) -> _Ways | None:
    """Node refs (flat), ref counts, ids and kept tag columns of a block's ``highway`` ways."""
    strings = list(block.stringtable.s)
    try:
        highway = strings.index(b"highway")
    except ValueError:
        return None
    ways = [w for group in block.primitivegroup for w in group.ways]
    if not ways:
        return None
    keys, key_counts = _per_item([w.keys for w in ways], signed=False)
    vals, _ = _per_item([w.vals for w in ways], signed=False)
    way_of_key = np.repeat(np.arange(len(ways)), key_counts)
    chosen = np.zeros(len(ways), dtype=bool)
    chosen[way_of_key[keys == highway]] = True
    if not chosen.any():
        return None
    kept = [w for w, c in zip(ways, chosen.tolist(), strict=True) if c]
    deltas, ref_counts = _per_item([w.refs for w in kept], signed=True)
    starts = way_starts(ref_counts)
    # Refs are delta-coded within each way: one cumulative sum, restarted at each way.
    total = np.concatenate(([0], np.cumsum(deltas)))
    refs = total[1:] - np.repeat(total[starts], ref_counts)
    ids = np.fromiter((w.id for w in kept), np.int64, len(kept))
    # Tag columns without a Python loop per way: the string table says which key each
    # string index is; each wanted key's values land at their (kept) way's row.
    row_of_way = np.cumsum(chosen) - 1
    column_of_string = np.full(len(strings), -1, np.int64)
    wanted = {k.encode(): i for i, k in enumerate(tag_keys)}
    for index, text in enumerate(strings):
        column_of_string[index] = wanted.get(text, -1)
    column = column_of_string[keys]
    hit = (column >= 0) & chosen[way_of_key]
    decoded = np.array([t.decode("utf-8", "replace") for t in strings], dtype=object)
    columns = []
    for i in range(len(tag_keys)):
        at = hit & (column == i)
        values = np.full(len(kept), None, dtype=object)
        values[row_of_way[way_of_key[at]]] = decoded[vals[at]]
        columns.append(values)
    return _Ways(refs, ref_counts, ids, columns)


def read_highways(path: str | Path, *, tag_keys: tuple[str, ...],
                  clip: shapely.Geometry | None = None,
                  margin_deg: float = CLIP_MARGIN_DEG) -> HighwayWays:
    """
    Read every ``highway`` way of a PBF with its node locations, in one streaming pass.

    Parameters
    ----------
    path
        ``.osm.pbf`` file.
    tag_keys
        The way tags to keep.
    clip
        WGS84 area: keep only ways with a node inside it (whole, up to ``margin_deg``
        beyond its bounding box, where their node locations end), and hold node
        locations only in that box.
    margin_deg
        Degrees around the clip's bounding box whose node locations are kept.

    Returns
    -------
    ways
        Missing node locations are NaN, as pyosmium's invalid locations are.
    """
    path = Path(path)
    box = None
    if clip is not None:
        shapely.prepare(clip)
        box = _fixed_box(clip, margin_deg)
    store = _NodeStore(box=box)
    parts: list[_Ways] = []
    try:
        for block in _blocks(path):
            _add_nodes(store, block)
            found = _block_ways(block, tag_keys)
            if found is not None:
                parts.append(_located(found, store, clip))
    # DecodeError: a truncated or foreign file.
    except (OSError, zlib.error, struct.error, DecodeError) as exc:
        raise osm_read_error(path, exc) from None
    return _highway_ways(parts, store, tag_keys)


def _fixed_box(clip: shapely.Geometry, margin_deg: float) -> tuple[int, int, int, int]:
    """The clip's bounding box plus ``margin_deg``, in 1e-7 degree integers."""
    west, south, east, north = clip.bounds
    return tuple(round(v * _COORDINATE_PRECISION) for v in
                 (west - margin_deg, south - margin_deg, east + margin_deg, north + margin_deg))


def _add_nodes(store: _NodeStore, block: Any) -> None:
    """Hand the block's node locations (dense and plain) to ``store``."""
    granularity = block.granularity or 100
    for group in block.primitivegroup:
        if group.HasField("dense") and group.dense.id:
            dense = group.dense
            store.add(np.cumsum(decode_varints(dense.id, signed=True)),
                      _fixed(np.cumsum(decode_varints(dense.lon, signed=True)),
                             block.lon_offset, granularity),
                      _fixed(np.cumsum(decode_varints(dense.lat, signed=True)),
                             block.lat_offset, granularity))
        if len(group.nodes):
            store.add(np.fromiter((n.id for n in group.nodes), np.int64),
                      _fixed(np.fromiter((n.lon for n in group.nodes), np.int64),
                             block.lon_offset, granularity),
                      _fixed(np.fromiter((n.lat for n in group.nodes), np.int64),
                             block.lat_offset, granularity))


def _located(found: _Ways, store: _NodeStore, clip: shapely.Geometry | None) -> _Ways:
    """The ways with their node locations; with ``clip``, only those with a node inside it."""
    refs, counts, ids, columns = found.refs, found.counts, found.ids, found.columns
    lon, lat = store.lookup(refs)
    if clip is not None:  # drop, as they stream, the ways with no node inside
        located = np.isfinite(lon)
        inside = np.zeros(len(refs), dtype=bool)
        inside[located] = shapely.contains_xy(clip, lon[located], lat[located])
        way_of_ref = np.repeat(np.arange(len(ids)), counts)
        per_way = np.bincount(way_of_ref[inside], minlength=len(ids)) > 0
        node_mask = np.repeat(per_way, counts)
        refs, lon, lat = refs[node_mask], lon[node_mask], lat[node_mask]
        counts, ids = counts[per_way], ids[per_way]
        columns = [c[per_way] for c in columns]
    return _Ways(refs, counts, ids, columns, lon, lat)


def _highway_ways(parts: list[_Ways], store: _NodeStore, tag_keys: tuple[str, ...]) -> HighwayWays:
    """The blocks' ways end to end, with the node locations held."""
    counts = np.concatenate([np.zeros(0, np.int64), *(p.counts for p in parts)])
    way_id = np.concatenate([np.zeros(0, np.int64), *(p.ids for p in parts)])
    logger.debug("read_highways: %s node locations held, %s ways", f"{store.count:,}", f"{len(counts):,}")
    return HighwayWays(
        node_ref=np.concatenate([np.zeros(0, np.int64), *(p.refs for p in parts)]),
        lon=np.concatenate([np.zeros(0), *(p.lon for p in parts)]),
        lat=np.concatenate([np.zeros(0), *(p.lat for p in parts)]),
        way_start=way_starts(counts),
        way_id=way_id,
        tags=_tag_frame([p.columns for p in parts], tag_keys, way_id),
        locations=store.freeze(),
        complete=not store.unsorted,
    )


def _tag_frame(blocks: list[list[npt.NDArray[np.object_]]], tag_keys: tuple[str, ...],
               way_id: npt.NDArray[np.int64]) -> pd.DataFrame:
    """One row per way, a column per key; as pandas makes it from dicts (all-missing: NaN)."""
    data = {}
    for i, key in enumerate(tag_keys):
        values = np.concatenate([np.zeros(0, dtype=object), *(b[i] for b in blocks)])
        missing = values == None  # noqa: E711 (element-wise)
        values[missing] = np.nan
        data[key] = np.full(len(values), np.nan) if missing.all() else values
    frame = pd.DataFrame(data, columns=list(tag_keys))
    frame.index = pd.Index(way_id, name="osm_way_id")
    return frame
