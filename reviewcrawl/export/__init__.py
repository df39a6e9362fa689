"""Writing records out: crash-safe JSON lines, CSV, feed failures, the summary, JOBDIR safety."""
