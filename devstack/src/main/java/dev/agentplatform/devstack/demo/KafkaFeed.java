package dev.agentplatform.devstack.demo;

import dev.agentplatform.events.CloudEventAttributes;
import dev.agentplatform.events.EventCodec;
import dev.agentplatform.events.EventDecodingException;
import dev.agentplatform.events.EventTypes;
import dev.agentplatform.events.ExecutionCompleted;
import dev.agentplatform.events.PlatformEvent;
import dev.agentplatform.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain Kafka consumer, without a group (it moves nobody's offsets), on {@code agent.alerts}
 * and {@code agent.metrics} from their ends: alert transitions and job completions of the demo's
 * tenants, handed to callbacks on the consumer's own thread.
 */
final class KafkaFeed implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<String> tenants;
    private final Consumer<AlertEvent> onAlert;
    private final Consumer<ExecutionCompleted> onCompleted;
    private final Thread thread;
    private volatile boolean running = true;

    KafkaFeed(String bootstrap, Set<String> tenants, Consumer<AlertEvent> onAlert, Consumer<ExecutionCompleted> onCompleted) {
        this.tenants = Set.copyOf(tenants);
        this.onAlert = onAlert;
        this.onCompleted = onCompleted;
        this.consumer = new KafkaConsumer<>(properties(bootstrap));
        List<TopicPartition> partitions = new ArrayList<>();
        partitions.addAll(partitions(Topics.ALERTS));
        partitions.addAll(partitions(Topics.METRICS));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now, so nothing that happens after this constructor is missed.
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "demo-kafka-feed");
        thread.setDaemon(true);
    }

    KafkaFeed start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    dispatch(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void dispatch(ConsumerRecord<String, byte[]> record) {
        String type = header(record, CloudEventAttributes.HEADER_TYPE);
        String tenant = header(record, CloudEventAttributes.HEADER_TENANT);
        if (type == null || (tenant != null && !tenants.contains(tenant))) {
            return;
        }
        boolean alert = type.equals(EventTypes.ALERT_FIRING) || type.equals(EventTypes.ALERT_RESOLVED);
        if (!alert && !type.equals(EventTypes.EXECUTION_COMPLETED)) {
            return;
        }
        PlatformEvent event;
        try {
            event = EventCodec.decode(type, record.value());
        } catch (EventDecodingException e) {
            return;
        }
        if (!tenants.contains(event.tenantId())) {
            return;
        }
        if (alert) {
            onAlert.accept(AlertEvent.of(event));
        } else {
            onCompleted.accept((ExecutionCompleted) event);
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private static Properties properties(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Monitoring writes alerts in transactions: read only committed transitions, like any subscriber should.
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
