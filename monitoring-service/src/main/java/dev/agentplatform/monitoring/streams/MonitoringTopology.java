package dev.agentplatform.monitoring.streams;

import dev.agentplatform.events.Topics;
import dev.agentplatform.monitoring.service.Policies;
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

    public MonitoringTopology(Policies policies, SloObserver observer) {
        this.policies = policies;
        this.observer = observer;
    }

    @Produces
    public Topology topology() {
        return build(policies, observer);
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
        Topology topology = new Topology();
        topology.addSource("metrics", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.METRICS);
        topology.addProcessor("monitor", () -> new MonitorProcessor(policies, observer), "metrics");
        // Persistent (RocksDB) and, by default, backed by a compacted changelog topic.
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(StoreNames.BUCKETS, persistent),
                Serdes.String(), Serdes.ByteArray()), "monitor");
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(StoreNames.RECENT, persistent),
                Serdes.String(), Serdes.String()), "monitor");
        topology.addStateStore(Stores.keyValueStoreBuilder(supplier(StoreNames.ALERTS, persistent),
                Serdes.String(), Serdes.String()), "monitor");
        topology.addSink("alerts", Topics.ALERTS, Serdes.String().serializer(), Serdes.ByteArray().serializer(), "monitor");
        return topology;
    }

    private static KeyValueBytesStoreSupplier supplier(String name, boolean persistent) {
        return persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }
}
