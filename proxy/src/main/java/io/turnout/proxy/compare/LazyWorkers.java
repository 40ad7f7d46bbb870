package io.turnout.proxy.compare;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A few worker threads behind a bounded queue, for work that may start late (compare samples), handed in by an event
 * loop that must not pay for waking a thread. A {@code ThreadPoolExecutor} wakes an idle worker on every task: a
 * futex wake-up, which on a virtual machine costs the event loop several microseconds per sample. Here one worker,
 * the poller, looks at the queue every {@code poll} while work keeps coming, so the submitter wakes no one; it wakes
 * another worker itself when it leaves work behind (the submitter does only when the queue is half full). Each
 * wake-up costs tens of microseconds of CPU on such a host, so the other workers do not poll. The poller sleeps
 * after {@code dormantAfter} without work, until the next submission wakes it: an idle proxy has no periodic
 * wake-ups. A worker takes what is queued, up to {@code maxBatch} items, as one batch: the items a poll finds can
 * share one round trip to the database.
 *
 * <p>The queue takes no lock. The workers run at a low priority (compare samples yield to client traffic), and a
 * lock they shared with the event loop (an {@code ArrayBlockingQueue}'s) would be priority inversion: a worker
 * preempted inside {@code drainTo} holds it until the scheduler runs that worker again, which at nice 19 on a busy
 * host can take many milliseconds, and every event loop that submits meanwhile waits as long. The bound is an atomic
 * count taken before the item is queued and given back once a worker has taken it.
 *
 * @param <T> the work items
 */
final class LazyWorkers<T> implements AutoCloseable {

    /** Told of an item refused because the queue is full. */
    interface Refusal<T> {
        void refused(T item);
    }

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    /** Items submitted and not yet taken by a worker: never above {@code capacity}. */
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Consumer<List<T>> handler;
    private final int maxBatch;
    private final List<Worker> workers;
    private final long pollNanos;
    private final long dormantAfterNanos;
    private final Refusal<T> refusal;
    /** Queue length at which a submission wakes a sleeping worker although the poller is awake. */
    private final int wakeHelperAt;
    private volatile boolean closed;

    /**
     * @param handler  runs one batch, on a worker: it is given the items in the order they were queued, and what it
     *                 throws ends that batch only
     * @param maxBatch the most items handed to {@code handler} at once
     */
    LazyWorkers(String name, int threads, int capacity, Duration poll, Duration dormantAfter, int priority,
                int maxBatch, Consumer<List<T>> handler, Refusal<T> refusal) {
        if (threads < 1 || capacity < 1 || maxBatch < 1) {
            throw new IllegalArgumentException("threads, capacity and batch size must be at least 1");
        }
        this.capacity = capacity;
        this.handler = handler;
        this.maxBatch = maxBatch;
        this.pollNanos = poll.toNanos();
        this.dormantAfterNanos = dormantAfter.toNanos();
        this.refusal = refusal;
        this.wakeHelperAt = Math.max(1, capacity / 2);
        this.workers = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            Worker w = new Worker(i == 0);
            Thread t = new Thread(w, name);
            t.setDaemon(true);
            t.setPriority(priority);
            w.thread = t;
            workers.add(w);
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Queues the item, or tells the refusal at once when the queue is full or the workers are closed. */
    void submit(T item) {
        int queued = closed ? -1 : reserve();
        if (queued < 0) {
            refusal.refused(item);
            return;
        }
        queue.offer(item);
        if (workers.get(0).dormant) {
            wake(workers.get(0)); // the first sample after a quiet spell
        } else if (queued >= wakeHelperAt) {
            wakeOne(); // a backlog the poller alone may not clear in time
        }
    }

    /** One place in the queue: the queue length with it, or -1 when the queue is full. */
    private int reserve() {
        while (true) {
            int n = size.get();
            if (n >= capacity) {
                return -1;
            }
            if (size.compareAndSet(n, n + 1)) {
                return n + 1;
            }
        }
    }

    /** Moves up to {@code maxBatch} items into {@code batch}; returns how many. */
    private int take(List<T> batch) {
        int n = 0;
        T item;
        while (n < maxBatch && (item = queue.poll()) != null) {
            batch.add(item);
            n++;
        }
        if (n > 0) {
            size.addAndGet(-n);
        }
        return n;
    }

    private void wake(Worker w) {
        w.dormant = false;
        LockSupport.unpark(w.thread);
    }

    private void wakeOne() {
        for (Worker w : workers) {
            if (w.dormant) {
                wake(w);
                return;
            }
        }
    }

    int queued() {
        return size.get();
    }

    int remainingCapacity() {
        return Math.max(0, capacity - size.get());
    }

    /** Stops the workers: queued items are dropped, running batches interrupted. */
    @Override
    public void close() {
        closed = true;
        while (queue.poll() != null) {
            size.decrementAndGet();
        }
        for (Worker w : workers) {
            w.thread.interrupt();
        }
    }

    private final class Worker implements Runnable {
        /** The worker that looks for work on its own; the others sleep until there is more than it takes. */
        final boolean poller;
        Thread thread;
        /** Parked until a submission wakes it (set by the worker, cleared by whoever wakes it). */
        volatile boolean dormant;

        Worker(boolean poller) {
            this.poller = poller;
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            List<T> batch = new ArrayList<>(maxBatch);
            while (!closed) {
                if (take(batch) > 0) {
                    if (!queue.isEmpty()) {
                        wakeOne(); // more than this worker's share: a sleeping one joins (off the event loop)
                    }
                    try {
                        handler.accept(batch);
                    } catch (RuntimeException e) {
                        // a batch's failure is the handler's to report (compare counts its own): the worker goes on
                    } finally {
                        batch.clear();
                    }
                    idleSince = System.nanoTime();
                    continue;
                }
                if (poller && System.nanoTime() - idleSince < dormantAfterNanos) {
                    LockSupport.parkNanos(this, pollNanos);
                    continue;
                }
                dormant = true;
                // a submission between the poll above and this check finds dormant set, or is seen here
                if (!queue.isEmpty() || closed) {
                    dormant = false;
                    continue;
                }
                LockSupport.park(this);
                dormant = false;
                idleSince = System.nanoTime();
            }
        }
    }
}
