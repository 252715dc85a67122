package dev.agentplatform.devstack;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Just enough of the Redis protocol (RESP2) to ping, authenticate and flush, so devstack needs no
 * Redis client library. Commands are sent as RESP arrays, so arguments may contain spaces.
 */
final class RespConnection implements Closeable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespConnection(String host, int port, Duration timeout) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Sends one command and returns the reply as text: status and integer replies verbatim, bulk
     * strings as their content, a missing bulk string as {@code null}.
     *
     * @throws IOException on connection problems and on Redis error replies
     */
    String send(String... args) throws IOException {
        out.write(encode(args));
        out.flush();
        return readReply();
    }

    private static byte[] encode(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        writeLine(buffer, "*" + args.length);
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeLine(buffer, "$" + bytes.length);
            buffer.writeBytes(bytes);
            writeLine(buffer, "");
        }
        return buffer.toByteArray();
    }

    private static void writeLine(ByteArrayOutputStream buffer, String line) {
        buffer.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private String readReply() throws IOException {
        String line = readLine();
        char type = line.isEmpty() ? '?' : line.charAt(0);
        String body = line.isEmpty() ? "" : line.substring(1);
        switch (type) {
            case '+', ':':
                return body;
            case '-':
                throw new IOException("Redis replied with error: " + body);
            case '$':
                return readBulk(Integer.parseInt(body));
            default:
                throw new IOException("Unsupported Redis reply: " + line);
        }
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length + 2); // content plus trailing CRLF
        if (bytes.length != length + 2) {
            throw new IOException("Connection closed inside a Redis reply");
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        for (int current = in.read(); current != -1; current = in.read()) {
            if (previous == '\r' && current == '\n') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            line.write(current);
            previous = current;
        }
        throw new IOException("Connection closed before Redis replied");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
