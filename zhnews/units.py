"""Units written after numbers, from ``zhnews/data/units.toml``: alias -> canonical unit, with guards.

Canonical units are ISO/SI-style codes where one exists (``t``, ``kg``, ``km``, ``m2``, ``kWh``, ``CNY``,
``%``, ``pp``, ``day``, ``hour``) and otherwise the classifier itself (``家``, ``人``, ``个``). Magnitudes
(万, 亿) are not units: ``万元`` is 万 folded into the value plus ``元``.
"""
from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

UNITS_FILE = Path(__file__).parent / "data" / "units.toml"
Qualifier = Literal["exact", "approx", "at_least", "at_most"]
Kind = Literal["measure", "currency", "percent", "time", "classifier"]


class Unit(BaseModel, frozen=True):
    """One canonical unit and the aliases that write it, with the guards an ambiguous alias needs."""

    canonical: str
    kind: Kind
    aliases: list[str] = Field(min_length=1)
    factor: float = 1.0
    qualifier: Qualifier | None = None
    after: list[str] = []       # one of these must follow (日 only in 3日内)
    not_after: list[str] = []   # none of these may follow (周 not in 3周年)
    context: list[str] = []     # one of these must occur shortly before the number (度 only near 电)
    max_value: float | None = None


class UnitTable(BaseModel):
    unit: list[Unit]

    @model_validator(mode="after")
    def _aliases_unique(self) -> UnitTable:
        seen: dict[str, str] = {}
        for u in self.unit:
            for a in u.aliases:
                if a in seen:
                    raise ValueError(f"unit alias {a!r} is listed for both {seen[a]} and {u.canonical}")
                seen[a] = u.canonical
        return self

    def by_alias(self) -> dict[str, Unit]:
        return {a: u for u in self.unit for a in u.aliases}


@cache
def load_units(path: Path = UNITS_FILE) -> UnitTable:
    """The validated unit table: ``load_units().by_alias()["公斤"].canonical == "kg"``."""
    with open(path, "rb") as f:
        return UnitTable.model_validate(tomllib.load(f))


def canonical_unit(alias: str) -> str | None:
    """The canonical unit of one alias, or None: ``canonical_unit("千瓦时") == "kWh"``."""
    unit = load_units().by_alias().get(alias.strip())
    return unit.canonical if unit else None
