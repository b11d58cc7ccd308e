"""The only place that speaks SQL: models, migrations, encryption of personal fields, and one
module of queries per table (`families`, `cases`, `outbox`, …), each taking the unit of work
(`Tx`) and returning plain records."""

from storage.db import Database, Tx

__all__ = ["Database", "Tx"]
