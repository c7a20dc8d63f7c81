"""Fields of the catalog data files, declared once (:mod:`govaccts.io.vocabulary` gives them
with the rest of the vocabulary).

Apart from the vocabulary, because a first catalog lookup reads these files and needs
nothing else of it: this module compiles no pattern and imports nothing.
"""

ROW_FIELDS: tuple[str, ...] = ("code", "name", "valid_from", "valid_to", "sources", "aliases",
                               "note")
"""Fields of a scheme's catalog file (``catalogs/<scheme>.csv``)."""

SOURCE_FIELDS: tuple[str, ...] = ("id", "kind", "title", "year", "reference", "note")
"""Fields of ``catalogs/sources.csv``."""

EDITION_FIELDS: tuple[str, ...] = ("scheme", "year", "label", "approximate", "completeness",
                                   "compiled")
"""Fields of ``catalogs/editions.csv``."""
