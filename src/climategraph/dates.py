"""Dates given as a period: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

One parser for every place a user gives a date (query parameters, network time
windows, page filters); each caller words its own error message.
"""

from __future__ import annotations

import calendar
import datetime
import re

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class DateFormatError(ValueError):
    """The text is not shaped like ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""


def period_day(text: str, *, end: bool = False) -> datetime.date:
    """The first day of the period (or, with ``end``, its last).

    Raises :class:`DateFormatError` for a malformed text and :class:`ValueError`
    (with ``datetime``'s reason) for a day that does not exist.

    >>> period_day("2024-02"), period_day("2024-02", end=True), period_day("2021", end=True)
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29), datetime.date(2021, 12, 31))
    >>> period_day("2024-02-30")
    Traceback (most recent call last):
    ...
    ValueError: day is out of range for month
    """
    match = _DATE.fullmatch(text)
    if not match:
        raise DateFormatError(text)
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if end else 1)
    first = datetime.date(year, month, 1)
    if match.group(3):
        return first.replace(day=int(match.group(3)))
    return first.replace(day=calendar.monthrange(year, month)[1]) if end else first
