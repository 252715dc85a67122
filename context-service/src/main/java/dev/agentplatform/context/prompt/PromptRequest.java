package dev.agentplatform.context.prompt;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A prompt to build: the base prompt, the keys whose resolved context is applied, the scope ids of
 * the chain, the strategy ({@code append}, {@code inject} into {@code placeholder}, or
 * {@code template}: the Qute template stored as the {@code template} member of the entry
 * {@code templateKey}), and the bound the output must not exceed, in characters.
 */
public record PromptRequest(
        @NotNull @Size(max = 100_000) String basePrompt,
        @NotNull @Size(max = 64) List<@NotNull @Pattern(regexp = NAME) String> keys,
        @Valid ScopeIds scope,
        @NotNull @Pattern(regexp = "^(append|inject|template)$", message = "must be append, inject or template") String strategy,
        @NotNull @Positive Integer maxChars,
        @Size(min = 1, max = 64) String placeholder,
        @Pattern(regexp = NAME) String templateKey) {

    static final String NAME = "^[A-Za-z0-9._-]{1,128}$";

    public PromptRequest {
        scope = scope == null ? new ScopeIds(null, null, null, null, null) : scope;
    }

    /** The scope ids naming the chain below GLOBAL; any may be absent. */
    public record ScopeIds(
            @Pattern(regexp = NAME) String division,
            @Pattern(regexp = NAME) String department,
            @Pattern(regexp = NAME) String project,
            @Pattern(regexp = NAME) String user,
            @Pattern(regexp = NAME) String session) {
    }
}
