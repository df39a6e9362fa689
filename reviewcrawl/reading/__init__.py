"""Reading fetched pages into records, in worker processes."""
