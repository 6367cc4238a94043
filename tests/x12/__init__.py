"""Tests of the X12 engine."""
