"""Migration helpers for the stored, accent-free text search matches (`search_text` columns).

`fill_search_text` writes the column for rows that exist before it. `TrigramIndex` gives it a
pg_trgm GIN index on PostgreSQL, which `LIKE '%word%'` (Django's `contains`) can use instead of
reading every row; SQLite has no such index, and there the operation does nothing. It is left
out of the model state on purpose, so that `makemigrations` sees the same models on both
databases. pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it.
"""

from django.db.migrations.operations.base import Operation

BATCH = 2000


def fill_search_text(model, fields, text_of):
    """Set `search_text` to `text_of(row)` for every row of `model`, reading only `fields`."""
    batch = []
    for row in model.objects.only("pk", *fields).iterator(chunk_size=BATCH):
        row.search_text = text_of(row)
        batch.append(row)
        if len(batch) == BATCH:
            model.objects.bulk_update(batch, ["search_text"])
            batch = []
    model.objects.bulk_update(batch, ["search_text"])


class TrigramIndex(Operation):
    reversible = True

    def __init__(self, model_name, field_name, name):
        self.model_name = model_name
        self.field_name = field_name
        self.name = name

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "field_name": self.field_name, "name": self.name}
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        model = to_state.apps.get_model(app_label, self.model_name)
        quote = schema_editor.quote_name
        column = model._meta.get_field(self.field_name).column
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {quote(self.name)} ON {quote(model._meta.db_table)} "
            f"USING gin ({quote(column)} gin_trgm_ops)"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Trigram index {self.name} on {self.model_name}.{self.field_name} (PostgreSQL)"
