"""What earlier runs saw and exported: the state store, near-duplicates, a job's export ledger."""
