"""
The reach indexes and snapped points a bundle carries, one per mobility profile.

Written at build time, after the sites file, so that loading a bundle neither snaps nor
searches again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from learning_map import settings
from learning_map.analysis.model import CoverageModel
from learning_map.analysis.reach_index import build_reach_index, write_reach_index
from learning_map.bundle.core import SITES_FILE, snapped_file
from learning_map.errors import N_
from learning_map.io.layers import read_layer
from learning_map.walking.snapping import save_snapped

if TYPE_CHECKING:
    from learning_map.city.population import Demand
    from learning_map.walking.network import WalkNetwork


def write_build_indexes(build_dir: str | Path, network: WalkNetwork,
                        demand: Demand | None = None) -> list[str]:
    """
    Index every mobility profile of a build being written (after its sites file).

    The sites are read back from the build's own file, so they snap exactly as when the
    bundle is loaded (the fingerprint then matches). The snapped sites and residents of
    each profile are stored too (``snapped-<profile>.npz``), so loading the bundle does
    not snap them again (a million residents take seconds).
    """
    sites_file = Path(build_dir) / SITES_FILE
    if not sites_file.is_file():
        return []
    sites = read_layer(sites_file, what=N_("city bundle"))
    names = []
    for profile in settings.PROFILES:
        model = CoverageModel(network.for_profile(profile), sites, demand)
        names += write_reach_index(build_reach_index(model), build_dir, profile)
        points = {"sites": model.site_points}
        if model.demand_points is not None:
            points["demand"] = model.demand_points
        save_snapped(Path(build_dir) / snapped_file(profile), model.snap_key(), points)
        names.append(snapped_file(profile))
    return names
