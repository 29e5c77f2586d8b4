"""Orbit ETL: extract orders and customers, load them into the warehouse."""

__version__ = "0.9.3"
