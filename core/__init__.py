"""imjapan-api core: the GraphQL service that country plugins extend.

Plugin authors import only from here::

    from core import hookimpl
    from core.domain import contracts
"""

from core.plugins.hookspecs import hookimpl

__all__ = ["hookimpl"]
