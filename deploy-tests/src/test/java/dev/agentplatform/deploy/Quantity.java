package dev.agentplatform.deploy;

import java.util.Map;

/** Kubernetes resource quantities, as far as the manifests use them. */
final class Quantity {

    private static final Map<String, Long> BINARY = Map.of("Ki", 1L << 10, "Mi", 1L << 20, "Gi", 1L << 30);

    private Quantity() {
    }

    static double cpu(String q) {
        return q.endsWith("m") ? Double.parseDouble(q.substring(0, q.length() - 1)) / 1000 : Double.parseDouble(q);
    }

    static long bytes(String q) {
        for (var unit : BINARY.entrySet()) {
            if (q.endsWith(unit.getKey())) {
                return Long.parseLong(q.substring(0, q.length() - 2)) * unit.getValue();
            }
        }
        return Long.parseLong(q);
    }
}
