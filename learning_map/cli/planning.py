"""
Options and helpers the planner commands share: the city model, FILE:FIELD layers.

The commands themselves live one job to a module: :mod:`~learning_map.cli.recommend`,
:mod:`~learning_map.cli.gaps`, :mod:`~learning_map.cli.whatif` and
:mod:`~learning_map.cli.scorecard` (scorecard and access).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from learning_map import settings
from learning_map.base.i18n import N_, cli_text
from learning_map.base.units import check_profile, minutes_to_metres, resolve_speed_kmh
from learning_map.cli.format import parse_minutes, share_needs_population, split_file_field
from learning_map.errors import ParameterError

if TYPE_CHECKING:
    import geopandas as gpd

    from learning_map.analysis.model import CoverageModel
    from learning_map.bundle.core import CityBundle


def check_category(value: str) -> str:
    """A category key or ``all``, else the unknown-category sentence for ``--category``."""
    from learning_map.city.categories import CATEGORIES, unknown_category

    if value not in CATEGORIES and value != "all":
        raise unknown_category("--category", value)
    return value


def one_minutes(value: str) -> float:
    """The one number of ``--minutes`` a planner command takes."""
    minutes = parse_minutes(value)
    if len(minutes) != 1:
        raise ParameterError("--minutes", N_("give one number of minutes here"))
    return minutes[0]


def walk_options(minutes: str, speed: str) -> tuple[float, float, float]:
    """``--minutes`` and ``--speed`` checked: the minutes, the pace in km/h and the walk in metres."""
    minute = one_minutes(minutes)
    speed_kmh = resolve_speed_kmh(speed)
    return minute, speed_kmh, float(minutes_to_metres(minute, speed_kmh))


def write_gpkg(frame: gpd.GeoDataFrame, out: Path, layer: str) -> None:
    """Write ``frame`` as one layer of a GeoPackage, atomically; ``--out`` must end in .gpkg."""
    from learning_map.base.safety import atomic_path

    if out.suffix.lower() != ".gpkg":
        raise ParameterError("--out", N_("write a GeoPackage: the name must end in .gpkg"))
    with atomic_path(out) as tmp:
        frame.to_file(tmp, layer=layer, driver="GPKG")


def echo_json(payload: dict[str, Any]) -> None:
    """Print ``payload`` as the project's JSON text."""
    from learning_map.base.figures import json_text

    click.echo(json_text(payload))


def records(frame: Any) -> list[dict[str, Any]]:
    """A frame's rows as plain dicts, without geometry; missing values become None."""
    import pandas as pd

    plain = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    plain = plain.astype(object).where(plain.notna(), None)
    return plain.to_dict(orient="records")


def population_options(function: Any) -> Any:
    """``--population`` and ``--elderly-share``: a projected population instead of the bundle's."""
    function = click.option(
        "--elderly-share", default=None, metavar="COLUMN|NUMBER",
        help="With --population: column with the elderly share (0-1 or %), or one number (0-1).",
    )(function)
    return click.option(
        "--population", "population", default=None, metavar="FILE[:COLUMN]",
        help="Residents to use instead of the bundle's (e.g. a 2035 projection): zones, points or "
             "GeoTIFF.",
    )(function)


def profile_option(function: Any) -> Any:
    """``--profile``: walk (default) or step-free (no steps, no wheelchair=no ways)."""
    return click.option(
        "--profile", default=settings.DEFAULT_PROFILE, show_default=True,
        help="walk, or step-free: walks go around steps and wheelchair=no ways.",
    )(function)


def _population_kind(path: Path) -> str:
    from learning_map.city.population_files import RASTER_SUFFIXES
    from learning_map.io.layers import read_layer

    if path.suffix.lower() in RASTER_SUFFIXES:
        return "raster"
    layer = read_layer(path, what="population")
    return "points" if layer.geom_type.isin(["Point", "MultiPoint"]).all() else "zones"


def city_model(bundle: CityBundle, population: str | None, elderly_share: str | None,
               profile: str = settings.DEFAULT_PROFILE) -> tuple[CoverageModel, dict[str, Any] | None]:
    """
    The coverage model to answer with: the bundle's, or its sites over a projected population.

    A projected file is read in the bundle's CRS (zones spread uniformly over a grid, since no
    buildings are at hand; points as given) and snapped once. ``profile="step-free"`` walks
    on the network without steps (:meth:`CityBundle.model_for`, its distances cached per profile).
    """
    profile = check_profile(profile)
    share_needs_population(elderly_share, population)
    if population is None:
        return bundle.model_for(profile), None
    from learning_map.analysis.model import CoverageModel
    from learning_map.city.population_files import read_population

    path, column = split_file_field(population, "--population")
    demand = read_population(path, crs=bundle.network.crs, column=column, elderly_share=elderly_share)
    kind = _population_kind(path)
    source = {
        "file": str(path), "column": column, "kind": kind, "residents": demand.total,
        "spread": {"zones": f"uniform {settings.UNIFORM_GRID_M:g} m grid per zone (no buildings)",
                   "points": "points as given", "raster": "one point per populated cell"}[kind],
    }
    return CoverageModel(bundle.network.for_profile(profile), bundle.sites, demand), source


# The line naming a projected population file, by how it is spread on the network (the JSON's
# "spread" stays English).
_RESIDENTS_FROM = {
    "zones": N_("Residents from {file}: {residents:,.0f}, uniform {grid:g} m grid per zone (no buildings)"),
    "points": N_("Residents from {file}: {residents:,.0f}, points as given"),
    "raster": N_("Residents from {file}: {residents:,.0f}, one point per populated cell"),
}


def say_profile(profile: str) -> None:
    """One line when the walks avoid steps."""
    if profile == "step-free":
        click.echo(cli_text(N_("Step-free: walks go around steps and wheelchair=no ways")))


def say_population(source: dict[str, Any] | None) -> None:
    """One line naming the projected population file, when one was given."""
    if source is None:
        return
    click.echo(cli_text(_RESIDENTS_FROM[source["kind"]], file=Path(source["file"]).name,
                        residents=source["residents"], grid=settings.UNIFORM_GRID_M))

