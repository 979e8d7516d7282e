package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.levqor.billing.RunRefused;
import io.levqor.billing.SubscriptionChanged;
import io.levqor.billing.SubscriptionState;
import io.levqor.growth.internal.Lifecycle;
import io.levqor.shared.FieldError;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.AutowireCapableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@LevqorIntegrationTest
class LifecycleMailIntegrationTests {

    private static final List<LifecycleStep> SEQUENCE = List.of(
            LifecycleStep.DAY_0, LifecycleStep.DAY_1, LifecycleStep.DAY_3, LifecycleStep.DAY_7, LifecycleStep.DAY_14);

    @Autowired
    Lifecycle lifecycle;

    @Autowired
    AutowireCapableBeanFactory beans;

    @Autowired
    MutableClock clock;

    @Autowired
    HttpApi api;

    @Autowired
    MailPreferences preferences;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    LifecycleSequences sequences;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @Test
    void eachSequenceMailGoesOnceAcrossARestartAndRacingSchedulersButNotConversionMailToPayersOrAnyToTheUnsubscribed()
            throws Exception {
        TestAccounts accounts = new TestAccounts(api);
        Account trial = accounts.signUp();
        Account payer = accounts.signUp();
        Account gone = accounts.signUp();
        preferences.unsubscribeAll(gone.email());
        transactions.executeWithoutResult(status -> events.publishEvent(new SubscriptionChanged(
                new WorkspaceId(UUID.fromString(payer.workspaceId())),
                UUID.randomUUID(),
                "stripe",
                "pro",
                SubscriptionState.TRIALING,
                SubscriptionState.ACTIVE,
                "pro",
                clock.instant())));
        ReferralFixtures.await(() -> jdbc.sql("SELECT paying FROM growth_lifecycle_person WHERE user_id = :u")
                .param("u", UUID.fromString(payer.userId()))
                .query(Boolean.class)
                .single());

        // A second instance stands for another node, or this one after a restart: same database, no shared memory.
        Lifecycle other = beans.createBean(Lifecycle.class);
        for (LifecycleStep step : SEQUENCE) {
            Instant due = latestDue(step, trial, payer, gone);
            if (step != LifecycleStep.DAY_0) {
                assertThat(due.atOffset(ZoneOffset.UTC).getHour())
                        .as("sent at 09:xx local (UTC)")
                        .isEqualTo(9);
            }
            if (due.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), due).plusSeconds(1));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> racing = new ArrayList<>();
            for (Lifecycle node : List.of(lifecycle, other)) {
                racing.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return node.runOnce();
                }));
            }
            start.countDown();
            for (CompletableFuture<Integer> round : racing) {
                round.get();
            }
            other.runOnce();
        }

        for (LifecycleStep step : SEQUENCE) {
            assertThat(mails(trial.email(), step)).as(step.key()).isEqualTo(1);
            assertThat(state(trial, step)).isEqualTo("sent");
            assertThat(mails(gone.email(), step)).as(step.key()).isZero();
            assertThat(state(gone, step)).isEqualTo("skipped");
            assertThat(mails(payer.email(), step)).as(step.key()).isEqualTo(step.conversion() ? 0 : 1);
        }
        assertThat(reason(payer, LifecycleStep.DAY_7)).isEqualTo("converted");
        assertThat(reason(gone, LifecycleStep.DAY_1)).isEqualTo("unsubscribed");
        // The mail carries the one-click headers (it went through MarketingMail).
        assertThat(jdbc.sql("SELECT headers FROM mail_outbox WHERE recipient = :to AND subject = :subject")
                        .param("to", trial.email())
                        .param("subject", LifecycleStep.DAY_1.defaultSubject())
                        .query(String.class)
                        .single())
                .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    }

    @Test
    void eachNudgeFiresOnItsConditionAndOnlyOnce() {
        TestAccounts accounts = new TestAccounts(api);
        Account idle = accounts.signUp();
        Account builder = accounts.signUp();
        Account spender = accounts.signUp();
        assertThat(api.post(
                                "/api/v1/workflows",
                                Map.of(
                                        "name",
                                        "first",
                                        "active",
                                        false,
                                        "definition",
                                        Map.of(
                                                "trigger", Map.of("type", "manual"),
                                                "steps", List.of(Map.of("id", "t", "type", "transform", "output", 1)))))
                        .bearer(builder.accessToken())
                        .send()
                        .status())
                .isEqualTo(201);
        jdbc.sql("UPDATE billing_account SET balance = 1 WHERE tenant_id = :t")
                .param("t", UUID.fromString(spender.workspaceId()))
                .update();
        // The operator's edits: text that does not render is refused naming the part; a switched-off step is skipped;
        // an edited subject is what goes out.
        UserId operator = new UserId(UUID.fromString(idle.userId()));
        assertThatThrownBy(() -> sequences.save(
                        LifecycleStep.NUDGE_NEVER_RUN, "Subject", "<p th:text=\"${\">x</p>", "text", true, operator))
                .isInstanceOfSatisfying(
                        ValidationFailed.class,
                        e -> assertThat(e.errors())
                                .extracting(FieldError::field)
                                .containsExactly("html"));
        var never = sequences.get(LifecycleStep.NUDGE_NEVER_RUN);
        sequences.save(
                LifecycleStep.NUDGE_NEVER_RUN,
                "[(${email})]: your workflow waits",
                never.html(),
                never.text(),
                true,
                operator);
        assertThat(sequences.preview(LifecycleStep.NUDGE_NEVER_RUN).subject())
                .isEqualTo(LifecycleSequences.SAMPLE_EMAIL + ": your workflow waits");
        sequences.setEnabled(LifecycleStep.DAY_1, false, operator);
        lifecycle.runOnce();

        // Day 1: the idle user has no workflow; the builder's workflow is seen for the first time; the spender is low.
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        runUntilSettled();
        assertThat(mails(idle.email(), LifecycleStep.NUDGE_NO_WORKFLOW)).isEqualTo(1);
        assertThat(mails(builder.email(), LifecycleStep.NUDGE_NO_WORKFLOW)).isZero();
        assertThat(reason(builder, LifecycleStep.NUDGE_NO_WORKFLOW)).isEqualTo("not-needed");
        assertThat(mails(builder.email(), LifecycleStep.NUDGE_NEVER_RUN)).isZero();
        assertThat(mails(spender.email(), LifecycleStep.NUDGE_CREDITS_LOW)).isEqualTo(1);
        assertThat(mails(idle.email(), LifecycleStep.NUDGE_CREDITS_LOW)).isZero();

        // Day 2: the builder's workflow has existed for a day and never ran.
        clock.advance(Duration.ofDays(1));
        runUntilSettled();
        assertThat(mailsWithSubject(builder.email(), builder.email() + ": your workflow waits"))
                .isEqualTo(1);
        assertThat(mails(idle.email(), LifecycleStep.NUDGE_NEVER_RUN)).isZero();

        // The free plan's daily cap refuses a run, twice: one upgrade mail, with the upgrade link.
        for (int i = 0; i < 2; i++) {
            transactions.executeWithoutResult(status -> events.publishEvent(new RunRefused(
                    new WorkspaceId(UUID.fromString(idle.workspaceId())),
                    UUID.randomUUID(),
                    "manual",
                    "daily-run-cap",
                    100,
                    clock.instant())));
        }
        ReferralFixtures.await(() -> state(idle, LifecycleStep.NUDGE_DAILY_CAP) != null);
        runUntilSettled();
        assertThat(mails(idle.email(), LifecycleStep.NUDGE_DAILY_CAP)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT body_text FROM mail_outbox WHERE recipient = :to AND subject = :subject")
                        .param("to", idle.email())
                        .param("subject", LifecycleStep.NUDGE_DAILY_CAP.defaultSubject())
                        .query(String.class)
                        .single())
                .contains("/console/billing");

        // Day 8: nobody did anything for a week.
        clock.advance(Duration.ofDays(6));
        runUntilSettled();
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofDays(1));
            runUntilSettled();
        }
        assertThat(mails(idle.email(), LifecycleStep.NUDGE_INACTIVE)).isEqualTo(1);
        assertThat(mails(idle.email(), LifecycleStep.NUDGE_NO_WORKFLOW)).isEqualTo(1);
        assertThat(mails(spender.email(), LifecycleStep.NUDGE_CREDITS_LOW)).isEqualTo(1);
        assertThat(mailsWithSubject(builder.email(), builder.email() + ": your workflow waits"))
                .isEqualTo(1);
        assertThat(reason(idle, LifecycleStep.DAY_1)).isEqualTo("switched-off");
        assertThat(mails(idle.email(), LifecycleStep.DAY_1)).isZero();
    }

    // Nudges found outside the sending window wait for it: move to each nudge still due and run a round (the
    // sequence's own days are the other test's business).
    private void runUntilSettled() {
        lifecycle.runOnce();
        for (int i = 0; i < 5; i++) {
            Instant next = jdbc.sql(
                            "SELECT min(due_at) FROM growth_lifecycle_send WHERE state = 'due' AND step LIKE 'nudge-%'")
                    .query(OffsetDateTime.class)
                    .optional()
                    .map(OffsetDateTime::toInstant)
                    .orElse(null);
            if (next == null) {
                return;
            }
            if (next.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), next).plusSeconds(1));
            }
            lifecycle.runOnce();
        }
    }

    private Instant latestDue(LifecycleStep step, Account... people) {
        Instant latest = Instant.EPOCH;
        for (Account person : people) {
            Instant due = jdbc.sql("SELECT due_at FROM growth_lifecycle_send WHERE user_id = :u AND step = :s")
                    .param("u", UUID.fromString(person.userId()))
                    .param("s", step.key())
                    .query(OffsetDateTime.class)
                    .single()
                    .toInstant();
            latest = due.isAfter(latest) ? due : latest;
        }
        return latest;
    }

    private long mails(String to, LifecycleStep step) {
        return mailsWithSubject(to, step.defaultSubject());
    }

    private long mailsWithSubject(String to, String subject) {
        return jdbc.sql("SELECT count(*) FROM mail_outbox WHERE recipient = :to AND subject = :subject")
                .param("to", to)
                .param("subject", subject)
                .query(Long.class)
                .single();
    }

    private String state(Account person, LifecycleStep step) {
        return jdbc.sql("SELECT state FROM growth_lifecycle_send WHERE user_id = :u AND step = :s")
                .param("u", UUID.fromString(person.userId()))
                .param("s", step.key())
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private String reason(Account person, LifecycleStep step) {
        return jdbc.sql("SELECT reason FROM growth_lifecycle_send WHERE user_id = :u AND step = :s")
                .param("u", UUID.fromString(person.userId()))
                .param("s", step.key())
                .query(String.class)
                .optional()
                .orElse(null);
    }
}
