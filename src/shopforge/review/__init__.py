"""Review: people approve, edit or reject generated copy; approved copy is exported."""
