"""ShopForge: an AI content factory for e-commerce merchants.

The package is laid out by layer (see README "Architecture"):
``catalog`` (import), ``facts`` (typed product facts), ``knowledge`` (rule packs, exemplars),
``models`` (LLM and embedding providers), ``copywriting`` (plan → write → verify → repair → fallback),
``store`` (database), ``jobs`` (batch runs), ``review`` (approve/edit/export), ``api`` and ``cli``.
"""

__version__ = "0.1.0"
