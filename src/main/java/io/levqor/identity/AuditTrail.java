package io.levqor.identity;

import io.levqor.identity.jdbc.AuditLogRepository;
import io.levqor.identity.jdbc.AuditLogRepository.Entry;
import io.levqor.identity.jdbc.AuditLogRepository.Head;
import io.levqor.shared.Caller;
import io.levqor.shared.WorkspaceId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The workspace's append-only audit log. Each entry's hash covers the previous entry's hash and its own fields, so
 * editing, inserting or deleting a row breaks the chain at that point; {@link #verify(WorkspaceId)} finds it.
 * Other modules record their changes here too ({@code workflow.updated}, {@code billing.plan-changed}).
 */
@Service
public class AuditTrail {

    private final AuditLogRepository log;
    private final Clock clock;

    AuditTrail(AuditLogRepository log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** Records what the caller did; IP and user agent come from the current request, if any. */
    @Transactional
    public void record(Caller caller, String action, @Nullable String target) {
        record(caller.workspace(), actorOf(caller), action, target);
    }

    /** Records an action by a named actor ({@code user:<id>}, {@code api-key:<id>}, {@code system}). */
    @Transactional
    public void record(WorkspaceId workspace, String actor, String action, @Nullable String target) {
        RequestInfo request = RequestInfo.current();
        Head head = log.lockHead(workspace);
        // timestamptz keeps microseconds: hash what the database will give back.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long seq = head.seq() + 1;
        byte[] hash = hash(head.hash(), workspace, seq, at, actor, action, target, request.ip(), request.userAgent());
        log.append(new Entry(
                workspace, seq, at, actor, action, target, request.ip(), request.userAgent(), head.hash(), hash));
    }

    /**
     * Records what the platform operator did to another workspace: in that workspace's log (its members see who
     * changed what) and in the operator's own (the operator's trail of every action), both as {@code operator.*}.
     */
    @Transactional
    public void recordOperatorAction(Caller operator, WorkspaceId target, String action, String detail) {
        String actor = actorOf(operator);
        record(target, actor, action, detail);
        if (!target.equals(operator.workspace())) {
            record(operator.workspace(), actor, action, "workspace:" + target.value() + " " + detail);
        }
    }

    /**
     * Records the action unless the workspace's log already holds one with the same action and target: for listeners,
     * which may be delivered an event twice. The target must identify the event (an id, a time).
     */
    @Transactional
    public void recordOnce(WorkspaceId workspace, String actor, String action, String target) {
        log.lockHead(workspace);
        if (!log.contains(workspace, action, target)) {
            record(workspace, actor, action, target);
        }
    }

    /** A page of the log, newest first: entries before {@code beforeSeq} (all when null), at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<AuditEntry> page(WorkspaceId workspace, @Nullable Long beforeSeq, int limit) {
        return log.page(workspace, beforeSeq, limit).stream()
                .map(e -> new AuditEntry(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.ip(), e.userAgent()))
                .toList();
    }

    /** Walks the chain from the start and reports the first entry that does not match. */
    @Transactional(readOnly = true)
    public AuditVerification verify(WorkspaceId workspace) {
        AtomicLong count = new AtomicLong();
        AtomicReference<byte[]> previous = new AtomicReference<>(new byte[32]);
        AtomicReference<@Nullable Long> broken = new AtomicReference<>();
        AtomicReference<@Nullable String> problem = new AtomicReference<>();
        log.forEach(workspace, entry -> {
            if (broken.get() != null) {
                return;
            }
            long expectedSeq = count.incrementAndGet();
            if (entry.seq() != expectedSeq) {
                broken.set(expectedSeq);
                problem.set("entry " + expectedSeq + " is missing");
            } else if (!Arrays.equals(entry.prevHash(), previous.get())) {
                broken.set(entry.seq());
                problem.set("entry " + entry.seq() + " does not link to its predecessor");
            } else if (!Arrays.equals(entry.hash(), hashOf(entry))) {
                broken.set(entry.seq());
                problem.set("entry " + entry.seq() + " was altered");
            }
            previous.set(entry.hash());
        });
        if (broken.get() == null) {
            Head head = log.head(workspace);
            long last = count.get();
            if (head != null && (head.seq() != last || !Arrays.equals(head.hash(), previous.get()))) {
                broken.set(last + 1);
                problem.set("entries after " + last + " were removed");
            }
        }
        return AuditVerification.of(count.get(), broken.get(), problem.get());
    }

    /**
     * Request attribute a web layer that does not authenticate through identity's filter chain (the console) sets
     * to the actor of the request, so that modules recording changes deep in a service see who asked.
     */
    public static final String ACTOR_ATTRIBUTE = "io.levqor.identity.audit-actor";

    /**
     * Who the current thread acts for: the API caller, else the actor the serving web layer named in
     * {@link #ACTOR_ATTRIBUTE}, else {@code system} (a listener, a scheduled job, a workspace's deletion).
     */
    public static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Caller caller) {
            return actorOf(caller);
        }
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                && attributes.getRequest().getAttribute(ACTOR_ATTRIBUTE) instanceof String actor) {
            return actor;
        }
        return "system";
    }

    public static String actorOf(Caller caller) {
        if (caller.apiKeyId() != null) {
            return "api-key:" + caller.apiKeyId();
        }
        return caller.user() == null ? "system" : "user:" + caller.user().value();
    }

    private static byte[] hashOf(Entry e) {
        return hash(
                e.prevHash(), e.workspace(), e.seq(), e.at(), e.actor(), e.action(), e.target(), e.ip(), e.userAgent());
    }

    private static byte[] hash(
            byte[] previous,
            WorkspaceId workspace,
            long seq,
            Instant at,
            String actor,
            String action,
            @Nullable String target,
            @Nullable String ip,
            @Nullable String userAgent) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous);
            // Length-prefixed fields: no two different entries share a byte string.
            for (String field : new String[] {
                workspace.value().toString(),
                Long.toString(seq),
                Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, at)),
                actor,
                action,
                target,
                ip,
                userAgent
            }) {
                if (field == null) {
                    digest.update(ByteBuffer.allocate(4).putInt(-1).array());
                } else {
                    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                    digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                    digest.update(bytes);
                }
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
