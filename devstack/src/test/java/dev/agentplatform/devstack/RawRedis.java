package dev.agentplatform.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Talks to Redis with inline commands over a plain socket, independent of devstack's own client. */
final class RawRedis {

    private RawRedis() {
    }

    /** Sends one inline command (no spaces inside arguments) and returns the reply's payload line. */
    static String command(String host, int port, String inlineCommand) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((inlineCommand + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            // Bulk string: "$<len>" then the value on the next line; "$-1" means nil.
            if (first != null && first.startsWith("$")) {
                return first.equals("$-1") ? null : in.readLine();
            }
            return first;
        }
    }

    static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
