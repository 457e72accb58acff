"""``gkcheck serve``: the checks as a local web page and an HTTP API (Starlette on uvicorn).

Nothing here is imported unless the ``serve`` command runs (``pip install "gkcheck[web]"``).
"""
