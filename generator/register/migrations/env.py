"""Alembic environment: run on the connection ``Office.open`` passes in (never from a URL)."""

from alembic import context

from generator.register.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
context.run_migrations()
