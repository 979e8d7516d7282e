package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class RedactorTests {

    static final String TOKEN = "tok-very-secret-1";
    static final String PASSWORD = "pa55word-secret";

    final Peer peer = new Peer();
    final Steps steps = Steps.allowingLoopback();
    final CredentialResolver vault = Steps.credentials(Map.of(
            "bearer", Map.of("type", "bearer", "token", TOKEN),
            "basic", Map.of("type", "basic", "username", "ann", "password", PASSWORD),
            "query", Map.of("type", "apiKey", "key", "k/ey+secret", "name", "key", "in", "query")));

    @AfterEach
    void stop() {
        peer.close();
    }

    @Test
    void secretsEchoedByAPeerAreMaskedInTheOutput() throws Exception {
        peer.echo();
        Redactor redactor = new Redactor();

        StepOutcome raw = steps.httpStep.execute(
                request("s", config("url", peer.url("/echo"), "credential", "bearer"), redactor.watch(vault)));
        StepOutcome stored = redactor.redact(raw);

        assertThat(Json.writeString(((StepOutcome.Succeeded) raw).output())).contains(TOKEN);
        String json = Json.writeString(((StepOutcome.Succeeded) stored).output());
        assertThat(json).doesNotContain(TOKEN).contains("Bearer ***");
    }

    @Test
    void derivedSecretsLikeABasicHeaderAreMaskedToo() throws Exception {
        peer.echo();
        Redactor redactor = new Redactor();

        StepOutcome stored = redactor.redact(steps.httpStep.execute(
                request("s", config("url", peer.url("/echo"), "credential", "basic"), redactor.watch(vault))));

        String basic = Base64.getEncoder().encodeToString(("ann:" + PASSWORD).getBytes());
        assertThat(Json.writeString(((StepOutcome.Succeeded) stored).output()))
                .doesNotContain(basic)
                .doesNotContain(PASSWORD)
                .contains("Basic ***");
    }

    @Test
    void secretsInErrorsAndFailedOutputsAreMasked() throws Exception {
        peer.on("/fail", Reply.json(400, "{\"error\": \"bad key k/ey+secret, token " + TOKEN + "\"}"));
        Redactor redactor = new Redactor();
        CredentialResolver watched = redactor.watch(vault);
        watched.resolve("bearer");

        var stored = (StepOutcome.Failed) redactor.redact(
                steps.httpStep.execute(request("s", config("url", peer.url("/fail"), "credential", "query"), watched)));

        assertThat(peer.last().query()).isEqualTo("key=k%2Fey%2Bsecret");
        assertThat(Json.writeString(stored.output()))
                .doesNotContain(TOKEN)
                .doesNotContain("k/ey+secret")
                .contains("bad key ***, token ***");
        var error = (StepOutcome.Failed) redactor.redact((StepOutcome)
                new StepOutcome.Failed("call to https://h/?key=k%2Fey%2Bsecret failed", false, null, null));
        assertThat(error.error()).isEqualTo("call to https://h/?key=*** failed");
    }

    @Test
    void masksNestedValuesAndLeavesOtherDataAlone() {
        Redactor redactor = new Redactor();
        redactor.add("s3cr3t-value");

        Object redacted = redactor.redact(Map.of(
                "list", List.of("x s3cr3t-value y", 42, true),
                "map", Map.of("s3cr3t-value", "k"),
                "plain", "nothing"));

        assertThat(redacted)
                .isEqualTo(Map.of("list", List.of("x *** y", 42, true), "map", Map.of("***", "k"), "plain", "nothing"));
    }

    @Test
    void nothingSecretReachesTheLog(CapturedOutput output) throws Exception {
        peer.on("/x", Reply.empty(500));
        Redactor redactor = new Redactor();

        steps.httpStep.execute(
                request("s", config("url", peer.url("/x"), "credential", "bearer"), redactor.watch(vault)));
        steps.httpStep.execute(
                request("s", config("url", peer.url("/x"), "credential", "basic"), redactor.watch(vault)));

        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }
}
