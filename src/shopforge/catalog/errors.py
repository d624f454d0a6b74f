"""Errors that stop a whole catalogue file from being read (row problems are RowErrors instead)."""

from __future__ import annotations


class CatalogFormatError(ValueError):
    """The file as a whole cannot be read: unknown extension, binary content, undecodable text, no header."""
