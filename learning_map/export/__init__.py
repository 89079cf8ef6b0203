"""Exports a city office publishes: the offline HTML map (more formats to come)."""
