package dev.agentplatform.devstack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real, standalone Kafka broker (KRaft, broker and controller in this JVM) for the local stack.
 *
 * <pre>
 * java -Xmx256m -cp "devstack/target/devstack.jar:devstack/target/lib/*" \
 *     dev.agentplatform.devstack.DevBroker --data-dir target/kafka --port 9092 --controller-port 9093 \
 *     --topics jobs:3,job-events:3
 * </pre>
 *
 * Data survives restarts (the storage is formatted only once). Prints {@code KAFKA READY <bootstrap>}
 * on stdout once clients can connect and the topics exist; logs go to stderr. Stops on SIGTERM.
 */
public final class DevBroker {

    /** Prefix of the one line this program prints on stdout. */
    public static final String READY = "KAFKA READY";

    static {
        // Must run before anything touches java.util.logging (including the LOG field below),
        // or JBoss LogManager complains and JUL output is lost.
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
    }

    private static final Logger LOG = LoggerFactory.getLogger(DevBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private DevBroker() {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DevBroker: " + e.getMessage() + "\n" + Options.USAGE);
            System.exit(2);
            return;
        }
        KafkaLogging.consoleToStderr();
        try {
            run(options);
        } catch (Exception e) {
            System.err.println("DevBroker failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(Options options) throws Exception {
        Path config = writeServerProperties(options);
        formatStorageIfNeeded(options, config);
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(Utils.loadProps(config.toString())), Time.SYSTEM);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "devbroker-shutdown"));
        server.startup();
        LOG.info("Broker started, waiting for it to accept clients");
        createTopics(options.bootstrap(), options.topics());
        System.out.println(READY + " " + options.bootstrap());
        System.out.flush();
        server.awaitShutdown();
    }

    private static void stop(KafkaRaftServer server) {
        LOG.info("Shutting down");
        server.shutdown();
        server.awaitShutdown();
    }

    static Path writeServerProperties(Options options) throws IOException {
        Files.createDirectories(options.dataDir());
        Path file = options.dataDir().resolve("server.properties");
        StringBuilder text = new StringBuilder("# Written by DevBroker on every start; edits are overwritten.\n");
        serverProperties(options).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text.toString(), StandardCharsets.UTF_8);
        return file;
    }

    static Map<String, String> serverProperties(Options options) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + options.controllerPort());
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + options.port() + ",CONTROLLER://127.0.0.1:" + options.controllerPort());
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + options.port());
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir(options).toString());
        props.putAll(KafkaSettings.singleNode());
        // Fewer threads than the defaults (3 network, 8 I/O, 10 background): one developer's
        // traffic does not need them, and each idle thread still costs memory.
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        return props;
    }

    private static Path logDir(Options options) {
        return options.dataDir().resolve("kraft-logs").toAbsolutePath();
    }

    /** Same as {@code kafka-storage.sh format --standalone}, but without System.exit on failure. */
    private static void formatStorageIfNeeded(Options options, Path config) throws Exception {
        if (Files.exists(logDir(options).resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "-t", Uuid.randomUuid().toString(), "-c", config.toString(), "--standalone"};
        int exitCode = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
        // Kafka prints progress to the stream; stdout is reserved for the READY line.
        System.err.print(output.toString(StandardCharsets.UTF_8));
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting " + logDir(options) + " failed with exit code " + exitCode);
        }
    }

    /** Also proves the broker accepts clients: Admin calls retry until it does or time out. */
    private static void createTopics(String bootstrap, Map<String, Integer> topics) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(properties)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var existing = admin.listTopics().names().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            var missing = topics.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new org.apache.kafka.clients.admin.NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                    .toList();
            admin.createTopics(missing).all().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Command-line options. */
    record Options(Path dataDir, int port, int controllerPort, Map<String, Integer> topics) {

        static final String USAGE = "usage: DevBroker --data-dir DIR [--port 9092] [--controller-port 9093]"
                + " [--topics name:partitions,...]";

        String bootstrap() {
            return "localhost:" + port;
        }

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>(Map.of("--port", "9092", "--controller-port", "9093"));
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].matches("--(data-dir|port|controller-port|topics)") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                }
                values.put(args[i], args[i + 1]);
            }
            if (!values.containsKey("--data-dir")) {
                throw new IllegalArgumentException("--data-dir is required");
            }
            return new Options(Path.of(values.get("--data-dir")), port(values, "--port"),
                    port(values, "--controller-port"), TopicSpec.parse(values.get("--topics")));
        }

        private static int port(Map<String, String> values, String name) {
            try {
                return Integer.parseInt(values.get(name));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, got '" + values.get(name) + "'");
            }
        }
    }
}
