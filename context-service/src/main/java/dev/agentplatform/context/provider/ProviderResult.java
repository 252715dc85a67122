package dev.agentplatform.context.provider;

import dev.agentplatform.context.ResolvedContext.Contribution;
import dev.agentplatform.context.ResolvedContext.Withheld;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A provider's answer: per key its contributions (most general scope first), and what it withheld. */
public record ProviderResult(Map<String, List<Contribution>> contributions, List<Withheld> withheld) {

    public ProviderResult {
        contributions = Map.copyOf(contributions);
        withheld = List.copyOf(withheld);
    }

    public static ProviderResult empty() {
        return new ProviderResult(Map.of(), List.of());
    }

    /** Collects a result key by key. */
    public static final class Builder {
        private final Map<String, List<Contribution>> contributions = new LinkedHashMap<>();
        private final List<Withheld> withheld = new ArrayList<>();

        public Builder add(String key, Contribution contribution) {
            contributions.computeIfAbsent(key, k -> new ArrayList<>()).add(contribution);
            return this;
        }

        public Builder withhold(Withheld item) {
            withheld.add(item);
            return this;
        }

        public ProviderResult build() {
            Map<String, List<Contribution>> copy = new LinkedHashMap<>();
            contributions.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            return new ProviderResult(copy, withheld);
        }
    }
}
