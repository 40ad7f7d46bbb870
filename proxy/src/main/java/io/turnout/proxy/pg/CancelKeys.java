package io.turnout.proxy.pg;

import io.turnout.protocol.pg.message.BackendKeyData;

import java.net.SocketAddress;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The proxy's own cancel keys. Every session gets a {@link BackendKeyData} of the proxy's making, so a client's
 * CancelRequest names a proxy session; it is translated here into the real server's key and address. A client never
 * learns a server process id, and a guessed key cancels nothing.
 */
public final class CancelKeys {

    /** Where and with which key a proxy session's server connection can be cancelled. */
    public record ServerKey(SocketAddress upstream, BackendKeyData serverKey) {
    }

    private record Entry(int secret, ServerKey server) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Entry> byProcessId = new ConcurrentHashMap<>();

    /** Registers a server key and returns the key to hand to the client instead. */
    public BackendKeyData register(ServerKey server) {
        while (true) {
            int pid = random.nextInt(Integer.MAX_VALUE - 1) + 1;
            int secret = random.nextInt();
            if (byProcessId.putIfAbsent(pid, new Entry(secret, server)) == null) {
                return new BackendKeyData(pid, secret);
            }
        }
    }

    public void unregister(BackendKeyData proxyKey) {
        byProcessId.remove(proxyKey.processId(), byProcessId.get(proxyKey.processId()));
    }

    /** The server key for a client's cancel request, if both the process id and the secret match. */
    public Optional<ServerKey> lookup(int processId, int secret) {
        Entry e = byProcessId.get(processId);
        return e != null && e.secret == secret ? Optional.of(e.server) : Optional.empty();
    }

    public int size() {
        return byProcessId.size();
    }
}
