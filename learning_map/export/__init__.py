"""What a city office publishes: the offline HTML map, the printed maps (poster, booklet, route card) and the year's data files (export-year)."""
