package io.turnout.proxy.server;

import io.turnout.proxy.config.ListenerConfig;
import io.turnout.proxy.config.TurnoutConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/** The running proxy: one {@link Transport} and the listeners of a {@link TurnoutConfig}. */
public final class ProxyServer implements AutoCloseable {

    private final TurnoutConfig config;
    private final Transport transport;
    private final List<Listener> listeners = new ArrayList<>();

    /**
     * @param listenerFactory makes the listener for one configured port (by protocol); passed in so that this class
     *                        knows no protocol
     */
    public ProxyServer(TurnoutConfig config, BiFunction<ListenerConfig, Transport, Listener> listenerFactory) {
        this.config = config;
        this.transport = new Transport(config.effectiveIoThreads());
        for (ListenerConfig l : config.listeners()) {
            listeners.add(listenerFactory.apply(l, transport));
        }
    }

    /** Binds every listener; on a failure, what was bound is closed again. */
    public ProxyServer start() {
        List<Listener> started = new ArrayList<>();
        try {
            for (Listener l : listeners) {
                l.start();
                started.add(l);
            }
        } catch (RuntimeException e) {
            started.forEach(l -> l.shutdown(Duration.ZERO));
            transport.close();
            throw e;
        }
        return this;
    }

    public List<Listener> listeners() {
        return List.copyOf(listeners);
    }

    public Listener listener(String name) {
        return listeners.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listener named '" + name + "'"));
    }

    public Map<String, Integer> boundPorts() {
        return listeners.stream().collect(Collectors.toMap(Listener::name, Listener::boundPort));
    }

    public String transportKind() {
        return transport.kind();
    }

    /** Stops accepting everywhere, lets sessions finish within the grace period, then closes what is left. */
    public void shutdown(Duration grace) {
        listeners.parallelStream().forEach(l -> l.shutdown(grace));
        transport.close();
    }

    @Override
    public void close() {
        shutdown(config.shutdownGrace());
    }

}
