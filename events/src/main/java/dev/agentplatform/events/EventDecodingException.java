package dev.agentplatform.events;

/** A record on the bus that is not a valid event of a known type. */
public class EventDecodingException extends RuntimeException {

    public EventDecodingException(String message, Throwable cause) {
        super(message, cause);
    }

    public EventDecodingException(String message) {
        super(message);
    }
}
