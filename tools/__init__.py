"""Maintenance scripts of the course (run by the Makefile; importable for the tests)."""
