"""Lets `scrapyd-deploy` build the project's egg from pyproject.toml (it runs `setup.py bdist_egg`,
and writes a setup.py of its own, without our package data, where there is none)."""

from setuptools import setup

setup()
