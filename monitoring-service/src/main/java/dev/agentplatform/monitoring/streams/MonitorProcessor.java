package dev.agentplatform.monitoring.streams;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.common.tracing.TraceParents;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.Severity;
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
import java.time.Duration;
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

    private final Policies policies;
    private final SloObserver observer;
    private final List<Duration> windows;
    private final Tracer tracer;
    private final Map<String, SloWindows> cache = new HashMap<>();
    /** Decoded recent executions in front of their store (this task is their only writer). */
    private final Map<String, RecentExecutions> recentCache = new HashMap<>();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> buckets;
    private KeyValueStore<String, String> recent;
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
            event = EventCodec.decode(type, record.value());
        } catch (EventDecodingException e) {
            LOG.warnf("skipping undecodable record: %s", e.getMessage());
            return;
        }
        if (!(event instanceof ExecutionCompleted) && !(event instanceof AdmissionDecided)) {
            return;
        }
        Span span = tracer.spanBuilder("rule evaluation").setParent(TraceParents.parent(event.traceParent()))
                .setAttribute("tenant.id", event.tenantId()).setAttribute("event.type", event.type())
                .startSpan();
        try {
            List<PlatformEvent> transitions = event instanceof ExecutionCompleted completed
                    ? onCompleted(completed) : onAdmission((AdmissionDecided) event);
            span.setAttribute(AttributeKey.stringArrayKey("alert.transitions"),
                    transitions.stream().map(MonitorProcessor::describe).toList());
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

    private List<PlatformEvent> onCompleted(ExecutionCompleted e) {
        String tenant = e.tenantId();
        TenantPolicy policy = policies.forTenant(tenant);
        long at = e.occurredAt().toEpochMilli();
        if (tooLate(windowsOf(tenant), at, tenant)) {
            return List.of();
        }
        List<PlatformEvent> out = new ArrayList<>();
        count(tenant, e, policy);
        out.addAll(evaluateSlos(tenant, null, policy, e));
        if (policy.sloAgents().contains(e.agentId())) {
            count(agentScope(tenant, e.agentId()), e, policy);
            out.addAll(evaluateSlos(tenant, e.agentId(), policy, e));
        }
        out.addAll(evaluateRecent(e, policy));
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

    private void count(String scope, ExecutionCompleted e, TenantPolicy policy) {
        SloWindows w = windowsOf(scope);
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
            buckets.put(minuteKey(scope, SloWindows.minuteOf(at)), encode(bucket));
        }
        if (w.watermarkMs() != before) {
            buckets.put(scope + WATERMARK, encode(new long[] {w.watermarkMs()}));
        }
    }

    private List<PlatformEvent> evaluateSlos(String tenant, String agent, TenantPolicy policy, ExecutionCompleted e) {
        String scope = agent == null ? tenant : agentScope(tenant, agent);
        SloWindows w = windowsOf(scope);
        List<PlatformEvent> out = new ArrayList<>();
        for (SloTarget slo : policy.slos()) {
            if (agent == null) {
                report(tenant, slo, w);
            }
            boolean pageFiring = false;
            for (BurnWindow pair : BurnWindow.WORKBOOK) {
                Evaluation verdict = burnVerdict(tenant, agent, policy, slo, pair, w, e);
                // Pairs come fastest first, so pageFiring is about faster pages only.
                alerts.apply(verdict, e.occurredAt(), pageFiring).ifPresent(out::add);
                if (pair.severity() == Severity.CRITICAL && alerts.firing(tenant, verdict.fingerprint())) {
                    pageFiring = true;
                }
            }
        }
        return out;
    }

    private Evaluation burnVerdict(String tenant, String agent, TenantPolicy policy, SloTarget slo, BurnWindow pair,
            SloWindows w, ExecutionCompleted e) {
        double longRate = w.burnRate(pair.longWindow(), slo);
        double shortRate = w.burnRate(pair.shortWindow(), slo);
        boolean enough = policy.guard().allows(w.total(pair.shortWindow(), slo.kind()), w.total(pair.longWindow(), slo.kind()));
        boolean breached = enough && pair.breached(longRate, shortRate);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("tenant", tenant);
        labels.put("slo", slo.kind().label());
        if (agent != null) {
            labels.put("agent", agent);
        }
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

    private void report(String tenant, SloTarget slo, SloWindows w) {
        for (Duration window : BurnWindow.WINDOWS) {
            observer.burnRate(tenant, slo.kind().label(), BurnWindow.label(window), w.burnRate(window, slo));
        }
        Duration period = policies.period();
        observer.budgetRemaining(tenant, slo.kind().label(),
                BurnRate.budgetRemaining(w.bad(period, slo.kind()), w.total(period, slo.kind()), slo.target()));
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

    private List<PlatformEvent> evaluateRecent(ExecutionCompleted e, TenantPolicy policy) {
        String key = StoreNames.key(e.tenantId(), e.agentId());
        RecentExecutions before = recentCache.get(key);
        if (before == null) {
            before = decodeRecent(recent.get(key));
        }
        RecentExecutions now = before.with(RecentExecutions.entryOf(e, policy.resourceMinDurationMs()),
                policy.recentExecutions());
        if (now == before) {
            return List.of();
        }
        recent.put(key, encodeRecent(now));
        if (recentCache.size() > 100_000) {
            recentCache.clear();
        }
        recentCache.put(key, now);
        List<Evaluation> verdicts = List.of(
                ThresholdRules.errorRate(e, now, policy),
                ThresholdRules.responseTime(e, now, policy),
                ThresholdRules.resourceUtilization(e, now, policy));
        List<PlatformEvent> out = new ArrayList<>();
        for (Evaluation verdict : verdicts) {
            alerts.apply(verdict, e.occurredAt(), false).ifPresent(out::add);
        }
        return out;
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
        Evaluation verdict = ThresholdRules.quotaUtilization(a, policies.forTenant(tenant));
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
        return scope + MINUTES + String.format(Locale.ROOT, "%012d", minute);
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

    private static RecentExecutions decodeRecent(String json) {
        if (json == null) {
            return RecentExecutions.empty();
        }
        try {
            return EventCodec.mapper().readValue(json, RecentExecutions.class);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("corrupt recent executions", ex);
        }
    }

    private static String encodeRecent(RecentExecutions r) {
        try {
            return EventCodec.mapper().writeValueAsString(r);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
