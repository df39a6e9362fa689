"""A page as a document: decoding, parsing, markup classes, queries, page type."""
