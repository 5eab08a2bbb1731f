"""Vigil: case management for police public-protection units."""
