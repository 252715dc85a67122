package dev.agentplatform.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP/HTTP trace receiver: accepts {@code ExportTraceServiceRequest}s in protobuf (what
 * the services' exporters send with {@code quarkus.otel.exporter.otlp.protocol=http/protobuf}) and
 * keeps each span's service, ids, name and string attributes. It reads only the fields it keeps,
 * by their numbers in opentelemetry-proto's trace.proto, and skips everything else.
 */
final class OtlpReceiver implements AutoCloseable {

    /** One received span. Ids are lower-case hex; {@code parentSpanId} is empty for a root span. */
    record ReceivedSpan(String service, String traceId, String spanId, String parentSpanId, String name,
            Map<String, String> attributes) {
    }

    private final HttpServer server;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
    }

    static OtlpReceiver start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        OtlpReceiver receiver = new OtlpReceiver(server);
        server.createContext("/", receiver::handle);
        server.start();
        return receiver;
    }

    /** The endpoint to give the exporters ({@code quarkus.otel.exporter.otlp.endpoint}). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    List<ReceivedSpan> trace(String traceId) {
        return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (exchange.getRequestURI().getPath().endsWith("/v1/traces")) {
                spans.addAll(exportRequest(body));
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
        }
    }

    // ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
    static List<ReceivedSpan> exportRequest(byte[] body) {
        List<ReceivedSpan> out = new ArrayList<>();
        for (Field f : fields(body)) {
            if (f.number == 1) {
                out.addAll(resourceSpans(f.bytes));
            }
        }
        return out;
    }

    // ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
    // Resource { repeated KeyValue attributes = 1; }  ScopeSpans { scope = 1; repeated Span spans = 2; }
    private static List<ReceivedSpan> resourceSpans(byte[] message) {
        String service = "";
        List<byte[]> spanMessages = new ArrayList<>();
        for (Field f : fields(message)) {
            if (f.number == 1) {
                service = attributes(f.bytes, 1).getOrDefault("service.name", "");
            } else if (f.number == 2) {
                for (Field s : fields(f.bytes)) {
                    if (s.number == 2) {
                        spanMessages.add(s.bytes);
                    }
                }
            }
        }
        List<ReceivedSpan> out = new ArrayList<>();
        for (byte[] span : spanMessages) {
            out.add(span(service, span));
        }
        return out;
    }

    // Span { bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
    //        repeated KeyValue attributes = 9; ... }
    private static ReceivedSpan span(String service, byte[] message) {
        HexFormat hex = HexFormat.of();
        String traceId = "";
        String spanId = "";
        String parent = "";
        String name = "";
        for (Field f : fields(message)) {
            switch (f.number) {
                case 1 -> traceId = hex.formatHex(f.bytes);
                case 2 -> spanId = hex.formatHex(f.bytes);
                case 4 -> parent = hex.formatHex(f.bytes);
                case 5 -> name = new String(f.bytes, StandardCharsets.UTF_8);
                default -> { }
            }
        }
        return new ReceivedSpan(service, traceId, spanId, parent, name, attributes(message, 9));
    }

    // KeyValue { string key = 1; AnyValue value = 2; }  AnyValue { string string_value = 1; int_value = 3; ... }
    private static Map<String, String> attributes(byte[] message, int fieldNumber) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : fields(message)) {
            if (f.number != fieldNumber || f.bytes == null) {
                continue;
            }
            String key = null;
            String value = null;
            for (Field kv : fields(f.bytes)) {
                if (kv.number == 1) {
                    key = new String(kv.bytes, StandardCharsets.UTF_8);
                } else if (kv.number == 2) {
                    for (Field any : fields(kv.bytes)) {
                        if (any.number == 1 && any.bytes != null) {
                            value = new String(any.bytes, StandardCharsets.UTF_8);
                        } else if (any.number == 3 && any.bytes == null) {
                            value = Long.toString(any.varint);
                        }
                    }
                }
            }
            if (key != null && value != null) {
                out.put(key, value);
            }
        }
        return out;
    }

    /** A protobuf field: length-delimited ones keep their bytes, varints their value; fixed-width ones are skipped. */
    private record Field(int number, byte[] bytes, long varint) {
    }

    private static List<Field> fields(byte[] message) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < message.length) {
            long tag = varint(message, pos);
            int number = (int) (tag >>> 3);
            switch ((int) (tag & 7)) {
                case 0 -> out.add(new Field(number, null, varint(message, pos)));
                case 1 -> pos[0] += 8;
                case 2 -> {
                    int length = (int) varint(message, pos);
                    byte[] bytes = new byte[length];
                    System.arraycopy(message, pos[0], bytes, 0, length);
                    pos[0] += length;
                    out.add(new Field(number, bytes, 0));
                }
                case 5 -> pos[0] += 4;
                default -> throw new IllegalArgumentException("unsupported protobuf wire type in tag " + tag);
            }
        }
        return out;
    }

    private static long varint(byte[] message, int[] pos) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = message[pos[0]++];
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
