"""Generator of the inspiration catalogue: YAML records in, a static site, open data and a PDF out.

The stages, in the order a build runs them (build.py), each in the folder of its role:
records (load → validate → model) → site and pdf (render, as strings and bytes) → output (write → publish).
The editors' tools (preview, scaffold, field guide, link check) are in editors/.
"""

__version__ = "0.1.0"
