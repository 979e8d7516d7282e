package io.levqor.ops.errors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What groups errors: the kind, the exception's type and its top frames in Levqor's own code (class and method, no
 * line numbers, so a release that moves code keeps its groups; no message, which varies with the data).
 *
 * @param kind {@code server} or {@code client}
 * @param type the exception's class name (or the client error's name)
 * @param frames the top frames, one per line
 */
public record ErrorFingerprint(String kind, String type, String frames) {

    /** How many frames take part in the fingerprint. */
    public static final int FRAMES = 5;

    private static final String OWN_CODE = "io.levqor.";

    /** The fingerprint of a server exception: its type and top io.levqor frames (any frames when it has none). */
    public static ErrorFingerprint of(Throwable error) {
        List<String> frames = new ArrayList<>();
        for (Throwable t = error; t != null && frames.isEmpty(); t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith(OWN_CODE)) {
                    frames.add(frame.getClassName() + "." + frame.getMethodName());
                    if (frames.size() == FRAMES) {
                        break;
                    }
                }
            }
        }
        if (frames.isEmpty()) {
            StackTraceElement[] trace = error.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, trace.length); i++) {
                frames.add(trace[i].getClassName() + "." + trace[i].getMethodName());
            }
        }
        return new ErrorFingerprint("server", error.getClass().getName(), String.join("\n", frames));
    }

    /** The fingerprint of a client error: its name and the top lines of its stack, without query strings. */
    public static ErrorFingerprint ofClient(String type, String stack) {
        List<String> frames = stack.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .map(line -> ErrorRedaction.truncate(line.replaceAll("\\?[^\\s:)]*", ""), 300))
                .limit(FRAMES)
                .toList();
        return new ErrorFingerprint("client", type, String.join("\n", frames));
    }

    /** The group key: SHA-256 over kind, type and frames, 32 hex characters. */
    public String key() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + "\n" + type + "\n" + frames).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
