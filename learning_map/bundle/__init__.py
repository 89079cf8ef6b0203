"""A built city on disk: the bundle (atomic write, checksums, load), its basemap tiles and the national folder of many city bundles."""
