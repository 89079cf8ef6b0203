"""Readers, one module per source: OSM extracts, downloads, registries, population, GIS layers."""
