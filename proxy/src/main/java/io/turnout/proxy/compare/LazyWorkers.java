package io.turnout.proxy.compare;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A few worker threads behind a bounded queue, for work that may start late (compare samples), handed in by an event
 * loop that must not pay for waking a thread. A {@code ThreadPoolExecutor} wakes an idle worker on every task: a
 * futex wake-up, which on a virtual machine costs the event loop several microseconds per sample. Here a worker
 * that finds the queue empty looks again after {@code poll}, so while work keeps coming the submitter never wakes
 * anyone; a worker that has found nothing for {@code dormantAfter} sleeps until the next submission wakes it, so an
 * idle proxy has no periodic wake-ups.
 */
final class LazyWorkers implements AutoCloseable {

    /** Told of a task refused because the queue is full. */
    interface Refusal {
        void refused(Runnable task);
    }

    private final ArrayBlockingQueue<Runnable> queue;
    private final Worker[] workers;
    private final long pollNanos;
    private final long dormantAfterNanos;
    private final Refusal refusal;
    private volatile boolean closed;

    LazyWorkers(String name, int threads, int capacity, Duration poll, Duration dormantAfter, int priority,
                Refusal refusal) {
        if (threads < 1 || capacity < 1) {
            throw new IllegalArgumentException("threads and capacity must be at least 1");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.pollNanos = poll.toNanos();
        this.dormantAfterNanos = dormantAfter.toNanos();
        this.refusal = refusal;
        this.workers = new Worker[threads];
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
            Thread t = new Thread(workers[i], name);
            t.setDaemon(true);
            t.setPriority(priority);
            workers[i].thread = t;
        }
        for (Worker w : workers) {
            w.thread.start();
        }
    }

    /** Queues the task, or tells the refusal at once when the queue is full or the workers are closed. */
    void submit(Runnable task) {
        if (closed || !queue.offer(task)) {
            refusal.refused(task);
            return;
        }
        for (Worker w : workers) {
            if (w.dormant) {
                w.dormant = false;
                LockSupport.unpark(w.thread);
                return;
            }
        }
    }

    int queued() {
        return queue.size();
    }

    int remainingCapacity() {
        return queue.remainingCapacity();
    }

    /** Stops the workers: queued tasks are dropped, running ones interrupted. */
    @Override
    public void close() {
        closed = true;
        queue.clear();
        for (Worker w : workers) {
            w.thread.interrupt();
        }
    }

    private final class Worker implements Runnable {
        Thread thread;
        /** Parked until a submission wakes it (set by the worker, cleared by whoever wakes it). */
        volatile boolean dormant;

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            while (!closed) {
                Runnable task = queue.poll();
                if (task != null) {
                    task.run();
                    idleSince = System.nanoTime();
                    continue;
                }
                if (System.nanoTime() - idleSince < dormantAfterNanos) {
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
