package io.turnout.proxy.mysql;

/**
 * Where one client session is. Each phase says who the proxy is waiting for.
 *
 * <pre>
 *  client          Turnout                          server
 *    |--TCP------->| CONNECTING  --TCP-------------->|
 *    |             | AWAIT_GREETING  <--HandshakeV10-|   id replaced, compression/SSL bits masked
 *    |<-Handshake--| AWAIT_CLIENT_RESPONSE           |
 *    |--SSLRequest>| CLIENT_TLS (TLS handshake)      |   only if the proxy offers TLS and the client asks
 *    |--Response-->| UPSTREAM_TLS --SSLRequest+TLS-->|   only if upstream TLS applies
 *    |             | AUTHENTICATING --Response------>|   sequence ids shifted by the SSLRequest difference
 *    |<-AuthSwitch/AuthMoreData/...-----------------|   relayed both ways until OK or ERR
 *    |<-OK---------| RELAYING                        |   raw frames, backpressure, KILL id rewriting
 *                  | CLOSED                          |
 * </pre>
 */
enum SessionPhase {
    CONNECTING, AWAIT_GREETING, AWAIT_CLIENT_RESPONSE, CLIENT_TLS, UPSTREAM_TLS, AUTHENTICATING, RELAYING, CLOSED
}
