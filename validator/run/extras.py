"""Optional parts of gkcheck (``pip install "gkcheck[dask]"``): checked before they are used,
so a missing one is one line saying what to install, never a traceback."""

from __future__ import annotations

import importlib

from validator.model.errors import MissingExtra

# extra -> (modules that must import, the feature in the catalogue's words)
EXTRAS = {"dask": (("dask.distributed",), "--engine dask"),
          "web": (("uvicorn", "starlette", "python_multipart"), "gkcheck serve")}


def require(extra: str) -> None:
    modules, feature = EXTRAS[extra]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtra(extra, feature) from None
