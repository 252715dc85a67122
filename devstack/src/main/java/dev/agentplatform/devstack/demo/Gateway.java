package dev.agentplatform.devstack.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentplatform.events.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The HTTP calls of the demo: the gateway's tenant and job APIs, and monitoring's SLO report. */
final class Gateway {

    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final URI monitoring;

    Gateway(URI gateway, URI monitoring) {
        this.gateway = gateway;
        this.monitoring = monitoring;
    }

    /** The answer to a job submission: the job id when admitted, else why not. */
    record Submission(int status, String jobId, List<String> reasons) {

        boolean admitted() {
            return status == 202 && jobId != null;
        }
    }

    /** Registers (or replaces) a tenant as a platform admin; fails unless the gateway answers 200 or 201. */
    void registerTenant(String adminToken, String tenant, ObjectNode spec) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/tenants/" + tenant)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(spec))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IOException("registering tenant " + tenant + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    /** Submits a job; never fails: transport errors come back as status 0 with the error as reason. */
    CompletableFuture<Submission> submit(String token, String tenant, JsonNode body) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(gateway.resolve("/v1/tenants/" + tenant + "/jobs")).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new Submission(0, null, List.of(e.toString())));
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> submission(r.statusCode(), r.body()))
                .exceptionally(e -> new Submission(0, null, List.of("no answer (" + rootCause(e) + ")")));
    }

    /** The job's status as the gateway reports it ({@code QUEUED} … {@code SUCCEEDED}), or null without an answer. */
    CompletableFuture<String> jobStatus(String token, String tenant, String jobId) {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/tenants/" + tenant + "/jobs/" + jobId))
                .timeout(TIMEOUT).header("Authorization", "Bearer " + token).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> r.statusCode() == 200 ? statusOf(r.body()) : null)
                .exceptionally(e -> null);
    }

    static String statusOf(String body) {
        try {
            return JSON.readTree(body).path("status").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** Reads a submission's answer: the job id of a 202, the exceeded limits of a 429, the status otherwise. */
    static Submission submission(int status, String body) {
        try {
            JsonNode json = body == null || body.isBlank() ? JSON.missingNode() : JSON.readTree(body);
            if (status == 202) {
                return new Submission(status, json.path("jobId").asText(null), List.of());
            }
            List<String> reasons = new ArrayList<>();
            if (status == 429) {
                json.path("limitsExceeded").forEach(limit -> reasons.add(limit.asText()));
            }
            if (reasons.isEmpty()) {
                reasons.add("http " + status);
            }
            return new Submission(status, null, List.copyOf(reasons));
        } catch (IOException e) {
            return new Submission(status, null, List.of("http " + status));
        }
    }

    /**
     * Monitoring's view of a tenant's SLO: burn rate per window label and the budget remaining.
     * Empty when monitoring has seen no event of the tenant or does not answer.
     */
    Optional<SloFigures> slo(String tenant, String sloName) {
        try {
            HttpRequest request = HttpRequest.newBuilder(monitoring.resolve("/v1/slo/" + tenant)).timeout(TIMEOUT).GET().build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? SloFigures.parse(response.body(), sloName) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Burn rate per window and budget remaining of one SLO, from monitoring's {@code /v1/slo/{tenant}}. */
    record SloFigures(double target, Map<String, Double> burnRates, double budgetRemaining) {

        static Optional<SloFigures> parse(String body, String sloName) throws IOException {
            for (JsonNode objective : JSON.readTree(body).path("objectives")) {
                if (objective.path("slo").asText().equals(sloName)) {
                    Map<String, Double> rates = new LinkedHashMap<>();
                    objective.path("windows").fields()
                            .forEachRemaining(w -> rates.put(w.getKey(), w.getValue().path("burnRate").asDouble()));
                    return Optional.of(new SloFigures(objective.path("target").asDouble(), rates,
                            objective.path("budgetRemaining").asDouble()));
                }
            }
            return Optional.empty();
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName();
    }
}
