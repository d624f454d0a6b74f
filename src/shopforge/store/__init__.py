"""Storage: SQLAlchemy models, the database handle and account-scoped repositories."""

from shopforge.store.db import Database, open_database
from shopforge.store.models import Account, Content, Job, JobItem, Product, ReviewEvent

__all__ = ["Account", "Content", "Database", "Job", "JobItem", "Product", "ReviewEvent", "open_database"]
