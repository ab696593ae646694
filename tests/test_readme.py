"""The README's example is a real test: it must pass as written."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def python_blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_readme_example_passes(pytester):
    blocks = python_blocks(README.read_text())
    assert blocks, "the README has no python example"
    pytester.makepyfile(test_readme_example=blocks[0])
    result = pytester.runpytest("-p", "ecsmock")
    result.assert_outcomes(passed=1)


def test_readme_example_fits_in_fifteen_lines():
    assert len(python_blocks(README.read_text())[0].strip().splitlines()) <= 16
