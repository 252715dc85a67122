package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentplatform.worker.config.WorkerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies resolved context to a prompt, bounded to {@code worker.context.max-chars} of context text:
 * {@code append} adds a context section after the prompt; {@code inject} replaces the
 * {@code {{context}}} placeholder (and appends when the prompt has none); {@code template} replaces
 * each {@code {{key}}} by that key's value (empty when the key was not resolved).
 */
@ApplicationScoped
public class ContextApplier {

    /** How context reaches the prompt. */
    public enum Strategy {
        APPEND, INJECT, TEMPLATE;

        public static Strategy of(String name) {
            return name == null || name.isBlank() ? APPEND : Strategy.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        }
    }

    static final String PLACEHOLDER = "{{context}}";
    private static final Pattern KEY = Pattern.compile("\\{\\{\\s*([\\w.:-]+)\\s*}}");

    private final int maxChars;

    @Inject
    public ContextApplier(WorkerConfig config) {
        this(config.context().maxChars());
    }

    ContextApplier(int maxChars) {
        this.maxChars = maxChars;
    }

    public String apply(Strategy strategy, String prompt, AgentContext context) {
        String text = prompt == null ? "" : prompt;
        return switch (strategy) {
            case APPEND -> append(text, context);
            case INJECT -> text.contains(PLACEHOLDER) ? text.replace(PLACEHOLDER, render(context)) : append(text, context);
            case TEMPLATE -> template(text, context);
        };
    }

    private String append(String prompt, AgentContext context) {
        if (context.values().isEmpty()) {
            return prompt;
        }
        return (prompt.isEmpty() ? "" : prompt + "\n\n") + "Context:\n" + render(context);
    }

    /** One {@code key: value} line per key, in key order, cut at the size bound. */
    String render(AgentContext context) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(context.values()).forEach((key, value) -> out.append(key).append(": ").append(text(value)).append('\n'));
        return bounded(out.toString().stripTrailing(), maxChars);
    }

    private String template(String prompt, AgentContext context) {
        Matcher m = KEY.matcher(prompt);
        StringBuilder out = new StringBuilder();
        int budget = maxChars;
        while (m.find()) {
            JsonNode value = context.values().get(m.group(1));
            String replacement = bounded(value == null ? "" : text(value), Math.max(0, budget));
            budget -= replacement.length();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static String bounded(String text, int max) {
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }
}
