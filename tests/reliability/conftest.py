"""The reliability suite (tests/reliability/README.md): its folder on sys.path, for `corpus`, `faults` and
`reliability_helpers`."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # `import corpus`, `import faults`
    sys.path.insert(0, str(HERE))
