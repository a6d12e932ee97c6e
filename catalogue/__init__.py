"""Generator of the inspiration catalogue: YAML records in, a static site, open data and a PDF out.

The stages, in the order a build runs them, each in its own module:
load → validate → model → render → write → publish.
"""

__version__ = "0.1.0"
