"""Data files shipped with the package: the page-type model."""
