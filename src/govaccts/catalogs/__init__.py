"""Catalogs of the classification: codes, names, entries, editions, their history and files.

Data lives in the top-level ``catalogs/`` folder (``data/`` here); a
:class:`~govaccts.catalogs.store.CatalogStore` loads and caches it.
"""
