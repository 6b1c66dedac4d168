"""The one error type of the store: a catalogue key, the field it concerns and parameters.

``str(exc)`` is the English text (CLI, logs); ``exc.localised(lang)`` is what a page shows.
"""

from __future__ import annotations

from appraisal.errors import AppraisalError
from appraisal.i18n import DEFAULT_LANGUAGE, t


class StoreError(AppraisalError):
    """A scenario, import, database or workshop problem a user can act on."""

    def __init__(self, key: str, /, *, field: str | None = None, **params: object):
        self.key = key
        self.field = field
        self.params = params
        super().__init__(self.localised(DEFAULT_LANGUAGE))

    def localised(self, lang: str) -> str:
        text = t(self.key, lang, **self.params)
        if self.field:
            return t("store.err.in_field", lang, field=self.field, message=text)
        return text
