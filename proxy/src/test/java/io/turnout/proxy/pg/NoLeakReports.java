package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fails a test class when Netty reported a leaked buffer while it ran. Leaks are only noticed once the garbage
 * collector has cleared the buffer and a later allocation polls the reference queue, so after the class this forces
 * a few collections and allocations before looking.
 */
public final class NoLeakReports implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoLeakReports.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        assertTrue(RecordingLeakDetector.installed() || touchAllocator(),
                "RecordingLeakDetector is not Netty's leak detector: run with "
                        + "-Dio.netty.customResourceLeakDetector=" + RecordingLeakDetector.class.getName());
        assertTrue(RecordingLeakDetector.installed(), "RecordingLeakDetector not installed");
        assertEquals(ResourceLeakDetector.Level.PARANOID, ResourceLeakDetector.getLevel(),
                "leak detection must be paranoid in tests (-Dio.netty.leakDetection.level=paranoid)");
        collectAndPoll();
        context.getStore(NS).put("before", RecordingLeakDetector.reports().size());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        collectAndPoll();
        int before = context.getStore(NS).get("before", Integer.class);
        List<String> all = RecordingLeakDetector.reports();
        List<String> mine = all.subList(before, all.size());
        assertTrue(mine.isEmpty(), "Netty reported " + mine.size() + " leaked buffer(s) during "
                + context.getDisplayName() + ":\n" + String.join("\n", mine));
    }

    private static boolean touchAllocator() {
        UnpooledByteBufAllocator.DEFAULT.buffer(1).release();
        return RecordingLeakDetector.installed();
    }

    /** Leaks are reported from allocations that follow a GC which cleared the leaked buffer. */
    static void collectAndPoll() {
        for (int round = 0; round < 4; round++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (int i = 0; i < 50; i++) {
                ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(16);
                b.release();
                UnpooledByteBufAllocator.DEFAULT.heapBuffer(16).release();
            }
        }
    }
}
