package dev.agentplatform.devstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Prints a topic's records with their CloudEvents headers, like {@code kcat -C}: a plain Kafka
 * consumer without a group, so it never moves anyone's offsets.
 *
 * <pre>TopicTail --bootstrap localhost:9092 --topic agent.alerts [--from-beginning] [--max N] [--timeout SECONDS]</pre>
 */
public final class TopicTail {

    private TopicTail() {
    }

    public static void main(String[] args) {
        Args settings = Args.parse(args);
        String topic = settings.required("topic");
        int max = Integer.parseInt(settings.value("max", "0"));
        long timeoutSeconds = Long.parseLong(settings.value("timeout", "0"));
        long deadline = timeoutSeconds == 0 ? Long.MAX_VALUE : System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        int printed = 0;
        try (KafkaConsumer<String, byte[]> consumer = consumer(settings.value("bootstrap", "localhost:9092"))) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            if (settings.flag("from-beginning")) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            System.out.println("# following " + topic + (settings.flag("from-beginning") ? " from the beginning" : " (new records)"));
            while (System.nanoTime() < deadline && (max == 0 || printed < max)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    System.out.println(format(record));
                    if (++printed == max) {
                        break;
                    }
                }
            }
        }
    }

    /** {@code --name value} options and {@code --flag} switches. */
    private record Args(java.util.Map<String, String> values) {

        static Args parse(String[] args) {
            java.util.Map<String, String> values = new java.util.HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                }
                boolean hasValue = i + 1 < args.length && !args[i + 1].startsWith("--");
                values.put(args[i].substring(2), hasValue ? args[++i] : "");
            }
            return new Args(values);
        }

        String required(String name) {
            String value = values.get(name);
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return value;
        }

        String value(String name, String fallback) {
            return values.getOrDefault(name, fallback);
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }
    }

    static String format(ConsumerRecord<String, byte[]> record) {
        StringBuilder line = new StringBuilder();
        line.append(record.topic()).append('[').append(record.partition()).append("]@").append(record.offset())
                .append(" key=").append(record.key());
        for (Header header : record.headers()) {
            if (header.key().startsWith("ce_")) {
                line.append(' ').append(header.key()).append('=')
                        .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        line.append('\n').append(record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8));
        return line.toString();
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return new KafkaConsumer<>(props);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos == null || infos.isEmpty()) {
            throw new IllegalStateException("topic " + topic + " does not exist");
        }
        return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }
}
