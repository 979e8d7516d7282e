package io.levqor.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** Odd query strings and NUL characters are refused as 400 problems naming the field (issue 12, items 3 and 4). */
@LevqorIntegrationTest
class HostileInputIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    Environment environment;

    @Test
    void aQueryParameterWithoutANameIsABadRequest() {
        TestAccounts.Account owner = accounts.signUp();

        for (String query : List.of("?=x", "?=", "?limit=5&=x", "?cursor=%E2%82", "?limit=%00", "?%00=1")) {
            Response response = api.get("/api/v1/workflows" + query)
                    .bearer(owner.accessToken())
                    .send();

            assertThat(response.status()).as(query + " → " + response.body()).isEqualTo(400);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .startsWith("query");
        }
        Response anonymous = api.get("/api/v1/runs?=x").send();
        assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(400);
        assertThat(api.get("/api/v1/workflows?a=1&&b=2")
                        .bearer(owner.accessToken())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aNulInAJsonStringIsRefusedNamingTheFieldByJsonPointer() {
        TestAccounts.Account owner = accounts.signUp();

        Response response = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "x\u0000y",
                                "definition",
                                Map.of("trigger", Map.of("type", "manual"), "steps", List.of())))
                .bearer(owner.accessToken())
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("/name");
        Response nested = api.post(
                        "/api/v1/credentials",
                        Map.of("name", "token", "type", "bearer", "data", Map.of("token", "s3\u0000cret")))
                .bearer(owner.accessToken())
                .send();
        assertThat(nested.status()).as(nested.body()).isEqualTo(400);
        assertThat(nested.json().get("errors").get(0).get("field").asString()).isEqualTo("/data/token");
        Response signup = api.post(
                        "/api/v1/auth/signup",
                        Map.of(
                                "email",
                                TestAccounts.uniqueEmail(),
                                "password",
                                TestAccounts.PASSWORD,
                                "name",
                                "A\u0000"))
                .send();
        assertThat(signup.status()).as(signup.body()).isEqualTo(400);
        assertThat(signup.json().get("errors").get(0).get("field").asString()).isEqualTo("/name");
    }

    @Test
    void aNulInAWebhookBodyIsRefusedAndNothingRuns() throws Exception {
        TestAccounts.Account owner = accounts.signUp();
        Response workflow = api.post(
                        "/api/v1/workflows",
                        Map.of(
                                "name",
                                "Hooked",
                                "definition",
                                Map.of(
                                        "trigger",
                                        Map.of("type", "webhook"),
                                        "steps",
                                        List.of(Map.of("id", "a", "type", "test-noop")))))
                .bearer(owner.accessToken())
                .send();
        String url = workflow.json().get("webhookUrl").asString();
        String hook = url.substring(url.indexOf("/hooks/"));

        Response escaped = api.post(hook, "{\"a\":\"x\\u0000y\"}").send();
        HttpResponse<String> raw = postBytes(hook, "{\"a\":\"x\0y\"}".getBytes(StandardCharsets.UTF_8));
        Response inQuery = api.post(hook + "?a=%00", "{}").send();

        assertThat(escaped.status()).as(escaped.body()).isEqualTo(400);
        assertThat(escaped.contentType()).isEqualTo("application/problem+json");
        assertThat(escaped.json().get("errors").get(0).get("field").asString()).isEqualTo("/a");
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(400);
        assertThat(inQuery.status()).as(inQuery.body()).isEqualTo(400);
        Response runs = api.get("/api/v1/runs").bearer(owner.accessToken()).send();
        assertThat(runs.json().get("items")).isEmpty();
        assertThat(api.post(hook, "{\"a\":\"x\\\\u0000y\"}").send().status())
                .as("an escaped backslash before u0000 is no NUL")
                .isEqualTo(202);
    }

    @Test
    void aNulInAConsoleFormIsRefusedNamingTheField() throws Exception {
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new java.net.CookieManager())
                .build();
        String page = browser.send(
                        HttpRequest.newBuilder(URI.create(base + "/signup")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(csrf.find()).as(page).isTrue();

        HttpResponse<String> response = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/signup"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1)
                                + "&name=Ada%00Lovelace&email=nul-form%40example.com&password=a+long+passphrase"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"form.name\"");
        assertThat(api.post(
                                "/api/v1/auth/login",
                                Map.of("email", "nul-form@example.com", "password", "a long passphrase"))
                        .send()
                        .status())
                .isEqualTo(401);
    }

    private HttpResponse<String> postBytes(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + environment.getProperty("local.server.port") + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
