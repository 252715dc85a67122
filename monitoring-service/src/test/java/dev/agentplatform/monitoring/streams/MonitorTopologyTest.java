package dev.agentplatform.monitoring.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.events.AdmissionDecided;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.AlertResolved;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.Severity;
import dev.agentplatform.events.TenantConfigured;
import dev.agentplatform.events.Topics;
import dev.agentplatform.monitoring.service.Policies;
import dev.agentplatform.monitoring.service.TenantPolicy;
import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.slo.BurnWindow;
import dev.agentplatform.monitoring.slo.SloKind;
import dev.agentplatform.monitoring.slo.SloWindows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topology in synthetic event time: SLO burn alerts, threshold rules, lateness, inhibition, determinism. */
class MonitorTopologyTest {

    /** A minute boundary, so bucket arithmetic in the tests is exact. */
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final String TENANT = "acme";
    private static final Policies DEFAULTS = new Policies(TenantPolicy.defaults(), Map.of(), Duration.ofMinutes(2),
            Optional.empty(), BurnRate.DEFAULT_PERIOD);

    private final List<TopologyTestDriver> drivers = new ArrayList<>();
    private final AtomicInteger lateDropped = new AtomicInteger();
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> output;
    private TopologyTestDriver driver;
    private int sequence;

    @AfterEach
    void close() {
        drivers.forEach(TopologyTestDriver::close);
    }

    private void start(Policies policies) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("monitoring-ttd").toString());
        SloObserver observer = new SloObserver() {
            @Override
            public void lateEventDropped(String tenantId) {
                lateDropped.incrementAndGet();
            }
        };
        driver = new TopologyTestDriver(MonitoringTopology.build(policies, observer, false), props);
        drivers.add(driver);
        input = driver.createInputTopic(Topics.METRICS, new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), new ByteArrayDeserializer());
        sequence = 0;
    }

    @Test
    void steadyTrafficAtTheSloNeverPages() throws Exception {
        start(DEFAULTS);
        // 6 hours at one execution per second, exactly one in 1000 failing: burn rate 1 for availability.
        for (int s = 0; s < 6 * 3600; s++) {
            completed(T0.plusSeconds(s), s % 1000 == 999 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, 100);
        }
        List<PlatformEvent> alerts = alerts();
        assertThat(alerts).filteredOn(a -> a instanceof AlertFiring f && f.severity() == Severity.CRITICAL).isEmpty();
        assertThat(alerts).filteredOn(a -> a instanceof AlertFiring f && f.rule().startsWith("slo_burn")).isEmpty();
    }

    @Test
    void fullOutagePagesAfterTheWorkbookTimeAndRecoveryResolves() throws Exception {
        start(DEFAULTS);
        steady(T0, Duration.ofHours(6));
        Instant outage = T0.plus(Duration.ofHours(6));
        int failures = 0;
        AlertFiring page = null;
        List<PlatformEvent> during = new ArrayList<>();
        for (int s = 0; page == null && s < 600; s++) {
            completed(outage.plusSeconds(s), ExecutionStatus.FAILED, 100);
            failures++;
            List<PlatformEvent> now = alerts();
            during.addAll(now);
            page = firing(now, a -> a.rule().equals(BurnWindow.PAGE_FAST) && a.labels().get("slo").equals("availability"));
        }
        assertThat(firing(during, a -> a.rule().equals(MonitorProcessor.ERROR_RATE))).as("error rate too").isNotNull();
        assertThat(page).as("a full outage pages").isNotNull();
        double workbook = BurnRate.timeToFire(0.999, 1.0, Duration.ofHours(1), 14.4).orElseThrow().toMillis() / 1000.0;
        assertThat(workbook).isEqualTo(51.84);
        assertThat((double) failures).as("seconds of outage before the page").isCloseTo(workbook, within(1.5));
        assertThat(page.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(page.windows()).containsOnlyKeys("1h", "5m");
        assertThat(page.windows().get("1h")).isGreaterThan(14.4);
        assertThat(page.summary()).contains("availability SLO (99.9%)", "gone in", "1h");
        assertThat(page.traceId()).isNotNull();
        assertThat(page.startsAt()).isEqualTo(outage.plusSeconds(failures - 1));
        String fingerprint = page.fingerprint();
        Instant startsAt = page.startsAt();

        // Recovery: successes push the failures out of the 5-minute window; the page resolves.
        List<PlatformEvent> after = new ArrayList<>();
        for (int s = failures; s < failures + 900; s++) {
            completed(outage.plusSeconds(s), ExecutionStatus.SUCCEEDED, 100);
            after.addAll(alerts());
        }
        AlertResolved resolved = after.stream().filter(a -> a instanceof AlertResolved r
                && r.fingerprint().equals(fingerprint)).map(AlertResolved.class::cast).findFirst().orElseThrow();
        assertThat(resolved.startsAt()).isEqualTo(startsAt);
        assertThat(Duration.between(outage, resolved.endsAt())).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
        assertThat(after).filteredOn(a -> a instanceof AlertFiring f && f.rule().equals(BurnWindow.PAGE_FAST)).isEmpty();
        assertThat(after).filteredOn(a -> a instanceof AlertFiring f && f.rule().equals(BurnWindow.PAGE_SLOW)
                && "availability".equals(f.labels().get("slo"))).as("inhibited, then no longer breached").isEmpty();
    }

    @Test
    void aPageInhibitsTheSlowerAlertsOfTheSameSloAndTenant() throws Exception {
        start(DEFAULTS);
        // Three days of history (one execution per 10 s), so the 3d window is full: the ticket then
        // needs more failures than the fast page and would start while the page fires.
        steady(T0, Duration.ofDays(3), 10);
        Instant outage = T0.plus(Duration.ofDays(3));
        List<PlatformEvent> seen = new ArrayList<>();
        // 10 minutes of outage: long enough for the 6h/30m pair and the ticket to be breached too.
        for (int s = 0; s < 600; s++) {
            completed(outage.plusSeconds(s), ExecutionStatus.FAILED, 100);
            seen.addAll(alerts());
        }
        List<String> availabilityFirings = seen.stream().filter(a -> a instanceof AlertFiring f
                && "availability".equals(f.labels().get("slo"))).map(a -> ((AlertFiring) a).rule()).toList();
        assertThat(availabilityFirings).containsExactly(BurnWindow.PAGE_FAST);

        // After recovery the fast page resolves; the slow page (its 30m window still burning) is no
        // longer inhibited and speaks; the ticket must wait for both pages.
        for (int s = 600; s < 600 + 3600; s++) {
            completed(outage.plusSeconds(s), ExecutionStatus.SUCCEEDED, 100);
            seen.addAll(alerts());
        }
        int resolvedAt = indexOf(seen, a -> a instanceof AlertResolved r && r.rule().equals(BurnWindow.PAGE_FAST)
                && "availability".equals(r.labels().get("slo")));
        int slowAt = indexOf(seen, a -> a instanceof AlertFiring f && f.rule().equals(BurnWindow.PAGE_SLOW)
                && "availability".equals(f.labels().get("slo")));
        assertThat(resolvedAt).isNotNegative();
        assertThat(slowAt).as("the slow page fires once the fast one no longer inhibits it").isGreaterThan(resolvedAt);
        assertNoSlowerAlertStartsWhileAPageFires(seen, "availability");
    }

    /** Walks the transitions in order: no alert may start while a faster page of the same SLO fires. */
    private static void assertNoSlowerAlertStartsWhileAPageFires(List<PlatformEvent> events, String slo) {
        java.util.Set<String> firingPages = new java.util.HashSet<>();
        for (PlatformEvent e : events) {
            if (e instanceof AlertFiring f && slo.equals(f.labels().get("slo"))) {
                int rank = rank(f.rule());
                assertThat(firingPages.stream().filter(p -> rank(p) < rank)).as("%s started under a page", f.rule()).isEmpty();
                if (f.severity() == Severity.CRITICAL) {
                    firingPages.add(f.rule());
                }
            } else if (e instanceof AlertResolved r && slo.equals(r.labels().get("slo"))) {
                firingPages.remove(r.rule());
            }
        }
    }

    private static int rank(String rule) {
        return BurnWindow.WORKBOOK.stream().filter(w -> w.rule().equals(rule)).findFirst().orElseThrow().rank();
    }

    @Test
    void agentsWithTheirOwnSlosPageBeforeTheTenantDoes() throws Exception {
        TenantPolicy d = TenantPolicy.defaults();
        TenantPolicy perAgent = new TenantPolicy(d.recentExecutions(), d.minExecutions(), d.errorRateThreshold(),
                d.responseTimeThresholdMs(), d.quotaUtilizationThreshold(), d.resourceUtilizationThreshold(),
                d.resourceMinDurationMs(), d.slos(), d.guard(), java.util.Set.of("chaos"));
        start(new Policies(d, Map.of(TENANT, perAgent), Duration.ofMinutes(2), Optional.empty(), BurnRate.DEFAULT_PERIOD));
        for (int s = 0; s < 3600; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.SUCCEEDED, 100, null, "chaos");
            completed(T0.plusSeconds(s), ExecutionStatus.SUCCEEDED, 100, null, "steady");
        }
        output.readRecordsToList();
        Instant outage = T0.plusSeconds(3600);
        List<PlatformEvent> seen = new ArrayList<>();
        Integer agentPageAt = null;
        Integer tenantPageAt = null;
        for (int s = 0; s < 200 && tenantPageAt == null; s++) {
            completed(outage.plusSeconds(s), ExecutionStatus.FAILED, 100, null, "chaos");
            completed(outage.plusSeconds(s), ExecutionStatus.SUCCEEDED, 100, null, "steady");
            for (PlatformEvent e : alerts()) {
                if (e instanceof AlertFiring f && f.rule().equals(BurnWindow.PAGE_FAST) && "availability".equals(f.labels().get("slo"))) {
                    if ("chaos".equals(f.labels().get("agent"))) {
                        agentPageAt = s;
                        assertThat(f.agentId()).isEqualTo("chaos");
                    } else {
                        assertThat(f.labels()).doesNotContainKey("agent");
                        tenantPageAt = s;
                    }
                }
            }
        }
        assertThat(agentPageAt).as("the agent's own SLO pages after ~52 s of its outage").isNotNull().isBetween(50, 53);
        assertThat(tenantPageAt).as("the tenant-wide SLO, diluted by the healthy agent, later").isNotNull()
                .isGreaterThan(agentPageAt + 40);
    }

    @Test
    void lowTrafficDoesNotPage() throws Exception {
        start(DEFAULTS);
        // A quiet tenant: one failure among its first ten executions.
        for (int s = 0; s < 10; s++) {
            completed(T0.plusSeconds(s * 10L), s == 3 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, 100);
        }
        assertThat(alerts()).filteredOn(a -> a instanceof AlertFiring f && f.rule().startsWith("slo_burn")).isEmpty();
    }

    @Test
    void outOfOrderEventsInsideTheAllowedLatenessCountAndOlderOnesAreDropped() throws Exception {
        start(DEFAULTS);
        completed(T0.plusSeconds(300), ExecutionStatus.SUCCEEDED, 100);
        completed(T0.plusSeconds(250), ExecutionStatus.FAILED, 100);   // 50 s late: counts
        completed(T0.plusSeconds(181), ExecutionStatus.FAILED, 100);   // 119 s late: counts
        completed(T0.plusSeconds(100), ExecutionStatus.FAILED, 100);   // 200 s late: dropped
        SloWindows w = MonitorProcessor.load(driver.getKeyValueStore(StoreNames.BUCKETS), TENANT,
                MonitorProcessor.windows(BurnRate.DEFAULT_PERIOD));
        assertThat(w.total(Duration.ofMinutes(5), SloKind.AVAILABILITY)).isEqualTo(3);
        assertThat(w.bad(Duration.ofMinutes(5), SloKind.AVAILABILITY)).isEqualTo(2);
        assertThat(lateDropped).hasValue(1);

        // Late failures also count for the threshold rules, in event-time order.
        for (int s = 0; s < 3; s++) {
            completed(T0.plusSeconds(290 - s), ExecutionStatus.FAILED, 100);
        }
        AlertFiring errorRate = firing(alerts(), a -> a.rule().equals(MonitorProcessor.ERROR_RATE));
        assertThat(errorRate).as("fires at the fifth execution, two of whose failures came late").isNotNull();
        assertThat(errorRate.value()).isEqualTo(0.8);
        assertThat(errorRate.summary()).contains("4 of the last 5");
    }

    @Test
    void errorRateFiresOnceAndResolves() throws Exception {
        start(DEFAULTS);
        for (int s = 0; s < 4; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.FAILED, 10);
        }
        assertThat(alerts()).as("fewer than 5 executions never fire").isEmpty();
        completed(T0.plusSeconds(4), ExecutionStatus.FAILED, 10);
        completed(T0.plusSeconds(5), ExecutionStatus.FAILED, 10);
        List<PlatformEvent> fired = alerts();
        assertThat(fired).hasSize(1);
        AlertFiring alert = (AlertFiring) fired.get(0);
        assertThat(alert.rule()).isEqualTo("error_rate_high");
        assertThat(alert.severity()).isEqualTo(Severity.WARNING);
        assertThat(alert.agentId()).isEqualTo("chaos");
        assertThat(alert.value()).isEqualTo(1.0);
        assertThat(alert.summary()).contains("5 of the last 5");
        assertThat(alert.labels()).containsEntry("tenant", TENANT).containsEntry("agent", "chaos");
        for (int s = 10; s < 20; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.SUCCEEDED, 10);
        }
        List<PlatformEvent> resolved = alerts();
        assertThat(resolved).hasSize(1).first().isInstanceOf(AlertResolved.class);
        assertThat(((AlertResolved) resolved.get(0)).fingerprint()).isEqualTo(alert.fingerprint());
    }

    @Test
    void responseTimeFiresAndResolves() throws Exception {
        start(DEFAULTS);
        for (int s = 0; s < 5; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.SUCCEEDED, 2000);
        }
        AlertFiring slow = firing(alerts(), a -> a.rule().equals(MonitorProcessor.RESPONSE_TIME));
        assertThat(slow).isNotNull();
        assertThat(slow.value()).isEqualTo(2000.0);
        assertThat(slow.threshold()).isEqualTo(1000.0);
        assertThat(slow.windows()).containsEntry("last5_p95_ms", 2000.0);
        for (int s = 5; s < 15; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.SUCCEEDED, 100);
        }
        assertThat(alerts()).filteredOn(a -> a instanceof AlertResolved r && r.rule().equals(MonitorProcessor.RESPONSE_TIME))
                .hasSize(1);
    }

    @Test
    void quotaUtilizationFiresAndResolves() throws Exception {
        start(DEFAULTS);
        admission(T0, Map.of("concurrentExecutions", 0.95, "memoryMb", 0.5));
        AlertFiring quota = firing(alerts(), a -> a.rule().equals(MonitorProcessor.QUOTA_UTILIZATION));
        assertThat(quota).isNotNull();
        assertThat(quota.value()).isEqualTo(0.95);
        assertThat(quota.summary()).contains("concurrentExecutions");
        admission(T0.plusSeconds(1), Map.of("concurrentExecutions", 0.96));
        assertThat(alerts()).as("still firing: no new transition").isEmpty();
        admission(T0.plusSeconds(2), Map.of("concurrentExecutions", 0.5));
        assertThat(alerts()).hasSize(1).first().isInstanceOf(AlertResolved.class);
    }

    @Test
    void resourceUtilizationFiresAndResolves() throws Exception {
        start(DEFAULTS);
        for (int s = 0; s < 5; s++) {
            completed(T0.plusSeconds(s * 10L), ExecutionStatus.SUCCEEDED, 2000, 1900L);
        }
        AlertFiring busy = firing(alerts(), a -> a.rule().equals(MonitorProcessor.RESOURCE_UTILIZATION));
        assertThat(busy).isNotNull();
        assertThat(busy.value()).isCloseTo(0.95, within(1e-9));
        for (int s = 5; s < 15; s++) {
            completed(T0.plusSeconds(s * 10L), ExecutionStatus.SUCCEEDED, 2000, 200L);
        }
        assertThat(alerts()).filteredOn(a -> a instanceof AlertResolved r
                && r.rule().equals(MonitorProcessor.RESOURCE_UTILIZATION)).hasSize(1);
    }

    @Test
    void perTenantOverridesApply() throws Exception {
        TenantPolicy d = TenantPolicy.defaults();
        TenantPolicy lenient = new TenantPolicy(d.recentExecutions(), d.minExecutions(), 0.5, d.responseTimeThresholdMs(),
                d.quotaUtilizationThreshold(), d.resourceUtilizationThreshold(), d.resourceMinDurationMs(), d.slos(),
                d.guard(), d.sloAgents());
        start(new Policies(d, Map.of(TENANT, lenient), Duration.ofMinutes(2), Optional.empty(), BurnRate.DEFAULT_PERIOD));
        for (int s = 0; s < 10; s++) {
            completed(T0.plusSeconds(s), s >= 6 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, 10);
        }
        assertThat(alerts()).as("40 % is under this tenant's 50 %").isEmpty();
    }

    @Test
    void theSloTargetsOfTheTenantsRegistrationApply() throws Exception {
        start(DEFAULTS);
        // 99.999 % availability registered: one failure in 1000 now burns the budget 100 times too fast
        pipe(new TenantConfigured("cfg-1", TENANT, T0, null, true, new TenantConfigured.SloTargets(0.99999, null, null)));
        // an older registration (by event time) arriving later changes nothing
        pipe(new TenantConfigured("cfg-0", TENANT, T0.minusSeconds(60), null, true, null));
        List<PlatformEvent> seen = new ArrayList<>();
        for (int s = 1; s <= 3600; s++) {
            completed(T0.plusSeconds(s), s % 1000 == 999 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED, 100);
            seen.addAll(alerts());
        }
        AlertFiring page = firing(seen, a -> a.rule().equals(BurnWindow.PAGE_FAST) && a.labels().get("slo").equals("availability"));
        assertThat(page).as("the registered target pages where the default (99.9 %%) would not").isNotNull();
        assertThat(page.summary()).contains("availability SLO (99.999%)");
    }

    @Test
    void aRegisteredLatencyThresholdReplacesTheDefault() throws Exception {
        start(DEFAULTS);
        pipe(new TenantConfigured("cfg-1", TENANT, T0, null, true, new TenantConfigured.SloTargets(null, null, 800)));
        List<PlatformEvent> seen = new ArrayList<>();
        for (int s = 1; s <= 3600; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.SUCCEEDED, 600); // over the default 500 ms, under 800 ms
            seen.addAll(alerts());
        }
        assertThat(seen).filteredOn(a -> a instanceof AlertFiring f && "latency".equals(f.labels().get("slo"))).isEmpty();

        // the registration withdrawn (no targets): the default threshold makes every one of them slow
        pipe(new TenantConfigured("cfg-2", TENANT, T0.plusSeconds(3601), null, true, null));
        for (int s = 3602; s <= 3602 + 600; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.SUCCEEDED, 600);
            seen.addAll(alerts());
        }
        assertThat(seen).filteredOn(a -> a instanceof AlertFiring f && "latency".equals(f.labels().get("slo")))
                .as("the default 500 ms threshold burns the latency budget").isNotEmpty();
    }

    @Test
    void theRepeatIntervalReannouncesALongFiringAlert() throws Exception {
        start(new Policies(TenantPolicy.defaults(), Map.of(), Duration.ofMinutes(2), Optional.of(Duration.ofMinutes(1)),
                BurnRate.DEFAULT_PERIOD));
        for (int s = 0; s < 150; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.FAILED, 10);
        }
        List<AlertFiring> errorRate = alerts().stream().filter(a -> a instanceof AlertFiring f
                && f.rule().equals(MonitorProcessor.ERROR_RATE)).map(AlertFiring.class::cast).toList();
        assertThat(errorRate).hasSize(3); // at 4 s, 64 s and 124 s
        assertThat(errorRate).extracting(AlertFiring::startsAt).containsOnly(T0.plusSeconds(4));
        assertThat(errorRate).extracting(AlertFiring::id).doesNotHaveDuplicates();
    }

    @Test
    void theSameInputGivesTheSameAlerts() throws Exception {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            start(DEFAULTS);
            steady(T0, Duration.ofHours(1));
            for (int s = 0; s < 120; s++) {
                completed(T0.plus(Duration.ofHours(1)).plusSeconds(s), ExecutionStatus.FAILED, 100);
            }
            List<String> records = new ArrayList<>();
            output.readRecordsToList().forEach(r -> records.add(r.key() + " " + new String(r.value())));
            assertThat(records).isNotEmpty();
            runs.add(records);
        }
        assertThat(runs.get(1)).isEqualTo(runs.get(0));
    }

    @Test
    void alertRecordsAreCloudEventsKeyedByFingerprint() throws Exception {
        start(DEFAULTS);
        for (int s = 0; s < 5; s++) {
            completed(T0.plusSeconds(s), ExecutionStatus.FAILED, 10);
        }
        TestRecord<String, byte[]> record = output.readRecord();
        PlatformEvent event = decode(record);
        assertThat(record.key()).isEqualTo(((AlertFiring) event).fingerprint());
        assertThat(CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_SOURCE)).contains("/monitoring-service");
        assertThat(CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TENANT)).contains(TENANT);
    }

    // --- helpers ---------------------------------------------------------------------------

    private void steady(Instant from, Duration length) {
        steady(from, length, 1);
    }

    private void steady(Instant from, Duration length, int everySeconds) {
        for (long s = 0; s < length.toSeconds(); s += everySeconds) {
            completed(from.plusSeconds(s), ExecutionStatus.SUCCEEDED, 100);
        }
        output.readRecordsToList();
    }

    private void completed(Instant at, ExecutionStatus status, long durationMs) {
        completed(at, status, durationMs, null);
    }

    private void completed(Instant at, ExecutionStatus status, long durationMs, Long cpuTimeMs) {
        completed(at, status, durationMs, cpuTimeMs, "chaos");
    }

    private void completed(Instant at, ExecutionStatus status, long durationMs, Long cpuTimeMs, String agent) {
        int n = sequence++;
        ResourceUsage usage = cpuTimeMs == null ? ResourceUsage.none()
                : new ResourceUsage(cpuTimeMs, null, 512, 1.0, null, null, null);
        String trace = String.format("00-%032x-%016x-01", n + 1, n + 1);
        ExecutionCompleted e = new ExecutionCompleted("ev-" + n, TENANT, at, trace, "job-" + n, agent, "worker-1",
                status, at.minusMillis(durationMs), durationMs, null,
                status == ExecutionStatus.FAILED ? "ChaosFailure" : null, null, 1, usage, false);
        pipe(e);
    }

    private void admission(Instant at, Map<String, Double> utilization) {
        pipe(new AdmissionDecided("adm-" + sequence++, TENANT, at, null, null, "chaos", true, List.of(), utilization));
    }

    private void pipe(PlatformEvent e) {
        input.pipeInput(new TestRecord<>(e.tenantId(), EventCodec.encode(e), CloudEventRecords.headers(e, "/test"),
                e.occurredAt()));
    }

    private List<PlatformEvent> alerts() {
        return output.readRecordsToList().stream().map(MonitorTopologyTest::decode).toList();
    }

    private static PlatformEvent decode(TestRecord<String, byte[]> record) {
        String type = CloudEventRecords.header(record.headers(), CloudEventAttributes.HEADER_TYPE).orElseThrow();
        return EventCodec.decode(type, record.value());
    }

    private static AlertFiring firing(List<PlatformEvent> events, Predicate<AlertFiring> match) {
        return events.stream().filter(e -> e instanceof AlertFiring).map(AlertFiring.class::cast).filter(match)
                .findFirst().orElse(null);
    }

    private static int indexOf(List<PlatformEvent> events, Predicate<PlatformEvent> match) {
        for (int i = 0; i < events.size(); i++) {
            if (match.test(events.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
