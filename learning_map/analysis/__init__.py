"""What a built city answers: the coverage model and its tables, the reach index and point queries (what can I reach from here)."""
