"""Many workers, one crawl: the Redis add-on, shared frontier and record confirmation."""
