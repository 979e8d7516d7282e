package io.levqor.growth.internal;

import io.levqor.billing.Plan;
import io.levqor.billing.Plans;
import io.levqor.billing.QuotaExceeded;
import io.levqor.billing.Quotas;
import io.levqor.billing.RunRefused;
import io.levqor.billing.SubscriptionChanged;
import io.levqor.billing.UsageView;
import io.levqor.engine.RunSummaries;
import io.levqor.growth.LifecycleStep;
import io.levqor.growth.jdbc.LifecycleRepository;
import io.levqor.growth.jdbc.LifecycleRepository.Due;
import io.levqor.growth.jdbc.LifecycleRepository.Person;
import io.levqor.identity.UserSignedUp;
import io.levqor.identity.WorkspaceDeleted;
import io.levqor.mail.MailId;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.WorkspaceId;
import io.levqor.workflow.WorkflowView;
import io.levqor.workflow.Workflows;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lifecycle mail: the sequence after signup (day 0, 1, 3, 7, 14) and the behaviour nudges. Every mail is a row of
 * {@code growth_lifecycle_send} keyed by person and step, inserted first (a second insert does nothing) and settled
 * in the transaction that puts the mail in the outbox, after claiming it with {@code FOR UPDATE SKIP LOCKED}: with
 * any number of nodes, restarts or replayed events, a step goes to a person at most once, and a crash before the
 * commit leaves it due. Mail goes out in the person's sending window ({@code send-from} for {@code send-window} in
 * their workspace's time zone, UTC unless set); day 0 goes at once. Nudge conditions are looked at once a day per
 * person ({@code next_check_at}); the daily cap nudge follows billing's {@link RunRefused}.
 */
@Component
public class Lifecycle {

    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    private static final int BATCH = 50;
    private static final Duration CHECK_EVERY = Duration.ofDays(1);
    // After this, nudges that never came due are left undecided and the person is not looked at again.
    private static final Duration CHECK_FOR = Duration.ofDays(90);

    private final LifecycleRepository repository;
    private final LifecycleTemplates templates;
    private final MarketingMail marketing;
    private final MessagingSettings settings;
    private final Workflows workflows;
    private final RunSummaries runs;
    private final Quotas quotas;
    private final Plans plans;
    private final PlatformSettings platform;
    private final Clock clock;
    private final TransactionTemplate transactions;

    public Lifecycle(
            LifecycleRepository repository,
            LifecycleTemplates templates,
            MarketingMail marketing,
            MessagingSettings settings,
            Workflows workflows,
            RunSummaries runs,
            Quotas quotas,
            Plans plans,
            PlatformSettings platform,
            Clock clock,
            PlatformTransactionManager transactionManager) {
        this.repository = repository;
        this.templates = templates;
        this.marketing = marketing;
        this.settings = settings;
        this.workflows = workflows;
        this.runs = runs;
        this.quotas = quotas;
        this.plans = plans;
        this.platform = platform;
        this.clock = clock;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    // In the signup's transaction: the person and their sequence exist if and only if the account does. Inserts only
    // (a conflict does nothing), so a replay cannot fail a signup.
    @EventListener
    void on(UserSignedUp signedUp) {
        Instant now = clock.instant();
        UUID user = signedUp.user().value();
        if (!repository.insertPerson(
                user, signedUp.workspace().value(), signedUp.email(), now, now.plus(CHECK_EVERY))) {
            return;
        }
        for (LifecycleStep step : LifecycleStep.values()) {
            if (step.isSequence()) {
                repository.schedule(
                        user, step.key(), step.day() == 0 ? now : dayAt(now, ZoneOffset.UTC, step.day(), user));
            }
        }
    }

    @ApplicationModuleListener
    void on(SubscriptionChanged changed) {
        boolean paying = changed.to().grantsPlan()
                && plans.orFree(changed.effectivePlan()).isPaid();
        repository.setPaying(changed.workspace().value(), paying);
    }

    @ApplicationModuleListener
    void on(RunRefused refused) {
        if (!QuotaExceeded.DAILY_RUN_CAP.equals(refused.limit())) {
            return;
        }
        Instant now = clock.instant();
        for (Person person : repository.peopleOfWorkspace(refused.workspace().value())) {
            repository.schedule(
                    person.userId(), LifecycleStep.NUDGE_DAILY_CAP.key(), window(now, zone(person), person.userId()));
        }
    }

    @ApplicationModuleListener
    void on(WorkspaceDeleted deleted) {
        repository.deleteWorkspace(deleted.workspace().value());
    }

    @Scheduled(
            initialDelayString = "${levqor.growth.messaging.poll-interval:1m}",
            fixedDelayString = "${levqor.growth.messaging.poll-interval:1m}")
    void tick() {
        if (!settings.lifecycleEnabled() || !settings.scheduleEnabled()) {
            return;
        }
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("Lifecycle mail round failed", e);
        }
    }

    /** One round: looks at due nudge conditions, then sends what is due; returns how many mails went out. */
    public int runOnce() {
        if (!settings.lifecycleEnabled()) {
            return 0;
        }
        Instant now = clock.instant();
        while (Boolean.TRUE.equals(transactions.execute(status -> checkBatch(now)))) {
            // each batch commits on its own: a long sweep holds no lock for long
        }
        int sent = 0;
        Integer batch;
        do {
            batch = transactions.execute(status -> sendBatch(now));
            sent += batch == null ? 0 : batch;
        } while (batch != null && batch > 0);
        return sent;
    }

    private boolean checkBatch(Instant now) {
        List<Person> people = repository.claimChecks(now, BATCH);
        for (Person person : people) {
            check(person, now);
        }
        return people.size() == BATCH;
    }

    private void check(Person person, Instant now) {
        UUID user = person.userId();
        WorkspaceId workspace = new WorkspaceId(person.workspaceId());
        List<WorkflowView> own = workflows.list(workspace, null, 100).items();
        UsageView usage = quotas.usage(workspace);
        String zoneName = usage.spendGuard() == null
                ? person.timeZone()
                : usage.spendGuard().timeZone();
        ZoneId zone = zone(zoneName);
        Instant send = window(now, zone, user);
        @Nullable
        Instant lastRun = own.isEmpty()
                ? null
                : runs.of(workspace, own.stream().map(WorkflowView::id).toList()).values().stream()
                        .map(RunSummaries.WorkflowRuns::lastRunAt)
                        .max(Instant::compareTo)
                        .orElse(null);
        @Nullable Instant seen = person.workflowSeenAt() != null ? person.workflowSeenAt() : own.isEmpty() ? null : now;

        if (own.isEmpty()) {
            repository.schedule(user, LifecycleStep.NUDGE_NO_WORKFLOW.key(), send);
        } else {
            repository.decideWithout(user, LifecycleStep.NUDGE_NO_WORKFLOW.key(), "not-needed", now);
            if (lastRun != null) {
                repository.decideWithout(user, LifecycleStep.NUDGE_NEVER_RUN.key(), "not-needed", now);
            } else if (seen != null && !seen.isAfter(now.minus(Duration.ofDays(1)))) {
                repository.schedule(user, LifecycleStep.NUDGE_NEVER_RUN.key(), send);
            }
        }
        if (creditsLow(workspace, usage)) {
            repository.schedule(user, LifecycleStep.NUDGE_CREDITS_LOW.key(), send);
        }
        Instant lastActivity = own.stream().map(WorkflowView::updatedAt).reduce(person.signedUpAt(), Lifecycle::later);
        if (lastRun != null) {
            lastActivity = later(lastActivity, lastRun);
        }
        if (!lastActivity.isAfter(now.minus(LifecycleStep.INACTIVE_AFTER))) {
            repository.schedule(user, LifecycleStep.NUDGE_INACTIVE.key(), send);
        }
        boolean allDecided = repository.has(user, LifecycleStep.NUDGE_NO_WORKFLOW.key())
                && repository.has(user, LifecycleStep.NUDGE_NEVER_RUN.key())
                && repository.has(user, LifecycleStep.NUDGE_CREDITS_LOW.key())
                && repository.has(user, LifecycleStep.NUDGE_INACTIVE.key());
        boolean tooLate = now.isAfter(person.signedUpAt().plus(CHECK_FOR));
        repository.checked(user, allDecided || tooLate ? null : now.plus(CHECK_EVERY), seen, zone.getId());
    }

    // Below a fifth of what the plan hands out (the monthly credits of a paid plan, the signup credits of the free
    // one). Not when billing is off or for the operator's own workspace, whose runs are not charged.
    private boolean creditsLow(WorkspaceId workspace, UsageView usage) {
        if (!usage.billingEnabled() || usage.credits() == null || usage.planLimitsWaived()) {
            return false;
        }
        Plan plan = quotas.planOf(workspace);
        long allotment = plan.isPaid() ? plan.monthlyCredits() : plan.signupCredits();
        return allotment > 0 && usage.credits().balance() * 5 < allotment;
    }

    private int sendBatch(Instant now) {
        List<Due> due = repository.claimDue(now, BATCH);
        for (Due row : due) {
            settle(row, now);
        }
        return due.size();
    }

    private void settle(Due row, Instant now) {
        Person person = row.person();
        UUID user = person.userId();
        Optional<LifecycleStep> known = LifecycleStep.fromKey(row.step());
        if (known.isEmpty()) {
            repository.settle(user, row.step(), "skipped", "unknown-step", null, now);
            return;
        }
        LifecycleStep step = known.get();
        ZoneId zone = zone(person);
        // Found after its window (nodes were down, or the person's zone changed): it waits for the next one rather
        // than arriving at night. Day 0 is the welcome: it goes whenever it is found.
        if (step != LifecycleStep.DAY_0 && !inWindow(now, zone)) {
            repository.postpone(user, step.key(), window(now, zone, user));
            return;
        }
        if (step.conversion() && person.paying()) {
            repository.settle(user, step.key(), "skipped", "converted", null, now);
            return;
        }
        LifecycleTemplates.Template template = templates.of(step);
        if (!template.enabled()) {
            repository.settle(user, step.key(), "skipped", "switched-off", null, now);
            return;
        }
        LifecycleTemplates.Rendered mail = templates.render(template, variables(person.email()));
        Optional<MailId> id =
                marketing.send(person.email(), mail.subject(), mail.html(), mail.text(), step.category(), null);
        if (id.isPresent()) {
            repository.settle(user, step.key(), "sent", null, id.get().value(), now);
        } else {
            repository.settle(user, step.key(), "skipped", "unsubscribed", null, now);
        }
    }

    /** The values a template may use. */
    public Map<String, Object> variables(String email) {
        return Map.of(
                "email", email,
                "consoleUrl", platform.url("/console"),
                "workflowsUrl", platform.url("/console/workflows"),
                "templatesUrl", platform.url("/console/workflows/new"),
                "upgradeUrl", platform.url("/console/billing"));
    }

    private Instant dayAt(Instant signedUp, ZoneId zone, int days, UUID user) {
        ZonedDateTime start = signedUp.atZone(zone)
                .toLocalDate()
                .plusDays(days)
                .atTime(settings.sendFrom())
                .atZone(zone);
        return start.toInstant().plus(spread(user));
    }

    /** {@code now} when it is in the person's window, else the next window's start (plus the person's spread). */
    Instant window(Instant now, ZoneId zone, UUID user) {
        if (inWindow(now, zone)) {
            return now;
        }
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime start = local.toLocalDate().atTime(settings.sendFrom()).atZone(zone);
        return (local.isBefore(start) ? start : start.plusDays(1)).toInstant().plus(spread(user));
    }

    private boolean inWindow(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime start = local.toLocalDate().atTime(settings.sendFrom()).atZone(zone);
        return !local.isBefore(start) && local.isBefore(start.plus(settings.sendWindow()));
    }

    // Spreads people over the first half of the window, the same for one person every day, so a thousand signups
    // of one day do not all land in the outbox in the same second.
    private Duration spread(UUID user) {
        long minutes = Math.max(1, settings.sendWindow().toMinutes() / 2);
        return Duration.ofMinutes(Math.floorMod(user.hashCode(), minutes));
    }

    private static ZoneId zone(Person person) {
        return zone(person.timeZone());
    }

    private static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
