package dev.agentplatform.context.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.context.ResolvedContext;
import dev.agentplatform.context.Scope;
import dev.agentplatform.context.config.ContextConfig;
import dev.agentplatform.common.security.Caller;
import dev.agentplatform.context.service.ContextService;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Applies resolved context to a base prompt. Whatever the strategy, the output never exceeds the
 * bound: whole keys are dropped first, least important first (lowest entry priority, then the
 * later key of the request), and only if the prompt without any context is still too long is its
 * tail truncated. Every removal is reported.
 */
@ApplicationScoped
public class PromptService {

    static final String SECTION_HEADER = "--- Enterprise Context ---";

    private final ContextService context;
    private final Engine qute;
    private final ObjectMapper json;
    private final ContextConfig config;

    public PromptService(ContextService context, Engine qute, ObjectMapper json, ContextConfig config) {
        this.context = context;
        this.qute = qute;
        this.json = json;
        this.config = config;
    }

    private record Section(String key, JsonNode value, int importance, int order) {
    }

    public Uni<PromptResult> build(Caller caller, String tenantId, PromptRequest request) {
        if (request.maxChars() > config.prompt().maxChars()) {
            throw new ProblemException(ProblemType.VALIDATION, "maxChars may be at most " + config.prompt().maxChars());
        }
        boolean template = request.strategy().equals("template");
        if (template && request.templateKey() == null) {
            throw new ProblemException(ProblemType.VALIDATION, "the template strategy needs a templateKey");
        }
        String placeholder = request.placeholder() == null ? config.prompt().placeholder() : request.placeholder();
        if (request.strategy().equals("inject") && !request.basePrompt().contains(placeholder)) {
            throw new ProblemException(ProblemType.VALIDATION, "the base prompt has no placeholder " + placeholder);
        }
        List<String> keys = new ArrayList<>(request.keys());
        if (template && !keys.contains(request.templateKey())) {
            keys.add(request.templateKey());
        }
        return context.resolve(caller, tenantId, keys, scopeIds(request.scope()))
                .map(resolved -> apply(request, placeholder, resolved));
    }

    private PromptResult apply(PromptRequest request, String placeholder, ResolvedContext resolved) {
        List<Section> sections = sections(request, resolved);
        Function<List<Section>, String> renderer = switch (request.strategy()) {
            case "append" -> included -> append(request.basePrompt(), included);
            case "inject" -> included -> request.basePrompt().replace(placeholder, block(included));
            default -> templateRenderer(request, resolved);
        };
        List<Section> included = new ArrayList<>(sections);
        List<PromptResult.Cut> cut = new ArrayList<>();
        String text = renderer.apply(included);
        List<Section> cutOrder = new ArrayList<>(sections);
        cutOrder.sort(Comparator.comparingInt(Section::importance).thenComparing(Comparator.comparingInt(Section::order).reversed()));
        for (Section drop : cutOrder) {
            if (text.length() <= request.maxChars()) {
                break;
            }
            included.remove(drop);
            String shorter = renderer.apply(included);
            cut.add(new PromptResult.Cut("key", drop.key(), text.length() - shorter.length(),
                    "dropped to fit maxChars (entry priority " + drop.importance() + ")"));
            text = shorter;
        }
        if (text.length() > request.maxChars()) {
            int end = request.maxChars();
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            cut.add(new PromptResult.Cut("tail", null, text.length() - end, "truncated at maxChars"));
            text = text.substring(0, end);
        }
        return new PromptResult(text, request.strategy(), text.length(), request.maxChars(),
                included.stream().map(Section::key).toList(), cut, resolved.withheld(), resolved.providersFailed(),
                resolved.providerErrors());
    }

    private static List<Section> sections(PromptRequest request, ResolvedContext resolved) {
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < request.keys().size(); i++) {
            String key = request.keys().get(i);
            ResolvedContext.Entry entry = resolved.entries().get(key);
            if (entry != null && !key.equals(request.templateKey())) {
                int importance = entry.contributions().stream().mapToInt(ResolvedContext.Contribution::priority).max().orElse(5);
                sections.add(new Section(key, entry.value(), importance, i));
            }
        }
        return sections;
    }

    private String append(String base, List<Section> included) {
        return included.isEmpty() ? base : base + "\n\n" + SECTION_HEADER + "\n" + block(included);
    }

    private String block(List<Section> included) {
        StringBuilder out = new StringBuilder();
        for (Section section : included) {
            out.append('\n').append(section.key()).append(":\n").append(pretty(section.value())).append('\n');
        }
        return out.toString();
    }

    private Function<List<Section>, String> templateRenderer(PromptRequest request, ResolvedContext resolved) {
        ResolvedContext.Entry entry = resolved.entries().get(request.templateKey());
        JsonNode source = entry == null ? null : entry.value().get("template");
        if (source == null || !source.isTextual()) {
            throw new ProblemException(ProblemType.VALIDATION, "no readable entry '" + request.templateKey()
                    + "' with a string member 'template' in this scope chain");
        }
        Template template = parse(source.asText());
        List<String> requested = request.keys().stream().filter(k -> !k.equals(request.templateKey())).toList();
        return included -> {
            // Every requested key is present, null when absent or cut, so {#if context.key} works.
            Map<String, Object> data = new LinkedHashMap<>();
            requested.forEach(k -> data.put(k, null));
            included.forEach(s -> data.put(s.key(), json.convertValue(s.value(), Object.class)));
            try {
                return template.data("basePrompt", request.basePrompt()).data("context", data)
                        .data("keys", included.stream().map(Section::key).toList())
                        .data("contextText", block(included)).render();
            } catch (TemplateException e) {
                throw templateError(e);
            }
        };
    }

    private Template parse(String source) {
        try {
            return qute.parse(source);
        } catch (TemplateException e) {
            throw templateError(e);
        }
    }

    private static ProblemException templateError(TemplateException e) {
        return new ProblemException(ProblemType.VALIDATION, "the template is not valid: " + e.getMessage());
    }

    private String pretty(JsonNode value) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<Scope, String> scopeIds(PromptRequest.ScopeIds ids) {
        Map<Scope, String> scopeIds = new EnumMap<>(Scope.class);
        putIfPresent(scopeIds, Scope.DIVISION, ids.division());
        putIfPresent(scopeIds, Scope.DEPARTMENT, ids.department());
        putIfPresent(scopeIds, Scope.PROJECT, ids.project());
        putIfPresent(scopeIds, Scope.USER, ids.user());
        putIfPresent(scopeIds, Scope.SESSION, ids.session());
        return scopeIds;
    }

    private static void putIfPresent(Map<Scope, String> scopeIds, Scope scope, String id) {
        if (id != null) {
            scopeIds.put(scope, id);
        }
    }
}
