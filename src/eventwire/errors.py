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
        WorkerCrash                    EW301
        ArticleTimeout                 EW302
      StoreError                       EW400

A message says what went wrong, where (file:line, article id), and how to fix it.
"""

from __future__ import annotations

import unicodedata


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
    """A stage failed on one article (a bug, a worker that died, or the time budget); the rest go on."""

    code = "EW300"

    def __init__(self, stage: str, doc_id: str, exc: BaseException | str) -> None:
        reason = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
        super().__init__(f"stage {stage!r} failed on article {doc_id}: {reason}")
        self.stage = stage
        self.doc_id = doc_id


class WorkerCrash(StageError):
    """The worker process coding an article died (killed, or out of memory); it is replaced, the run goes on."""

    code = "EW301"


class ArticleTimeout(StageError):
    """An article took longer than its time budget (``--article-timeout``); it is skipped, the run goes on."""

    code = "EW302"


class StoreError(EventwireError):
    """The database cannot be read or written: not a store, read-only, full, or corrupt."""

    code = "EW400"


_LINE_BREAKING = frozenset("\x85\u2028\u2029")


def one_line(text: str) -> str:
    """``text`` safe to print as one line: control characters and line separators are escaped (a file name
    may hold a newline), so one message is always one line on stderr. ``"a\nb.txt"`` becomes ``a\\nb.txt``.
    """
    if text.isprintable() and not (_LINE_BREAKING & set(text)):
        return text
    out = []
    for char in text:
        if char in "\t ":
            out.append(char)
        elif unicodedata.category(char) in ("Cc", "Zl", "Zp") or char in _LINE_BREAKING:
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)
