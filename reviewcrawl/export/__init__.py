"""Writing records out: crash-safe JSON lines, CSV, Parquet (and ``reviewcrawl export``), feed failures, the
summary, JOBDIR safety."""
