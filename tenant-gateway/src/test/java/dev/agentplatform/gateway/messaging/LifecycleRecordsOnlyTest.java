package dev.agentplatform.gateway.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventTypes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Only job lifecycle events (and records without a type, for the consumer to report) get through. */
class LifecycleRecordsOnlyTest {

    private static final TopicPartition P0 = new TopicPartition("agent.metrics", 0);
    private static final TopicPartition P1 = new TopicPartition("agent.metrics", 1);
    private static final TopicPartition P2 = new TopicPartition("agent.metrics", 2);

    private final LifecycleRecordsOnly interceptor = new LifecycleRecordsOnly();

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, String type) {
        RecordHeaders headers = new RecordHeaders();
        if (type != null) {
            headers.add(CloudEventAttributes.HEADER_TYPE, type.getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, 0L, TimestampType.CREATE_TIME, 0, 0,
                "tenant", new byte[0], headers, Optional.empty());
    }

    @Test
    void keepsStartsCompletionsAndUntypedRecordsInOrderAndDropsTheRest() {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> polled = new LinkedHashMap<>();
        polled.put(P0, List.of(record(P0, 10, EventTypes.EXECUTION_STARTED), record(P0, 11, EventTypes.EXECUTION_COMPLETED)));
        polled.put(P1, List.of(record(P1, 5, EventTypes.ADMISSION_DECIDED), record(P1, 6, EventTypes.EXECUTION_STARTED),
                record(P1, 7, EventTypes.ADMISSION_DECIDED)));
        polled.put(P2, List.of(record(P2, 1, EventTypes.ADMISSION_DECIDED), record(P2, 2, EventTypes.TENANT_CONFIGURED)));
        Map<TopicPartition, OffsetAndMetadata> next = Map.of(P0, new OffsetAndMetadata(12), P1, new OffsetAndMetadata(8),
                P2, new OffsetAndMetadata(3));
        ConsumerRecords<String, byte[]> kept = interceptor.onConsume(new ConsumerRecords<>(polled, next));

        assertThat(kept.partitions()).containsExactlyInAnyOrder(P0, P1);
        assertThat(kept.records(P0)).extracting(ConsumerRecord::offset).containsExactly(10L, 11L);
        assertThat(kept.records(P1)).extracting(ConsumerRecord::offset).containsExactly(6L);
        assertThat(kept.count()).isEqualTo(3);
        assertThat(kept.nextOffsets()).isEqualTo(next);

        ConsumerRecords<String, byte[]> untyped = new ConsumerRecords<>(Map.of(P2, List.of(record(P2, 4, null))), Map.of());
        assertThat(interceptor.onConsume(untyped)).as("nothing dropped: the same batch").isSameAs(untyped);
    }
}
