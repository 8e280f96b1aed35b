"""The sources file: which newspapers land pages, and the home city each speaks for.

A TOML file validated by pydantic::

    [sources.jzrb]
    name = "焦作日报"
    home_code = "410800"
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,31}$")


class SourcesFileError(ValueError):
    """The sources file is missing, not TOML, or does not validate; the message says where and why."""


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, description="The newspaper's name, e.g. 焦作日报")
    home_code: str = Field(description="6-digit administrative code of the home city; 100000 for national media")
    encoding: str | None = Field(default=None, description="Encoding to try first, e.g. gb18030")

    @field_validator("home_code")
    @classmethod
    def _six_digits(cls, value: str) -> str:
        if not re.fullmatch(r"\d{6}", value):
            raise ValueError(f"home_code must be 6 digits, got {value!r}")
        return value


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sources: dict[str, Source]

    @field_validator("sources")
    @classmethod
    def _ids(cls, value: dict[str, Source]) -> dict[str, Source]:
        bad = [key for key in value if not SOURCE_ID.match(key)]
        if bad:
            raise ValueError(f"source ids must be lower-case letters, digits, - or _: {bad}")
        if not value:
            raise ValueError("no [sources.<id>] table")
        return value


def load_sources(path: Path) -> dict[str, Source]:
    """Read and validate a sources file.

    >>> load_sources(Path("samples/sources.toml"))["jzrb"].home_code
    '410800'
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesFileError(f"sources file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourcesFileError(f"sources file {path} is not valid TOML: {error}") from None
    try:
        return SourcesFile.model_validate(data).sources
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors(include_url=False))
        raise SourcesFileError(f"sources file {path} is invalid: {problems}") from None
