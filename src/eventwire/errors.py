"""Exceptions, each with a searchable code.

::

    EventwireError
      ConfigError                      EW001
      DataError                        EW100
        LexiconError                   EW101
        KnowledgeBaseError             EW102
      InputError                       EW200
        EmptyArticle                   EW201
        UnsupportedEncoding            EW202
        UnsupportedInput               EW203
        TooLarge                       EW204
        MalformedRecord                EW205
        NotAnArticle                   EW206
      StageError                       EW300

A message says what went wrong, where (file:line, article id), and how to fix it.
"""

from __future__ import annotations


class EventwireError(Exception):
    code = "EW000"

    def __str__(self) -> str:
        return f"{self.code} {super().__str__()}"


class ConfigError(EventwireError):
    code = "EW001"


class DataError(EventwireError):
    code = "EW100"


class LexiconError(DataError):
    code = "EW101"


class KnowledgeBaseError(DataError):
    code = "EW102"


class InputError(EventwireError):
    """Bad input for one article; the rest of the batch goes on."""

    code = "EW200"

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


class EmptyArticle(InputError):
    code = "EW201"


class UnsupportedEncoding(InputError):
    code = "EW202"


class UnsupportedInput(InputError):
    code = "EW203"


class TooLarge(InputError):
    code = "EW204"


class MalformedRecord(InputError):
    code = "EW205"


class NotAnArticle(InputError):
    code = "EW206"


class StageError(EventwireError):
    code = "EW300"

    def __init__(self, stage: str, doc_id: str, exc: BaseException) -> None:
        super().__init__(f"stage {stage!r} failed on article {doc_id}: {type(exc).__name__}: {exc}")
        self.stage = stage
        self.doc_id = doc_id
