package dev.agentplatform.monitoring.streams;

import dev.agentplatform.events.Topics;
import dev.agentplatform.monitoring.service.Policies;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/** The Kafka Streams topology: agent.metrics → {@link MonitorProcessor} (three stores) → agent.alerts. */
@ApplicationScoped
public class MonitoringTopology {

    private final Policies policies;
    private final SloObserver observer;
    private final Tracer tracer;

    public MonitoringTopology(Policies policies, SloObserver observer, Tracer tracer) {
        this.policies = policies;
        this.observer = observer;
        this.tracer = tracer;
    }

    @Produces
    public Topology topology() {
        return build(policies, observer, true, tracer);
    }

    /** The topology with persistent, changelogged stores. */
    public static Topology build(Policies policies, SloObserver observer) {
        return build(policies, observer, true);
    }

    /**
     * The topology; {@code persistent=false} swaps RocksDB for in-memory stores (still
     * changelogged), which TopologyTestDriver tests use because the driver checkpoints RocksDB
     * after every record.
     */
    public static Topology build(Policies policies, SloObserver observer, boolean persistent) {
        return build(policies, observer, persistent, OpenTelemetry.noop().getTracer(MonitoringTopology.class.getName()));
    }

    /** As above, with rule evaluations traced by {@code tracer}. */
    public static Topology build(Policies policies, SloObserver observer, boolean persistent, Tracer tracer) {
        Topology topology = new Topology();
        topology.addSource("metrics", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.METRICS);
        topology.addProcessor("monitor", () -> new MonitorProcessor(policies, observer, tracer), "metrics");
        // Persistent (RocksDB) and, by default, backed by a compacted changelog topic. The buckets and
        // recent executions change on every event: their record cache keeps the latest value of each
        // key until the next commit, so RocksDB and the changelog get one write per key and commit
        // instead of one per event (the commit flushes the cache before the transaction commits).
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(StoreNames.BUCKETS, persistent),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "monitor");
        // Binary values (RecentExecutions#toBytes); values stored as JSON by earlier versions still read.
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(StoreNames.RECENT, persistent),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), "monitor");
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(StoreNames.ALERTS, persistent),
                Serdes.String(), Serdes.String()), "monitor");
        topology.addSink("alerts", Topics.ALERTS, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "monitor");
        return topology;
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
