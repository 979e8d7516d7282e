package io.levqor.privacy.internal;

import io.levqor.privacy.DecryptionFailed;
import io.levqor.privacy.jdbc.DataKeyRepository;
import io.levqor.privacy.jdbc.DataKeyRepository.WrappedKey;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Finds, creates, caches and re-wraps the per-workspace data keys. */
// Nothing decrypts before the master key is proven right.
@DependsOn("masterKeyCheck")
@Component
public class DataKeys {

    private static final Logger log = LoggerFactory.getLogger(DataKeys.class);
    // Another node may rotate a workspace's data key; this bounds how long this node keeps sealing with the old one.
    private static final Duration ACTIVE_KEY_TTL = Duration.ofMinutes(5);
    private static final int REWRAP_BATCH = 200;

    /** An unwrapped data key and its id. */
    public record DataKey(UUID id, SecretKey key) {}

    private record Cached(DataKey key, Instant until) {}

    private final DataKeyRepository repository;
    private final MasterKeyring masterKeys;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final Map<WorkspaceId, Cached> active = new ConcurrentHashMap<>();
    private final Map<KeyRef, DataKey> byId = new ConcurrentHashMap<>();

    private record KeyRef(WorkspaceId workspace, UUID id) {}

    public DataKeys(
            DataKeyRepository repository,
            MasterKeyring masterKeys,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.repository = repository;
        this.masterKeys = masterKeys;
        this.clock = clock;
        // A key is cached once made, so it must be committed on its own: if the caller's transaction rolled back,
        // ciphertexts sealed later with the cached key would point at a key that was never stored.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The workspace's key for new ciphertexts, created on first use. */
    public DataKey active(WorkspaceId workspace) {
        Instant now = clock.instant();
        Cached cached = active.get(workspace);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.key();
        }
        DataKey key = repository.findActive(workspace).map(this::unwrap).orElseGet(() -> create(workspace));
        active.put(workspace, new Cached(key, now.plus(ACTIVE_KEY_TTL)));
        return key;
    }

    /** The key that sealed a ciphertext of this workspace. */
    public DataKey byId(WorkspaceId workspace, UUID id) {
        DataKey cached = byId.get(new KeyRef(workspace, id));
        if (cached != null) {
            return cached;
        }
        // Looking up by tenant as well as id is what keeps workspace B from opening A's ciphertexts.
        WrappedKey wrapped = repository
                .find(workspace, id)
                .orElseThrow(() -> new DecryptionFailed("no data key " + id + " in workspace " + workspace));
        return unwrap(wrapped);
    }

    /** Makes a new key the workspace's active one; older keys keep decrypting. */
    public DataKey rotate(WorkspaceId workspace) {
        DataKey key = ownTransaction.execute(status -> {
            repository.deactivate(workspace);
            return insertNew(workspace);
        });
        active.put(workspace, new Cached(key, clock.instant().plus(ACTIVE_KEY_TTL)));
        return key;
    }

    /** Re-wraps every data key sealed by another master key this node knows with the current one. */
    public int rewrapAll() {
        String current = masterKeys.currentId();
        UUID afterTenant = new UUID(0, 0);
        UUID afterId = new UUID(0, 0);
        int rewrapped = 0;
        int unknown = 0;
        List<WrappedKey> page;
        do {
            page = repository.wrappedByOtherMasterKey(current, afterTenant, afterId, REWRAP_BATCH);
            for (WrappedKey wrapped : page) {
                afterTenant = wrapped.tenant().value();
                afterId = wrapped.id();
                if (!masterKeys.knows(wrapped.masterKeyId())) {
                    unknown++;
                    continue;
                }
                DataKey key = unwrap(wrapped);
                byte[] rewrappedKey = masterKeys.wrap(key.key(), binding(wrapped.tenant(), key.id()));
                if (repository.rewrap(
                        wrapped.tenant(),
                        wrapped.id(),
                        wrapped.masterKeyId(),
                        rewrappedKey,
                        current,
                        clock.instant())) {
                    rewrapped++;
                }
            }
        } while (page.size() == REWRAP_BATCH);
        if (unknown > 0) {
            log.warn(
                    "{} data keys are wrapped by a master key this node does not know; "
                            + "they stay as they are until a node that has it re-wraps them",
                    unknown);
        }
        return rewrapped;
    }

    public long wrappedByOtherMasterKey() {
        return repository.countWrappedByOtherMasterKey(masterKeys.currentId());
    }

    private DataKey create(WorkspaceId workspace) {
        DataKey candidate = newKey();
        byte[] wrapped = masterKeys.wrap(candidate.key(), binding(workspace, candidate.id()));
        Boolean inserted = ownTransaction.execute(status -> repository.insertActiveIfNone(
                workspace, candidate.id(), wrapped, masterKeys.currentId(), clock.instant()));
        if (Boolean.TRUE.equals(inserted)) {
            byId.put(new KeyRef(workspace, candidate.id()), candidate);
            return candidate;
        }
        return repository
                .findActive(workspace)
                .map(this::unwrap)
                .orElseThrow(() -> new IllegalStateException("no active data key for " + workspace));
    }

    private DataKey insertNew(WorkspaceId workspace) {
        DataKey key = newKey();
        byte[] wrapped = masterKeys.wrap(key.key(), binding(workspace, key.id()));
        if (!repository.insertActiveIfNone(workspace, key.id(), wrapped, masterKeys.currentId(), clock.instant())) {
            throw new IllegalStateException("another data key became active for " + workspace + " meanwhile");
        }
        byId.put(new KeyRef(workspace, key.id()), key);
        return key;
    }

    private DataKey unwrap(WrappedKey wrapped) {
        DataKey cached = byId.get(new KeyRef(wrapped.tenant(), wrapped.id()));
        if (cached != null) {
            return cached;
        }
        SecretKey key =
                masterKeys.unwrap(wrapped.masterKeyId(), wrapped.wrappedKey(), binding(wrapped.tenant(), wrapped.id()));
        DataKey dataKey = new DataKey(wrapped.id(), key);
        byId.put(new KeyRef(wrapped.tenant(), wrapped.id()), dataKey);
        return dataKey;
    }

    private static DataKey newKey() {
        return new DataKey(Ids.newId(), Aes.newKey());
    }

    /** A wrapped key only unwraps for the workspace and id it was made for, so rows cannot be swapped. */
    static byte[] binding(WorkspaceId workspace, UUID keyId) {
        return ByteBuffer.allocate(32)
                .putLong(workspace.value().getMostSignificantBits())
                .putLong(workspace.value().getLeastSignificantBits())
                .putLong(keyId.getMostSignificantBits())
                .putLong(keyId.getLeastSignificantBits())
                .array();
    }
}
