"""``python -m brief_explainer COMMAND …``: the same command as ``brief-explainer``."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
