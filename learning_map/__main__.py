"""Run the CLI with ``python -m learning_map``."""

from learning_map.cli import main

main()
