package io.levqor.growth.web;

import io.levqor.growth.internal.TwilioCallbacks;
import io.levqor.shared.OpenApiProblems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Twilio's callbacks. Public (identity lets {@code /api/v1/growth/twilio/**} through without a token): the
 * {@code X-Twilio-Signature} over the URL and the POST parameters is the authentication.
 */
@RestController
class TwilioWebhookController {

    private static final String STATUS = "/api/v1/growth/twilio/status";
    private static final String INBOUND = "/api/v1/growth/twilio/inbound";

    private final TwilioCallbacks callbacks;

    TwilioWebhookController(TwilioCallbacks callbacks) {
        this.callbacks = callbacks;
    }

    @Operation(
            summary = "Twilio's status callback for a message Levqor sent",
            description = "Form-encoded as Twilio sends it (MessageSid, MessageStatus, ErrorCode, To, From);"
                    + " delivered, undelivered, failed and read update the campaign recipient.")
    @ApiResponse(responseCode = "200", description = "Received")
    @ApiResponse(
            responseCode = "403",
            description = "X-Twilio-Signature missing or wrong",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(ref = "#/components/schemas/" + OpenApiProblems.SCHEMA)))
    @PostMapping(STATUS)
    Map<String, Object> status(
            HttpServletRequest request,
            @RequestHeader(name = "X-Twilio-Signature", required = false) @Nullable String signature) {
        String status = callbacks.status(STATUS + query(request), received(request), form(request), signature);
        return Map.of("received", true, "status", status);
    }

    /** Inbound messages: answered with empty TwiML, so Twilio sends no reply of its own making. */
    @Operation(
            summary = "Twilio's inbound-message webhook",
            description = "A body of STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE or OPTOUT withdraws the"
                    + " sender's opt-in and suppresses the number; anything else is ignored.")
    @ApiResponse(responseCode = "200", description = "Empty TwiML")
    @ApiResponse(
            responseCode = "403",
            description = "X-Twilio-Signature missing or wrong",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(ref = "#/components/schemas/" + OpenApiProblems.SCHEMA)))
    @PostMapping(path = INBOUND, produces = MediaType.APPLICATION_XML_VALUE)
    String inbound(
            HttpServletRequest request,
            @RequestHeader(name = "X-Twilio-Signature", required = false) @Nullable String signature) {
        callbacks.inbound(INBOUND + query(request), received(request), form(request), signature);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";
    }

    private static String query(HttpServletRequest request) {
        return request.getQueryString() == null ? "" : "?" + request.getQueryString();
    }

    private static String received(HttpServletRequest request) {
        return request.getRequestURL() + query(request);
    }

    // The servlet's parameters hold the query string's too, but Twilio signs only the POST body's: those that
    // came from the query string are taken out again.
    private static Map<String, List<String>> form(HttpServletRequest request) {
        Map<String, List<String>> fromQuery = new LinkedHashMap<>();
        if (request.getQueryString() != null) {
            for (String pair : request.getQueryString().split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                fromQuery.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            List<String> left = new ArrayList<>(List.of(values));
            for (String value : fromQuery.getOrDefault(name, List.of())) {
                left.remove(value);
            }
            if (!left.isEmpty()) {
                form.put(name, left);
            }
        });
        return form;
    }
}
