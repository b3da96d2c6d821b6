"""Storage: SQLAlchemy tables, the engine factory, migrations and repositories.

The only package that imports SQLAlchemy.
"""
