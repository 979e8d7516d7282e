package io.levqor.growth;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Partners as the tests make them: applied over HTTP, approved by the operator, customers signed up. */
final class PartnerFixtures {

    /** An approved partner: the applicant's account, the partner's id and code. */
    record Partner(Account account, UUID id, String code) {}

    private final HttpApi api;
    private final TestAccounts accounts;
    private final OperatorBootstrap operators;
    private final JdbcClient jdbc;
    private @Nullable Account operator;

    PartnerFixtures(HttpApi api, TestAccounts accounts, OperatorBootstrap operators, JdbcClient jdbc) {
        this.api = api;
        this.accounts = accounts;
        this.operators = operators;
        this.jdbc = jdbc;
    }

    /** The operator's access token, signed in now (a token from before a move of the clock has expired). */
    String operatorToken() {
        if (operator == null) {
            operator = accounts.signUp();
            operators.apply(operator.email());
        }
        return login(operator);
    }

    /** A fresh access token of an account. */
    String login(Account account) {
        return api.post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }

    Partner approved() {
        return approved(null);
    }

    Partner approved(@Nullable Integer rateBps) {
        Account account = accounts.signUp();
        JsonNode applied = api.post("/api/v1/partners", Map.of())
                .bearer(account.accessToken())
                .send()
                .json();
        UUID id = UUID.fromString(applied.get("id").asString());
        Map<String, Object> body = new HashMap<>();
        if (rateBps != null) {
            body.put("rateBps", rateBps);
        }
        var answer = api.post("/api/v1/admin/partners/" + id + "/approve", body)
                .bearer(operatorToken())
                .send();
        if (answer.status() != 200) {
            throw new IllegalStateException("approval failed: " + answer);
        }
        return new Partner(account, id, applied.get("code").asString());
    }

    /** A new user signing up, with a partner cookie and/or a code. */
    HttpApi.Response signUp(@Nullable String cookie, @Nullable String code) {
        Map<String, Object> body = new HashMap<>(
                Map.of("email", TestAccounts.uniqueEmail(), "password", TestAccounts.PASSWORD, "name", "Customer"));
        if (code != null) {
            body.put("referralCode", code);
        }
        var call = api.post("/api/v1/auth/signup", body);
        if (cookie != null) {
            call.header("Cookie", cookie);
        }
        var answer = call.send();
        if (answer.status() != 201) {
            throw new IllegalStateException("signup failed: " + answer);
        }
        return answer;
    }

    /** A customer of {@code partner}: a new workspace signed up with the partner's code. */
    WorkspaceId customerOf(Partner partner) {
        return new WorkspaceId(UUID.fromString(
                signUp(null, partner.code()).json().get("workspaceId").asString()));
    }

    @Nullable
    UUID attributedTo(WorkspaceId workspace) {
        return jdbc.sql("SELECT partner_id FROM partner_attribution WHERE tenant_id = :tenant")
                .param("tenant", workspace.value())
                .query(UUID.class)
                .optional()
                .orElse(null);
    }

    long lines(UUID partner, String kind) {
        return jdbc.sql("SELECT count(*) FROM commission_line WHERE partner_id = :partner AND kind = :kind")
                .param("partner", partner)
                .param("kind", kind)
                .query(Long.class)
                .single();
    }

    long sum(UUID partner, String currency) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM commission_line WHERE partner_id = :partner"
                        + " AND currency = :currency")
                .param("partner", partner)
                .param("currency", currency)
                .query(Long.class)
                .single();
    }
}
