"""The website's pages and data, rendered as strings: record and overview pages, the searchable catalogue
page and the open data."""
