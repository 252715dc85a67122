package dev.agentplatform.devstack;

import java.util.LinkedHashMap;
import java.util.Map;

/** Broker settings shared by every single-node broker devstack starts (in-process, container, DevBroker). */
final class KafkaSettings {

    private KafkaSettings() {
    }

    /**
     * Settings that make one broker behave like a usable cluster: internal topics with RF 1 (the
     * defaults of 3 would never become available), no rebalance delay (tests would wait 3 s per
     * group), auto-created topics like in dev, and a small log-cleaner buffer (the 128 MB default
     * dominates the heap of a small broker; Kafka requires strictly more than 1 MiB per cleaner
     * thread, so 2 MiB is the practical minimum). Internal topics get one partition because creating
     * the default 50 slows down the first consumer group by seconds and is useless on one node.
     */
    static Map<String, String> singleNode() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "1");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");
        settings.put("num.partitions", "3");
        settings.put("auto.create.topics.enable", "true");
        settings.put("log.cleaner.dedupe.buffer.size", "2097152");
        return settings;
    }
}
