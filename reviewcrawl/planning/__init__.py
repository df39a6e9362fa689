"""Which pages a crawl asks for: spider arguments, the source registry, discovery and freshness."""
