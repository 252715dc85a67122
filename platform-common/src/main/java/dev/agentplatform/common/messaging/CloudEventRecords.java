package dev.agentplatform.common.messaging;

import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.PlatformEvent;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Writes and reads platform events as CloudEvents in Kafka binary mode: {@code ce_*} headers
 * plus the JSON body from {@link EventCodec}. Channels that use this set {@code cloud-events=false}
 * so the connector adds nothing of its own.
 */
public final class CloudEventRecords {

    private CloudEventRecords() {
    }

    /** A message for an event, keyed as the topic table of ARCHITECTURE.md says. */
    public static Message<byte[]> message(PlatformEvent event, String key, String source) {
        return message(event, key, source, null);
    }

    /** As {@link #message(PlatformEvent, String, String)}, sent to {@code topic} instead of the channel's. */
    public static Message<byte[]> message(PlatformEvent event, String key, String source, String topic) {
        OutgoingKafkaRecordMetadata.OutgoingKafkaRecordMetadataBuilder<String> metadata =
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers(event, source));
        if (topic != null) {
            metadata.withTopic(topic);
        }
        return Message.of(EventCodec.encode(event)).addMetadata(metadata.build());
    }

    /**
     * The record a channel's sink would write for an event, for code that writes through the
     * channel's Kafka producer directly: {@code body} is the event's {@link EventCodec} encoding.
     */
    public static org.apache.kafka.clients.producer.ProducerRecord<String, byte[]> record(String topic, String key,
            PlatformEvent event, byte[] body, String source) {
        return new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null, key, body, headers(event, source));
    }

    public static Headers headers(PlatformEvent event, String source) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventAttributes.headersOf(event, source)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return headers;
    }

    /** Decodes a record by its {@code ce_type} header; throws {@link EventDecodingException} if it cannot. */
    public static PlatformEvent decode(ConsumerRecord<?, byte[]> record) {
        String type = header(record.headers(), CloudEventAttributes.HEADER_TYPE)
                .orElseThrow(() -> new EventDecodingException("record at " + record.topic() + "-"
                        + record.partition() + "@" + record.offset() + " has no ce_type header"));
        return EventCodec.decode(type, record.value());
    }

    public static Optional<String> header(Headers headers, String name) {
        Header header = headers == null ? null : headers.lastHeader(name);
        return header == null || header.value() == null
                ? Optional.empty()
                : Optional.of(new String(header.value(), StandardCharsets.UTF_8));
    }
}
