"""Migration operations the apps share."""

from typing import Any

from django.db import migrations


class PostgreSQLIndex(migrations.RunSQL):
    """An index only PostgreSQL can make (INCLUDE columns, NULLS FIRST, a GiST of an
    expression): created by `create` on PostgreSQL and dropped on the way back; on SQLite
    nothing, the queries there use the indexes the models declare."""

    def __init__(self, name: str, create: str) -> None:
        self.name = name
        self.create = create
        super().__init__(create, f"DROP INDEX IF EXISTS {name}")

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return f"{__name__}.{type(self).__name__}", [self.name, self.create], {}

    def describe(self) -> str:
        return f"Create the PostgreSQL index {self.name}"

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
