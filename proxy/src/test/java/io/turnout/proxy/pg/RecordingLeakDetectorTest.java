package io.turnout.proxy.pg;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The leak check itself: a buffer dropped without release must show up as a report. */
class RecordingLeakDetectorTest {

    @Test
    void aDroppedBufferIsReported() {
        assertTrue(RecordingLeakDetector.installed() || allocate(), "allocating installs the detector");
        assertTrue(RecordingLeakDetector.installed(), "RecordingLeakDetector must be Netty's leak detector");
        int before = RecordingLeakDetector.reports().size();
        leakOne();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (RecordingLeakDetector.reports().size() == before && System.nanoTime() < deadline) {
            NoLeakReports.collectAndPoll();
        }
        assertTrue(RecordingLeakDetector.reports().size() > before,
                "a deliberately leaked buffer was not reported (the LEAK logged above is expected)");
    }

    private static boolean allocate() {
        PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
        return RecordingLeakDetector.installed();
    }

    private static void leakOne() {
        ByteBuf leaked = PooledByteBufAllocator.DEFAULT.directBuffer(64);
        leaked.writeLong(42);
    }
}
