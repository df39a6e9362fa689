"""Which film a review is about."""
