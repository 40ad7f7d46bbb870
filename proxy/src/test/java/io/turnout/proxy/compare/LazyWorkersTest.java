package io.turnout.proxy.compare;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LazyWorkersTest {

    private final List<Runnable> refused = new ArrayList<>();

    /** Workers that run each task on its own (batches of one). */
    private LazyWorkers<Runnable> workers(int threads, int capacity, Duration dormantAfter) {
        return new LazyWorkers<>("test-worker", threads, capacity, Duration.ofMillis(5), dormantAfter,
                Thread.NORM_PRIORITY, 1, batch -> batch.forEach(Runnable::run), task -> {
                    synchronized (refused) {
                        refused.add(task);
                    }
                });
    }

    /** Hands the workers a task that keeps one of them busy until {@code release}; returns once it has started. */
    private static void holdWorker(LazyWorkers<Runnable> w, CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        w.submit(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
    }

    @Test
    void everyTaskHandedInWhileWorkKeepsComingRuns() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(500);
        try (LazyWorkers<Runnable> w = workers(2, 1000, Duration.ofSeconds(10))) {
            for (int i = 0; i < 500; i++) {
                w.submit(() -> {
                    ran.incrementAndGet();
                    all.countDown();
                });
                if (i % 50 == 0) {
                    Thread.sleep(2);
                }
            }
            assertTrue(all.await(10, TimeUnit.SECONDS), "ran " + ran.get() + " of 500");
        }
        assertEquals(500, ran.get());
        assertTrue(refused.isEmpty());
    }

    @Test
    void concurrentSubmittersNeverPassTheBoundAndEveryItemIsRunOrRefused() throws Exception {
        int submitters = 4;
        int each = 20_000;
        int capacity = 8;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger refusedCount = new AtomicInteger();
        AtomicInteger mostQueued = new AtomicInteger();
        try (LazyWorkers<Integer> w = new LazyWorkers<>("test-worker", 2, capacity, Duration.ofMillis(1),
                Duration.ofSeconds(10), Thread.NORM_PRIORITY, 3, batch -> ran.addAndGet(batch.size()),
                item -> refusedCount.incrementAndGet())) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                Thread th = new Thread(() -> {
                    for (int i = 0; i < each; i++) {
                        w.submit(i);
                        mostQueued.accumulateAndGet(w.queued(), Math::max);
                    }
                });
                threads.add(th);
                th.start();
            }
            for (Thread th : threads) {
                th.join(30_000);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ran.get() + refusedCount.get() < submitters * each && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(submitters * each, ran.get() + refusedCount.get(), "ran " + ran + ", refused " + refusedCount);
            assertTrue(mostQueued.get() <= capacity, "queued " + mostQueued + " with room for " + capacity);
            assertTrue(refusedCount.get() > 0, "4 submitters against a queue of 8 must have been refused sometimes");
            assertEquals(0, w.queued());
            assertEquals(capacity, w.remainingCapacity());
        }
    }

    @Test
    void aDormantWorkerIsWokenByTheNextTask() throws Exception {
        try (LazyWorkers<Runnable> w = workers(2, 10, Duration.ofMillis(20))) {
            for (int round = 0; round < 3; round++) {
                Thread.sleep(300); // both workers gone dormant: nothing but a submission wakes them now
                CountDownLatch done = new CountDownLatch(1);
                w.submit(done::countDown);
                assertTrue(done.await(5, TimeUnit.SECONDS), "round " + round);
            }
        }
    }

    @Test
    void aFullQueueRefusesAtOnceAndTheWorkersGoOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch after = new CountDownLatch(2);
        try (LazyWorkers<Runnable> w = workers(1, 2, Duration.ofSeconds(10))) {
            holdWorker(w, release);
            w.submit(after::countDown);
            w.submit(after::countDown);
            Runnable third = () -> { };
            w.submit(third);
            assertEquals(List.of(third), refused);
            assertEquals(2, w.queued());
            release.countDown();
            assertTrue(after.await(5, TimeUnit.SECONDS));
            assertEquals(0, w.queued());
        }
    }

    @Test
    void closeInterruptsARunningTaskAndRefusesNewOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        LazyWorkers<Runnable> w = workers(1, 4, Duration.ofSeconds(10));
        w.submit(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        w.close();
        assertTrue(interrupted.await(5, TimeUnit.SECONDS));
        Runnable late = () -> { };
        w.submit(late);
        assertEquals(List.of(late), refused);
    }

    @Test
    void aBacklogWhileThePollerIsBusyWakesAnotherWorker() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch backlog = new CountDownLatch(2);
        try (LazyWorkers<Runnable> w = workers(2, 4, Duration.ofSeconds(10))) {
            holdWorker(w, release);
            w.submit(backlog::countDown);
            w.submit(backlog::countDown); // half the queue: the sleeping worker is woken for them
            assertTrue(backlog.await(5, TimeUnit.SECONDS), "the backlog ran while the first task still held on");
            release.countDown();
        }
        assertTrue(refused.isEmpty());
    }

    @Test
    void aTaskThatThrowsDoesNotStopItsWorker() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        try (LazyWorkers<Runnable> w = workers(1, 4, Duration.ofSeconds(10))) {
            w.submit(() -> {
                throw new IllegalStateException("a failing sample");
            });
            w.submit(after::countDown);
            assertTrue(after.await(5, TimeUnit.SECONDS), "the only worker still runs tasks");
        }
    }

    @Test
    void whatIsQueuedWhileTheWorkerIsBusyComesAsBatchesOfAtMostTheBatchSize() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        List<List<Integer>> batches = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(8);
        try (LazyWorkers<Integer> w = new LazyWorkers<>("test-worker", 1, 16, Duration.ofMillis(5),
                Duration.ofSeconds(10), Thread.NORM_PRIORITY, 3, batch -> {
                    if (batch.get(0) == 0) {
                        started.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    synchronized (batches) {
                        batches.add(List.copyOf(batch));
                    }
                    batch.forEach(i -> all.countDown());
                }, i -> { })) {
            w.submit(0);
            assertTrue(started.await(5, TimeUnit.SECONDS));
            for (int i = 1; i <= 7; i++) {
                w.submit(i);
            }
            release.countDown();
            assertTrue(all.await(5, TimeUnit.SECONDS));
        }
        synchronized (batches) {
            assertEquals(List.of(List.of(0), List.of(1, 2, 3), List.of(4, 5, 6), List.of(7)), batches,
                    "in the order queued, three at most");
        }
    }
}
