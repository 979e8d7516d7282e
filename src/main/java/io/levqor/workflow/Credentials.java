package io.levqor.workflow;

import io.levqor.connectors.CredentialResolver;
import io.levqor.connectors.StepFailure;
import io.levqor.identity.AuditTrail;
import io.levqor.privacy.DecryptionFailed;
import io.levqor.privacy.FieldEncryption;
import io.levqor.shared.ProblemException;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.credentials.CredentialData;
import io.levqor.workflow.credentials.jdbc.CredentialRepository;
import io.levqor.workflow.credentials.jdbc.CredentialRepository.Sealed;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The credentials vault: named secrets of a workspace, checked against their type's schema and encrypted at rest.
 * Data goes in through {@link #create} and {@link #replace} and comes out only through {@link #resolve} and
 * {@link #resolverFor}, for steps; never in a {@link CredentialView}.
 */
@Service
public class Credentials {

    private static final Logger log = LoggerFactory.getLogger(Credentials.class);

    private final CredentialRepository repository;
    private final FieldEncryption encryption;
    private final AuditTrail audit;
    private final Clock clock;

    public Credentials(CredentialRepository repository, FieldEncryption encryption, AuditTrail audit, Clock clock) {
        this.audit = audit;
        this.repository = repository;
        this.encryption = encryption;
        this.clock = clock;
    }

    public CredentialView create(
            WorkspaceId workspace, @Nullable String name, @Nullable String type, @Nullable Map<String, Object> data) {
        return create(workspace, name, type, data, null);
    }

    /**
     * Creates a credential. With an idempotency key, a repeat answers the credential the first request made (a
     * different name or type under the same key is a 409); the data of a repeat is not stored again.
     */
    @Transactional
    public CredentialView create(
            WorkspaceId workspace,
            @Nullable String name,
            @Nullable String type,
            @Nullable Map<String, Object> data,
            @Nullable String idempotencyKey) {
        Map<String, Object> valid = CredentialData.validated(name, type, data);
        String trimmed = name.trim();
        if (idempotencyKey != null) {
            var earlier = repository.findByIdempotencyKey(workspace, idempotencyKey);
            if (earlier.isPresent()) {
                return sameRequest(earlier.get(), trimmed, type);
            }
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        CredentialView view = new CredentialView(CredentialId.newId(), trimmed, type, now, now);
        byte[] ciphertext = encryption.encrypt(workspace, CredentialData.serialize(valid));
        try {
            repository.insert(workspace, view, ciphertext, FieldEncryption.keyId(ciphertext), idempotencyKey);
        } catch (DuplicateKeyException e) {
            // Either the name is taken or a concurrent request with the same key won; a repeat gets its answer.
            if (idempotencyKey != null) {
                var winner = repository.findByIdempotencyKey(workspace, idempotencyKey);
                if (winner.isPresent()) {
                    return sameRequest(winner.get(), trimmed, type);
                }
            }
            throw nameTaken(view.name());
        }
        log.info("credential {} ({}) created in workspace {}", view.id(), type, workspace);
        audited(workspace, "credential.created", view.id(), "type=" + type + " name=" + view.name());
        return view;
    }

    public List<CredentialView> list(WorkspaceId workspace) {
        return repository.list(workspace);
    }

    public CredentialView get(WorkspaceId workspace, CredentialId id) {
        return repository.find(workspace, id).map(Sealed::view).orElseThrow(() -> notFound(id));
    }

    public boolean exists(WorkspaceId workspace, String name) {
        return repository.findByName(workspace, name).isPresent();
    }

    /** Replaces the data (and the name, when given); the type stays. */
    @Transactional
    public CredentialView replace(
            WorkspaceId workspace, CredentialId id, @Nullable String name, @Nullable Map<String, Object> data) {
        CredentialView current = get(workspace, id);
        String newName = name == null ? current.name() : name;
        Map<String, Object> valid = CredentialData.validated(newName, current.type(), data);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        byte[] ciphertext = encryption.encrypt(workspace, CredentialData.serialize(valid));
        try {
            if (!repository.replace(
                    workspace, id, newName.trim(), ciphertext, FieldEncryption.keyId(ciphertext), now)) {
                throw notFound(id);
            }
        } catch (DuplicateKeyException e) {
            throw nameTaken(newName.trim());
        }
        log.info("credential {} replaced in workspace {}", id, workspace);
        audited(workspace, "credential.replaced", id, "name=" + newName.trim());
        return new CredentialView(id, newName.trim(), current.type(), current.createdAt(), now);
    }

    @Transactional
    public void delete(WorkspaceId workspace, CredentialId id) {
        if (!repository.delete(workspace, id)) {
            throw notFound(id);
        }
        log.info("credential {} deleted in workspace {}", id, workspace);
        audited(workspace, "credential.deleted", id, "");
    }

    /**
     * Deletes a deleted workspace's credential without an audit entry: {@code workspace.deleted} stays the last word
     * of its log. Nothing to delete is no error (a redelivered event).
     */
    @Transactional
    public void purge(WorkspaceId workspace, CredentialId id) {
        repository.delete(workspace, id);
    }

    // In the change's transaction, whoever asked (the API, the console): never the data, only which credential.
    private void audited(WorkspaceId workspace, String action, CredentialId id, String detail) {
        audit.record(
                workspace,
                AuditTrail.currentActor(),
                action,
                "credential:" + id + (detail.isEmpty() ? "" : " " + detail));
    }

    /**
     * The decrypted data of the workspace's credential with this name, plus its {@code type}; throws a permanent
     * {@link StepFailure} when there is none, as steps expect.
     */
    public Map<String, Object> resolve(WorkspaceId workspace, String name) {
        Sealed sealed = repository
                .findByName(workspace, name)
                .orElseThrow(() -> StepFailure.permanent("credential '" + name + "' does not exist in this workspace"));
        Map<String, Object> data;
        try {
            data = CredentialData.deserialize(encryption.decrypt(workspace, sealed.ciphertext()));
        } catch (DecryptionFailed e) {
            log.error(
                    "credential {} of workspace {} cannot be decrypted: {}",
                    sealed.view().id(),
                    workspace,
                    e.getMessage());
            throw StepFailure.permanent("credential '" + name + "' cannot be decrypted (see the server log)");
        }
        data.put("type", sealed.view().type());
        return data;
    }

    /** What the engine hands a step of this workspace (wrap it in a {@code connectors.Redactor}). */
    public CredentialResolver resolverFor(WorkspaceId workspace) {
        return name -> resolve(workspace, name);
    }

    private static ProblemException notFound(CredentialId id) {
        return ProblemException.notFound("credential", id);
    }

    private static CredentialView sameRequest(CredentialView earlier, String name, String type) {
        if (!earlier.name().equals(name) || !earlier.type().equals(type)) {
            throw ProblemException.conflict("this Idempotency-Key was used for a different request");
        }
        return earlier;
    }

    private static ProblemException nameTaken(String name) {
        return ProblemException.conflict("a credential named '" + name + "' already exists");
    }
}
