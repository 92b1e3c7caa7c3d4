from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "cases"


def load_cases(kind: str) -> List[Path]:
    return sorted((CASES / kind).glob("*.json"))


def read_case(path: Path) -> Dict[str, Any]:
    case: Dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return case
