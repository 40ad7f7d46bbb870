package io.turnout.proxy.server;

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts a listener's client connections against its limit and closes them at shutdown. */
public final class ClientConnections {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final ChannelGroup channels = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);

    public ClientConnections(int max) {
        this.max = max;
    }

    /** Admits the channel if under the limit; the count drops by itself when the channel closes. */
    public boolean admit(Channel channel) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            return false;
        }
        channels.add(channel);
        channel.closeFuture().addListener(f -> open.decrementAndGet());
        return true;
    }

    public int max() {
        return max;
    }

    public int open() {
        return open.get();
    }

    /** Waits until every admitted connection has closed or the grace period is over; returns whether all closed. */
    public boolean awaitDrained(Duration grace) {
        Instant deadline = Instant.now().plus(grace);
        while (open.get() > 0 && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return open.get() == 0;
    }

    public void closeAll() {
        channels.close().awaitUninterruptibly(5_000);
    }
}
