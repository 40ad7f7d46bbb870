package io.turnout.proxy.config;

/**
 * The admin API: where it listens (loopback by default), the bearer token every call must carry, the name this
 * instance writes into the audit log, and the shared state store (null: state lives in memory only).
 */
public record AdminConfig(HostPort bind, String token, String instanceName, StateStoreConfig stateStore) {

    public static final HostPort DEFAULT_BIND = new HostPort("127.0.0.1", 9090);

    @Override
    public String toString() {
        return "AdminConfig[bind=" + bind + ", token=(hidden), instanceName=" + instanceName + ", stateStore="
                + stateStore + "]";
    }
}
