"""Small sample records shared by storage and desk tests."""

from __future__ import annotations

CHILD = {
    "answers": {"first_name": "Amira", "birth_date": "2016-03-01"},
    "assessment": {"age": 10},
}
