package io.turnout.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.turnout.proxy.config.Upstream;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of one proxy process: native epoll on Linux when it loads, NIO otherwise. Client connections and
 * their server connections share a worker loop, so a session's two channels never cross threads. A server behind a
 * Unix-domain socket needs epoll (Netty's NIO transport has no socket channel for it).
 */
public final class Transport implements AutoCloseable {

    /**
     * How every relayed socket reads: into at least 2 KiB. Netty's adaptive default shrinks after a few short reads
     * (to 80 bytes after a run of 30-byte UPDATE acknowledgements), and the next reply a little longer than those
     * (pgbench's SELECT, 90 bytes) then took two reads and left as two writes: two more system calls and a wake-up of
     * the client, the gap to PgBouncer (which reads into 4 KiB) in TPC-B. A pooled 2 KiB buffer costs what a 64-byte
     * one does, and it is held only while its bytes are relayed.
     */
    public static final RecvByteBufAllocator READS = new AdaptiveRecvByteBufAllocator(2048, 2048, 65536);

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;

    public Transport(int workerThreads) {
        if (Epoll.isAvailable()) {
            boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("turnout-accept"));
            workers = new EpollEventLoopGroup(workerThreads, new DefaultThreadFactory("turnout-io"));
            serverChannel = EpollServerSocketChannel.class;
        } else {
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("turnout-accept"));
            workers = new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("turnout-io"));
            serverChannel = NioServerSocketChannel.class;
        }
    }

    public EventLoopGroup boss() {
        return boss;
    }

    public EventLoopGroup workers() {
        return workers;
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    /**
     * A bootstrap for a connection to {@code address} (an {@link InetSocketAddress} or a {@link DomainSocketAddress})
     * on {@code loop}, with TCP_NODELAY when it is TCP.
     */
    public static Bootstrap connecting(Channel client, SocketAddress address) {
        Bootstrap b = new Bootstrap().group(client.eventLoop()).remoteAddress(address);
        if (address instanceof DomainSocketAddress) {
            if (!(client.eventLoop().parent() instanceof EpollEventLoopGroup)) {
                throw new IllegalStateException("a Unix-socket upstream needs the native epoll transport, which did "
                        + "not load here: " + Epoll.unavailabilityCause());
            }
            return b.channel(EpollDomainSocketChannel.class);
        }
        return b.channel(client instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
    }

    /** Where to connect for {@code upstream}: its host and port, or its socket file. */
    public static SocketAddress address(Upstream upstream) {
        return upstream.isUnix() ? new DomainSocketAddress(upstream.socket().toFile())
                : new InetSocketAddress(upstream.host(), upstream.port());
    }

    /** Fails when {@code workers} cannot reach {@code upstream} (a socket file without epoll), naming the listener. */
    public static void checkReachable(String listener, Upstream upstream, EventLoopGroup workers) {
        if (upstream.isUnix() && !(workers instanceof EpollEventLoopGroup)) {
            throw new IllegalStateException("listener " + listener + ": upstream " + upstream + " needs the native "
                    + "epoll transport (Linux), which did not load: " + Epoll.unavailabilityCause());
        }
    }

    public String kind() {
        return serverChannel == EpollServerSocketChannel.class ? "epoll" : "nio";
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    public void close(Duration quietPeriod) {
        boss.shutdownGracefully(0, quietPeriod.toMillis() + 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, quietPeriod.toMillis() + 100, TimeUnit.MILLISECONDS).syncUninterruptibly();
    }
}
