"""``python -m climategraph.cli``."""

from climategraph.cli import main

main()
