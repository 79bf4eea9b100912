"""Writes the export format's JSON Schema resource from the models.

Run `python -m kiosk.exchange.schema` after changing `kiosk/exchange/format.py`.

The committed file is what other tools read; a test checks it equals what the models generate.
"""

from __future__ import annotations

import json

from kiosk.core import resources
from kiosk.exchange.format import json_schema

SCHEMA_FILE = ("schema", "kiosk-export-1.schema.json")


def render() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    target = resources.package_root().joinpath("resources", *SCHEMA_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(target)
