package dev.agentplatform.gateway.service;

import dev.agentplatform.gateway.AdmissionDecision;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The IETF rate-limit fields (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Policy}
 * names the request-rate quota ({@code q} requests per {@code w} seconds) and {@code RateLimit}
 * says how many remain ({@code r}) and in how many seconds the oldest request leaves the window ({@code t}).
 */
public final class RateLimitHeaders {

    private static final String POLICY = "\"requests-per-minute\"";

    private RateLimitHeaders() {
    }

    public static Map<String, String> of(AdmissionDecision decision) {
        long limit = decision.quota().maxRequestsPerMinute();
        long remaining = Math.max(0, limit - decision.usage().requestsInWindow());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Policy", POLICY + ";q=" + limit + ";w=" + JobStore.RATE_WINDOW.toSeconds());
        headers.put("RateLimit", POLICY + ";r=" + remaining + ";t=" + ceilSeconds(decision.rateWindowResetMs()));
        return headers;
    }

    /**
     * When a rejected client may try again: when the window frees a slot if the rate was the
     * limit, otherwise a second (capacity returns when some job completes, which nobody can predict).
     */
    public static long retryAfterSeconds(AdmissionDecision decision) {
        if (decision.exceeded().contains(AdmissionDecision.Dimension.REQUESTS_PER_MINUTE)) {
            return Math.max(1, ceilSeconds(decision.rateWindowResetMs()));
        }
        return 1;
    }

    private static long ceilSeconds(long millis) {
        return (millis + 999) / 1000;
    }
}
