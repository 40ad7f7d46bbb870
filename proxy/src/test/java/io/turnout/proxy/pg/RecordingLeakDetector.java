package io.turnout.proxy.pg;

import io.netty.util.ResourceLeakDetector;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Netty's leak detector, also remembering every report so that a test can fail on it. Installed for the whole test
 * JVM with {@code -Dio.netty.customResourceLeakDetector} (see the proxy pom), which Netty reads when it creates the
 * ByteBuf leak detector, so it works whichever test class touches Netty first.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    private static final List<String> REPORTS = new CopyOnWriteArrayList<>();
    private static volatile boolean installed;

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, long maxActive) {
        super(resourceType, samplingInterval, maxActive);
    }

    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval, Long.MAX_VALUE);
    }

    {
        installed = true;
    }

    /** Whether this detector is the one Netty uses (false when the system property was not set). */
    public static boolean installed() {
        return installed;
    }

    public static List<String> reports() {
        return List.copyOf(REPORTS);
    }

    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        REPORTS.add("LEAK: " + resourceType + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        REPORTS.add("LEAK: " + resourceType + " (untraced)");
        super.reportUntracedLeak(resourceType);
    }
}
