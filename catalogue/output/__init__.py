"""Output: the one writer (write), the skip-if-unchanged fingerprint, and the site engine (publish)."""
