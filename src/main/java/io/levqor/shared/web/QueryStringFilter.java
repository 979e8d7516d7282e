package io.levqor.shared.web;

import io.levqor.shared.FieldError;
import io.levqor.shared.NulCharacters;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a query string the container would fail on later, deep inside whatever first asks for a parameter (a
 * filter, a controller): a parameter with no name ({@code ?=x}), a broken {@code %} escape, bytes that are not
 * UTF-8, or a NUL ({@code %00}, which PostgreSQL cannot store) — the last also in the fields of a form-encoded
 * body (the console's forms). The answer is a 400 problem naming the parameter, before any other work is done.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 7)
class QueryStringFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    QueryStringFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FieldError error = firstError(request.getQueryString());
        if (error == null && isForm(request)) {
            error = firstNulInForm(request);
        }
        if (error != null) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            json.writeValue(response.getOutputStream(), Problems.validation(List.of(error)));
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isForm(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.regionMatches(true, 0, MediaType.APPLICATION_FORM_URLENCODED_VALUE, 0, 33);
    }

    /** A console form's fields go to PostgreSQL as they are, so a NUL among them is refused here, named {@code form.<name>}. */
    private static @Nullable FieldError firstNulInForm(HttpServletRequest request) {
        for (var parameter : request.getParameterMap().entrySet()) {
            String field = "form." + printable(parameter.getKey());
            if (parameter.getKey().indexOf('\0') >= 0) {
                return new FieldError(field, NulCharacters.MESSAGE);
            }
            for (String value : parameter.getValue()) {
                if (value.indexOf('\0') >= 0) {
                    return new FieldError(field, NulCharacters.MESSAGE);
                }
            }
        }
        return null;
    }

    /** The first thing wrong with this query string, or null when every parameter is well formed. */
    static @Nullable FieldError firstError(@Nullable String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // "a=1&&b=2": an empty pair is harmless and the container skips it
            }
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name = decode(rawName);
            if (name == null) {
                return new FieldError("query", "a parameter name is not valid percent-encoded UTF-8");
            }
            if (name.isEmpty()) {
                return new FieldError("query", "a parameter has no name");
            }
            String field = "query." + printable(name);
            if (name.indexOf('\0') >= 0) {
                return new FieldError(field, NulCharacters.MESSAGE);
            }
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (value == null) {
                return new FieldError(field, "is not valid percent-encoded UTF-8");
            }
            if (value.indexOf('\0') >= 0) {
                return new FieldError(field, NulCharacters.MESSAGE);
            }
        }
        return null;
    }

    /** Decodes {@code application/x-www-form-urlencoded} text strictly; null when an escape or UTF-8 is broken. */
    private static @Nullable String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String printable(String name) {
        String shown = name.replace("\0", "\\u0000");
        return shown.length() > 64 ? shown.substring(0, 64) + "…" : shown;
    }
}
