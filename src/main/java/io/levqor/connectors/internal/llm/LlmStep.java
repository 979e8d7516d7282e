package io.levqor.connectors.internal.llm;

import static io.levqor.connectors.internal.Schemas.*;

import io.levqor.connectors.StepFailure;
import io.levqor.connectors.StepOutcome;
import io.levqor.connectors.StepRequest;
import io.levqor.connectors.StepType;
import io.levqor.connectors.internal.ConnectorSettings;
import io.levqor.connectors.internal.HttpFailures;
import io.levqor.connectors.internal.Json;
import io.levqor.connectors.internal.JsonPost;
import io.levqor.connectors.internal.OutboundResponse;
import io.levqor.connectors.internal.StepConfig;
import io.levqor.shared.FeatureFlags;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The {@code llm} step: one chat completion from an OpenAI-compatible server ({@code POST {baseUrl}/v1/chat/completions}).
 * Token usage goes into {@link StepOutcome.Succeeded#usage()} so billing can meter it.
 */
@Component
public class LlmStep implements StepType {

    private final JsonPost post;
    private final ConnectorSettings settings;
    private final Clock clock;
    private final FeatureFlags flags;

    public LlmStep(JsonPost post, ConnectorSettings settings, Clock clock, FeatureFlags flags) {
        this.post = post;
        this.settings = settings;
        this.clock = clock;
        this.flags = flags;
    }

    @Override
    public String name() {
        return "llm";
    }

    @Override
    public Map<String, Object> schema() {
        return object(
                props(
                        "credential", credential("openai"),
                        "baseUrl", url("an OpenAI-compatible server; else the credential's, else the platform's"),
                        "model", string("model name, e.g. gpt-4o-mini"),
                        "messages",
                                list(
                                        object(
                                                props(
                                                        "role",
                                                        oneOf(
                                                                "author",
                                                                "system",
                                                                "user",
                                                                "assistant",
                                                                "developer",
                                                                "tool"),
                                                        "content",
                                                        anyValue("text or content parts")),
                                                "role",
                                                "content"),
                                        "the conversation"),
                        "prompt", string("shorthand for one user message"),
                        "system", string("shorthand for a system message before the prompt"),
                        "temperature", number("0 to 2"),
                        "maxTokens", integer("upper bound on generated tokens"),
                        "jsonMode",
                                bool(
                                        "ask for a JSON object (response_format json_object); output.json holds it parsed")),
                "model");
    }

    @Override
    public StepOutcome execute(StepRequest request) throws InterruptedException {
        // The operator's switch for LLM spend (flag llm-steps): checked per attempt, so it stops retries too.
        // Without the flag (not created yet, or deleted) LLM steps run as they always have.
        if (!flags.enabled(FeatureFlags.LLM_STEPS, request.workspace(), true)) {
            return StepOutcome.failed(
                    "LLM steps are switched off for this workspace (feature flag " + FeatureFlags.LLM_STEPS + ")",
                    false);
        }
        try {
            return complete(request);
        } catch (StepFailure failure) {
            return failure.toOutcome();
        }
    }

    private StepOutcome complete(StepRequest request) throws InterruptedException {
        StepConfig config = new StepConfig(request.config());
        Map<String, Object> credential = Map.of();
        String credentialName = config.credential();
        if (credentialName != null) {
            credential = request.credentials().resolve(credentialName);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", config.string("model"));
        body.put("messages", messages(config));
        if (config.number("temperature") instanceof Number temperature) {
            body.put("temperature", temperature);
        }
        if (config.number("maxTokens") instanceof Number maxTokens) {
            body.put("max_tokens", maxTokens.longValue());
        }
        boolean jsonMode = config.bool("jsonMode", false);
        if (jsonMode) {
            body.put("response_format", Map.of("type", "json_object"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (credential.get("apiKey") instanceof String apiKey) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        if (credential.get("organization") instanceof String organization) {
            headers.put("OpenAI-Organization", organization);
        }
        URI uri = endpoint(config, credential);
        OutboundResponse response = post.send("llm", uri, body, request, headers);
        Object json = response.jsonOrNull();
        if (!response.successful()) {
            return failure(response, json);
        }
        return success(json, jsonMode);
    }

    private URI endpoint(StepConfig config, Map<String, Object> credential) {
        String base = config.optionalString("baseUrl");
        if (base == null && credential.get("baseUrl") instanceof String fromCredential) {
            base = fromCredential;
        }
        URI baseUri = base == null ? settings.services().llmBaseUrl() : JsonPost.uri(base, "baseUrl");
        String text = baseUri.toString().replaceAll("/+$", "");
        // Many servers document their base URL with /v1 already on it; accept both spellings.
        return URI.create(text.endsWith("/v1") ? text + "/chat/completions" : text + "/v1/chat/completions");
    }

    private static List<Object> messages(StepConfig config) {
        List<Object> messages = config.list("messages");
        if (!messages.isEmpty()) {
            for (int i = 0; i < messages.size(); i++) {
                if (!(messages.get(i) instanceof Map<?, ?> message)
                        || !(message.get("role") instanceof String)
                        || message.get("content") == null) {
                    throw StepFailure.permanent("messages/" + i + ": needs a role and content");
                }
            }
            return messages;
        }
        String prompt = config.optionalString("prompt");
        if (prompt == null) {
            throw StepFailure.permanent("messages: is required (or prompt)");
        }
        String system = config.optionalString("system");
        return system == null
                ? List.of(Map.of("role", "user", "content", prompt))
                : List.of(Map.of("role", "system", "content", system), Map.of("role", "user", "content", prompt));
    }

    private static StepOutcome success(@Nullable Object json, boolean jsonMode) {
        Object choices = JsonPost.field(json, "choices");
        if (!(choices instanceof List<?> list) || list.isEmpty()) {
            return StepOutcome.failed("the LLM answer has no choices", false);
        }
        Object choice = list.getFirst();
        Object message = JsonPost.field(choice, "message");
        Object content = JsonPost.field(message, "content");
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("message", message);
        output.put("content", content);
        if (jsonMode && content instanceof String text) {
            try {
                output.put("json", Json.read(text));
            } catch (RuntimeException e) {
                output.put("json", null);
            }
        }
        output.put("finishReason", JsonPost.field(choice, "finish_reason"));
        output.put("model", JsonPost.field(json, "model"));
        Object usage = JsonPost.field(json, "usage");
        Map<String, Object> tokens = new LinkedHashMap<>();
        putNumber(tokens, "promptTokens", JsonPost.field(usage, "prompt_tokens"));
        putNumber(tokens, "completionTokens", JsonPost.field(usage, "completion_tokens"));
        putNumber(tokens, "totalTokens", JsonPost.field(usage, "total_tokens"));
        output.put("usage", tokens);
        Map<String, Object> metered = new LinkedHashMap<>(tokens);
        if (JsonPost.field(json, "model") instanceof String model) {
            metered.put("model", model);
        }
        return new StepOutcome.Succeeded(output, metered);
    }

    private StepOutcome failure(OutboundResponse response, @Nullable Object json) {
        Object error = JsonPost.field(json, "error");
        Object code = JsonPost.field(error, "code");
        Object type = JsonPost.field(error, "type");
        Object message = JsonPost.field(error, "message");
        int status = response.status();
        // An exhausted quota is a 429 too, but waiting does not help.
        boolean quota = "insufficient_quota".equals(code) || "insufficient_quota".equals(type);
        boolean retryable = HttpFailures.retryable(status) && !quota;
        Duration retryAfter = retryable ? HttpFailures.retryAfter(response, clock) : null;
        if (retryable && retryAfter == null && response.header("retry-after-ms") instanceof String millis) {
            try {
                retryAfter = Duration.ofMillis(Long.parseLong(millis.trim()));
            } catch (NumberFormatException ignored) {
                // no hint then
            }
        }
        String detail = code != null ? code.toString() : type != null ? type.toString() : "error";
        return new StepOutcome.Failed(
                "the LLM answered HTTP " + status + ": " + detail + (message != null ? " — " + message : ""),
                retryable,
                retryAfter,
                json);
    }

    private static void putNumber(Map<String, Object> target, String name, @Nullable Object value) {
        if (value instanceof Number number) {
            target.put(name, number.longValue());
        }
    }
}
