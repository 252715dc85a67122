package dev.agentplatform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event times read by the direct parser mean exactly what the standard Jackson deserializer reads. */
class IsoInstantDeserializerTest {

    private static final ObjectMapper STANDARD = new ObjectMapper().registerModule(new JavaTimeModule());

    @Test
    void readsWhatInstantWritesAsTheStandardDeserializerDoes() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-62_167_219_200L, 253_402_300_799L); // years 0000 to 9999
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nanos);
            String text = instant.toString();
            assertThat(IsoInstantDeserializer.parse(text)).as(text).isEqualTo(instant);
            assertThat(read(EventCodec.mapper(), text)).as(text).isEqualTo(read(STANDARD, text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-21T05:12:33Z", "2026-11-21T05:12:33.1Z", "2026-11-21T05:12:33.12345678Z",
        "2026-11-21T05:12:33+02:00", "2026-11-21T05:12:33.5-01:30", "2026-11-21t05:12:33z", "2024-02-29T23:59:59.999999999Z",
        "1970-01-01T00:00:00Z", "+12026-11-21T05:12:33Z", "2026-11-21T05:12Z", "1700000000", "1700000000.5"})
    void agreesWithTheStandardDeserializerOnOtherForms(String text) {
        assertThat(outcome(EventCodec.mapper(), text)).as(text).isEqualTo(outcome(STANDARD, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-13-21T05:12:33Z", "2026-02-30T05:12:33Z", "2026-11-21T24:00:00Z", "2026-11-21T05:60:33Z",
        "2026-11-21T23:59:60Z", "2026-11-21T05:12:33.Z", "2026-11-21T05:12:33.1234567890Z", "2026-1x-21T05:12:33Z", "not a time"})
    void leavesEverythingElseToTheStandardDeserializer(String text) {
        assertThat(IsoInstantDeserializer.parse(text)).as("no direct parse of " + text).isNull();
        assertThat(outcome(EventCodec.mapper(), text)).as(text).isEqualTo(outcome(STANDARD, text));
    }

    @Test
    void rejectsWhatIsNoTime() {
        assertThatThrownBy(() -> read(EventCodec.mapper(), "2026-13-21T05:12:33Z")).isInstanceOf(JsonMappingException.class);
    }

    /** The instant read, or the kind of failure. */
    private static Object outcome(ObjectMapper mapper, String text) {
        try {
            return read(mapper, text);
        } catch (Exception e) {
            return e.getClass();
        }
    }

    private static Instant read(ObjectMapper mapper, String text) throws Exception {
        String json = text.matches("[0-9.]+") ? text : "\"" + text + "\"";
        return mapper.readValue(json, Instant.class);
    }
}
