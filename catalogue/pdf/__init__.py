"""The printed catalogue: the book's parts (book), typeset in worker processes (typeset), bound into one PDF
(bind)."""
