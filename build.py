#!/usr/bin/env python3
"""Build the inspiration catalogue. See `python build.py --help`; the work is done in catalogue/."""

import sys

from catalogue.cli import main

if __name__ == "__main__":
    sys.exit(main())
