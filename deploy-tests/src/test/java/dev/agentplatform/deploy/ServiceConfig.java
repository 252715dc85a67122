package dev.agentplatform.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service really reads, from its own sources: application.properties (as the prod profile
 * sees it), the properties of its {@code @ConfigMapping} interface, and the configuration
 * namespaces of the Quarkus extensions its pom declares. Deployment files are checked against it,
 * so a renamed key, a moved port or a dropped extension shows up as a failing test.
 */
final class ServiceConfig {

    /** Extension (a part of the artifactId) to the configuration namespaces it reads. */
    private static final Map<String, List<String>> EXTENSION_NAMESPACES = new LinkedHashMap<>();

    static {
        EXTENSION_NAMESPACES.put("redis-client", List.of("quarkus.redis."));
        EXTENSION_NAMESPACES.put("rest-client", List.of("quarkus.rest-client."));
        EXTENSION_NAMESPACES.put("messaging-kafka", List.of("kafka.", "mp.messaging.", "quarkus.messaging."));
        EXTENSION_NAMESPACES.put("kafka-streams", List.of("kafka.", "kafka-streams.", "quarkus.kafka-streams."));
        EXTENSION_NAMESPACES.put("opentelemetry", List.of("quarkus.otel."));
        EXTENSION_NAMESPACES.put("micrometer", List.of("quarkus.micrometer."));
        EXTENSION_NAMESPACES.put("smallrye-health", List.of("quarkus.smallrye-health."));
        EXTENSION_NAMESPACES.put("smallrye-openapi", List.of("quarkus.smallrye-openapi.", "quarkus.swagger-ui."));
        EXTENSION_NAMESPACES.put("smallrye-jwt", List.of("mp.jwt.", "smallrye.jwt.", "quarkus.smallrye-jwt."));
        EXTENSION_NAMESPACES.put("jackson", List.of("quarkus.jackson."));
        EXTENSION_NAMESPACES.put("logging-json", List.of("quarkus.log.console.json."));
        EXTENSION_NAMESPACES.put("scheduler", List.of("quarkus.scheduler."));
        EXTENSION_NAMESPACES.put("cache", List.of("quarkus.cache."));
        EXTENSION_NAMESPACES.put("fault-tolerance", List.of("quarkus.fault-tolerance."));
    }

    /** Read by every Quarkus application (core and the HTTP server every service has). */
    private static final List<String> CORE_NAMESPACES = List.of("quarkus.http.", "quarkus.log.", "quarkus.application.",
            "quarkus.shutdown.", "quarkus.management.", "quarkus.thread-pool.", "quarkus.vertx.", "quarkus.banner.");

    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern METHOD = Pattern.compile("^\\s*(?:default\\s+)?([\\w.<>, ?]+?)\\s+(\\w+)\\(\\s*\\)\\s*[;{]");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\\s*\"([^\"]+)\"\\s*\\)");
    /** A group whose members sit directly under its parent's prefix. */
    private static final String WITH_PARENT_NAME = "@WithParentName";
    private static final Pattern DEPENDENCY = Pattern.compile("<artifactId>([^<]+)</artifactId>");

    final String name;
    private final Map<String, String> properties;
    private final Set<String> mappingKeys = new TreeSet<>();
    private final Set<String> mappingMapPrefixes = new TreeSet<>();
    private final Set<String> extensions = new TreeSet<>();

    private ServiceConfig(String name, Map<String, String> properties) {
        this.name = name;
        this.properties = properties;
    }

    static ServiceConfig of(String service) {
        Path dir = Repo.path(service);
        ServiceConfig config = new ServiceConfig(service, prodProperties(dir.resolve("src/main/resources/application.properties")));
        config.readMappings(dir.resolve("src/main/java"));
        config.readExtensions(dir.resolve("pom.xml"));
        return config;
    }

    /** application.properties as the packaged (prod) application sees it: plain keys, overridden by %prod. keys. */
    private static Map<String, String> prodProperties(Path file) {
        Properties raw = new Properties();
        try {
            raw.load(new StringReader(Repo.read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> plain = new HashMap<>();
        Map<String, String> prod = new HashMap<>();
        raw.stringPropertyNames().forEach(key -> {
            if (key.startsWith("%prod.")) {
                prod.put(key.substring(6), raw.getProperty(key));
            } else if (!key.startsWith("%")) {
                plain.put(key, raw.getProperty(key));
            }
        });
        plain.putAll(prod);
        return plain;
    }

    private void readExtensions(Path pom) {
        Matcher m = DEPENDENCY.matcher(Repo.read(pom));
        while (m.find()) {
            String artifact = m.group(1);
            if (artifact.startsWith("quarkus-")) {
                EXTENSION_NAMESPACES.keySet().stream().filter(artifact::contains).forEach(extensions::add);
            }
        }
    }

    private void readMappings(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                addMapping(Repo.read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The properties a {@code @ConfigMapping} source declares (nothing when it declares none). */
    static Set<String> mappingKeysOf(String source) {
        ServiceConfig config = new ServiceConfig("source", Map.of());
        config.addMapping(source);
        return config.mappingKeys;
    }

    private void addMapping(String source) {
        Matcher prefix = MAPPING_PREFIX.matcher(source);
        if (prefix.find()) {
            Map<String, List<String[]>> interfaces = interfaceMethods(source);
            String root = INTERFACE.matcher(source.substring(prefix.end())).results().findFirst().orElseThrow().group(1);
            collect(prefix.group(1), root, interfaces, new HashSet<>());
        }
    }

    /** Methods (return type, property name) of every interface in a source file, by interface name. */
    private static Map<String, List<String[]>> interfaceMethods(String source) {
        Map<String, List<String[]>> methods = new HashMap<>();
        Deque<String> open = new ArrayDeque<>();
        Deque<Integer> openedAt = new ArrayDeque<>();
        int depth = 0;
        String withName = null;
        for (String line : source.split("\n")) {
            String code = line.replaceAll("//.*", "");
            Matcher iface = INTERFACE.matcher(code);
            if (iface.find() && code.contains("{")) {
                open.push(iface.group(1));
                openedAt.push(depth);
                methods.put(iface.group(1), new ArrayList<>());
            } else if (!open.isEmpty() && depth == openedAt.peek() + 1) {
                Matcher named = WITH_NAME.matcher(code);
                if (named.find()) {
                    withName = named.group(1);
                } else if (code.contains(WITH_PARENT_NAME)) {
                    withName = "";
                }
                Matcher method = METHOD.matcher(code);
                if (method.find()) {
                    String property = withName != null ? withName : kebab(method.group(2));
                    methods.get(open.peek()).add(new String[] {method.group(1).trim(), property});
                    withName = null;
                }
            }
            for (char c : code.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (!openedAt.isEmpty() && depth == openedAt.peek()) {
                        open.pop();
                        openedAt.pop();
                    }
                }
            }
        }
        return methods;
    }

    private void collect(String prefix, String iface, Map<String, List<String[]>> interfaces, Set<String> seen) {
        if (!seen.add(iface)) {
            return;
        }
        for (String[] method : interfaces.getOrDefault(iface, List.of())) {
            String type = method[0];
            String key = method[1].isEmpty() ? prefix : prefix + "." + method[1];
            String inner = type.replaceAll("^(Optional|List|Set)<(.+)>$", "$2");
            if (type.startsWith("Map<")) {
                mappingMapPrefixes.add(key + ".");
            } else if (interfaces.containsKey(inner)) {
                collect(key, inner, interfaces, seen);
            } else {
                mappingKeys.add(key);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The MicroProfile Config environment variable of a property: non-alphanumerics to _, upper case. */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** Why an environment variable is read by this service, or null when nothing reads it. */
    String reader(String env) {
        for (String key : properties.keySet()) {
            if (envName(key).equals(env)) {
                return "application.properties " + key;
            }
        }
        for (String key : mappingKeys) {
            if (envName(key).equals(env)) {
                return "@ConfigMapping " + key;
            }
        }
        for (String prefix : mappingMapPrefixes) {
            if (env.startsWith(envName(prefix))) {
                return "@ConfigMapping map " + prefix;
            }
        }
        for (String ns : namespaces()) {
            if (env.startsWith(envName(ns))) {
                return "Quarkus namespace " + ns;
            }
        }
        return null;
    }

    private List<String> namespaces() {
        List<String> all = new ArrayList<>(CORE_NAMESPACES);
        extensions.forEach(e -> all.addAll(EXTENSION_NAMESPACES.get(e)));
        return all;
    }

    Set<String> mappingKeys() {
        return mappingKeys;
    }

    boolean hasExtension(String extension) {
        return extensions.contains(extension);
    }

    String property(String key, String defaultValue) {
        return properties.getOrDefault(key, defaultValue);
    }

    /** The port the health and metrics endpoints answer on (the management interface, when enabled). */
    int managementPort() {
        if (Boolean.parseBoolean(property("quarkus.management.enabled", "false"))) {
            return Integer.parseInt(property("quarkus.management.port", "9000"));
        }
        return httpPort();
    }

    int httpPort() {
        return Integer.parseInt(property("quarkus.http.port", "8080"));
    }

    /** The path of a non-application endpoint such as health or metrics, as Quarkus resolves it. */
    String endpointPath(String relative) {
        String base;
        if (Boolean.parseBoolean(property("quarkus.management.enabled", "false"))) {
            base = join("/", property("quarkus.management.root-path", "q"));
        } else {
            String nonApp = property("quarkus.http.non-application-root-path", "q");
            base = nonApp.startsWith("/") ? nonApp : join(property("quarkus.http.root-path", "/"), nonApp);
        }
        return relative.startsWith("/") ? relative : join(base, relative);
    }

    /** Health endpoint of one kind: liveness, readiness or startup. */
    String healthPath(String kind) {
        String defaultSub = Map.of("liveness", "live", "readiness", "ready", "startup", "started").get(kind);
        String root = endpointPath(property("quarkus.smallrye-health.root-path", "health"));
        String sub = property("quarkus.smallrye-health." + kind + "-path", defaultSub);
        return sub.startsWith("/") ? sub : join(root, sub);
    }

    String metricsPath() {
        return endpointPath(property("quarkus.micrometer.export.prometheus.path", "metrics"));
    }

    private static String join(String a, String b) {
        return (a.endsWith("/") ? a : a + "/") + (b.startsWith("/") ? b.substring(1) : b);
    }
}
