"""Downloader middlewares, one component a module: where requests may go and how they are sent."""
