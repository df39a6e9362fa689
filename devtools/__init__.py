"""Developer tools run from a checkout (not installed): sample web, site generator, benchmarks."""
