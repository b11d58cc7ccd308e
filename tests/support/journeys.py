"""One child's answers by question id, shared by the end-to-end tests and the benchmark:
option values for buttons, text for typed answers."""

from __future__ import annotations

ANSWERS: dict[str, str | list[str]] = {
    "first_name": "Amira",
    "birth_date": "12.03.2016",
    "country_of_origin": "SY",
    "arrival_date": "03.2026",
    "school_in_germany": "no",
    "lives_in": "municipality",
    "municipality": "duelmen",
    "home_languages": ["ar"],
    "school_years_abroad": "3",
    "last_grade": "3",
    "school_interrupted": "no",
    "school_report": "yes",
    "literacy": "other_script",
    "german": "none",
    "english": "some",
    "respondent": "parent",
    "contact_preference": "telegram",
    "share_consent": "yes",
}
TYPED_KINDS = {"text", "date", "number"}
