"""The one error type of the store: a catalogue key, the field it concerns and parameters.

``StoreError`` is :class:`appraisal.errors.InputError` under the store's name: the field
checks shared by scenario files, workshop forms and appraisal inputs
(:mod:`appraisal.checks`) raise it, so a bad value is refused with the same message
wherever it enters. ``str(exc)`` is the English text (CLI, logs); ``exc.localised(lang)``
is what a page shows.
"""

from __future__ import annotations

from appraisal.errors import InputError

StoreError = InputError

__all__ = ["StoreError"]
