package dev.agentplatform.gateway.rest;

import dev.agentplatform.common.problem.ProblemException;
import dev.agentplatform.common.problem.ProblemType;
import dev.agentplatform.gateway.config.GatewayConfig;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The submission size limit for bodies sent without a {@code Content-Length} (chunked):
 * {@link SubmissionSizeFilter} refuses declared lengths before reading, this counts the bytes as the
 * body is read and answers the same 413 problem once {@code gateway.max-submission-bytes} is
 * passed, before anything is admitted or reserved. Without it such a body was admitted, then
 * refused by the Kafka producer as a record too large, and answered 503 (retry) when no retry can
 * succeed.
 */
@Provider
@ChunkedSubmissionLimit.Bounded
public class ChunkedSubmissionLimit implements ReaderInterceptor {

    /** Marks the resource methods whose body the limit applies to. */
    @NameBinding
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Bounded {
    }

    /** Read when the first body is, not when the provider is created (configuration is not ready then). */
    private final jakarta.inject.Provider<GatewayConfig> config;

    public ChunkedSubmissionLimit(jakarta.inject.Provider<GatewayConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getHeaders().containsKey("Content-Length")) {
            return context.proceed(); // declared lengths were checked before the body was read
        }
        long max = config.get().maxSubmissionBytes();
        CountingStream counted = new CountingStream(context.getInputStream(), max);
        context.setInputStream(counted);
        try {
            Object entity = context.proceed();
            counted.drain(); // trailing bytes after the JSON value count too
            return entity;
        } catch (IOException | RuntimeException e) {
            if (counted.exceeded) {
                throw tooLarge(max);
            }
            throw e;
        }
    }

    private static ProblemException tooLarge(long max) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "the body has more than " + max + " bytes; at most " + max + " are accepted");
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
