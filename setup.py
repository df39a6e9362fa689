"""Lets ``scrapyd-deploy`` build the project's egg; the metadata lives in pyproject.toml."""

from setuptools import setup

setup()
