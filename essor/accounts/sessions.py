"""Sessions in the database, as Django's own backend, read with one plain query.

Every request of a signed-in person loads the session. Django's backend reads it with the
ORM's `get()`, which builds and compiles the query each time: about ten times the cost of
the look-up itself. The read is written out once here; writes, expiry and
`clearsessions` stay Django's.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        # The table's name from the model, the values as parameters.
        sql = f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s"  # noqa: S608
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            # As Django's backend does for an unknown or expired key: a new session.
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
