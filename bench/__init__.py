"""Benchmarks: run them as scripts (see README.md); nothing here is imported by the site."""
