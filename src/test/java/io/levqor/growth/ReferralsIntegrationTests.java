package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.Credits;
import io.levqor.growth.ReferralFixtures.Row;
import io.levqor.growth.ReferralFixtures.Signed;
import io.levqor.growth.internal.ReferralDecisions;
import io.levqor.growth.internal.ReferralPolicy;
import io.levqor.growth.internal.RuleAction;
import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.RecordedEvents;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class ReferralsIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    @Autowired
    ReferralPolicy policy;

    @Autowired
    Referrals referrals;

    @Autowired
    ReferralDecisions decisions;

    @Autowired
    Credits credits;

    @Autowired
    RecordedEvents events;

    @Autowired
    MutableClock clock;

    @Autowired
    OperatorBootstrap operators;

    ReferralFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new ReferralFixtures(api, accounts, jdbc, environment);
    }

    @AfterEach
    void configuredRules() {
        policy.apply(policy.configured());
        operators.apply("");
    }

    @Test
    void theTermsAreTheRewardsInForce() {
        assertThat(referrals.terms()).isEqualTo(new ReferralTerms(20, 0));
        policy.apply(policy.configured().withCredits(30, 5));
        assertThat(referrals.terms()).isEqualTo(new ReferralTerms(30, 5));
    }

    @Test
    void aVerifiedReferralCreditsTheReferrerOnceAndShowsInTheSummary() {
        Account referrer = accounts.signUp();
        var summary =
                api.get("/api/v1/referrals").bearer(referrer.accessToken()).send();
        assertThat(summary.status()).isEqualTo(200);
        String code = summary.json().get("code").asString();
        assertThat(code).matches("[A-Z2-9]{8}");
        assertThat(summary.json().get("link").asString()).endsWith("/signup?ref=" + code);

        Signed referred = fixtures.signUpFrom("203.0.113.10", TestAccounts.uniqueEmail(), code.toLowerCase());
        var before = api.get("/api/v1/referrals")
                .bearer(referrer.accessToken())
                .send()
                .json();
        assertThat(before.get("invited").asLong()).isEqualTo(1);
        assertThat(before.get("pending").asLong()).isEqualTo(1);
        fixtures.verify(referred.email());

        Row row = fixtures.decided(referred);
        assertThat(row.status()).isEqualTo("rewarded");
        assertThat(fixtures.ledgerLines(referrer.workspaceId(), "referral:" + row.id()))
                .isEqualTo(1);
        assertThat(credits.balance(new WorkspaceId(UUID.fromString(referrer.workspaceId()))))
                .isEqualTo(50 + 20);
        var after = api.get("/api/v1/referrals")
                .bearer(referrer.accessToken())
                .send()
                .json();
        assertThat(after.get("code").asString()).isEqualTo(code);
        assertThat(after.get("rewarded").asLong()).isEqualTo(1);
        assertThat(after.get("pending").asLong()).isZero();
        assertThat(events.ofType(ReferralRewarded.class))
                .filteredOn(e -> e.referral().equals(row.id()))
                .singleElement()
                .satisfies(e -> assertThat(e.credits()).isEqualTo(20));
    }

    @Test
    void theVerificationDeliveredTenTimesConcurrentlyRewardsOnce() throws Exception {
        policy.apply(policy.configured().withCredits(20, 5));
        Account referrer = accounts.signUp();
        Signed referred = fixtures.signUpFrom(
                "203.0.113.11", TestAccounts.uniqueEmail(), fixtures.codeOf(referrer.accessToken()));
        UserId user = new UserId(UUID.fromString(referred.userId()));

        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(10)) {
            List<Future<?>> deliveries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                deliveries.add(pool.submit(() -> {
                    start.await();
                    decisions.verified(user);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> delivery : deliveries) {
                delivery.get();
            }
        }
        decisions.verified(user); // and once more, late

        Row row = fixtures.row(referred);
        assertThat(row.status()).isEqualTo("rewarded");
        assertThat(fixtures.ledgerLines(referrer.workspaceId(), "referral:" + row.id()))
                .isEqualTo(1);
        assertThat(fixtures.ledgerLines(referred.workspaceId(), "referral-bonus:" + row.id()))
                .isEqualTo(1);
        assertThat(credits.balance(new WorkspaceId(UUID.fromString(referrer.workspaceId()))))
                .isEqualTo(70);
        assertThat(credits.balance(new WorkspaceId(UUID.fromString(referred.workspaceId()))))
                .isEqualTo(55);
        assertThat(events.ofType(ReferralRewarded.class))
                .filteredOn(e -> e.referral().equals(row.id()))
                .hasSize(1);
    }

    @Test
    void aPersonIsReferredOnceEvenUnderAnotherSpellingOfTheirAddress() {
        Account referrer = accounts.signUp();
        String code = fixtures.codeOf(referrer.accessToken());
        String local = ReferralFixtures.uniqueLocal();
        fixtures.signUpFrom("203.0.113.12", local + "@gmail.com", code);

        Signed again = fixtures.signUpFrom(
                "203.0.113.13", local.charAt(0) + "." + local.substring(1) + "+2@googlemail.com", code);
        fixtures.signUpFrom("203.0.113.14", TestAccounts.uniqueEmail(), "NOSUCHCODE");

        assertThat(fixtures.referrals()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM referral WHERE referred_user_id = :u")
                        .param("u", UUID.fromString(again.userId()))
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aDisposableAddressIsHeldAndTheListIsExtendedByConfiguration() {
        Account referrer = accounts.signUp();
        String code = fixtures.codeOf(referrer.accessToken());

        Signed shipped =
                fixtures.signUpFrom("203.0.113.20", ReferralFixtures.uniqueLocal() + "@eu.mailinator.com", code);
        fixtures.verify(shipped.email());
        assertThat(fixtures.decided(shipped)).satisfies(row -> {
            assertThat(row.status()).isEqualTo("flagged");
            assertThat(row.rule()).isEqualTo("disposable-email");
        });
        assertThat(events.ofType(ReferralFlagged.class))
                .filteredOn(e -> e.referral().equals(fixtures.row(shipped).id()))
                .singleElement()
                .satisfies(e -> assertThat(e.rule()).isEqualTo("disposable-email"));

        var settings = policy.configured();
        policy.apply(new io.levqor.growth.internal.ReferralSettings(
                settings.rewardCredits(),
                settings.newAccountCredits(),
                settings.disposableEmail(),
                List.of("burner.example"),
                settings.selfReferral(),
                settings.sameAddress(),
                settings.sameAddressWindow(),
                settings.rewardCap(),
                settings.maxRewardsPerDay(),
                settings.maxRewardsPerMonth()));
        Signed configured =
                fixtures.signUpFrom("203.0.113.21", ReferralFixtures.uniqueLocal() + "@Burner.Example", code);
        fixtures.verify(configured.email());
        assertThat(fixtures.decided(configured).rule()).isEqualTo("disposable-email");

        policy.apply(policy.configured().withRules(RuleAction.OFF, RuleAction.HOLD, RuleAction.HOLD, RuleAction.HOLD));
        Signed allowed = fixtures.signUpFrom("203.0.113.22", ReferralFixtures.uniqueLocal() + "@yopmail.com", code);
        fixtures.verify(allowed.email());
        assertThat(fixtures.decided(allowed).status()).isEqualTo("rewarded");
    }

    @Test
    void aSelfReferralThroughDotsTagsAndCaseIsHeld() {
        String local = ReferralFixtures.uniqueLocal().replace("-", "");
        Account referrer =
                accounts.signUp(local.substring(0, 4) + "." + local.substring(4) + "@gmail.com", TestAccounts.PASSWORD);
        String code = fixtures.codeOf(referrer.accessToken());

        Signed self = fixtures.signUpFrom("203.0.113.30", local.toUpperCase() + "+promo@GoogleMail.com", code);
        fixtures.verify(self.email());

        assertThat(fixtures.decided(self)).satisfies(row -> {
            assertThat(row.status()).isEqualTo("flagged");
            assertThat(row.rule()).isEqualTo("self-referral");
        });
        assertThat(fixtures.ledgerLines(
                        referrer.workspaceId(), "referral:" + fixtures.row(self).id()))
                .isZero();
    }

    @Test
    void aSelfReferralSetToRejectIsRejectedWithoutAFlag() {
        String local = ReferralFixtures.uniqueLocal();
        Account referrer = accounts.signUp(local + "@example.org", TestAccounts.PASSWORD);
        String code = fixtures.codeOf(referrer.accessToken());

        policy.apply(
                policy.configured().withRules(RuleAction.HOLD, RuleAction.REJECT, RuleAction.HOLD, RuleAction.HOLD));
        Signed rejected = fixtures.signUpFrom("203.0.113.31", local + "+one@example.org", code);
        fixtures.verify(rejected.email());
        assertThat(fixtures.decided(rejected)).satisfies(row -> {
            assertThat(row.status()).isEqualTo("rejected");
            assertThat(row.rule()).isEqualTo("self-referral");
        });
        assertThat(events.ofType(ReferralFlagged.class))
                .noneMatch(e -> e.referral().equals(fixtures.row(rejected).id()));
    }

    @Test
    void aSignupFromTheReferrersAddressIsHeldWithinTheWindowOnly() {
        Account referrer = accounts.signUp(); // seen at 127.0.0.1, like every direct test request
        String code = fixtures.codeOf(referrer.accessToken());

        Account sameMachine = signUpDirectly(code);
        verify(sameMachine.email());
        Row held = await(sameMachine);
        assertThat(held.status()).isEqualTo("flagged");
        assertThat(held.rule()).isEqualTo("same-address");

        clock.advance(Duration.ofDays(31)); // past the 30-day window: the referrer was last seen there 31 days ago
        Account later = signUpDirectly(code);
        verify(later.email());
        assertThat(await(later).status()).isEqualTo("rewarded");

        policy.apply(policy.configured().withRules(RuleAction.HOLD, RuleAction.HOLD, RuleAction.OFF, RuleAction.HOLD));
        String fresh = api.post(
                        "/api/v1/auth/login", Map.of("email", referrer.email(), "password", referrer.password()))
                .send()
                .json()
                .get("accessToken")
                .asString();
        fixtures.codeOf(fresh); // seen there again now (the first token expired while the clock moved)
        Account ruleOff = signUpDirectly(code);
        verify(ruleOff.email());
        assertThat(await(ruleOff).status()).isEqualTo("rewarded");
    }

    @Test
    void rewardsAreCappedPerDayAndPerMonth() {
        // The 10th of next month, 10:00 UTC: a day and a month with room on both sides.
        LocalDate next = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
                .plusMonths(1)
                .withDayOfMonth(10);
        clock.advance(Duration.between(clock.instant(), next.atTime(10, 0).toInstant(ZoneOffset.UTC)));
        policy.apply(policy.configured().withCaps(1, 2));
        Account referrer = accounts.signUp();
        String code = fixtures.codeOf(referrer.accessToken());

        assertThat(referAndVerify(code, 1)).isEqualTo(new Outcome("rewarded", null));
        assertThat(referAndVerify(code, 2)).isEqualTo(new Outcome("flagged", "daily-cap"));
        clock.advance(Duration.ofDays(1));
        assertThat(referAndVerify(code, 3)).isEqualTo(new Outcome("rewarded", null));
        clock.advance(Duration.ofDays(1));
        assertThat(referAndVerify(code, 4)).isEqualTo(new Outcome("flagged", "monthly-cap"));
        clock.advance(Duration.ofDays(25)); // into the month after
        assertThat(referAndVerify(code, 5)).isEqualTo(new Outcome("rewarded", null));

        policy.apply(policy.configured().withCaps(0, 0));
        assertThat(referAndVerify(code, 6)).isEqualTo(new Outcome("rewarded", null));
        assertThat(credits.balance(new WorkspaceId(UUID.fromString(referrer.workspaceId()))))
                .isEqualTo(50 + 4 * 20);
    }

    @Test
    void theOperatorDecidesAFlaggedReferralOnce() throws Exception {
        Account referrer = accounts.signUp();
        String code = fixtures.codeOf(referrer.accessToken());
        Signed first = fixtures.signUpFrom("203.0.113.40", ReferralFixtures.uniqueLocal() + "@mailinator.com", code);
        Signed second = fixtures.signUpFrom("203.0.113.41", ReferralFixtures.uniqueLocal() + "@yopmail.com", code);
        fixtures.verify(first.email());
        fixtures.verify(second.email());
        UUID approveId = fixtures.decided(first).id();
        UUID rejectId = fixtures.decided(second).id();
        String operator = operatorToken();

        var listed = api.get("/api/v1/admin/referrals?status=flagged")
                .bearer(operator)
                .send();
        assertThat(listed.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        listed.json().get("items").forEach(item -> ids.add(item.get("id").asString()));
        assertThat(ids).containsExactly(rejectId.toString(), approveId.toString());
        assertThat(listed.json().get("items").get(0).get("referredDomain").asString())
                .isEqualTo("yopmail.com");
        var page = api.get("/api/v1/admin/referrals?status=flagged&limit=1")
                .bearer(operator)
                .send()
                .json();
        var rest = api.get("/api/v1/admin/referrals?status=flagged&limit=1&cursor="
                        + page.get("nextCursor").asString())
                .bearer(operator)
                .send()
                .json();
        assertThat(rest.get("items").get(0).get("id").asString()).isEqualTo(approveId.toString());
        assertThat(api.get("/api/v1/admin/referrals?status=maybe")
                        .bearer(operator)
                        .send())
                .satisfies(bad -> {
                    assertThat(bad.status()).isEqualTo(400);
                    assertThat(bad.body()).contains("\"status\"");
                });
        assertThat(api.post("/api/v1/admin/referrals/" + approveId + "/approve", Map.of())
                        .bearer(referrer.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);

        List<Integer> answers = new ArrayList<>();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(5)) {
            List<Future<Integer>> clicks = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clicks.add(pool.submit(() -> {
                    start.await();
                    return api.post("/api/v1/admin/referrals/" + approveId + "/approve", Map.of())
                            .bearer(operator)
                            .send()
                            .status();
                }));
            }
            start.countDown();
            for (Future<Integer> click : clicks) {
                answers.add(click.get());
            }
        }
        assertThat(answers)
                .containsOnly(200, 409)
                .filteredOn(status -> status == 200)
                .hasSize(1);
        assertThat(api.post("/api/v1/admin/referrals/" + approveId + "/reject", Map.of())
                        .bearer(operator)
                        .send()
                        .status())
                .isEqualTo(409);

        var rejected = api.post("/api/v1/admin/referrals/" + rejectId + "/reject", Map.of())
                .bearer(operator)
                .send();
        assertThat(rejected.status()).isEqualTo(200);
        assertThat(rejected.json().get("status").asString()).isEqualTo("rejected");
        assertThat(api.post("/api/v1/admin/referrals/" + rejectId + "/approve", Map.of())
                        .bearer(operator)
                        .send()
                        .status())
                .isEqualTo(409);
        assertThat(api.post("/api/v1/admin/referrals/" + UUID.randomUUID() + "/approve", Map.of())
                        .bearer(operator)
                        .send()
                        .status())
                .isEqualTo(404);

        assertThat(fixtures.ledgerLines(referrer.workspaceId(), "referral:" + approveId))
                .isEqualTo(1);
        assertThat(fixtures.ledgerLines(referrer.workspaceId(), "referral:" + rejectId))
                .isZero();
        assertThat(credits.balance(new WorkspaceId(UUID.fromString(referrer.workspaceId()))))
                .isEqualTo(70);
        assertThat(events.ofType(ReferralRewarded.class))
                .filteredOn(e -> e.referral().equals(approveId))
                .hasSize(1);
        var summary = api.get("/api/v1/referrals")
                .bearer(referrer.accessToken())
                .send()
                .json();
        assertThat(summary.get("invited").asLong()).isEqualTo(2);
        assertThat(summary.get("rewarded").asLong()).isEqualTo(1);
        assertThat(summary.get("flagged").asLong()).isZero();
    }

    @Test
    void aUserSeesOnlyTheirOwnReferrals() {
        Account alice = accounts.signUp();
        Account bob = accounts.signUp();
        Account aliceColleague = accounts.member(alice, Role.USER);
        String aliceCode = fixtures.codeOf(alice.accessToken());
        String bobCode = fixtures.codeOf(bob.accessToken());
        String colleagueCode = fixtures.codeOf(aliceColleague.accessToken());
        fixtures.signUpFrom("203.0.113.50", TestAccounts.uniqueEmail(), aliceCode);
        fixtures.signUpFrom("203.0.113.51", TestAccounts.uniqueEmail(), aliceCode);
        fixtures.signUpFrom("203.0.113.52", TestAccounts.uniqueEmail(), bobCode);

        assertThat(aliceCode).isNotEqualTo(bobCode).isNotEqualTo(colleagueCode);
        assertThat(invited(alice)).isEqualTo(2);
        assertThat(invited(bob)).isEqualTo(1);
        assertThat(invited(aliceColleague)).isZero();
        assertThat(api.get("/api/v1/referrals")
                        .bearer(accounts.apiKey(alice, Role.ADMIN))
                        .send()
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/admin/referrals?status=pending")
                        .bearer(alice.accessToken())
                        .send()
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aDeletedWorkspaceLosesItsCodesAndItsOpenReferrals() {
        Account referrer = accounts.signUp();
        String code = fixtures.codeOf(referrer.accessToken());
        Signed open = fixtures.signUpFrom("203.0.113.60", TestAccounts.uniqueEmail(), code);
        assertThat(api.post("/api/v1/workspaces", Map.of("name", "Another"))
                        .bearer(referrer.accessToken())
                        .send()
                        .status())
                .isEqualTo(201);

        assertThat(api.delete("/api/v1/workspaces/" + referrer.workspaceId())
                        .bearer(referrer.accessToken())
                        .send()
                        .status())
                .isEqualTo(204);

        assertThat(fixtures.decided(open)).satisfies(row -> {
            assertThat(row.status()).isEqualTo("rejected");
            assertThat(row.rule()).isEqualTo("workspace-deleted");
        });
        fixtures.signUpFrom("203.0.113.61", TestAccounts.uniqueEmail(), code);
        fixtures.verify(open.email());
        assertThat(fixtures.referrals()).isEqualTo(1);
        assertThat(fixtures.row(open).status()).isEqualTo("rejected");
    }

    record Outcome(String status, String rule) {}

    private Outcome referAndVerify(String code, int n) {
        Signed referred = fixtures.signUpFrom("198.51.100." + n, TestAccounts.uniqueEmail(), code);
        fixtures.verify(referred.email());
        Row row = fixtures.decided(referred);
        return new Outcome(row.status(), row.rule());
    }

    private long invited(Account account) {
        return api.get("/api/v1/referrals")
                .bearer(account.accessToken())
                .send()
                .json()
                .get("invited")
                .asLong();
    }

    private Account signUpDirectly(String code) {
        String email = TestAccounts.uniqueEmail();
        var answer = api.post(
                        "/api/v1/auth/signup",
                        Map.of("email", email, "password", TestAccounts.PASSWORD, "referralCode", code))
                .send();
        assertThat(answer.status()).isEqualTo(201);
        return new Account(
                answer.json().get("userId").asString(),
                answer.json().get("workspaceId").asString(),
                email,
                TestAccounts.PASSWORD,
                answer.json().get("accessToken").asString(),
                answer.json().get("refreshToken").asString(),
                Role.OWNER);
    }

    private void verify(String email) {
        fixtures.verify(email);
    }

    private Row await(Account referred) {
        return fixtures.decided(new Signed(referred.userId(), referred.workspaceId(), referred.email(), ""));
    }

    private String operatorToken() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return api.post("/api/v1/auth/login", Map.of("email", operator.email(), "password", operator.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }
}
