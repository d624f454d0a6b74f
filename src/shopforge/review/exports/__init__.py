"""Marketplace upload files from approved copy: ``shopify-csv``, ``amazon-tsv``, ``taobao-csv``, ``jd-csv``.

One module per format (``shopify.py``, ``amazon.py``, ``taobao.py``, ``jd.py``; the two Chinese sheets share
``chinese.py``), each with its columns, limits and their sources in its docstring. They share one read of the
approved copy (``listing.py``), one way to fill, cut and report a field (``context.py``), the text helpers
(``text.py``), the image copying (``images.py``) and the writer and driver (``marketplace.py``).
"""

from shopforge.review.exports.listing import EXPORTABLE_STATUSES, Listing, approved_listings, mark_exported
from shopforge.review.exports.marketplace import MARKETPLACE_FORMATS, ExportReport, export_marketplace

__all__ = [
    "EXPORTABLE_STATUSES",
    "MARKETPLACE_FORMATS",
    "ExportReport",
    "Listing",
    "approved_listings",
    "export_marketplace",
    "mark_exported",
]
