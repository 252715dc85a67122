package dev.agentplatform.monitoring.bench;

import dev.agentplatform.common.messaging.CloudEventRecords;
import dev.agentplatform.devstack.KafkaBroker;
import dev.agentplatform.events.AlertFiring;
import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.ExecutionStatus;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.ResourceUsage;
import dev.agentplatform.events.Topics;
import dev.agentplatform.monitoring.service.Policies;
import dev.agentplatform.monitoring.service.TenantPolicy;
import dev.agentplatform.monitoring.slo.BurnRate;
import dev.agentplatform.monitoring.streams.MonitoringTopology;
import dev.agentplatform.monitoring.streams.SloObserver;
import dev.agentplatform.monitoring.metrics.SloMetrics;
import dev.agentplatform.monitoring.service.LatestFigures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Throughput of the alert engine (the production topology: exactly-once, RocksDB, changelogs)
 * against a plain KafkaConsumer of the same topic in the same run, then alert latency: the
 * breaching execution produced → its alert.firing read (read_committed) from agent.alerts.
 * Not a test; run by benchmarks/monitoring/run.sh. Arguments: events tenants latencySamples warmup.
 *
 * <p>Steady state, as JMH measures it: a warm-up backlog of {@code warmup} events (the same tenants, earlier
 * event times) is produced before the measured backlog of {@code events}; the engine and the plain consumers
 * process both, and only the events after the first {@code warmup} are timed (throughput, CPU per event).
 * The whole-run figures (first to last event) are printed too. {@code -Dbench.jfr=file} records a JFR
 * profile of the measured part only.
 */
public final class MonitoringBenchmark {

    public static void main(String[] args) throws Exception {
        // Log levels as the service runs them (INFO): unconfigured, the log manager enables TRACE, and the
        // clients' and Streams' trace statements would format every record.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        boolean tracing = !"off".equals(System.getProperty("bench.tracing"));
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 1_000_000;
        int total = warmup + events;
        String jfr = System.getProperty("bench.jfr");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "load average at start: %.2f%n", os.getSystemLoadAverage());
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(Map.of(Topics.METRICS, 6, Topics.ALERTS, 3));
            String bootstrap = broker.bootstrapServers();
            System.out.printf("broker: %s (%s)%n", broker.mode(), bootstrap);
            try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                long produced = produce(producer, total, tenants);
                System.out.printf("produced %d events (%d warm-up, then %d measured) in %d ms%n", total, warmup, events,
                        produced);
                double plain = plainConsumer(bootstrap, warmup, events);
                System.out.printf(Locale.ROOT, "plain consumer (poll + CloudEvents decode): %.0f events/s (measured part)%n", plain);
                double plainRaw = plainConsumerRaw(bootstrap, warmup, events);
                System.out.printf(Locale.ROOT, "plain consumer (poll only):                 %.0f events/s (measured part)%n", plainRaw);
                AtomicLong processed = new AtomicLong();
                AtomicLong first = new AtomicLong();
                AtomicLong measuredFrom = new AtomicLong();
                AtomicLong last = new AtomicLong();
                // CPU time of the stream threads (all of them, summed) and of the whole process: at the first event, at the end
                // of the warm-up (after its last event; the first event if there is none) and at the last event.
                java.util.concurrent.atomic.AtomicLongArray cpu = new java.util.concurrent.atomic.AtomicLongArray(6);
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                // The service's observer (Micrometer gauges and the dashboard's latest figures), counting events.
                SloMetrics metrics = new SloMetrics(new SimpleMeterRegistry(), new LatestFigures());
                SloObserver counter = new SloObserver() {
                    @Override
                    public SloFigures figures(String tenantId, String slo) {
                        SloFigures figures = metrics.figures(tenantId, slo);
                        return new SloFigures() {
                            @Override
                            public void burnRate(String window, double value) {
                                figures.burnRate(window, value);
                            }

                            @Override
                            public void budgetRemaining(double value) {
                                figures.budgetRemaining(value);
                                if (slo.equals("availability")) {
                                    counted();
                                }
                            }
                        };
                    }

                    private void counted() {
                        long n = processed.incrementAndGet();
                        long now = System.nanoTime();
                        if (first.compareAndSet(0, now)) {
                            cpu.set(0, streamThreadsCpu(threads));
                            cpu.set(1, os.getProcessCpuTime());
                        }
                        if (n == Math.max(1, warmup)) {
                            measuredFrom.set(now);
                            cpu.set(2, streamThreadsCpu(threads));
                            cpu.set(3, os.getProcessCpuTime());
                        }
                        if (n == total) {
                            cpu.set(4, streamThreadsCpu(threads));
                            cpu.set(5, os.getProcessCpuTime());
                        }
                        last.set(now);
                    }
                };
                AtomicLong spans = new AtomicLong();
                SdkTracerProvider tracerProvider = tracerProvider(spans);
                Tracer tracer = tracing ? tracerProvider.get(MonitoringBenchmark.class.getName())
                        : OpenTelemetry.noop().getTracer(MonitoringBenchmark.class.getName());
                System.out.println("rule evaluation spans: " + (tracing
                        ? "OpenTelemetry SDK, parentbased_always_on, batch span processor (exporter discards)"
                        : "off (no-op tracer)"));
                KafkaStreams streams = streams(bootstrap, counter, tracer);
                long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
                while (processed.get() < warmup && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                // JIT compilation and GC time (all threads) during the measured part, read at its ends by this thread.
                long compileFrom = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                long gcFrom = gcMillis();
                jdk.jfr.Recording recording = null;
                if (jfr != null) {
                    recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                    recording.setDestination(java.nio.file.Path.of(jfr));
                    recording.start();
                }
                // The last event's CPU times are written just after it is counted.
                while ((processed.get() < total || cpu.get(5) == 0) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long compileMs = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compileFrom;
                long gcMs = gcMillis() - gcFrom;
                if (recording != null) {
                    recording.stop();
                    recording.close();
                    System.out.println("JFR (measured part): " + jfr);
                }
                // Events timed: those after the end of the warm-up (after the first event if there is none).
                long timed = processed.get() - Math.max(1, warmup);
                double engine = timed * 1e9 / Math.max(1, last.get() - measuredFrom.get());
                System.out.printf(Locale.ROOT,
                        "alert engine (exactly_once_v2, RocksDB, changelogs): %.0f events/s (measured: %d events after %d warm-up)%n",
                        engine, timed, warmup);
                double whole = (processed.get() - 1) * 1e9 / Math.max(1, last.get() - first.get());
                System.out.printf(Locale.ROOT, "alert engine, whole run (first to last of %d events, warm-up included): %.0f events/s%n",
                        processed.get(), whole);
                if (cpu.get(4) != 0) {
                    System.out.printf(Locale.ROOT, "alert engine CPU per event (measured part): stream threads %.1f µs, whole process %.1f µs%n",
                            (cpu.get(4) - cpu.get(2)) / 1e3 / timed, (cpu.get(5) - cpu.get(3)) / 1e3 / timed);
                    System.out.printf(Locale.ROOT, "alert engine CPU per event (whole run):     stream threads %.1f µs, whole process %.1f µs%n",
                            (cpu.get(4) - cpu.get(0)) / 1e3 / (total - 1), (cpu.get(5) - cpu.get(1)) / 1e3 / (total - 1));
                }
                System.out.printf(Locale.ROOT, "during the measured part: JIT compilation %d ms, GC %d ms (%s)%n", compileMs, gcMs,
                        ManagementFactory.getGarbageCollectorMXBeans().stream()
                                .map(java.lang.management.GarbageCollectorMXBean::getName).toList());
                System.out.printf(Locale.ROOT, "load average after the engine: %.2f%n", os.getSystemLoadAverage());
                List<Long> latencies = latency(producer, bootstrap, samples);
                Collections.sort(latencies);
                System.out.printf(Locale.ROOT, "alert latency over %d alerts: p50 %d ms, p99 %d ms, max %d ms%n",
                        latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.99),
                        latencies.get(latencies.size() - 1));
                streams.close(Duration.ofSeconds(30));
                tracerProvider.shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
                System.out.println("spans exported: " + spans.get());
            }
        }
        System.exit(0);
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
    }

    private static long produce(KafkaProducer<String, byte[]> producer, int events, int tenants) {
        long start = System.nanoTime();
        // Event times end at least a minute before now (the latency samples' events are at now).
        Instant base = Instant.now().minusSeconds(Math.max(3600, (long) events / tenants + 60));
        for (int i = 0; i < events; i++) {
            String tenant = "bench-" + (i % tenants);
            // One event per tenant per ~second of event time, 1 in 2000 failing: healthy traffic.
            Instant at = base.plusMillis((long) i * 1000 / tenants);
            send(producer, completed(tenant, "agent-" + (i % 7), at,
                    i % 2000 == 1999 ? ExecutionStatus.FAILED : ExecutionStatus.SUCCEEDED));
        }
        producer.flush();
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static double plainConsumer(String bootstrap, int warmup, int events) {
        return consume(bootstrap, warmup, events, true);
    }

    private static double plainConsumerRaw(String bootstrap, int warmup, int events) {
        return consume(bootstrap, warmup, events, false);
    }

    /** Consumes the warm-up and the measured backlog; times the measured part (from the first record after the warm-up). */
    private static double consume(String bootstrap, int warmup, int events, boolean decode) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-plain-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.METRICS));
            long seen = 0;
            long start = 0;
            while (seen < warmup + events) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (start == 0 && seen == warmup) {
                        start = System.nanoTime();
                    }
                    if (decode) {
                        String type = CloudEventRecords.header(r.headers(), CloudEventAttributes.HEADER_TYPE).orElseThrow();
                        EventCodec.decode(type, r.value());
                    }
                    seen++;
                }
            }
            return (seen - warmup) * 1e9 / (System.nanoTime() - start);
        }
    }

    /** As the service is deployed (parentbased_always_on, batch processor), with an exporter that only counts. */
    private static SdkTracerProvider tracerProvider(AtomicLong spans) {
        SpanExporter counting = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                spans.addAndGet(batch.size());
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        return SdkTracerProvider.builder().setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                .addSpanProcessor(BatchSpanProcessor.builder(counting).build()).build();
    }

    /** The service's {@code kafka-streams.num.stream.threads} (its application.properties), so the engine runs as deployed. */
    private static int serviceStreamThreads() throws java.io.IOException {
        Properties service = new Properties();
        try (var in = MonitoringBenchmark.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                service.load(in);
            }
        }
        return Integer.parseInt(service.getProperty("kafka-streams.num.stream.threads", "1").trim());
    }

    /** CPU time (ns) of every Kafka Streams stream thread of this JVM, summed. */
    private static long streamThreadsCpu(ThreadMXBean threads) {
        long sum = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().contains("StreamThread")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    private static KafkaStreams streams(String bootstrap, SloObserver observer, Tracer tracer) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "monitoring-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        int streamThreads = Integer.getInteger("bench.stream-threads", serviceStreamThreads());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
        System.out.println("stream threads: " + streamThreads + " (the service's kafka-streams.num.stream.threads unless -Dbench.stream-threads)");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("monitoring-bench").toString());
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        Policies policies = new Policies(TenantPolicy.defaults(), Map.of(), Duration.ofMinutes(2), Optional.empty(),
                BurnRate.DEFAULT_PERIOD);
        KafkaStreams streams = new KafkaStreams(MonitoringTopology.build(policies, observer, true, tracer), props);
        streams.start();
        return streams;
    }

    /** Per sample: 4 failures of a fresh tenant, then the 5th (breaching) one timed until its alert is read. */
    private static List<Long> latency(KafkaProducer<String, byte[]> producer, String bootstrap, int samples) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Long> latencies = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> alerts = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = alerts.partitionsFor(Topics.ALERTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            alerts.assign(partitions);
            alerts.seekToEnd(partitions);
            partitions.forEach(alerts::position);
            for (int i = 0; i < samples; i++) {
                String tenant = "latency-" + i;
                Instant at = Instant.now();
                for (int k = 0; k < 4; k++) {
                    send(producer, completed(tenant, "chaos", at.plusMillis(k), ExecutionStatus.FAILED));
                }
                producer.flush();
                long sent = System.nanoTime();
                send(producer, completed(tenant, "chaos", at.plusMillis(4), ExecutionStatus.FAILED));
                producer.flush();
                latencies.add(awaitAlert(alerts, tenant, sent));
            }
        }
        return latencies;
    }

    private static long awaitAlert(KafkaConsumer<String, byte[]> alerts, String tenant, long sent) {
        long deadline = sent + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : alerts.poll(Duration.ofMillis(5))) {
                String type = CloudEventRecords.header(r.headers(), CloudEventAttributes.HEADER_TYPE).orElseThrow();
                PlatformEvent e = EventCodec.decode(type, r.value());
                if (e instanceof AlertFiring f && f.tenantId().equals(tenant) && f.rule().equals("error_rate_high")) {
                    return (System.nanoTime() - sent) / 1_000_000;
                }
            }
        }
        throw new IllegalStateException("no alert for " + tenant + " within 30 s");
    }

    private static ExecutionCompleted completed(String tenant, String agent, Instant at, ExecutionStatus status) {
        return new ExecutionCompleted(UUID.randomUUID().toString(), tenant, at, null, "job", agent, "worker-1", status,
                at.minusMillis(120), 120, null, status == ExecutionStatus.FAILED ? "ChaosFailure" : null, null, 1,
                ResourceUsage.none(), false);
    }

    private static void send(KafkaProducer<String, byte[]> producer, ExecutionCompleted e) {
        producer.send(new ProducerRecord<>(Topics.METRICS, null, e.occurredAt().toEpochMilli(), e.tenantId(),
                EventCodec.encode(e), CloudEventRecords.headers(e, "/bench")));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }
}
