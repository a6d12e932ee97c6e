"""Stage 4: render pages and data files as strings. Pure: nothing here touches the disk but templates."""
