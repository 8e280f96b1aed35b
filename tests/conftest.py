"""Shared fixtures. Material in ../shared is read when present and skipped with a reason when not."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"


def _shared(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is only beside the repository on developer machines and CI")
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The seed page (Jiaozuo Daily, 2020-02-17, page 1) as extracted from its PDF."""
    return _shared("seed/000_442700f1404d18b4.txt")


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def xwlb_dir() -> Path:
    """214 daily transcripts of 新闻联播, 2020-01-01 to 2020-08-01."""
    return _shared("corpus/xwlb-2020")


@pytest.fixture(scope="session")
def score_script() -> Path:
    return _shared("eval/score.py")


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    return _shared("gold")
