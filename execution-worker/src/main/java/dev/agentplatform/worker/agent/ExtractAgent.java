package dev.agentplatform.worker.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.DateTimeException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls e-mail addresses, URLs, dates (ISO, day month year, month day year, d/m/y) and money
 * amounts (symbol or ISO code before or after the number) out of a text; dates are normalised to
 * ISO-8601 and amounts to a number plus currency code.
 */
@ApplicationScoped
public class ExtractAgent implements Agent {

    private static final JsonNode SCHEMA = Json.parse("""
            {"type": "object", "required": ["text"], "properties": {
              "text": {"type": "string", "minLength": 1, "maxLength": 500000}
            }}""");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern URL = Pattern.compile("\\bhttps?://[^\\s<>\"')\\]]+");
    private static final String MONTHS = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\\.?";
    private static final List<Pattern> DATES = List.of(
            Pattern.compile("\\b(\\d{4})-(\\d{2})-(\\d{2})\\b"),
            Pattern.compile("\\b(\\d{1,2}) " + MONTHS + ",? (\\d{4})\\b"),
            Pattern.compile("\\b" + MONTHS + " (\\d{1,2}),? (\\d{4})\\b"),
            Pattern.compile("\\b(\\d{1,2})/(\\d{1,2})/(\\d{4})\\b"));
    private static final Pattern MONEY = Pattern.compile(
            "(?:([$€£]|\\b(?:USD|EUR|GBP|CHF)\\b)\\s?(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d{1,2})?)"
                    + "|(?:\\b(\\d{1,3}(?:,\\d{3})+|\\d+)(\\.\\d{1,2})?\\s?(USD|EUR|GBP|CHF|[$€£]))");
    private static final Map<String, String> SYMBOLS = Map.of("$", "USD", "€", "EUR", "£", "GBP");

    @Override
    public String id() {
        return "extract";
    }

    @Override
    public String description() {
        return "Extracts e-mail addresses, URLs, dates and money amounts from a text.";
    }

    @Override
    public JsonNode inputSchema() {
        return SCHEMA;
    }

    @Override
    public ResourceProfile resourceProfile() {
        return new ResourceProfile(128, 0.25, 1);
    }

    @Override
    public Uni<JsonNode> execute(AgentRun run) {
        String text = Json.inputOf(run).path("text").asText();
        return run.compute(() -> extract(text));
    }

    static JsonNode extract(String text) {
        ObjectNode out = Json.object();
        out.set("emails", distinct(EMAIL, text, 0));
        ArrayNode urls = out.putArray("urls");
        for (JsonNode url : distinct(URL, text, 0)) {
            urls.add(url.asText().replaceAll("[.,;:!?]+$", ""));
        }
        out.set("dates", dates(text));
        out.set("money", money(text));
        return out;
    }

    private static ArrayNode distinct(Pattern pattern, String text, int group) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(group));
        }
        ArrayNode array = Json.object().arrayNode();
        found.forEach(array::add);
        return array;
    }

    private static ArrayNode dates(String text) {
        ArrayNode array = Json.object().arrayNode();
        for (int p = 0; p < DATES.size(); p++) {
            Matcher m = DATES.get(p).matcher(text);
            while (m.find()) {
                String iso = iso(p, m);
                if (iso != null) {
                    array.add(Json.object().put("text", m.group()).put("iso", iso));
                }
            }
        }
        return array;
    }

    private static String iso(int pattern, Matcher m) {
        try {
            LocalDate date = switch (pattern) {
                case 0 -> LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                case 1 -> LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(2)), Integer.parseInt(m.group(1)));
                case 2 -> LocalDate.of(Integer.parseInt(m.group(3)), month(m.group(1)), Integer.parseInt(m.group(2)));
                // d/m/y, the form used outside the US; ambiguous dates are read that way.
                default -> LocalDate.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            };
            return date.format(DateTimeFormatter.ISO_LOCAL_DATE);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int month(String name) {
        return List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
                .indexOf(name.substring(0, 3).toLowerCase(Locale.ROOT)) + 1;
    }

    private static ArrayNode money(String text) {
        ArrayNode array = Json.object().arrayNode();
        Matcher m = MONEY.matcher(text);
        while (m.find()) {
            boolean before = m.group(2) != null;
            String currency = before ? m.group(1) : m.group(6);
            String digits = (before ? m.group(2) : m.group(4)).replace(",", "");
            String cents = before ? m.group(3) : m.group(5);
            BigDecimal amount = new BigDecimal(digits + (cents == null ? "" : cents));
            array.add(Json.object().put("text", m.group().strip()).put("amount", amount)
                    .put("currency", SYMBOLS.getOrDefault(currency, currency)));
        }
        return array;
    }
}
