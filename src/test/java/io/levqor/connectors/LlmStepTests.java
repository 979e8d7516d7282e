package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LlmStepTests {

    static final String COMPLETION = """
            {"id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini-2024",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "{\\"answer\\": 42}"},
                          "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}}
            """;

    final Peer openai = new Peer();
    final Steps steps = Steps.allowingLoopback();
    final CredentialResolver credentials = Steps.credentials(Map.of(
            "openai",
            Map.of("type", "openai", "apiKey", "sk-test-123", "baseUrl", openai.url(), "organization", "org-1")));

    @AfterEach
    void stop() {
        openai.close();
    }

    @Test
    void asksForAChatCompletionAndRecordsTokenUsage() throws Exception {
        openai.on("/v1/chat/completions", Reply.json(200, COMPLETION));
        List<Map<String, Object>> messages = List.of(
                Map.of("role", "system", "content", "Answer in JSON."), Map.of("role", "user", "content", "6*7?"));

        var outcome = (StepOutcome.Succeeded) steps.llm.execute(request(
                "ask",
                config(
                        "credential",
                        "openai",
                        "model",
                        "gpt-4o-mini",
                        "messages",
                        messages,
                        "temperature",
                        0.2,
                        "maxTokens",
                        100,
                        "jsonMode",
                        true),
                credentials));

        Map<?, ?> output = (Map<?, ?>) outcome.output();
        assertThat(output.get("content")).isEqualTo("{\"answer\": 42}");
        assertThat(output.get("json")).isEqualTo(Map.of("answer", 42));
        assertThat(output.get("message")).isEqualTo(Map.of("role", "assistant", "content", "{\"answer\": 42}"));
        assertThat(output.get("finishReason")).isEqualTo("stop");
        assertThat(output.get("usage"))
                .isEqualTo(Map.of("promptTokens", 12L, "completionTokens", 5L, "totalTokens", 17L));
        assertThat(outcome.usage())
                .isEqualTo(Map.of(
                        "promptTokens", 12L, "completionTokens", 5L, "totalTokens", 17L, "model", "gpt-4o-mini-2024"));
        Peer.Received sent = openai.last();
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("Authorization")).isEqualTo("Bearer sk-test-123");
        assertThat(sent.header("OpenAI-Organization")).isEqualTo("org-1");
        assertThat(sent.header("Idempotency-Key")).isEqualTo(Steps.RUN + ":ask");
        assertThat(Json.read(sent.body()))
                .isEqualTo(Map.of(
                        "model",
                        "gpt-4o-mini",
                        "messages",
                        messages,
                        "temperature",
                        0.2,
                        "max_tokens",
                        100,
                        "response_format",
                        Map.of("type", "json_object")));
    }

    @Test
    void aSwitchedOffFlagFailsTheStepWithoutCallingTheModel() throws Exception {
        openai.on("/v1/chat/completions", Reply.json(200, COMPLETION));
        steps.flagsOff.add("llm-steps");

        var outcome = (StepOutcome.Failed) steps.llm.execute(
                request("ask", config("credential", "openai", "model", "m", "prompt", "Hi"), credentials));

        assertThat(outcome.error()).contains("switched off").contains("llm-steps");
        assertThat(outcome.retryable()).isFalse();
        assertThat(openai.received()).isEmpty();
    }

    @Test
    void aPromptIsShorthandForMessages() throws Exception {
        openai.on("/v1/chat/completions", Reply.json(200, COMPLETION));

        steps.llm.execute(request(
                "s", config("credential", "openai", "model", "m", "system", "Be brief.", "prompt", "Hi"), credentials));

        assertThat(((Map<?, ?>) Json.read(openai.last().body())).get("messages"))
                .isEqualTo(List.of(
                        Map.of("role", "system", "content", "Be brief."), Map.of("role", "user", "content", "Hi")));
    }

    @Test
    void rateLimitsAreRetriedButAnExhaustedQuotaIsNot() throws Exception {
        openai.on(
                "/v1/chat/completions",
                Reply.json(
                                429,
                                "{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", "
                                        + "\"code\": \"rate_limit_exceeded\"}}")
                        .with("Retry-After", "3"),
                Reply.json(
                        429,
                        "{\"error\": {\"message\": \"You exceeded your current quota\", "
                                + "\"type\": \"insufficient_quota\", \"code\": \"insufficient_quota\"}}"));
        var call = request("s", config("credential", "openai", "model", "m", "prompt", "x"), credentials);

        var limited = (StepOutcome.Failed) steps.llm.execute(call);
        var broke = (StepOutcome.Failed) steps.llm.execute(call);

        assertThat(limited.retryable()).isTrue();
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(limited.error()).isEqualTo("the LLM answered HTTP 429: rate_limit_exceeded — Rate limit reached");
        assertThat(broke.retryable()).isFalse();
    }

    @Test
    void aBadKeyIsPermanentAndAServerErrorIsNot() throws Exception {
        openai.on(
                "/v1/chat/completions",
                Reply.json(
                        401,
                        "{\"error\": {\"message\": \"Incorrect API key provided\", "
                                + "\"type\": \"invalid_request_error\", \"code\": \"invalid_api_key\"}}"),
                Reply.json(500, "{\"error\": {\"message\": \"server error\", \"type\": \"server_error\"}}"));
        var call = request("s", config("credential", "openai", "model", "m", "prompt", "x"), credentials);

        var unauthorized = (StepOutcome.Failed) steps.llm.execute(call);
        var broken = (StepOutcome.Failed) steps.llm.execute(call);

        assertThat(unauthorized.retryable()).isFalse();
        assertThat(unauthorized.error()).contains("invalid_api_key");
        assertThat(broken.retryable()).isTrue();
    }

    @Test
    void acceptsABaseUrlThatAlreadyEndsInV1() throws Exception {
        openai.on("/v1/chat/completions", Reply.json(200, COMPLETION));

        var outcome = steps.llm.execute(request(
                "s", config("baseUrl", openai.url("/v1/"), "model", "local", "prompt", "x"), Duration.ofSeconds(5)));

        assertThat(outcome).isInstanceOf(StepOutcome.Succeeded.class);
        assertThat(openai.last().header("Authorization")).isNull();
    }
}
