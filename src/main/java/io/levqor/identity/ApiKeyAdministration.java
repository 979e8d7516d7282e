package io.levqor.identity;

import io.levqor.identity.internal.ApiKeys;
import io.levqor.shared.Caller;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The workspace's API keys for other modules (the console): list without secrets, create (secret once), revoke. */
@Service
public class ApiKeyAdministration {

    private final ApiKeys apiKeys;

    ApiKeyAdministration(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    public List<ApiKeyInfo> list(WorkspaceId workspace) {
        return apiKeys.list(workspace);
    }

    /** A key's role cannot exceed the caller's; the answer is the only time its secret is seen. */
    public NewApiKey create(Caller caller, String name, Role role) {
        return apiKeys.create(caller, name, role);
    }

    public void revoke(Caller caller, UUID id) {
        apiKeys.revoke(caller, id);
    }
}
