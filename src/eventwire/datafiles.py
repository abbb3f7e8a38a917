"""Reading the rule files users may edit (TOML and YAML), with one error style: the file, then what is wrong."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import LexiconError

YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, its C parser (libyaml) when PyYAML has one: the same documents, ten times as fast."""


def safe_load(text: Any) -> Any:
    """``yaml.safe_load`` through :data:`YAML_LOADER`."""
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed TOML file.

    Raises:
        LexiconError: the file cannot be read or is not valid TOML (the message names the file and line).
    """
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not valid TOML: {exc}") from exc


def read_yaml(path: Path) -> Any:
    """The parsed YAML file.

    Raises:
        LexiconError: the file cannot be read or is not valid YAML (the message names the file and line).
    """
    try:
        with path.open(encoding="utf-8") as handle:
            return safe_load(handle)
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read: {exc}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{path}: not valid YAML: {exc}") from exc
