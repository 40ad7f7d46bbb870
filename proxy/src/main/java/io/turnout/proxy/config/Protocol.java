package io.turnout.proxy.config;

/** The wire protocol a listener speaks. */
public enum Protocol {
    POSTGRES,
    MYSQL
}
