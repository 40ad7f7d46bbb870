package io.turnout.proxy.server;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The event loops of one proxy process: native epoll on Linux when it loads, NIO otherwise. Client connections and
 * their server connections share a worker loop, so a session's two channels never cross threads.
 */
public final class Transport implements AutoCloseable {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends SocketChannel> socketChannel;

    public Transport(int workerThreads) {
        if (Epoll.isAvailable()) {
            boss = new EpollEventLoopGroup(1, new DefaultThreadFactory("turnout-accept"));
            workers = new EpollEventLoopGroup(workerThreads, new DefaultThreadFactory("turnout-io"));
            serverChannel = EpollServerSocketChannel.class;
            socketChannel = EpollSocketChannel.class;
        } else {
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("turnout-accept"));
            workers = new NioEventLoopGroup(workerThreads, new DefaultThreadFactory("turnout-io"));
            serverChannel = NioServerSocketChannel.class;
            socketChannel = NioSocketChannel.class;
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

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
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
