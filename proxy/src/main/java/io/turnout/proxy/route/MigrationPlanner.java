package io.turnout.proxy.route;

import io.turnout.proxy.compare.TopLevelOrderBy;
import io.turnout.proxy.control.BreakerLoop;
import io.turnout.proxy.shadow.ShadowSession;
import io.turnout.proxy.shadow.ShadowWriter;
import io.turnout.proxy.control.ControlPlane;
import io.turnout.proxy.control.ControlSnapshot;
import io.turnout.proxy.control.MigrationState;
import io.turnout.proxy.control.ReadRouter;
import io.turnout.routing.cache.TranslationCache;
import io.turnout.routing.model.MigrationSpec;
import io.turnout.routing.model.Phase;
import io.turnout.routing.model.Shape;
import io.turnout.routing.sql.Dialect;
import io.turnout.routing.translate.PlannedStatement;
import io.turnout.routing.translate.StatementKind;
import io.turnout.routing.translate.StickyKey;
import io.turnout.routing.translate.Translation;
import io.turnout.routing.translate.Translator;
import io.turnout.routing.translate.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Applies the migrations in force to one client statement: asks each migration's {@link Translator} (fast path
 * first: a statement naming no migrating table is not parsed), then chooses by the migration's phase:
 *
 * <ul>
 *   <li>reads: the old-path form, or the new-path form when {@link ReadRouter} puts the read's sticky key on the
 *       new shape: the value of the migration's sticky key column that the statement names ({@code WHERE id = 42},
 *       or the parameter bound to {@code WHERE id = $1}), else the session's identity. Inside a transaction every
 *       statement keeps the path of the transaction's first planned statement;</li>
 *   <li>writes: in {@code off} the old-path form (the reverse translation for SQL written against the new shape),
 *       from {@code dual-write} on the dual-write plan, whose extra statements are hidden from the client.</li>
 * </ul>
 *
 * Untranslatable statements go to the old path unchanged and are reported to {@code onUntranslatable}.
 */
public final class MigrationPlanner implements StatementPlanner {

    private final Dialect dialect;
    private final ControlPlane control;
    private final BreakerLoop breaker;
    private final PlannerHooks hooks;
    private final TranslationCache cache;
    private ShadowWriter shadowWriter;
    private final AtomicLong nonce = new AtomicLong();
    private final Map<String, TranslatorFor> translators = new ConcurrentHashMap<>();
    /** The translator asked for last: with one migration in force, every statement's (no map lookup). */
    private volatile TranslatorFor lastTranslator;

    private record TranslatorFor(MigrationSpec spec, Translator translator) {
    }

    public MigrationPlanner(Dialect dialect, ControlPlane control, BreakerLoop breaker,
                            Consumer<Translation> onUntranslatable) {
        this(dialect, control, breaker, new PlannerHooks(onUntranslatable, r -> { }, (p, l, f) -> { }));
    }

    /** @param hooks where untranslatable statements, compare samples and outcomes go (must not block) */
    public MigrationPlanner(Dialect dialect, ControlPlane control, BreakerLoop breaker, PlannerHooks hooks) {
        this(dialect, control, breaker, hooks, new TranslationCache(10_000));
    }

    /** @param cache translations by (translator, SQL text); a spec change builds a new translator, so no stale hit */
    public MigrationPlanner(Dialect dialect, ControlPlane control, BreakerLoop breaker, PlannerHooks hooks,
                            TranslationCache cache) {
        this.cache = cache;
        this.dialect = dialect;
        this.control = control;
        this.breaker = breaker;
        this.hooks = hooks;
    }

    /** A statement sent as text (simple protocol, COM_QUERY): resolved now, nothing kept. */
    @Override
    public StatementPlan plan(String sql, SessionView session) {
        return plan(new PreparedSql(sql), session);
    }

    /**
     * Resolves the statement's migration and translation once per control snapshot (the first migration whose
     * translator does not pass the text), then plans by phase.
     */
    @Override
    public StatementPlan plan(PreparedSql statement, SessionView session) {
        ControlSnapshot snapshot = control.snapshot();
        if (statement.snapshot != snapshot) {
            statement.state = null;
            statement.translation = null;
            statement.oldRead = null;
            statement.newRead = null;
            statement.write = null;
            statement.ordered = null;
            for (MigrationState state : snapshot.byId().values()) {
                // the translator's fast path first, then the cache by text
                Translation t = cache.translate(translator(state.spec()), statement.sql());
                if (t.verdict() != Verdict.PASSTHROUGH) {
                    statement.state = state;
                    statement.translation = t;
                    break;
                }
            }
            statement.snapshot = snapshot;
        }
        return statement.translation == null ? null : plan(statement.state, statement.translation, session, statement);
    }

    /** @param kept where plans that do not vary between executions are kept (the statement being planned) */
    private StatementPlan plan(MigrationState state, Translation t, SessionView session, PreparedSql kept) {
        if (t.verdict() == Verdict.UNTRANSLATABLE) {
            hooks.untranslatable().accept(t); // counted per execution, whether prepared or not
            return null;
        }
        if (t.kind() == StatementKind.READ) {
            if (state.spec().target() != null) {
                // the new shape lives on another server: reads stay on this connection's old shape
                return new StatementPlan(List.of(new PlannedSql(t.oldPath(), 0, true)), state.id(), Shape.OLD, false);
            }
            Shape path = session.inTransaction() && session.transactionPath() != null ? session.transactionPath()
                    : ReadRouter.route(state, stickyKey(t, session));
            String sql = path == Shape.NEW && t.newRead() != null ? t.newRead() : t.oldPath();
            if (t.newRead() != null && ReadRouter.sampleForCompare(state, nonce.incrementAndGet())
                    && hooks.compareAdmits().getAsBoolean()) {
                if (kept.ordered == null) {
                    kept.ordered = TopLevelOrderBy.in(dialect, t.oldPath()); // lexed once per prepared statement
                }
                CompareRequest sample = new CompareRequest(state.id(), t.oldPath(), t.newRead(), List.of(),
                        kept.ordered, t.fingerprint() == null ? ""
                        : t.fingerprint().hash(), state.phase(), state.effectiveReadPercent());
                return new StatementPlan(List.of(new PlannedSql(sql, 0, true)), state.id(), path, false, sample);
            }
            StatementPlan read = path == Shape.NEW ? kept.newRead : kept.oldRead;
            if (read == null) {
                read = new StatementPlan(List.of(new PlannedSql(sql, 0, true)), state.id(), path, false);
                if (path == Shape.NEW) {
                    kept.newRead = read;
                } else {
                    kept.oldRead = read;
                }
            }
            return read;
        }
        if (t.kind() == StatementKind.WRITE || t.kind() == StatementKind.MULTI) {
            if (kept.write == null) {
                kept.write = writePlan(state, t);
            }
            return kept.write;
        }
        // transaction control and other statements that only name the table: unchanged, old path
        return new StatementPlan(List.of(new PlannedSql(t.oldPath(), 0, true)), state.id(), Shape.OLD, false);
    }

    /** A write's plan: the same for every execution under one snapshot (the phase decides it). */
    private StatementPlan writePlan(MigrationState state, Translation t) {
        if (state.phase() == Phase.OFF || t.dualWrite() == null) {
            return new StatementPlan(List.of(new PlannedSql(t.oldPath(), 0, true)), state.id(), Shape.OLD, true);
        }
        List<PlannedSql> statements = new ArrayList<>();
        List<ShadowWrite> shadow = new ArrayList<>();
        List<PlannedStatement> planned = t.dualWrite().statements();
        List<Integer> owners = t.kind() != StatementKind.MULTI ? null : ClientStatements.of(dialect, t.original(),
                planned.size(), piece -> cache.translate(translator(state.spec()), piece));
        for (int i = 0; i < planned.size(); i++) {
            PlannedStatement p = planned.get(i);
            if (p.server() != null) {
                shadow.add(new ShadowWrite(state.id(), p.server(), p.sql(), p.params()));
            } else {
                statements.add(new PlannedSql(p.sql(), owners == null ? 0 : owners.get(i), p.clientResult(),
                        p.params()));
            }
        }
        if (!shadow.isEmpty() && shadowWriter == null) {
            // no writer for the other server on this listener: never drop the write silently
            hooks.untranslatable().accept(Translation.untranslatable(t.original(), t.fingerprint(), t.kind(),
                    "the new shape lives on server '" + shadow.get(0).server() + "', which this listener has no "
                            + "shadow writer for (targets: in the configuration)", state.id()));
            return null;
        }
        return new StatementPlan(statements, state.id(), state.phase().authoritative(), true, null, shadow,
                List.of());
    }

    /** The read's key value hashed (the literal, or the bound parameter's value), else the session's key. */
    static long stickyKey(Translation t, SessionView session) {
        StickyKey key = t.stickyKey();
        if (key == null) {
            return session.stickyKey();
        }
        if (key.literal() != null) {
            return ReadRouter.key(key.literal());
        }
        Object bound = session.parameters().apply(key.parameter());
        if (bound instanceof Long || bound instanceof Integer || bound instanceof Short || bound instanceof Byte) {
            return ReadRouter.key(((Number) bound).longValue()); // a binary integer: hashed as its digits, no text
        }
        String value = StickyKey.normalise(bound);
        return value == null ? session.stickyKey() : ReadRouter.key(value);
    }

    /** Replays writes for migrations whose new shape lives on another server; without one they are dropped. */
    public MigrationPlanner withShadowWriter(ShadowWriter writer) {
        this.shadowWriter = writer;
        return this;
    }

    @Override
    public StatementPlanner forSession() {
        return shadowWriter == null ? this : new ShadowSession(this, shadowWriter);
    }

    @Override
    public void completed(StatementPlan plan, long latencyMicros, boolean failed) {
        hooks.outcomes().record(plan, latencyMicros, failed);
        if (plan.write()) {
            return;
        }
        MigrationState state = control.snapshot().byId().get(plan.migrationId());
        if (state != null) {
            breaker.window(state).recordStatement(plan.path(), latencyMicros, failed);
        }
        if (plan.compare() != null && !failed) {
            hooks.compare().accept(plan.compare());
        }
    }

    private Translator translator(MigrationSpec spec) {
        TranslatorFor last = lastTranslator;
        if (last != null && last.spec() == spec) {
            return last.translator();
        }
        TranslatorFor cached = translators.get(spec.id());
        if (cached != null && cached.spec() == spec) {
            lastTranslator = cached;
            return cached.translator(); // the usual case: the same snapshot's spec, no comparison needed
        }
        if (cached == null || !sameShape(cached.spec(), spec)) {
            cached = new TranslatorFor(spec, new Translator(dialect, spec.withPhase(Phase.OFF)));
        } else {
            cached = new TranslatorFor(spec, cached.translator()); // a knob changed, not the shape
        }
        translators.put(spec.id(), cached);
        lastTranslator = cached;
        return cached.translator();
    }

    private static boolean sameShape(MigrationSpec a, MigrationSpec b) {
        return a.withPhase(Phase.OFF).equals(b.withPhase(Phase.OFF));
    }
}
