"""Curation: recording reform events through the API, with the loader's validation and write path."""
