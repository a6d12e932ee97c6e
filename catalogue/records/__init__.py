"""Records: read (load), check (validate, schema, vocabulary, placeholders) and model them, and select
(filters)."""
