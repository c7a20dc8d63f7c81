"""Helpers for the unit tests of tools that build or check reports."""
