package dev.agentplatform.devstack.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The load generators' HTTP/1.1 client: one keep-alive socket, a pre-built request written as
 * bytes and its response read with the least work a client can do (status, Content-Length or
 * chunked body), so that on a small machine the generator costs a fraction of the service it
 * measures. Used by the gateway and context-service benchmarks; not thread-safe (one sender each).
 */
public final class HttpConnection implements AutoCloseable {
    private final URI base;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private byte[] body = new byte[16 * 1024];
    private int bodyLength;
    /** The status of the last response. */
    public int status;

    /** Connects to {@code base}'s host and port (5 s to connect, 30 s to wait for a read). */
    public HttpConnection(URI base) throws IOException {
        this.base = base;
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Closes this connection and opens a new one to the same service. */
    public HttpConnection reopen() {
        close();
        try {
            return new HttpConnection(base);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reconnect: " + e.getMessage(), e);
        }
    }

    /** Sends the request and reads the whole response; returns its status. */
    public int exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        String statusLine = line();
        status = Integer.parseInt(statusLine.substring(9, 12));
        int contentLength = -1;
        boolean chunked = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                contentLength = Integer.parseInt(value);
            } else if (name.equalsIgnoreCase("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        bodyLength = 0;
        if (chunked) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                readBody(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (contentLength > 0) {
            readBody(contentLength);
        }
        return status;
    }

    /** Whether the last response's body contains {@code marker}. */
    public boolean bodyContains(byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= bodyLength; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (body[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** The last response's body as UTF-8 text. */
    public String bodyText() {
        return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        StringBuilder text = new StringBuilder(64);
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int length = text.length();
                return length > 0 && text.charAt(length - 1) == '\r' ? text.substring(0, length - 1) : text.toString();
            }
            text.append((char) b);
        }
    }

    private void readBody(int length) throws IOException {
        if (body.length < bodyLength + length) {
            body = Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + length));
        }
        while (length > 0) {
            if (position == limit) {
                fill();
            }
            int n = Math.min(length, limit - position);
            System.arraycopy(buffer, position, body, bodyLength, n);
            position += n;
            bodyLength += n;
            length -= n;
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("the service closed the connection");
        }
        position = 0;
        limit = n;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
