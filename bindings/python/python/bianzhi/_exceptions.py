"""Exception classes of bianzhi (raised by the compiled module too)."""

from __future__ import annotations

__all__ = ["BianzhiError", "InputError", "SchemeError", "IdentifierError"]


class BianzhiError(Exception):
    """Base class of every error bianzhi raises on purpose."""


class InputError(BianzhiError, ValueError):
    """The input could not be read at all (not JSON, no ``units``/``staff``, missing file…).

    The message names the file and/or the line and column. Problems *inside* a readable
    dataset are never exceptions: they are findings of the report.
    """


class SchemeError(BianzhiError, ValueError):
    """An assessment scheme is invalid (unknown preset, malformed scheme object)."""


class IdentifierError(BianzhiError, ValueError):
    """A 身份证号 or 统一社会信用代码 given to a ``check_*`` function is invalid."""
