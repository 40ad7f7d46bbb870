package io.turnout.proxy.mysql;

import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connection ids clients see and the server thread ids behind them. Clients get the proxy's own id in the
 * greeting, so {@code KILL [QUERY] <id>} from another connection is looked up here and sent with the server's id.
 */
public final class ConnectionRegistry {
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, Long> serverThreadIds = new ConcurrentHashMap<>();

    /** A fresh proxy connection id, 1..2^32-1 (ids wrap, skipping any still in use). */
    public long allocate() {
        while (true) {
            long id = (nextId.incrementAndGet() & 0xFFFFFFFFL);
            if (id != 0 && !serverThreadIds.containsKey(id)) {
                return id;
            }
        }
    }

    public void bind(long proxyId, long serverThreadId) {
        serverThreadIds.put(proxyId, serverThreadId);
    }

    public OptionalLong serverThreadId(long proxyId) {
        Long id = serverThreadIds.get(proxyId);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    public void release(long proxyId) {
        serverThreadIds.remove(proxyId);
    }

    public int size() {
        return serverThreadIds.size();
    }
}
