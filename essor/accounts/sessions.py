"""Sessions in the database, as Django's own backend, read with one plain query.

Every request of a signed-in person loads the session. Django's backend reads it with the
ORM's `get()`, which builds and compiles the query each time: about ten times the cost of
the look-up itself. The read is written out once here, and also reads the database's data
version for the page cache (essor.core.pagecache) in the same round trip; writes, expiry
and `clearsessions` stay Django's.
"""

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone

from essor.core import pagecache


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        model = self.model
        connection = connections[router.db_for_read(model)]
        table = connection.ops.quote_name(model._meta.db_table)
        version = pagecache.version_column(connection)
        # The table's name from the model, the values as parameters.
        sql = (
            f"SELECT session_data, {version} FROM {table}"  # noqa: S608
            " WHERE session_key = %s AND expire_date > %s"
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        # The request's first query: on PostgreSQL it doubles as the connection's check.
        row = pagecache.first_read(connection, sql, [self.session_key, now])
        if row is None:
            # As Django's backend does for an unknown or expired key: a new session.
            self._session_key = None
            return None
        # The page cache's key for this request, read in the same round trip.
        self.essor_data_version = pagecache.shared_version(connection, row[1])
        return model(session_key=self.session_key, session_data=row[0])
