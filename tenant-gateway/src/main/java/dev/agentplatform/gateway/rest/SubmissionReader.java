package dev.agentplatform.gateway.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.gateway.SubmitJobRequest;
import dev.agentplatform.gateway.config.GatewayConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Reads a job submission's JSON body, with the application's {@link ObjectMapper} (the same
 * configuration as every other body), and enforces {@code gateway.max-submission-bytes} on bodies
 * sent without a {@code Content-Length} (chunked): {@link SubmissionSizeFilter} refuses declared
 * lengths before reading, this counts the bytes as the body is read, trailing bytes after the JSON
 * value included, and answers the same 413 problem once the limit is passed, before anything is
 * admitted or reserved. Without the count such a body was admitted, then refused by the Kafka
 * producer as a record too large, and answered 503 (retry) when no retry can succeed.
 *
 * <p>A reader of its own rather than a {@code ReaderInterceptor}: with any reader interceptor
 * bound, RESTEasy Reactive hands the reader the resource method's parameter annotations, which
 * the JDK parses afresh on every call; that was about 3 % of the gateway's CPU per submission.
 * An empty body reads as no body ({@code null}), which validation answers with a field-level 400,
 * as with the default JSON reader; malformed JSON raises Jackson's exceptions, which the problem
 * mappers answer with 400.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class SubmissionReader implements ServerMessageBodyReader<SubmitJobRequest> {

    private final ObjectMapper mapper;
    private final ObjectReader reader;
    /** Read when the first body is, not when the provider is created (configuration is not ready then). */
    private final jakarta.inject.Provider<GatewayConfig> config;

    public SubmissionReader(ObjectMapper mapper, jakarta.inject.Provider<GatewayConfig> config) {
        this.mapper = mapper;
        this.reader = mapper.readerFor(SubmitJobRequest.class);
        this.config = config;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod, MediaType mediaType) {
        return type == SubmitJobRequest.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == SubmitJobRequest.class;
    }

    @Override
    public SubmitJobRequest readFrom(Class<SubmitJobRequest> type, Type genericType, MediaType mediaType,
            ServerRequestContext context) throws IOException {
        return read(context.getInputStream(), context.getRequestHeaders().getHeaderString("Content-Length") != null);
    }

    @Override
    public SubmitJobRequest readFrom(Class<SubmitJobRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream entityStream) throws IOException {
        return read(entityStream, headers.containsKey("Content-Length"));
    }

    private SubmitJobRequest read(InputStream body, boolean lengthDeclared) throws IOException {
        if (lengthDeclared) {
            return parse(body); // declared lengths were checked before the body was read
        }
        long max = config.get().maxSubmissionBytes();
        CountingStream counted = new CountingStream(body, max);
        try {
            SubmitJobRequest request = parse(counted);
            counted.drain();
            return request;
        } catch (IOException | RuntimeException e) {
            if (counted.exceeded) {
                throw new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                        "the body has more than " + max + " bytes; at most " + max + " are accepted");
            }
            throw e;
        }
    }

    private SubmitJobRequest parse(InputStream body) throws IOException {
        try (JsonParser parser = mapper.createParser(body)) {
            if (parser.nextToken() == null) {
                return null; // no body at all
            }
            return reader.readValue(parser);
        }
    }

    /** Fails the read once more than {@code max} bytes went through. */
    static final class CountingStream extends FilterInputStream {

        private final long max;
        private long count;
        boolean exceeded;

        CountingStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            add(skipped);
            return skipped;
        }

        @Override
        public void close() {
            // the body's stream belongs to the server; the parser must not close it before drain()
        }

        void drain() throws IOException {
            byte[] buffer = new byte[8192];
            while (read(buffer, 0, buffer.length) >= 0) {
                // counting only
            }
        }

        private void add(long n) throws IOException {
            count += n;
            if (count > max) {
                exceeded = true;
                throw new IOException("body larger than " + max + " bytes");
            }
        }
    }
}
