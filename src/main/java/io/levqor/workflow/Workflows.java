package io.levqor.workflow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.levqor.identity.AuditTrail;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.internal.DefinitionParser;
import io.levqor.workflow.internal.DefinitionReader;
import io.levqor.workflow.internal.WebhookTokens;
import io.levqor.workflow.jdbc.WorkflowRepository;
import io.levqor.workflow.jdbc.WorkflowRepository.VersionRow;
import io.levqor.workflow.jdbc.WorkflowRepository.WorkflowRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Workflows and their immutable versions: create, save, activate, delete, and read them back for runs. */
@Service
public class Workflows {

    static final int MAX_NAME = 200;
    static final int MAX_PAGE = 200;

    /** How long another node may go on with a workflow's previous version, token or active flag after a change. */
    public static final Duration CURRENT_STATE_EXPIRY = Duration.ofSeconds(2);

    private final WorkflowRepository repository;
    private final DefinitionReader definitions;
    private final Credentials credentials;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;
    private final Clock clock;
    // Versions never change, so a parsed one can be kept for as long as there is room.
    private final Map<VersionKey, WorkflowVersion> versionCache = new ConcurrentHashMap<>();
    // Every webhook request looks its token up, every API start the current version. Changes made on this node
    // clear both at once; changes made on another node (a rotated token, a deactivation, a new version) reach
    // this one within the expiry.
    private final Cache<String, WebhookTarget> webhookTargets = Caffeine.newBuilder()
            .expireAfterWrite(CURRENT_STATE_EXPIRY)
            .maximumSize(10_000)
            .build();
    private final Cache<WorkflowKey, Integer> currentVersions = Caffeine.newBuilder()
            .expireAfterWrite(CURRENT_STATE_EXPIRY)
            .maximumSize(10_000)
            .build();

    Workflows(
            WorkflowRepository repository,
            DefinitionReader definitions,
            Credentials credentials,
            ApplicationEventPublisher events,
            AuditTrail audit,
            Clock clock) {
        this.audit = audit;
        this.repository = repository;
        this.definitions = definitions;
        this.credentials = credentials;
        this.events = events;
        this.clock = clock;
    }

    // ---- for runs (the engine) -------------------------------------------------------------------------------

    /** One version, also of a deleted workflow (runs pinned to it keep going). */
    public WorkflowVersion version(WorkspaceId workspace, WorkflowId workflow, int version) {
        VersionKey key = new VersionKey(workspace, workflow, version);
        WorkflowVersion cached = versionCache.get(key);
        if (cached != null) {
            return cached;
        }
        VersionRow row = repository
                .findVersion(workspace, workflow, version)
                .orElseThrow(() -> WorkflowNotFound.forVersion(workflow, version));
        WorkflowVersion parsed = new WorkflowVersion(workspace, workflow, version, definitions.read(row.definition()));
        if (versionCache.size() > 10_000) {
            versionCache.clear();
        }
        versionCache.put(key, parsed);
        return parsed;
    }

    /** The current version of a workflow that is not deleted. */
    public WorkflowVersion latest(WorkspaceId workspace, WorkflowId workflow) {
        var key = new WorkflowKey(workspace, workflow);
        Integer current = currentVersions.getIfPresent(key);
        if (current == null) {
            current = repository
                    .find(workspace, workflow)
                    .orElseThrow(() -> WorkflowNotFound.forId(workflow))
                    .version();
            currentVersions.put(key, current);
        }
        return version(workspace, workflow, current);
    }

    /** The workflow a webhook token points at; tokens are unique across workspaces. */
    public Optional<WebhookTarget> findByWebhookToken(String token) {
        if (token.isEmpty() || token.length() > 100) {
            return Optional.empty();
        }
        WebhookTarget cached = webhookTargets.getIfPresent(token);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<WebhookTarget> found = repository
                .findByWebhookTokenWithCapture(token)
                .map(tokenRow -> {
                    WorkflowRow row = tokenRow.workflow();
                    WorkflowVersion current = version(row.tenant(), row.id(), row.version());
                    return new WebhookTarget(
                            row.tenant(),
                            row.id(),
                            row.version(),
                            current.definition().trigger(),
                            row.active(),
                            tokenRow.testListenUntil());
                });
        found.ifPresent(target -> webhookTargets.put(token, target));
        return found;
    }

    /**
     * Checks a definition's structure, step fields and expressions without saving it (credential names are not
     * looked up: see {@link #check}); throws {@link io.levqor.shared.ValidationFailed} listing every problem.
     */
    public Definition validate(WorkspaceId workspace, @Nullable Object definition) {
        return definitions.validate(definition, null);
    }

    /** Everything a save checks, including that each step's {@code credential} names one of the workspace's. */
    public Definition check(WorkspaceId workspace, @Nullable Object definition) {
        return check(workspace, definition, true);
    }

    private Definition check(WorkspaceId workspace, @Nullable Object definition, boolean credentialsMustExist) {
        // The error workflow must be the workspace's: looked up here, reported with the definition's other problems.
        List<FieldError> elsewhere = new ArrayList<>();
        if (definition instanceof Map<?, ?> root) {
            WorkflowId onFailure = DefinitionParser.onFailure(root, new ArrayList<>());
            if (onFailure != null && repository.find(workspace, onFailure).isEmpty()) {
                elsewhere.add(new FieldError("/onFailure/workflow", "names no workflow of this workspace"));
            }
        }
        Definition parsed;
        try {
            parsed = definitions.validate(
                    definition, credentialsMustExist ? name -> credentials.exists(workspace, name) : null);
        } catch (ValidationFailed e) {
            if (elsewhere.isEmpty()) {
                throw e;
            }
            List<FieldError> all = new ArrayList<>(e.errors());
            all.addAll(elsewhere);
            throw new ValidationFailed(all);
        }
        if (!elsewhere.isEmpty()) {
            throw new ValidationFailed(elsewhere);
        }
        return parsed;
    }

    // ---- for the owners (the API) ----------------------------------------------------------------------------

    /** Creates version 1. With an idempotency key, a repeat answers the workflow the first request created. */
    @Transactional
    public WorkflowView create(
            WorkspaceId workspace,
            @Nullable UserId user,
            String name,
            @Nullable Object definition,
            boolean active,
            @Nullable String idempotencyKey) {
        String checkedName = checkName(name);
        Definition parsed = check(workspace, definition);
        WorkflowId id = WorkflowId.newId();
        Instant now = clock.instant();
        if (idempotencyKey != null) {
            String hash = hash(checkedName + "\n" + DefinitionReader.toJson(definition) + "\n" + active);
            Optional<WorkflowRepository.CreateKey> earlier = repository.findCreateKey(workspace, idempotencyKey);
            if (earlier.isEmpty() && !repository.claimCreateKey(workspace, idempotencyKey, hash, id, now)) {
                earlier = repository.findCreateKey(workspace, idempotencyKey);
            }
            if (earlier.isPresent()) {
                if (!earlier.get().requestHash().equals(hash)) {
                    throw new ProblemException(
                            org.springframework.http.HttpStatus.UNPROCESSABLE_CONTENT,
                            "idempotency-key-reused",
                            "Idempotency key reused",
                            "this Idempotency-Key was used for a different request");
                }
                return get(workspace, earlier.get().workflow());
            }
        }
        return insert(workspace, user, id, checkedName, definition, parsed.trigger(), active, "workflow.created");
    }

    /**
     * Creates version 1 of an imported workflow, inactive, checked as a save checks it except that the credentials it
     * names need not exist yet (the import reports which must be created or mapped).
     */
    @Transactional
    public WorkflowView createImported(
            WorkspaceId workspace, @Nullable UserId user, String name, @Nullable Object definition) {
        String checkedName = checkName(name);
        Definition parsed = check(workspace, definition, false);
        return insert(
                workspace,
                user,
                WorkflowId.newId(),
                checkedName,
                definition,
                parsed.trigger(),
                false,
                "workflow.created");
    }

    private WorkflowView insert(
            WorkspaceId workspace,
            @Nullable UserId user,
            WorkflowId id,
            String checkedName,
            @Nullable Object definition,
            Trigger trigger,
            boolean active,
            String auditAction) {
        Instant now = clock.instant();
        WorkflowRow row = new WorkflowRow(
                workspace,
                id,
                checkedName,
                1,
                active,
                trigger.type(),
                trigger.isWebhook() ? WebhookTokens.newToken() : null,
                now,
                now,
                null);
        repository.insert(row);
        repository.insertVersion(
                new VersionRow(workspace, id, 1, checkedName, DefinitionReader.toJson(definition), now, user));
        publish(row, trigger, false);
        audited(workspace, auditAction, id, "version=1 active=" + active + " name=" + checkedName);
        return view(row, definition);
    }

    /** Saves a new version (the name stays unless given); the webhook token survives while the trigger is a webhook. */
    @Transactional
    public WorkflowView update(
            WorkspaceId workspace,
            @Nullable UserId user,
            WorkflowId id,
            @Nullable String name,
            @Nullable Object definition) {
        WorkflowRow current = repository.lock(workspace, id).orElseThrow(() -> WorkflowNotFound.forId(id));
        String checkedName = name == null ? current.name() : checkName(name);
        Definition parsed = check(workspace, definition);
        Trigger trigger = parsed.trigger();
        String token = trigger.isWebhook()
                ? (current.webhookToken() != null ? current.webhookToken() : WebhookTokens.newToken())
                : null;
        Instant now = clock.instant();
        WorkflowRow saved = new WorkflowRow(
                workspace,
                id,
                checkedName,
                current.version() + 1,
                current.active(),
                trigger.type(),
                token,
                current.createdAt(),
                now,
                null);
        forgetCurrentState();
        if (!repository.saveHead(saved, current.version())) {
            throw ProblemException.conflict("workflow " + id + " was saved by someone else; reload and try again");
        }
        repository.insertVersion(new VersionRow(
                workspace, id, saved.version(), checkedName, DefinitionReader.toJson(definition), now, user));
        publish(saved, trigger, false);
        audited(workspace, "workflow.saved", id, "version=" + saved.version() + " name=" + checkedName);
        return view(saved, definition);
    }

    @Transactional
    public void delete(WorkspaceId workspace, WorkflowId id) {
        delete(workspace, id, true);
    }

    /**
     * Deletes the workflow of a deleted workspace without an audit entry: {@code workspace.deleted} stays the last
     * word of its log, as the record of who deleted it.
     */
    @Transactional
    public void purge(WorkspaceId workspace, WorkflowId id) {
        delete(workspace, id, false);
    }

    private void delete(WorkspaceId workspace, WorkflowId id, boolean audited) {
        WorkflowRow current = repository.lock(workspace, id).orElseThrow(() -> WorkflowNotFound.forId(id));
        forgetCurrentState();
        if (!repository.delete(workspace, id, clock.instant())) {
            throw WorkflowNotFound.forId(id);
        }
        publish(current, version(workspace, id, current.version()).definition().trigger(), true);
        if (audited) {
            audited(workspace, "workflow.deleted", id, "name=" + current.name());
        }
    }

    @Transactional
    public WorkflowView activate(WorkspaceId workspace, WorkflowId id) {
        return setActive(workspace, id, true);
    }

    @Transactional
    public WorkflowView deactivate(WorkspaceId workspace, WorkflowId id) {
        return setActive(workspace, id, false);
    }

    private WorkflowView setActive(WorkspaceId workspace, WorkflowId id, boolean active) {
        WorkflowRow current = repository.lock(workspace, id).orElseThrow(() -> WorkflowNotFound.forId(id));
        if (current.active() == active) {
            return get(workspace, id);
        }
        forgetCurrentState();
        if (!repository.setActive(workspace, id, active, clock.instant())) {
            throw WorkflowNotFound.forId(id);
        }
        WorkflowRow changed = repository.find(workspace, id).orElseThrow(() -> WorkflowNotFound.forId(id));
        publish(changed, version(workspace, id, changed.version()).definition().trigger(), false);
        audited(workspace, active ? "workflow.activated" : "workflow.deactivated", id, "version=" + changed.version());
        return get(workspace, id);
    }

    /** A new webhook token; the old one stops working at once. */
    @Transactional
    public WorkflowView rotateWebhookToken(WorkspaceId workspace, WorkflowId id) {
        WorkflowRow current = repository.lock(workspace, id).orElseThrow(() -> WorkflowNotFound.forId(id));
        if (current.webhookToken() == null) {
            throw ProblemException.conflict("workflow " + id + " is not triggered by a webhook");
        }
        forgetCurrentState();
        repository.setWebhookToken(workspace, id, WebhookTokens.newToken(), clock.instant());
        publish(current, version(workspace, id, current.version()).definition().trigger(), false);
        audited(workspace, "workflow.webhook-token-rotated", id, "");
        return get(workspace, id);
    }

    @Transactional(readOnly = true)
    public WorkflowView get(WorkspaceId workspace, WorkflowId id) {
        WorkflowRow row = repository.find(workspace, id).orElseThrow(() -> WorkflowNotFound.forId(id));
        VersionRow version = repository
                .findVersion(workspace, id, row.version())
                .orElseThrow(() -> WorkflowNotFound.forVersion(id, row.version()));
        return view(row, DefinitionReader.fromJson(version.definition()));
    }

    /** The workspace's workflows, newest first, without their definitions. */
    @Transactional(readOnly = true)
    public WorkflowPage list(WorkspaceId workspace, @Nullable String cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        UUID before = null;
        if (cursor != null && !cursor.isBlank()) {
            try {
                before = UUID.fromString(cursor);
            } catch (IllegalArgumentException e) {
                throw io.levqor.shared.ValidationFailed.of("cursor", "is not a cursor this API gave out");
            }
        }
        List<WorkflowRow> rows = repository.list(workspace, before, size + 1);
        boolean more = rows.size() > size;
        List<WorkflowView> items =
                rows.stream().limit(size).map(row -> view(row, null)).toList();
        String next = more ? items.getLast().id().toString() : null;
        return new WorkflowPage(items, next);
    }

    /** Every version, newest first, each with its definition as written. */
    @Transactional(readOnly = true)
    public List<VersionView> versions(WorkspaceId workspace, WorkflowId id) {
        List<VersionRow> rows = repository.versions(workspace, id);
        if (rows.isEmpty() || repository.find(workspace, id).isEmpty()) {
            throw WorkflowNotFound.forId(id);
        }
        return rows.stream().map(Workflows::versionView).toList();
    }

    @Transactional(readOnly = true)
    public VersionView versionView(WorkspaceId workspace, WorkflowId id, int version) {
        repository.find(workspace, id).orElseThrow(() -> WorkflowNotFound.forId(id));
        return repository
                .findVersion(workspace, id, version)
                .map(Workflows::versionView)
                .orElseThrow(() -> WorkflowNotFound.forVersion(id, version));
    }

    // In the change's transaction: the entry exists exactly when the change does. WorkflowChanged does not say who
    // made the change, so a listener could not name the actor.
    private void audited(WorkspaceId workspace, String action, WorkflowId id, String detail) {
        audit.record(
                workspace,
                AuditTrail.currentActor(),
                action,
                "workflow:" + id.value() + (detail.isEmpty() ? "" : " " + detail));
    }

    private void publish(WorkflowRow row, Trigger trigger, boolean deleted) {
        events.publishEvent(
                new WorkflowChanged(row.tenant(), row.id(), row.version(), row.active() && !deleted, deleted, trigger));
    }

    private static VersionView versionView(VersionRow row) {
        return new VersionView(
                row.workflow(),
                row.version(),
                row.name(),
                DefinitionReader.fromJson(row.definition()),
                row.createdAt(),
                row.createdBy());
    }

    private static WorkflowView view(WorkflowRow row, @Nullable Object definition) {
        return new WorkflowView(
                row.id(),
                row.name(),
                row.version(),
                row.active(),
                row.triggerType(),
                row.webhookToken(),
                definition,
                row.createdAt(),
                row.updatedAt());
    }

    private static String checkName(@Nullable String name) {
        if (name == null || name.isBlank()) {
            throw io.levqor.shared.ValidationFailed.of("name", "is required");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME) {
            throw io.levqor.shared.ValidationFailed.of("name", "must have at most " + MAX_NAME + " characters");
        }
        return trimmed;
    }

    private static String hash(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Drops this node's cached webhook targets (a test-webhook capture was armed: {@link SampleData#listen}). */
    void forgetWebhookTargets() {
        forgetCurrentState();
    }

    private void forgetCurrentState() {
        webhookTargets.invalidateAll();
        currentVersions.invalidateAll();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // A request on this node may have cached the old state again before the change commits.
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    webhookTargets.invalidateAll();
                    currentVersions.invalidateAll();
                }
            });
        }
    }

    private record WorkflowKey(WorkspaceId workspace, WorkflowId workflow) {}

    private record VersionKey(WorkspaceId workspace, WorkflowId workflow, int version) {}
}
