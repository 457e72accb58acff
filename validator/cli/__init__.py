"""The ``gkcheck`` command line."""
