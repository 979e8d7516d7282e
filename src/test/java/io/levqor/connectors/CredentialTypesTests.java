package io.levqor.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.FieldError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialTypesTests {

    @Test
    void acceptsValidDataAndFillsDefaults() {
        assertThat(CredentialTypes.validate("apiKey", Map.of("key", "k"))).isEmpty();
        assertThat(CredentialTypes.withDefaults("apiKey", Map.of("key", "k")))
                .isEqualTo(Map.of("key", "k", "name", "X-API-Key", "in", "header"));
    }

    @Test
    void namesEveryProblem() {
        assertThat(CredentialTypes.validate("smtp", Map.of("host", 7, "port", 70000, "security", "tls", "extra", "x")))
                .containsExactlyInAnyOrder(
                        new FieldError("data.host", "must be a string"),
                        new FieldError("data.port", "must be between 1 and 65535"),
                        new FieldError("data.security", "must be one of starttls, ssl, none"),
                        new FieldError("data.extra", "is not a field of a smtp credential"),
                        new FieldError("data.from", "is required"));
        assertThat(CredentialTypes.validate(
                        "oauth2ClientCredentials",
                        Map.of("tokenUrl", "not a url", "clientId", "c", "clientSecret", "s")))
                .containsExactly(new FieldError("data.tokenUrl", "must be an absolute http(s) URL"));
        assertThat(CredentialTypes.validate("slack", Map.of()))
                .containsExactly(new FieldError("data", "needs botToken or webhookUrl"));
        assertThat(CredentialTypes.validate("nope", Map.of()))
                .extracting(FieldError::field)
                .containsExactly("type");
    }

    @Test
    void knowsWhichFieldsAreSecret() {
        assertThat(CredentialTypes.isSecret("password")).isTrue();
        assertThat(CredentialTypes.isSecret("webhookUrl")).isTrue();
        assertThat(CredentialTypes.isSecret("somethingUnknown")).isTrue();
        assertThat(CredentialTypes.isSecret("username")).isFalse();
        assertThat(CredentialTypes.isSecret("type")).isFalse();
        assertThat(CredentialTypes.isSecret("in")).isFalse();
    }
}
