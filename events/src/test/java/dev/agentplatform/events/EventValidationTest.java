package dev.agentplatform.events;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bean Validation (Hibernate Validator) of the event records. */
class EventValidationTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    static Stream<Arguments> samples() {
        return EventTypes.all().keySet().stream().sorted().flatMap(type -> Stream.of(
                Arguments.of(type, "full", EventSamples.full(type)),
                Arguments.of(type, "nulls", EventSamples.withNulls(type))));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("samples")
    void samplesAreValid(String type, String variant, PlatformEvent sample) {
        assertThat(validator.validate(sample)).isEmpty();
    }

    @Test
    void badTenantIdAndZeroTimeLimitAreTheTwoViolations() {
        ExecutionRequested sample = (ExecutionRequested) EventSamples.full(EventTypes.EXECUTION_REQUESTED);
        ExecutionRequested bad = new ExecutionRequested(sample.id(), "Bad Tenant!", sample.occurredAt(),
                sample.traceParent(), sample.jobId(), sample.agentId(), sample.input(), sample.contextKeys(),
                sample.contextScope(), 0, sample.reservation(), sample.attempt());

        Set<ConstraintViolation<ExecutionRequested>> violations = validator.validate(bad);

        assertThat(violations).hasSize(2);
        assertThat(violations).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("tenantId", "maxExecutionSeconds");
        assertThat(violations).extracting(v -> (Object) v.getConstraintDescriptor().getAnnotation().annotationType())
                .containsExactlyInAnyOrder(Pattern.class, Positive.class);
    }

    @Test
    void nestedReservationIsValidatedToo() {
        ExecutionRequested sample = (ExecutionRequested) EventSamples.full(EventTypes.EXECUTION_REQUESTED);
        ExecutionRequested bad = new ExecutionRequested(sample.id(), sample.tenantId(), sample.occurredAt(),
                sample.traceParent(), sample.jobId(), sample.agentId(), sample.input(), sample.contextKeys(),
                sample.contextScope(), sample.maxExecutionSeconds(), new ResourceReservation(0, 0.5, 10),
                sample.attempt());

        assertThat(validator.validate(bad)).extracting(v -> v.getPropertyPath().toString())
                .containsExactly("reservation.memoryMb");
    }
}
