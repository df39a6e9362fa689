"""The review's metadata: headline, author, dates, rating, source, language."""
