"""Command line: ``learning-map build | coverage | map | serve | demo``; a thin shell over the library."""

from __future__ import annotations

import json
import logging
import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.bundle import load_bundle
from learning_map.errors import LearningMapError, ParameterError
from learning_map.safety import parse_ascii_float
from learning_map.units import resolve_speed_kmh

if TYPE_CHECKING:
    import pandas as pd

logger = logging.getLogger("learning_map")


class UserErrorGroup(click.Group):
    """A command group that turns user mistakes into one bilingual sentence and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        """Run the command; report LearningMapError without a traceback."""
        try:
            return super().invoke(ctx)
        except LearningMapError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Click's own usage errors (unknown option, missing argument) are user mistakes too."""
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "learning-map"
            click.echo(
                f"error: {exc.format_message()} (see '{command} --help') / 命令用法有误，请查看帮助",
                err=True,
            )
            sys.exit(1)
        except click.Abort:
            click.echo("Aborted / 已取消", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            click.echo(f"error: {exc.format_message()} / 命令出错", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _split_file_field(value: str, option: str) -> tuple[Path, str | None]:
    """Split ``FILE:FIELD`` (the field is optional); a Windows drive letter is not a field."""
    path, sep, field = value.rpartition(":")
    if not sep or not path or "/" in field or "\\" in field or (len(path) == 1 and path.isalpha()):
        return Path(value), None
    if not field:
        raise ParameterError(option, f"{value!r} ends with ':' but names no field", "冒号后缺少字段名")
    return Path(path), field


def _parse_minutes(value: str) -> list[float]:
    minutes = [parse_ascii_float(m) for m in value.split(",") if m.strip()]
    if not minutes or any(m is None for m in minutes):
        raise ParameterError("--minutes", f"{value!r} is not a list of numbers", "应为以逗号分隔的数字")
    limit = settings.MAX_WALK_MINUTES
    if any(not 0 < m <= limit for m in minutes):  # type: ignore[operator]
        raise ParameterError(
            "--minutes", f"each value must be more than 0 and at most {limit}",
            f"每个值须大于 0 且不超过 {limit}",
        )
    return minutes  # type: ignore[return-value]


@click.group(cls=UserErrorGroup)
@click.version_option(package_name="learning-map")
@click.option("-v", "--verbose", is_flag=True, help="Log each step / 显示详细步骤.")
def main(verbose: bool) -> None:
    """learning-map: 15-minute learning circles / 15分钟学习圈."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@main.command()
@click.option("--osm", "osm_path", type=click.Path(path_type=Path), help="OSM extract (.osm.pbf or .osm).")
@click.option("--place", help='Place to download with osmnx, e.g. "黄浦区, 上海市" (needs network).')
@click.option("--sites", "sites_path", type=click.Path(path_type=Path), help="Site registry file.")
@click.option("--sites-coords", "sites_coordinates", default="wgs84", show_default=True,
              type=click.Choice(["wgs84", "gcj02", "bd09"]),
              help="Coordinate system of the registry: gcj02 = Amap/Gaode/Tencent, bd09 = Baidu.")
@click.option("--add-osm-sites", is_flag=True, help="Keep OSM-derived sites beside the registry.")
@click.option("--population", "population", help="Residents: FILE[:COLUMN] (zones, points or GeoTIFF).")
@click.option("--elderly-share", help="Column with the elderly share, or one number (0-1).")
@click.option("--name", help="City name for titles.")
@click.option("--crs", help="Projected CRS (default: local UTM zone).")
@click.option("--allow-empty", is_flag=True, help="Build even when no learning site is left.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Bundle folder to write.")
def build(
    osm_path: Path | None, place: str | None, sites_path: Path | None, sites_coordinates: str,
    add_osm_sites: bool,
    population: str | None, elderly_share: str | None, name: str | None, crs: str | None,
    allow_empty: bool, out_dir: Path,
) -> None:
    """Build a city bundle: walk network, learning sites, residents / 构建城市数据包."""
    from learning_map.pipeline import build_bundle

    population_path, population_column = (
        _split_file_field(population, "--population") if population else (None, None)
    )
    report = build_bundle(
        out_dir, osm_path=osm_path, place=place, sites_path=sites_path,
        sites_coordinates=sites_coordinates, add_osm_sites=add_osm_sites, population_path=population_path,
        population_column=population_column, elderly_share=elderly_share, name=name, crs=crs,
        allow_empty=allow_empty, progress=sys.stderr.isatty(),
    )
    meta = report.meta
    if report.registry_summary:
        click.echo(report.registry_summary)
    click.echo(
        f"Built {report.path}: {meta['nodes']:,} nodes, {meta['edges']:,} edges, "
        f"{meta['network_km']:,.1f} km of walkable ways, {meta['sites']} sites"
        + (f", {meta['population']:,.0f} residents" if meta["population"] else "")
    )
    click.echo(
        f"已构建 {report.path}：步行路网 {meta['network_km']:,.1f} 公里，学习场所 {meta['sites']} 处"
    )
    if report.rejected_path is not None:
        click.echo(
            f"Rejected {len(report.rejected)} sites; fix them in {report.rejected_path} and load it "
            f"again with --sites / 有 {len(report.rejected)} 个站点被拒绝，详见该文件",
            err=True,
        )


def _display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _format_table(rows: list[dict], columns: list[tuple[str, str, str]]) -> str:
    """Plain aligned text table; columns are (key, heading, format)."""
    cells = [[heading for _, heading, _ in columns]]
    for row in rows:
        cells.append([
            ("" if row.get(key) is None else format(row[key], fmt)) if fmt else str(row.get(key, ""))
            for key, _, fmt in columns
        ])
    widths = [max(_display_width(r[i]) for r in cells) for i in range(len(columns))]
    return "\n".join(
        "  ".join(c + " " * (w - _display_width(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in cells
    )


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--minutes", default=",".join(map(str, settings.WALK_MINUTES)), show_default=True,
              help="Walking minutes, comma-separated.")
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True,
              help="adult (4.8 km/h), elderly (3.3 km/h) or km/h.")
@click.option("--category", "categories", multiple=True, help="Only these categories (repeatable).")
@click.option("--by", "by", help="Reporting units FILE:FIELD, e.g. zones.geojson:name.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV.")
def coverage(
    bundle_dir: Path, minutes: str, speed: str, categories: tuple[str, ...], by: str | None,
    as_json: bool, as_csv: bool,
) -> None:
    """Coverage within walking time, per category / 各类学习场所的步行覆盖率."""
    if as_json and as_csv:
        raise ParameterError("--csv", "cannot be combined with --json; choose one", "--csv 与 --json 只能选一个")
    minute_list = _parse_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    units_layer = None
    if by:
        from learning_map.layers import read_layer

        units_path, field = _split_file_field(by, "--by")
        if field is None:
            raise ParameterError("--by", "give FILE:FIELD, e.g. zones.geojson:name", "格式应为 文件:字段")
        units_layer = read_layer(units_path, what="reporting units")
    bundle = load_bundle(bundle_dir)
    model = bundle.model
    keys = list(categories) or None
    table = model.summary(minutes=minute_list, speed_kmh=speed_kmh, categories=keys)
    units = None
    if units_layer is not None:
        import pandas as pd

        units = pd.concat([
            model.summary_by_unit(units_layer, field, minutes=m, speed_kmh=speed_kmh, categories=keys)
            for m in minute_list
        ], ignore_index=True)
    if as_json:
        payload = {
            "city": bundle.name,
            "speed_kmh": speed_kmh,
            "minutes": minute_list,
            "network_km": bundle.network.total_length_m / 1000,
            "population": bundle.demand.total if bundle.demand is not None else None,
            "coverage": table.to_dict(orient="records"),
        }
        if units is not None:
            payload["units"] = units.to_dict(orient="records")
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if as_csv:
        from learning_map.tables import csv_text

        tidy = table if units is None else _units_with_city_total(table, units)
        click.echo(csv_text(tidy), nl=False)
        return
    click.echo(f"{bundle.name}: walking at {speed_kmh} km/h / 步行速度 {speed_kmh} 公里/小时")
    columns = [
        ("label_zh", "类别", ""), ("label_en", "Category", ""), ("sites", "Sites 场所", "d"),
        ("minutes", "Min 分钟", ".0f"), ("network_share", "Network 路网", ".1%"),
    ]
    if "population_share" in table:
        columns.append(("population_share", "Residents 居民", ".1%"))
    if "elderly_share" in table:
        columns.append(("elderly_share", "Elderly 老年人", ".1%"))
    click.echo(_format_table(table.to_dict(orient="records"), columns))
    if units is not None:
        click.echo("")
        widest = units[units["minutes"] == max(minute_list)]
        click.echo(_format_table(widest.to_dict(orient="records"), [
            ("unit", "Unit 单元", ""), ("category", "Category", ""),
            ("population", "Residents 居民", ",.0f"), ("population_share", "Covered 覆盖", ".1%"),
        ]))


CITY_TOTAL_UNIT = "全市 / City total"


def _units_with_city_total(table: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """One tidy table: per-unit rows, then the city total as a unit of its own."""
    import pandas as pd

    total = table[[c for c in table.columns if c in units.columns or c == "category"]].copy()
    total.insert(0, "unit", CITY_TOTAL_UNIT)
    return pd.concat([units, total[[c for c in units.columns if c in total.columns]]],
                     ignore_index=True)


@main.command(name="map")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--out", "out_path", required=True, type=click.Path(path_type=Path), help="HTML file.")
@click.option("--minutes", default=str(max(settings.WALK_MINUTES)), show_default=True)
@click.option("--speed", default=settings.DEFAULT_PACE, show_default=True)
@click.option("--tiles", default=None, help="Tile URL template; default: offline street background.")
def map_command(bundle_dir: Path, out_path: Path, minutes: str, speed: str, tiles: str | None) -> None:
    """Write an offline HTML map of sites and walking areas / 生成离线地图."""
    from learning_map.export.html import map_document, write_map

    minute_list = _parse_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    bundle = load_bundle(bundle_dir)
    isochrones = bundle.model.isochrones(minutes=minute_list, speed_kmh=speed_kmh)
    title = f"{bundle.name}: {max(minute_list):.0f} 分钟步行学习圈 / {max(minute_list):.0f}-minute learning circle"
    html = map_document(bundle.network, bundle.sites, isochrones, title=title, tiles=tiles)
    write_map(html, out_path)
    click.echo(f"Wrote {out_path} / 已生成地图")


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
def verify(bundle_dir: Path) -> None:
    """Check every file of a city bundle against its checksums / 校验城市数据包."""
    from learning_map.bundle import verify_bundle

    summary = verify_bundle(bundle_dir)
    click.echo(
        f"OK {bundle_dir}: build {summary['build']}, {summary['files']} files, "
        f"{summary['bytes']:,} bytes match their SHA-256 / 数据包完整"
    )


def _serve(bundle_dir: Path, host: str, port: int, tiles: str | None, threads: int,
           workers: int) -> None:
    """Run the web app with gunicorn (one process per core) or, without it, waitress."""
    from learning_map.web import create_app

    config = {"TILES_URL": tiles} if tiles else None
    app = create_app(bundle_dir, test_config=config)  # load once: fail early on a bad bundle
    click.echo(f"Serving {bundle_dir} on http://{host}:{port}/  (Ctrl+C to stop) / 地图服务已启动")
    try:
        from gunicorn.app.base import BaseApplication
    except ImportError:  # Windows: waitress, one process
        import waitress

        waitress.serve(app, host=host, port=port, threads=threads, ident="learning-map")
        return

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("worker_class", "gthread" if threads > 1 else "sync")
            self.cfg.set("accesslog", None)
            self.cfg.set("loglevel", "warning")

        def load(self) -> object:
            return app

    # Workers fork after the bundle is loaded, sharing its arrays copy-on-write.
    Server().run()


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--tiles", default=None, help="Tile URL template; default: offline street background.")
@click.option("--threads", default=1, show_default=True, type=int,
              help="Threads per worker (1: sync workers, best for this CPU-bound work).")
@click.option("--workers", default=os.cpu_count() or 1, show_default="CPU count", type=int,
              help="Worker processes (gunicorn; waitress runs one).")
def serve(bundle_dir: Path, host: str, port: int, tiles: str | None, threads: int,
          workers: int) -> None:
    """Serve the citizen web map (gunicorn, or waitress on Windows) / 启动网页地图服务."""
    _serve(bundle_dir, host, port, tiles, threads, workers)


@main.command()
@click.option("--dir", "demo_dir", default="data/demo", show_default=True,
              type=click.Path(path_type=Path), help="Where to build the demo bundle.")
@click.option("--serve/--no-serve", "serve_app", default=True, show_default=True,
              help="Start the web map after printing coverage.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def demo(demo_dir: Path, serve_app: bool, host: str, port: int) -> None:
    """Build the demo city (Helsinki, offline), print its coverage, serve the map / 演示城市."""
    from learning_map.demo import ensure_demo_bundle

    bundle_dir = ensure_demo_bundle(demo_dir)
    click.echo(f"Demo city bundle: {bundle_dir} / 演示城市数据包")
    ctx = click.get_current_context()
    ctx.invoke(coverage, bundle_dir=bundle_dir, minutes=",".join(map(str, settings.WALK_MINUTES)),
               speed=settings.DEFAULT_PACE, categories=(), by=None, as_json=False, as_csv=False)
    if serve_app:
        _serve(bundle_dir, host, port, None, 1, os.cpu_count() or 1)


if __name__ == "__main__":
    main()


# ------------------------------------------------------------------ registry store (站点名录数据库)
# Commands over learning_map.store: import a yearly registry file, dump/restore, show a year.

REJECTED_IMPORT_FILE = "rejected_import.csv"


def _store_option(function: Any) -> Any:
    return click.option(
        "--database", "database_url", default=None, metavar="URL",
        help="PostGIS database postgresql://... (default: $LEARNING_MAP_DATABASE_URL, "
             "else DIR/registry.gpkg).",
    )(function)


def _open_registry_store(bundle_dir: Path, database_url: str | None) -> Any:
    from learning_map.store import open_store

    return open_store(bundle_dir, url=database_url)


def _registry_sheet(path: Path, sheet: str, folder: Path) -> Path:
    """A copy of workbook ``path`` holding only ``sheet`` (same file name, same row numbers)."""
    from learning_map.errors import InputFileError

    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise ParameterError("--sheet", f"{path.name} is not an Excel workbook", "只有 Excel 工作簿才能指定工作表")
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except Exception as exc:
        msg = f"Cannot read {path.name} as an Excel workbook: {exc} / 无法读取 Excel 文件"
        raise InputFileError(msg) from exc
    if sheet not in workbook.sheetnames:
        names = ", ".join(workbook.sheetnames)
        raise ParameterError("--sheet", f"{path.name} has no sheet {sheet!r} (sheets: {names})",
                             "工作簿中没有该工作表")
    for other in [ws for ws in workbook.worksheets if ws.title != sheet]:
        workbook.remove(other)
    copy = folder / path.name
    workbook.save(copy)
    return copy


def _split_store_rows(load: Any, path: Path) -> tuple[Any, pd.DataFrame]:
    """Registry rows the store can take, and the others with ``line`` and ``reason``."""
    import pandas as pd

    from learning_map.errors import InputFileError
    from learning_map.store.columns import check_extra_columns, rename_extra_columns

    sites = rename_extra_columns(load.sites)
    generated = (sites["site_id"] == "row-" + sites["line"].astype(str)).to_numpy(dtype=bool)
    if len(sites) and generated.all():
        msg = (
            f"{load.source} has no id column: the registry store needs a stable id per site "
            "(编号/site_id) / 名录文件缺少编号列，数据库需要每个站点有固定编号"
        )
        raise InputFileError(msg)
    checked, reasons = check_extra_columns(sites)
    reasons = reasons.where(~generated, "missing site id / 缺少编号")
    bad = (reasons != "").to_numpy()
    lines = sites["line"][bad].to_numpy()
    rejected = _original_rows(path, lines)
    if rejected is None:  # cannot re-read: the parsed values, under our column names
        rejected = pd.DataFrame(load.sites[bad].drop(columns=[load.sites.geometry.name, "source"]))
        rejected["lon"] = load.sites.geometry.x[bad].to_numpy()
        rejected["lat"] = load.sites.geometry.y[bad].to_numpy()
    rejected = rejected.drop(columns=[c for c in ("reason",) if c in rejected])
    rejected.insert(1, "reason", reasons[bad].to_numpy())
    return checked[~bad], rejected


def _original_rows(path: Path, lines: Any) -> pd.DataFrame | None:
    """
    Rows of a registry file as the reader saw them (original headings and values), by line.

    The same shape as the reader's own rejected rows, so one ``rejected_import.csv`` holds
    both and loads again once fixed. None when the file cannot be read that way.
    """
    import pandas as pd

    from learning_map import registry as reader

    if not len(lines):
        return pd.DataFrame(columns=["line"])
    suffix = path.suffix.lower()
    try:
        if suffix in reader.TABLE_SUFFIXES:
            table, _ = reader._read_table(path)
        elif suffix in reader.VECTOR_SUFFIXES:
            vector = reader._read_vector(path)
            table = pd.DataFrame(vector.drop(columns=vector.geometry.name))
        else:
            return None
        table = reader._clean_text(table)
    except Exception:  # the reader already read this file; fall back to parsed values
        logger.debug("could not re-read %s for rejected rows", path, exc_info=True)
        return None
    picked = table.set_index("line", drop=False).reindex(lines)
    return picked.reset_index(drop=True) if picked["line"].notna().all() else None


@main.command(name="import")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("registry_file", type=click.Path(path_type=Path))
@click.option("--year", type=int, default=None, help="Year the registry describes (default: this year).")
@click.option("--coords", "coordinate_system", default="wgs84", show_default=True,
              type=click.Choice(["wgs84", "gcj02", "bd09"]),
              help="Coordinate system of the file: gcj02 = Amap/Gaode/Tencent, bd09 = Baidu.")
@click.option("--sheet", default=None, help="Worksheet to read from an Excel workbook.")
@click.option("--close-missing", is_flag=True,
              help="Close the sites open last year that this file no longer lists.")
@_store_option
def import_registry(
    bundle_dir: Path, registry_file: Path, year: int | None, coordinate_system: str,
    sheet: str | None, close_missing: bool, database_url: str | None,
) -> None:
    """Import a yearly registry file into the city's registry store / 导入年度站点名录."""
    import datetime
    import hashlib
    import tempfile

    import pandas as pd

    from learning_map.errors import StoreError
    from learning_map.registry import read_registry
    from learning_map.tables import write_csv

    if not bundle_dir.is_dir():
        msg = f"city folder not found: {bundle_dir} / 找不到城市数据包文件夹"
        raise StoreError(msg)
    year = year if year is not None else datetime.date.today().year
    with tempfile.TemporaryDirectory() as folder:
        path = _registry_sheet(registry_file, sheet, Path(folder)) if sheet else registry_file
        load = read_registry(path, coordinate_system=coordinate_system)
        good, extra = _split_store_rows(load, path)
    rejected = pd.concat([load.rejected, extra], ignore_index=True)
    rejected = rejected.sort_values("line", kind="stable").reset_index(drop=True)
    rejected_path = bundle_dir / REJECTED_IMPORT_FILE
    if len(rejected):
        write_csv(rejected, rejected_path)
    elif rejected_path.exists():
        rejected_path.unlink()  # from an earlier import; nothing is rejected now
    click.echo(
        f"{load.source}: {len(good)} sites to import, {len(rejected)} rows rejected"
        f" / 可导入 {len(good)} 个站点，拒绝 {len(rejected)} 行"
    )
    if len(rejected):
        click.echo(
            f"Rejected rows with line numbers and reasons: {rejected_path}; fix them and import again"
            f" / 被拒绝的行（含行号和原因）已写入该文件，修正后可重新导入"
        )
    if good.empty:
        msg = f"{load.source}: no sites to import, the registry is unchanged / 没有可导入的站点，名录未改动"
        raise StoreError(msg)
    digest = hashlib.sha256(registry_file.read_bytes()).hexdigest()
    store = _open_registry_store(bundle_dir, database_url)
    try:
        report = store.import_sites(good, year=year, source=registry_file.name, file_sha256=digest,
                                    close_missing=close_missing, rejected=len(rejected))
    finally:
        store.close()
    click.echo(report.summary)
    if report.missing_summary:
        click.echo(report.missing_summary)
    click.echo(f"Registry: {store.where} / 站点名录数据库")


@main.group()
def registry() -> None:
    """The city's registry store: dump, restore, show a year / 站点名录数据库."""


@registry.command(name="dump")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("out_path", type=click.Path(path_type=Path))
@_store_option
def registry_dump(bundle_dir: Path, out_path: Path, database_url: str | None) -> None:
    """Write the whole registry to a portable dump file (JSON lines) / 备份站点名录."""
    store = _open_registry_store(bundle_dir, database_url)
    try:
        if not out_path.parent.is_dir():
            raise ParameterError("OUT", f"folder not found: {out_path.parent}", "输出文件夹不存在")
        store.dump(out_path)
        sites, history = len(store.all_sites()), len(store.history())
    finally:
        store.close()
    click.echo(f"Wrote {out_path}: {sites} sites, {history} history rows / 已备份站点名录")


@registry.command(name="restore")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.argument("in_path", type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a registry that already holds data.")
@_store_option
def registry_restore(bundle_dir: Path, in_path: Path, replace: bool, database_url: str | None) -> None:
    """Load a dump into the registry store, in one transaction / 从备份恢复站点名录."""
    store = _open_registry_store(bundle_dir, database_url)
    try:
        counts = store.restore(in_path, replace=replace)
    finally:
        store.close()
    click.echo(
        f"Restored {counts['sites']} sites, {counts['site_history']} history rows and "
        f"{counts['imports']} imports into {store.where} / 已恢复站点名录"
    )


@registry.command(name="show")
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--year", type=int, required=True, help="Show the sites open in this year.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with every column and lon/lat.")
@_store_option
def registry_show(bundle_dir: Path, year: int, as_csv: bool, database_url: str | None) -> None:
    """List the sites open in a year / 列出某年开放的站点."""
    from learning_map.categories import CATEGORIES, SUBTYPES

    store = _open_registry_store(bundle_dir, database_url)
    try:
        sites = store.sites_as_of(year)
    finally:
        store.close()
    if as_csv:
        from learning_map.tables import csv_text

        table = sites.drop(columns=sites.geometry.name).assign(
            lon=sites.geometry.x.to_numpy(), lat=sites.geometry.y.to_numpy()
        )
        click.echo(csv_text(table), nl=False)
        return
    click.echo(f"{len(sites)} sites open in {year} / {year} 年开放的站点 {len(sites)} 处")
    rows = [
        {
            "site_id": row.site_id, "name": row.name,
            "category": CATEGORIES[row.category].label_zh if row.category in CATEGORIES else row.category,
            "subtype": SUBTYPES[row.subtype].label_zh if row.subtype in SUBTYPES else row.subtype,
            "opened_year": row.opened_year,
            "closed_year": "" if pd_isna(row.closed_year) else row.closed_year,
        }
        for row in sites.itertuples()
    ]
    click.echo(_format_table(rows, [
        ("site_id", "ID 编号", ""), ("name", "Name 名称", ""), ("category", "Category 类别", ""),
        ("subtype", "Subtype 子类型", ""), ("opened_year", "Opened 开办", ""),
        ("closed_year", "Closes 关闭", ""),
    ]))


def pd_isna(value: Any) -> bool:
    """Whether ``value`` is a missing value (None, NaN, NA)."""
    import pandas as pd

    return bool(pd.isna(value))
