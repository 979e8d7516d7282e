package io.levqor.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Even where no filter chain demands credentials, a Caller parameter or a @RequiresRole answers 401 without one. */
@LevqorIntegrationTest
class CallerResolutionIntegrationTests {

    @Autowired
    HttpApi api;

    @Test
    void aCallerParameterWithoutCredentialsIsA401Problem() {
        Response response = api.get("/api/v1/test/identity/caller").send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void aRequiredRoleWithoutCredentialsIsA401Problem() {
        Response response = api.get("/api/v1/test/identity/owner-only").send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
