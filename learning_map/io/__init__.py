"""Readers of files, and nothing else: OpenStreetMap extracts (one pass), PBF ways, GIS layers, CSV rows, bounds, boundaries and routes."""
