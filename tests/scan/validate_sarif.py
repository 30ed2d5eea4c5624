#!/usr/bin/env python3
"""Validates SARIF files against the SARIF 2.1.0 JSON schema.

usage: validate_sarif.py SCHEMA FILE...
Prints one line per error (file: path: message) and exits 1 when any file
fails; exits 77 (a skip for meson) when the jsonschema module is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(77)

schema = json.load(open(sys.argv[1], encoding="utf-8"))
validator = jsonschema.Draft7Validator(schema)
bad = 0
for name in sys.argv[2:]:
    doc = json.load(open(name, encoding="utf-8"))
    for error in validator.iter_errors(doc):
        bad += 1
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"{name}: {where}: {error.message[:300]}")
sys.exit(1 if bad else 0)
