"""``python -m eval``: the same runner as ``assistant eval``."""

import sys

from assistant.cli import main

if __name__ == "__main__":
    sys.exit(main(["eval", *sys.argv[1:]]))
