"""Readers and writers: one CSV/TSV reader, report folders, seed-style text, JSON."""
