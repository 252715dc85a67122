package dev.agentplatform.monitoring.streams;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.common.tracing.TraceParents;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.EventTypes;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.Severity;
import dev.agentplatform.events.TenantConfigured;
import dev.agentplatform.monitoring.Channels;
import dev.agentplatform.monitoring.rules.RecentExecutions;
import dev.agentplatform.monitoring.service.Policies;
import dev.agentplatform.monitoring.service.TenantPolicy;
import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.slo.BurnWindow;
import dev.agentplatform.monitoring.slo.SloKind;
import dev.agentplatform.monitoring.slo.SloTarget;
import dev.agentplatform.monitoring.slo.SloWindows;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.nio.ByteBuffer;
import dev.agentplatform.monitoring.rules.Fingerprint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.jboss.logging.Logger;

/**
 * Evaluates every rule on the events of {@code agent.metrics} in event time and forwards alert
 * transitions, keyed by fingerprint. One instance per stream task; the stores are the truth, the
 * per-scope {@link SloWindows} are a cache rebuilt from them after a restart or rebalance.
 */
public final class MonitorProcessor implements Processor<String, byte[], String, byte[]> {

    public static final String ERROR_RATE = "error_rate_high";
    public static final String RESPONSE_TIME = "response_time_high";
    public static final String QUOTA_UTILIZATION = "quota_utilization_high";
    public static final String RESOURCE_UTILIZATION = "resource_utilization_high";

    private static final Logger LOG = Logger.getLogger(MonitorProcessor.class);
    private static final String MINUTES = "|m|";
    private static final String WATERMARK = "|w";
    private static final String ADMISSION_SEEN = "|q";
    /** The SLO targets of the tenant's registration (tenant.configured), with their event time. */
    private static final String REGISTERED_TARGETS = "|t";
    private static final AttributeKey<String> TENANT_ID = AttributeKey.stringKey("tenant.id");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("event.type");
    private static final AttributeKey<List<String>> TRANSITIONS = AttributeKey.stringArrayKey("alert.transitions");

    private final Policies policies;
    private final SloObserver observer;
    private final List<Duration> windows;
    private final Tracer tracer;
    /** Positions in {@link #windows} of each burn-rate pair's long and short window, and of the reported windows. */
    private final int[] longIndex;
    private final int[] shortIndex;
    private final int[] reportIndex;
    private final String[] reportLabels;
    private final int periodIndex;
    private final Map<String, SloWindows> cache = new HashMap<>();
    /** Store keys, alert labels and fingerprints per scope and per tenant and agent: the same on every event. */
    private final Map<String, ScopeKeys> scopeKeys = new HashMap<>();
    private final Map<String, AgentKeys> agentKeys = new HashMap<>();
    /** Decoded recent executions in front of their store (this task is their only writer). */
    private final Map<String, RecentExecutions> recentCache = new HashMap<>();
    /** Per tenant: configuration with its registered SLO targets applied (see {@link #policy}). */
    private final Map<String, TenantPolicy> tenantPolicies = new HashMap<>();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> buckets;
    private KeyValueStore<String, byte[]> recent;
    private AlertBook alerts;

    public MonitorProcessor(Policies policies, SloObserver observer) {
        this(policies, observer, OpenTelemetry.noop().getTracer(MonitorProcessor.class.getName()));
    }

    /** With {@code tracer}, each evaluation is a {@code rule evaluation} span in the trace of the event that caused it. */
    public MonitorProcessor(Policies policies, SloObserver observer, Tracer tracer) {
        this.policies = policies;
        this.observer = observer;
        this.windows = windows(policies.period());
        this.tracer = tracer;
        SloWindows layout = new SloWindows(windows);
        this.longIndex = BurnWindow.WORKBOOK.stream().mapToInt(p -> layout.indexOf(p.longWindow())).toArray();
        this.shortIndex = BurnWindow.WORKBOOK.stream().mapToInt(p -> layout.indexOf(p.shortWindow())).toArray();
        this.reportIndex = BurnWindow.WINDOWS.stream().mapToInt(layout::indexOf).toArray();
        this.reportLabels = BurnWindow.WINDOWS.stream().map(BurnWindow::label).toArray(String[]::new);
        this.periodIndex = layout.indexOf(policies.period());
    }

    /** The windows sums are kept for: the burn-rate windows and the SLO period. */
    public static List<Duration> windows(Duration period) {
        List<Duration> all = new ArrayList<>(BurnWindow.WINDOWS);
        all.add(period);
        return all.stream().distinct().sorted().toList();
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.buckets = context.getStateStore(StoreNames.BUCKETS);
        this.recent = context.getStateStore(StoreNames.RECENT);
        this.alerts = new AlertBook(context.getStateStore(StoreNames.ALERTS), policies.repeatInterval());
    }

    @Override
    public void process(Record<String, byte[]> record) {
        PlatformEvent event;
        try {
            String type = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TYPE)
                    .orElseThrow(() -> new EventDecodingException("no ce_type header"));
            // Nearly every event is an execution.completed: parsed, not data-bound (see CompletedDecoder).
            event = EventTypes.EXECUTION_COMPLETED.equals(type) ? CompletedDecoder.decode(record.value())
                    : EventCodec.decode(type, record.value());
        } catch (EventDecodingException e) {
            LOG.warnf("skipping undecodable record: %s", e.getMessage());
            return;
        }
        if (event instanceof TenantConfigured configured) {
            onConfigured(configured);
            return;
        }
        if (!(event instanceof ExecutionCompleted) && !(event instanceof AdmissionDecided)) {
            return;
        }
        Span span = tracer.spanBuilder("rule evaluation").setParent(TraceParents.parent(event.traceParent()))
                .setAttribute(TENANT_ID, event.tenantId()).setAttribute(EVENT_TYPE, event.type())
                .startSpan();
        try {
            List<PlatformEvent> transitions = event instanceof ExecutionCompleted completed
                    ? onCompleted(completed) : onAdmission((AdmissionDecided) event);
            span.setAttribute(TRANSITIONS, transitions.isEmpty() ? List.of()
                    : transitions.stream().map(MonitorProcessor::describe).toList());
            transitions.forEach(this::forward);
        } finally {
            span.end();
        }
    }

    /** An alert transition as the evaluation span lists it: type, rule and fingerprint. */
    private static String describe(PlatformEvent transition) {
        return transition instanceof AlertFiring f ? f.type() + " " + f.rule() + " " + f.fingerprint()
                : transition.type() + " " + ((AlertResolved) transition).rule() + " " + ((AlertResolved) transition).fingerprint();
    }

    /**
     * A tenant's registration changed: its SLO targets apply from now on (to events counted from
     * here; past minutes keep how they were counted). An older registration than the stored one,
     * by event time, changes nothing.
     */
    private void onConfigured(TenantConfigured c) {
        String key = c.tenantId() + REGISTERED_TARGETS;
        long at = c.occurredAt().toEpochMilli();
        Registered stored = Registered.decode(buckets.get(key));
        if (stored != null && stored.at() > at) {
            return;
        }
        buckets.put(key, new Registered(at, c.slo()).encode());
        tenantPolicies.remove(c.tenantId());
    }

    /** The tenant's policy: configuration, with the SLO targets of its registration when it has some. */
    private TenantPolicy policy(String tenant) {
        TenantPolicy policy = tenantPolicies.get(tenant);
        if (policy == null) {
            if (tenantPolicies.size() > 100_000) {
                tenantPolicies.clear();
            }
            policy = policy(buckets, policies, tenant);
            tenantPolicies.put(tenant, policy);
        }
        return policy;
    }

    /** A tenant's policy as the processor applies it, read from its store (also for queries). */
    public static TenantPolicy policy(ReadOnlyKeyValueStore<String, byte[]> buckets, Policies policies, String tenant) {
        Registered registered = Registered.decode(buckets.get(tenant + REGISTERED_TARGETS));
        return policies.forTenant(tenant, registered == null ? null : registered.slo());
    }

    /** What the store keeps of a registration: its event time and SLO targets (null: none). */
    public record Registered(long at, TenantConfigured.SloTargets slo) {

        byte[] encode() {
            try {
                return EventCodec.mapper().writeValueAsBytes(this);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        static Registered decode(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            try {
                return EventCodec.mapper().readValue(bytes, Registered.class);
            } catch (java.io.IOException e) {
                LOG.warnf("ignoring unreadable registered SLO targets: %s", e.getMessage());
                return null;
            }
        }
    }

    private List<PlatformEvent> onCompleted(ExecutionCompleted e) {
        String tenant = e.tenantId();
        TenantPolicy policy = policy(tenant);
        long at = e.occurredAt().toEpochMilli();
        if (tooLate(windowsOf(tenant), at, tenant)) {
            return List.of();
        }
        List<PlatformEvent> out = new ArrayList<>(2);
        count(tenant, null, e, policy);
        evaluateSlos(tenant, null, policy, e, out);
        if (policy.sloAgents().contains(e.agentId())) {
            count(tenant, e.agentId(), e, policy);
            evaluateSlos(tenant, e.agentId(), policy, e, out);
        }
        evaluateRecent(e, policy, out);
        return out;
    }

    private boolean tooLate(SloWindows tenantWindows, long at, String tenant) {
        if (tenantWindows.watermarkMs() != Long.MIN_VALUE
                && at < tenantWindows.watermarkMs() - policies.allowedLateness().toMillis()) {
            observer.lateEventDropped(tenant);
            return true;
        }
        return false;
    }

    // --- SLOs -------------------------------------------------------------------------------

    private void count(String tenant, String agent, ExecutionCompleted e, TenantPolicy policy) {
        String scope = agent == null ? tenant : agentScope(tenant, agent);
        SloWindows w = windowsOf(scope);
        ScopeKeys keys = scopeKeys(scope, tenant, agent, policy);
        long at = e.occurredAt().toEpochMilli();
        long before = w.watermarkMs();
        for (long minute : w.advanceTo(at)) {
            buckets.delete(minuteKey(scope, minute));
        }
        long[] bucket = null;
        for (SloTarget slo : policy.slos()) {
            if (slo.kind().counts(e)) {
                bucket = w.add(at, slo.kind(), slo.kind().bad(e, slo.latencyThresholdMs()));
            }
        }
        if (bucket != null) {
            buckets.put(keys.minuteKey(SloWindows.minuteOf(at)), encode(bucket));
        }
        if (w.watermarkMs() != before) {
            buckets.put(keys.watermark, encode(new long[] {w.watermarkMs()}));
        }
    }

    private void evaluateSlos(String tenant, String agent, TenantPolicy policy, ExecutionCompleted e,
            List<PlatformEvent> out) {
        String scope = agent == null ? tenant : agentScope(tenant, agent);
        SloWindows w = windowsOf(scope);
        ScopeKeys keys = scopeKeys(scope, tenant, agent, policy);
        List<SloTarget> slos = policy.slos();
        for (int s = 0; s < slos.size(); s++) {
            SloTarget slo = slos.get(s);
            if (agent == null) {
                report(keys.figures[s], slo, w);
            }
            boolean pageFiring = false;
            for (int p = 0; p < BurnWindow.WORKBOOK.size(); p++) {
                BurnWindow pair = BurnWindow.WORKBOOK.get(p);
                double longRate = w.burnRate(longIndex[p], slo);
                double shortRate = w.burnRate(shortIndex[p], slo);
                boolean enough = policy.guard().allows(w.total(shortIndex[p], slo.kind()), w.total(longIndex[p], slo.kind()));
                boolean breached = enough && pair.breached(longRate, shortRate);
                String alertKey = keys.alertKeys[s][p];
                Map<String, String> labels = keys.labels[s];
                // Pairs come fastest first, so pageFiring is about faster pages only.
                alerts.apply(alertKey, breached, e.occurredAt(), pageFiring,
                        () -> burnVerdict(tenant, agent, slo, pair, labels, breached, longRate, shortRate, e))
                        .ifPresent(out::add);
                if (pair.severity() == Severity.CRITICAL && alerts.firingAfterApply()) {
                    pageFiring = true;
                }
            }
        }
    }

    private Evaluation burnVerdict(String tenant, String agent, SloTarget slo, BurnWindow pair,
            Map<String, String> labels, boolean breached, double longRate, double shortRate, ExecutionCompleted e) {
        String scope = agent == null ? "tenant " + tenant : "agent " + agent + " of tenant " + tenant;
        Supplier<String> summary = () -> breached
                ? AlertTexts.burnFiring(scope, slo, pair, longRate, shortRate, policies.period())
                : AlertTexts.burnResolved(scope, slo, pair, longRate, shortRate);
        Map<String, Double> rates = Map.of(BurnWindow.label(pair.longWindow()), longRate,
                BurnWindow.label(pair.shortWindow()), shortRate);
        boolean badHere = slo.kind().counts(e) && slo.kind().bad(e, slo.latencyThresholdMs());
        return new Evaluation(tenant, agent, pair.rule(), pair.severity(), labels, breached, longRate,
                pair.threshold(), rates, summary, badHere ? e.traceParent() : null);
    }

    /** The labels of a burn-rate alert: tenant, SLO and, for an agent's own SLO, the agent. */
    private static Map<String, String> burnLabels(String tenant, String agent, SloTarget slo) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("tenant", tenant);
        labels.put("slo", slo.kind().label());
        if (agent != null) {
            labels.put("agent", agent);
        }
        return Map.copyOf(labels);
    }

    private void report(SloObserver.SloFigures figures, SloTarget slo, SloWindows w) {
        for (int i = 0; i < reportIndex.length; i++) {
            figures.burnRate(reportLabels[i], w.burnRate(reportIndex[i], slo));
        }
        figures.budgetRemaining(
                BurnRate.budgetRemaining(w.bad(periodIndex, slo.kind()), w.total(periodIndex, slo.kind()), slo.target()));
    }

    private ScopeKeys scopeKeys(String scope, String tenant, String agent, TenantPolicy policy) {
        ScopeKeys keys = scopeKeys.get(scope);
        if (keys == null || keys.slos != policy.slos()) {
            if (scopeKeys.size() > 100_000) {
                scopeKeys.clear();
            }
            keys = new ScopeKeys(scope, tenant, agent, policy.slos(), observer);
            scopeKeys.put(scope, keys);
        }
        return keys;
    }

    /**
     * Per scope: its bucket and watermark keys and, per SLO and burn-rate pair, the alert's labels
     * and store key (tenant, fingerprint), computed once instead of on every event.
     */
    private static final class ScopeKeys {
        final String minutePrefix;
        final String watermark;
        final List<SloTarget> slos;
        final Map<String, String>[] labels;
        final String[][] alertKeys;
        /** Per SLO, where its figures are reported (tenant scopes only). */
        final SloObserver.SloFigures[] figures;
        private long lastMinute = Long.MIN_VALUE;
        private String lastMinuteKey;

        @SuppressWarnings("unchecked")
        ScopeKeys(String scope, String tenant, String agent, List<SloTarget> slos, SloObserver observer) {
            this.minutePrefix = scope + MINUTES;
            this.watermark = scope + WATERMARK;
            this.slos = slos;
            int n = slos.size();
            this.labels = new Map[n];
            this.alertKeys = new String[n][];
            this.figures = new SloObserver.SloFigures[n];
            for (int s = 0; s < n; s++) {
                if (agent == null) {
                    figures[s] = observer.figures(tenant, slos.get(s).kind().label());
                }
                labels[s] = burnLabels(tenant, agent, slos.get(s));
                alertKeys[s] = new String[BurnWindow.WORKBOOK.size()];
                for (int p = 0; p < BurnWindow.WORKBOOK.size(); p++) {
                    alertKeys[s][p] = StoreNames.key(tenant, Fingerprint.cached(BurnWindow.WORKBOOK.get(p).rule(), labels[s]));
                }
            }
        }

        String minuteKey(long minute) {
            if (minute != lastMinute) {
                lastMinuteKey = prefixedMinute(minutePrefix, minute);
                lastMinute = minute;
            }
            return lastMinuteKey;
        }
    }

    /** Per tenant and agent: the recent executions' store key and the threshold alerts' store keys. */
    private record AgentKeys(String recentKey, String errorRate, String responseTime, String resourceUtilization) {

        static AgentKeys of(String tenant, String agent) {
            Map<String, String> labels = Map.of("tenant", tenant, "agent", agent);
            return new AgentKeys(StoreNames.key(tenant, agent),
                    StoreNames.key(tenant, Fingerprint.cached(ERROR_RATE, labels)),
                    StoreNames.key(tenant, Fingerprint.cached(RESPONSE_TIME, labels)),
                    StoreNames.key(tenant, Fingerprint.cached(RESOURCE_UTILIZATION, labels)));
        }
    }

    private SloWindows windowsOf(String scope) {
        return cache.computeIfAbsent(scope, s -> load(buckets, s, windows));
    }

    /** Rebuilds a scope's windows from the buckets store (after a restart or rebalance; also for queries). */
    public static SloWindows load(ReadOnlyKeyValueStore<String, byte[]> buckets, String scope, List<Duration> windows) {
        SloWindows w = new SloWindows(windows);
        byte[] watermark = buckets.get(scope + WATERMARK);
        if (watermark == null) {
            return w;
        }
        long now = decode(watermark)[0];
        w.advanceTo(now);
        String prefix = scope + MINUTES;
        try (KeyValueIterator<String, byte[]> it = buckets.range(prefix, StoreNames.prefixEnd(prefix))) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> entry = it.next();
                w.restore(Long.parseLong(entry.key.substring(prefix.length())), decode(entry.value), now);
            }
        }
        return w;
    }

    // --- threshold rules ----------------------------------------------------------------------

    private void evaluateRecent(ExecutionCompleted e, TenantPolicy policy, List<PlatformEvent> out) {
        String key = StoreNames.key(e.tenantId(), e.agentId());
        AgentKeys keys = agentKeys.get(key);
        if (keys == null) {
            if (agentKeys.size() > 100_000) {
                agentKeys.clear();
            }
            keys = AgentKeys.of(e.tenantId(), e.agentId());
            agentKeys.put(key, keys);
        }
        RecentExecutions before = recentCache.get(key);
        if (before == null) {
            before = RecentExecutions.fromBytes(recent.get(key));
        }
        RecentExecutions now = before.with(RecentExecutions.entryOf(e, policy.resourceMinDurationMs()),
                policy.recentExecutions());
        if (now == before) {
            return;
        }
        recent.put(key, now.toBytes());
        if (recentCache.size() > 100_000) {
            recentCache.clear();
        }
        recentCache.put(key, now);
        Instant at = e.occurredAt();
        alerts.apply(keys.errorRate(), ThresholdRules.errorRateBreached(now, policy), at, false,
                () -> ThresholdRules.errorRate(e, now, policy)).ifPresent(out::add);
        alerts.apply(keys.responseTime(), ThresholdRules.responseTimeBreached(now, policy), at, false,
                () -> ThresholdRules.responseTime(e, now, policy)).ifPresent(out::add);
        alerts.apply(keys.resourceUtilization(), ThresholdRules.resourceUtilizationBreached(now, policy), at, false,
                () -> ThresholdRules.resourceUtilization(e, now, policy)).ifPresent(out::add);
    }

    private List<PlatformEvent> onAdmission(AdmissionDecided a) {
        String tenant = a.tenantId();
        long at = a.occurredAt().toEpochMilli();
        if (tooLate(windowsOf(tenant), at, tenant)) {
            return List.of();
        }
        byte[] seen = buckets.get(tenant + ADMISSION_SEEN);
        if (seen != null && decode(seen)[0] > at) {
            return List.of(); // an older admission than one already judged says nothing about now
        }
        buckets.put(tenant + ADMISSION_SEEN, encode(new long[] {at}));
        observer.quotaUtilization(tenant, a.occurredAt(), a.admitted(), a.utilization());
        Evaluation verdict = ThresholdRules.quotaUtilization(a, policy(tenant));
        return alerts.apply(verdict, a.occurredAt(), false).map(List::of).orElse(List.of());
    }

    // --- output and encoding ------------------------------------------------------------------

    private void forward(PlatformEvent alert) {
        String fingerprint = alert instanceof AlertFiring f ? f.fingerprint() : ((AlertResolved) alert).fingerprint();
        context.forward(new Record<>(fingerprint, EventCodec.encode(alert), alert.occurredAt().toEpochMilli(),
                CloudEventRecords.headers(alert, Channels.SOURCE)));
        LOG.debugf("%s %s for tenant %s", alert.type(), fingerprint, alert.tenantId());
    }

    static String agentScope(String tenant, String agent) {
        return tenant + '/' + agent;
    }

    private static String minuteKey(String scope, long minute) {
        return prefixedMinute(scope + MINUTES, minute);
    }

    /** {@code prefix} and the minute zero-padded to 12 digits, so that keys sort by minute. */
    static String prefixedMinute(String prefix, long minute) {
        String digits = Long.toString(minute);
        if (minute < 0 || digits.length() >= 12) {
            return prefix + String.format(Locale.ROOT, "%012d", minute);
        }
        StringBuilder key = new StringBuilder(prefix.length() + 12).append(prefix);
        for (int i = digits.length(); i < 12; i++) {
            key.append('0');
        }
        return key.append(digits).toString();
    }

    static byte[] encode(long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * Long.BYTES);
        for (long value : values) {
            buffer.putLong(value);
        }
        return buffer.array();
    }

    static long[] decode(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long[] values = new long[bytes.length / Long.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = buffer.getLong();
        }
        return values;
    }
}
