package io.levqor.support;

import io.levqor.support.TestAccounts.Account;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A module's part of the cross-tenant matrix ({@code TenantIsolationIntegrationTests}): create some of the module's
 * resources in the owner's workspace and say, per endpoint path template ({@code /api/v1/api-keys/{id}}), the
 * concrete path that addresses one of them and a body valid for it. Register it as a {@code @Component} in the
 * module's test sources; endpoints with path variables but no fixture are still probed, with ids that exist
 * nowhere.
 */
public interface IsolationFixture {

    Map<String, Target> create(Account owner, TestAccounts accounts);

    /** A concrete path for a template, and the body to send with methods that take one. */
    record Target(String path, @Nullable Object body) {}
}
