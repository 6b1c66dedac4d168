"""Alembic environment: runs on the connection handed over by ``upgrade_to_head``.

Offline (``sql_script``) it renders the migration SQL for a dialect without a database,
so the PostgreSQL DDL can be reviewed and checked in tests.
"""

from alembic import context

from appraisal.store.models import Base

if context.is_offline_mode():
    context.configure(
        dialect_name=context.config.attributes.get("dialect_name", "postgresql"),
        target_metadata=Base.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through appraisal.store.migrations.upgrade_to_head(db)")

    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()

    if connection.dialect.name == "sqlite":
        # upgrade_to_head turns foreign keys off while batch operations rebuild tables;
        # check them all before the transaction commits.
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"migration left {len(broken)} broken foreign key(s); rolled back")
