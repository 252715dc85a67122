package dev.agentplatform.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void parsesNamesWithAndWithoutPartitions() {
        assertThat(TopicSpec.parse(" jobs:6, events ,")).containsExactly(
                java.util.Map.entry("jobs", 6), java.util.Map.entry("events", TopicSpec.DEFAULT_PARTITIONS));
        assertThat(TopicSpec.parse(null)).isEmpty();
    }

    @Test
    void rejectsMalformedEntries() {
        assertThatThrownBy(() -> TopicSpec.parse("jobs:zero")).hasMessageContaining("jobs:zero");
        assertThatThrownBy(() -> TopicSpec.parse("jobs:0")).hasMessageContaining("jobs:0");
        assertThatThrownBy(() -> TopicSpec.parse(":3")).hasMessageContaining(":3");
    }
}
