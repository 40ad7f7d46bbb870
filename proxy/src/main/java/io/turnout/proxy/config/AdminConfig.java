package io.turnout.proxy.config;

/**
 * The admin API: where it listens (loopback by default), the bearer token every call must carry, the name this
 * instance writes into the audit log, the shared state store (null: state lives in memory only) and how much compare
 * work this proxy may do.
 */
public record AdminConfig(HostPort bind, String token, String instanceName, StateStoreConfig stateStore,
                          CompareLimits compare) {

    /** With the default compare limits. */
    public AdminConfig(HostPort bind, String token, String instanceName, StateStoreConfig stateStore) {
        this(bind, token, instanceName, stateStore, CompareLimits.DEFAULTS);
    }

    public static final HostPort DEFAULT_BIND = new HostPort("127.0.0.1", 9090);

    @Override
    public String toString() {
        return "AdminConfig[bind=" + bind + ", token=(hidden), instanceName=" + instanceName + ", stateStore="
                + stateStore + ", compare=" + compare + "]";
    }
}
