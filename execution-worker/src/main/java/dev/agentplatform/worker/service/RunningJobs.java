package dev.agentplatform.worker.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The jobs this worker holds right now, by job id, so a cancel request can reach the one that runs
 * it. Only a lookup table: the durable record of a cancel is in Redis ({@link CancelMarkers}).
 */
@ApplicationScoped
public class RunningJobs {

    private final Map<String, CancelToken> tokens = new ConcurrentHashMap<>();

    /**
     * Claims a job for this worker. Empty when another copy of the same job (a redelivery after a
     * rebalance) is already held here: the caller waits for {@link #holder} to be released instead of
     * running it twice.
     */
    public Optional<CancelToken> claim(String jobId) {
        CancelToken mine = new CancelToken();
        return tokens.putIfAbsent(jobId, mine) == null ? Optional.of(mine) : Optional.empty();
    }

    /** The token of the copy of a job this worker holds, or null. */
    public CancelToken holder(String jobId) {
        return tokens.get(jobId);
    }

    public void unregister(String jobId, CancelToken token) {
        tokens.remove(jobId, token);
        token.release();
    }

    /** Cancels the job if this worker holds it; true when it did. */
    public boolean cancel(String jobId, String reason) {
        CancelToken token = tokens.get(jobId);
        if (token != null) {
            token.cancel(reason);
        }
        return token != null;
    }

    public int size() {
        return tokens.size();
    }
}
