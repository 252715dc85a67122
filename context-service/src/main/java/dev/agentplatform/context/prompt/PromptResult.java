package dev.agentplatform.context.prompt;

import dev.agentplatform.context.ResolvedContext;
import java.util.List;
import java.util.Map;

/**
 * A built prompt: never longer than {@code maxChars}. {@code cut} lists what the bound removed:
 * whole context keys (least important first) and, if the rest still did not fit, the characters
 * truncated from the end. {@code withheld} and the provider failures come from the resolve.
 */
public record PromptResult(
        String prompt,
        String strategy,
        int length,
        int maxChars,
        List<String> included,
        List<Cut> cut,
        List<ResolvedContext.Withheld> withheld,
        List<String> providersFailed,
        Map<String, String> providerErrors) {

    /** One thing the bound removed: a key's section, or {@code chars} characters of the tail. */
    public record Cut(String what, String key, int chars, String reason) {
    }
}
