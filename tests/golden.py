"""The extraction golden files: how each is computed, and the one way to rewrite them.

The tests only compare (a missing or different golden file fails); `make golden` runs this module
to rewrite the files after a reviewed change, and the diff is then read like any other change.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from trucewatch.extract.pipeline import Pipeline

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "extract"
SEED_ARTICLE = FIXTURES / "seed-article.txt"
SEED_GOLDEN = FIXTURES / "seed-article.expected.json"


def seed_article_result(pipeline: Pipeline) -> dict[str, Any]:
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    return pipeline.extract(text, published="2017-04-12")


def render(result: dict[str, Any]) -> str:
    return json.dumps(result, indent=1, ensure_ascii=False) + "\n"


def main() -> int:
    pipeline = Pipeline.default()
    SEED_GOLDEN.write_text(render(seed_article_result(pipeline)), encoding="utf-8")
    print(f"wrote {SEED_GOLDEN}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
