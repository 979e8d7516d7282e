package io.levqor.identity.internal;

import io.levqor.identity.ApiKeyInfo;
import io.levqor.identity.AuditTrail;
import io.levqor.identity.NewApiKey;
import io.levqor.identity.jdbc.ApiKeyRepository;
import io.levqor.identity.jdbc.ApiKeyRepository.KeyAccess;
import io.levqor.shared.Caller;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.Role;
import io.levqor.shared.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys: {@code lvq_} and 256 random bits, shown once, stored as SHA-256 (enough for keys this random; a slow
 * hash would only slow every request). A key acts in its workspace with its role, exactly like an access token.
 */
@Component
public class ApiKeys {

    public static final String PREFIX = "lvq_";
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private final ApiKeyRepository keys;
    private final AuditTrail audit;
    private final Clock clock;

    ApiKeys(ApiKeyRepository keys, AuditTrail audit, Clock clock) {
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public NewApiKey create(Caller caller, String name, Role role) {
        if (!caller.may(role)) {
            throw ProblemException.forbidden("A key cannot have a higher role than its creator ("
                    + caller.role().apiName() + ")");
        }
        Instant now = clock.instant();
        UUID id = Ids.newId(now.toEpochMilli());
        String secret = Secrets.token(PREFIX);
        keys.insert(
                caller.workspace(),
                id,
                name,
                role,
                Secrets.sha256(secret),
                secret.substring(0, 10),
                caller.user(),
                now);
        audit.record(caller, "api-key.created", "api-key:" + id);
        return new NewApiKey(id, name, role, secret, now);
    }

    public List<ApiKeyInfo> list(WorkspaceId workspace) {
        return keys.list(workspace);
    }

    @Transactional
    public void revoke(Caller caller, UUID id) {
        if (keys.revoke(caller.workspace(), id, clock.instant()) == 0) {
            throw ProblemException.notFound("API key", id);
        }
        audit.record(caller, "api-key.revoked", "api-key:" + id);
    }

    public Optional<Caller> authenticate(String secret) {
        Optional<KeyAccess> found = keys.findActive(Secrets.sha256(secret));
        found.ifPresent(key -> {
            Instant now = clock.instant();
            if (key.lastUsedAt() == null || key.lastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY))) {
                keys.touch(key.workspace(), key.id(), now, now.minus(LAST_USED_GRANULARITY));
            }
        });
        return found.map(
                key -> new Caller(key.workspace(), null, key.role(), key.id().toString()));
    }
}
