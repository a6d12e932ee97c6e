"""Editors' tools: the live preview (serve), a new record from the template (scaffold), the field guide,
the link check and GitHub annotations."""
