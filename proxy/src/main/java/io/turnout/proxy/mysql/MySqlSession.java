package io.turnout.proxy.mysql;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.ReferenceCountUtil;
import io.turnout.protocol.mysql.Capabilities;
import io.turnout.protocol.mysql.ErrPacket;
import io.turnout.protocol.mysql.HandshakeResponse41;
import io.turnout.protocol.mysql.HandshakeV10;
import io.turnout.protocol.mysql.Packet;
import io.turnout.protocol.mysql.PacketAssembler;
import io.turnout.protocol.mysql.ServerStatus;
import io.turnout.protocol.mysql.SslRequest;
import io.turnout.proxy.control.ReadRouter;
import io.turnout.proxy.mysql.MySqlListenerSettings.UpstreamTlsMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection and its server connection, both on the client's event loop (so no locking). Runs the
 * handshake and authentication as described in {@link SessionPhase}, then hands the frames to {@link CommandRelay}.
 */
final class MySqlSession {
    private static final Logger LOG = LoggerFactory.getLogger(MySqlSession.class);
    static final String FRAMER = "framer";
    /** The client's framer once TLS is in place (see {@link ClientTlsUpgrade}). */
    static final String FRAMER_TLS = "framer-tls";
    static final String TLS = "tls";
    static final String SESSION = "session";

    private final Channel client;
    private final ListenerContext context;
    private final long proxyId;
    private final PacketAssembler clientPackets;
    private final PacketAssembler upstreamPackets;
    private Channel upstream;
    private SessionPhase phase = SessionPhase.CONNECTING;
    private HandshakeV10 serverGreeting;
    private boolean clientTls;
    private int lastClientSeq = -1;
    private AuthExchange auth;
    private CommandRelay relay;
    /** Capabilities both the client (as relayed) and the server have; set with the handshake response. */
    private int negotiated;
    private long stickyKey;

    MySqlSession(Channel client, ListenerContext context) {
        this.client = client;
        this.context = context;
        this.proxyId = context.registry().allocate();
        this.clientPackets = new PacketAssembler(client.alloc());
        this.upstreamPackets = new PacketAssembler(client.alloc());
    }

    SessionPhase phase() {
        return phase;
    }

    private void transition(SessionPhase next) {
        if (phase != SessionPhase.CLOSED) {
            LOG.trace("mysql session {}: {} -> {}", proxyId, phase, next);
            phase = next;
        }
    }

    /** Client connected: open the server connection on the same event loop. */
    void start() {
        client.closeFuture().addListener(f -> closed());
        MySqlListenerSettings s = context.settings();
        UpstreamLink.connect(client, context, new SessionHandlers.Upstream(this))
                .addListener((ChannelFutureListener) f -> {
                    if (!f.isSuccess()) {
                        fail(new MySqlProxyException(MySqlProxyException.UPSTREAM_UNREACHABLE, "08S01",
                                "Turnout cannot reach the MySQL server at " + s.upstream()
                                        + " (" + f.cause().getMessage() + "); check the upstream address and that the "
                                        + "server is running"));
                        f.channel().close();
                        return;
                    }
                    upstream = f.channel();
                    if (phase == SessionPhase.CLOSED) {
                        upstream.close();
                        return;
                    }
                    upstream.closeFuture().addListener(c -> upstreamClosed());
                    transition(SessionPhase.AWAIT_GREETING);
                    upstream.read();
                });
    }

    // ---- from the server ------------------------------------------------------------------------------------------

    void fromUpstream(Object msg) {
        if (phase == SessionPhase.RELAYING) {
            relay.fromUpstream((ByteBuf) msg);
            return;
        }
        if (phase != SessionPhase.AWAIT_GREETING && phase != SessionPhase.AUTHENTICATING) {
            ReferenceCountUtil.release(msg);
            if (phase != SessionPhase.CLOSED) {
                fail(new MySqlProxyException(MySqlProxyException.UPSTREAM_LOST, "08S01",
                        "Turnout: the server sent a packet while the proxy expected none (phase " + phase + ")"));
            }
            return;
        }
        Packet packet = upstreamPackets.add((ByteBuf) msg);
        if (packet == null) {
            return;
        }
        try {
            if (phase == SessionPhase.AWAIT_GREETING) {
                greetingFromServer(packet);
            } else {
                authPacketFromServer(packet);
            }
        } finally {
            packet.release();
        }
    }

    private void greetingFromServer(Packet packet) {
        if (packet.firstByte() == ErrPacket.HEADER) {
            // e.g. "Too many connections" or "Host is blocked": the client sees the server's own error
            client.writeAndFlush(Packet.encode(client.alloc(), 0, packet.payload().retain()).frames())
                    .addListener(ChannelFutureListener.CLOSE);
            transition(SessionPhase.CLOSED);
            return;
        }
        serverGreeting = HandshakeV10.decode(packet.payload().duplicate());
        context.registry().bind(proxyId, serverGreeting.connectionId());
        HandshakeV10 toClient = CapabilityPolicy.greetingForClient(serverGreeting, proxyId,
                context.clientSsl() != null, context.routed());
        ByteBuf payload = client.alloc().buffer(128);
        toClient.encode(payload);
        client.writeAndFlush(Packet.encode(client.alloc(), 0, payload).frames());
        transition(SessionPhase.AWAIT_CLIENT_RESPONSE);
        client.read();
    }

    private void authPacketFromServer(Packet packet) {
        switch (auth.fromServer(packet)) {
            case AUTHENTICATED -> startRelay(ServerStatus.at(packet.payload(),
                    ServerStatus.offsetInOk(packet.payload())));
            case REFUSED -> {
                LOG.debug("mysql session {}: server refused authentication", proxyId);
                transition(SessionPhase.CLOSED);
            }
            case CONTINUE -> { }
        }
    }

    /** @param status the server status flags of the authentication OK (-1 if unknown) */
    private void startRelay(int status) {
        transition(SessionPhase.RELAYING);
        relay = new CommandRelay(client, upstream, context, stickyKey, negotiated, status);
        auth = null;
        clientPackets.close();
        upstreamPackets.close();
        // server -> client goes raw from now on, and so does client -> server unless statements are routed; bytes a
        // framer still holds are passed on as one buffer
        upstream.pipeline().remove(FRAMER);
        if (!context.routed()) {
            client.pipeline().remove(clientTls ? FRAMER_TLS : FRAMER);
        }
        relay.start();
    }

    // ---- from the client ------------------------------------------------------------------------------------------

    void fromClient(Object msg) {
        switch (phase) {
            case RELAYING -> relay.fromClient((ByteBuf) msg);
            case AUTHENTICATING -> auth.fromClient((ByteBuf) msg);
            case AWAIT_CLIENT_RESPONSE -> {
                Packet packet = clientPackets.add((ByteBuf) msg);
                if (packet != null) {
                    try {
                        responseFromClient(packet);
                    } finally {
                        packet.release();
                    }
                }
            }
            case CLIENT_TLS -> ClientTlsUpgrade.refeed(client, (ByteBuf) msg);
            default -> {
                ReferenceCountUtil.release(msg);
                if (phase != SessionPhase.CLOSED) {
                    fail(MySqlProxyException.badInput("packet received before the server greeting was sent"));
                }
            }
        }
    }

    private void responseFromClient(Packet packet) {
        lastClientSeq = packet.sequenceId();
        int expected = clientTls ? 2 : 1;
        if (packet.sequenceId() != expected) {
            throw MySqlProxyException.badInput("handshake response has sequence id " + packet.sequenceId()
                    + ", expected " + expected);
        }
        if (SslRequest.matches(packet.payload())) {
            if (context.clientSsl() == null || clientTls) {
                throw MySqlProxyException.badInput("SSLRequest received but TLS is not offered on this connection");
            }
            transition(SessionPhase.CLIENT_TLS);
            ClientTlsUpgrade.start(client, context).addListener(f -> {
                if (f.isSuccess()) {
                    clientTls = true;
                    transition(SessionPhase.AWAIT_CLIENT_RESPONSE);
                    client.read();
                } else {
                    fail(new MySqlProxyException(MySqlProxyException.TLS_FAILED, "08S01",
                            "Turnout: TLS handshake with the client failed: " + f.cause().getMessage()));
                }
            });
            return;
        }
        HandshakeResponse41 response = HandshakeResponse41.decode(packet.payload().duplicate());
        beginUpstreamAuth(response, packet.sequenceId());
    }

    private void beginUpstreamAuth(HandshakeResponse41 response, int clientSeq) {
        MySqlListenerSettings.UpstreamTls tls = context.settings().upstreamTls();
        boolean serverOffersTls = Capabilities.has(serverGreeting.capabilities(), Capabilities.CLIENT_SSL);
        boolean useTls = context.upstreamSsl() != null && serverOffersTls;
        if (!useTls && (tls.mode() == UpstreamTlsMode.REQUIRE || tls.mode() == UpstreamTlsMode.VERIFY_FULL)) {
            throw new MySqlProxyException(MySqlProxyException.TLS_FAILED, "08S01", "Turnout: upstream TLS mode is "
                    + tls.mode() + " but the server at " + context.settings().upstream() + " does not offer TLS");
        }
        HandshakeResponse41 forServer = CapabilityPolicy.responseForServer(response, useTls, context.routed());
        negotiated = forServer.capabilities() & serverGreeting.capabilities();
        stickyKey = ReadRouter.sessionKey(response.userName(), "", String.valueOf(client.remoteAddress()));
        int serverSeq = useTls ? 2 : 1;
        String plugin = response.authPluginName() != null ? response.authPluginName() : serverGreeting.authPluginName();
        auth = new AuthExchange(client, upstream, clientSeq - serverSeq, clientSeq, plugin, serverGreeting.scramble(),
                clientTls && !useTls, !clientTls && useTls ? context.rsaKey() : null);
        if (!useTls) {
            sendResponseUpstream(forServer, serverSeq);
            return;
        }
        transition(SessionPhase.UPSTREAM_TLS);
        UpstreamLink.startTls(upstream, context, forServer).addListener(f -> {
            if (f.isSuccess()) {
                sendResponseUpstream(forServer, serverSeq);
            } else {
                fail(new MySqlProxyException(MySqlProxyException.TLS_FAILED, "08S01",
                        "Turnout: TLS handshake with the server failed: " + f.cause().getMessage()));
            }
        });
    }

    private void sendResponseUpstream(HandshakeResponse41 forServer, int serverSeq) {
        ByteBuf payload = upstream.alloc().buffer(256);
        forServer.encode(payload);
        upstream.writeAndFlush(Packet.encode(upstream.alloc(), serverSeq, payload).frames());
        transition(SessionPhase.AUTHENTICATING);
        upstream.read();
        client.read();
    }

    // ---- flow control ---------------------------------------------------------------------------------------------

    void clientReadComplete() {
        switch (phase) {
            case RELAYING -> relay.clientReadComplete();
            case AWAIT_CLIENT_RESPONSE, AUTHENTICATING -> client.read();
            default -> { }
        }
    }

    void upstreamReadComplete() {
        switch (phase) {
            case RELAYING -> relay.upstreamReadComplete();
            case AWAIT_GREETING, AUTHENTICATING, UPSTREAM_TLS -> upstream.read();
            default -> { }
        }
    }

    void clientWritabilityChanged() {
        if (phase == SessionPhase.RELAYING) {
            relay.clientWritabilityChanged();
        }
    }

    void upstreamWritabilityChanged() {
        if (phase == SessionPhase.RELAYING) {
            relay.upstreamWritabilityChanged();
        }
    }

    // ---- failure and close ----------------------------------------------------------------------------------------

    /** Tells the client what went wrong (ERR packet) and closes both connections. */
    void fail(Throwable cause) {
        if (phase == SessionPhase.CLOSED) {
            return;
        }
        MySqlProxyException error = ErrFrames.classify(cause);
        LOG.info("mysql session {} closed in {}: {}", proxyId, phase, error.getMessage());
        int seq = switch (phase) {
            case CONNECTING, AWAIT_GREETING -> 0;
            case RELAYING -> 1;
            case AUTHENTICATING -> auth.lastClientSeq() + 1;
            default -> lastClientSeq + 1;
        };
        transition(SessionPhase.CLOSED);
        if (client.isActive()) {
            client.writeAndFlush(ErrFrames.frame(client.alloc(), seq & 0xFF, error))
                    .addListener(ChannelFutureListener.CLOSE);
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    void upstreamClosed() {
        if (phase == SessionPhase.RELAYING) {
            transition(SessionPhase.CLOSED);
            client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        } else if (phase != SessionPhase.CLOSED) {
            fail(new MySqlProxyException(MySqlProxyException.UPSTREAM_LOST, "08S01",
                    "Turnout: lost connection to the MySQL server during " + phase));
        }
    }

    private void closed() {
        transition(SessionPhase.CLOSED);
        context.registry().release(proxyId);
        if (auth != null) {
            auth.forget();
        }
        clientPackets.close();
        upstreamPackets.close();
        if (relay != null) {
            relay.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }
}
