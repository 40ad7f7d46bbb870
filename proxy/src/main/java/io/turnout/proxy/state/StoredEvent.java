package io.turnout.proxy.state;

import io.turnout.proxy.control.AuditEvent;

/** One audit row as stored: its key, which store instance wrote it, the version it produced, and the event. */
record StoredEvent(long id, String origin, long version, AuditEvent event) {
}
