#!/usr/bin/env python3
"""Validates FollowTheMoney JSON lines (`chokepoint lists export`) with the `followthemoney` package.

Usage: python3 ftm_validate.py FILE [--max-errors N]

Every line must be an entity that FtM accepts as it stands:
- its schema exists in FtM's model and is not abstract, and it has an id;
- every property exists on that schema;
- every value cleans to itself: the library's own cleaning (`model.get_proxy(data, cleaned=False)`
  runs each value through its property type, with the entity as context) keeps it unchanged;
- FtM's `Schema.validate` passes, and every required property of the schema has a value;
- an entity-typed value (a Sanction's `entity`) names an entity of the file.

Exits 0 when every line passes, 1 with the first offending lines named (file:line, id, why),
2 when the file cannot be read.
"""

import json
import sys

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.types import registry


def check_line(data):
    """The reasons this line's entity is not valid FtM (empty when it is)."""
    problems = []
    schema = model.get(data.get("schema") or "")
    if schema is None:
        return [f"unknown schema {data.get('schema')!r}"]
    if schema.abstract:
        problems.append(f"schema {schema.name} is abstract")
    if not data.get("id"):
        problems.append("no id")
    properties = data.get("properties") or {}
    if not isinstance(properties, dict):
        return problems + ["properties is not an object"]
    for name, values in properties.items():
        if schema.get(name) is None:
            problems.append(f"{schema.name} has no property {name!r}")
        elif not isinstance(values, list):
            problems.append(f"{name}: not a list")
    if problems:
        return problems
    proxy = model.get_proxy(data, cleaned=False)
    for name, values in properties.items():
        kept = proxy.get(name, quiet=True)
        for value in values:
            if value not in kept:
                prop = schema.get(name)
                cleaned = prop.type.clean_text(value, format=prop.format, proxy=proxy)
                problems.append(
                    f"{name}: {value!r} is not a valid {prop.type.name} "
                    f"(FtM cleans it to {cleaned!r})"
                )
    try:
        schema.validate({"properties": properties})
    except InvalidData as e:
        problems.append(f"Schema.validate: {e.errors}")
    for name in schema.required:
        if not proxy.get(name, quiet=True):
            problems.append(f"required property {name!r} missing")
    return problems


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = argv[1]
    max_errors = 20
    if "--max-errors" in argv:
        max_errors = int(argv[argv.index("--max-errors") + 1])
    errors = []
    ids = set()
    references = []  # (line number, entity id, property, referenced id)
    schemata = {}
    lines = 0
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                lines += 1
                try:
                    data = json.loads(line)
                except json.JSONDecodeError as e:
                    errors.append(f"{path}:{n}: not JSON: {e}")
                    continue
                problems = check_line(data)
                eid = data.get("id")
                for p in problems:
                    errors.append(f"{path}:{n}: {eid}: {p}")
                ids.add(eid)
                schemata[data.get("schema")] = schemata.get(data.get("schema"), 0) + 1
                schema = model.get(data.get("schema") or "")
                if schema is None or problems:
                    continue
                for name, values in (data.get("properties") or {}).items():
                    if schema.get(name).type == registry.entity:
                        for v in values:
                            references.append((n, eid, name, v))
    except OSError as e:
        print(f"{path}: cannot read: {e}", file=sys.stderr)
        return 2
    for n, eid, name, ref in references:
        if ref not in ids:
            errors.append(f"{path}:{n}: {eid}: {name} names {ref!r}, which the file does not hold")
    summary = ", ".join(f"{k} {v}" for k, v in sorted(schemata.items(), key=lambda kv: str(kv[0])))
    if errors:
        print(f"{path}: {len(errors)} problems in {lines} lines ({summary}); the first:")
        for e in errors[:max_errors]:
            print(f"  {e}")
        return 1
    print(f"{path}: all {lines} lines are valid FtM ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
