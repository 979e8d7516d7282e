package io.levqor.growth;

import io.levqor.support.HttpApi;
import io.levqor.support.IsolationFixture;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Growth's partner resources for the cross-tenant matrix: the owner applies; their statement of a real month. */
@Component
class PartnerIsolationFixture implements IsolationFixture {

    private final HttpApi api;

    PartnerIsolationFixture(HttpApi api) {
        this.api = api;
    }

    @Override
    public Map<String, Target> create(Account owner, TestAccounts accounts) {
        api.post("/api/v1/partners", Map.of()).bearer(owner.accessToken()).send();
        return Map.of(
                "/api/v1/partners/me/statements/{month}.csv",
                new Target("/api/v1/partners/me/statements/2026-12.csv", null));
    }
}
