package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.billing.internal.LedgerPostings;
import io.levqor.billing.jdbc.AccountRepository;
import io.levqor.shared.Ids;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A seeded randomized property test: grants, run debits and clawbacks from many threads, with replayed references,
 * interleaved however the scheduler likes. Whatever happened, every workspace's balance equals the sum of its lines
 * and the sum of what the callers were told, each line follows from the one before, and nothing went below zero.
 * A failing seed reproduces the same operations (the interleaving may differ).
 */
@LevqorIntegrationTest
class LedgerPropertyIntegrationTests {

    static final int WORKSPACES = 3;
    static final int THREADS = 8;
    static final int OPERATIONS = 120;

    @Autowired
    RunAdmission admission;

    @Autowired
    Credits credits;

    @Autowired
    LedgerPostings postings;

    @Autowired
    AccountRepository accounts;

    @Autowired
    MutableClock clock;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20261122L, 7L, 424242L})
    void balanceIsAlwaysTheSumOfLinesAndNeverNegative(long seed) throws Exception {
        List<WorkspaceId> workspaces = new ArrayList<>();
        List<AtomicLong> expected = new ArrayList<>();
        for (int i = 0; i < WORKSPACES; i++) {
            var workspace = WorkspaceId.newId();
            credits.grantSignupCredits(workspace);
            accounts.setPlan(workspace, "business", clock.instant()); // no daily cap: credits are the limit
            workspaces.add(workspace);
            expected.add(new AtomicLong(50));
        }

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed * 31 + t);
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                List<String> myGrants = new ArrayList<>();
                List<UUID> myRuns = new ArrayList<>();
                List<Integer> myRunWorkspaces = new ArrayList<>();
                for (int i = 0; i < OPERATIONS; i++) {
                    int w = random.nextInt(WORKSPACES);
                    var workspace = workspaces.get(w);
                    int op = random.nextInt(100);
                    if (op < 30) {
                        long amount = 1 + random.nextInt(20);
                        String reference = "p:" + seed + ":" + w + ":" + thread + ":" + i;
                        myGrants.add(reference + ":" + amount);
                        if (postings.grant(workspace, CreditKind.GRANT, amount, reference, clock.instant())
                                .isPresent()) {
                            expected.get(w).addAndGet(amount);
                        }
                    } else if (op < 35 && !myGrants.isEmpty()) {
                        // a replayed grant (a redelivered webhook) must change nothing
                        String[] replay =
                                myGrants.get(random.nextInt(myGrants.size())).split(":");
                        var again = postings.grant(
                                workspaces.get(Integer.parseInt(replay[2])),
                                CreditKind.GRANT,
                                Long.parseLong(replay[5]),
                                String.join(":", replay[0], replay[1], replay[2], replay[3], replay[4]),
                                clock.instant());
                        assertThat(again).isEmpty();
                    } else if (op < 80) {
                        UUID run = Ids.newId();
                        try {
                            admission.admit(workspace, run, "api");
                            expected.get(w).addAndGet(-Admission.COST);
                            myRuns.add(run);
                            myRunWorkspaces.add(w);
                        } catch (QuotaExceeded refused) {
                            assertThat(refused.limit()).isEqualTo(QuotaExceeded.CREDITS);
                        }
                    } else if (op < 85 && !myRuns.isEmpty()) {
                        // admitting a run again (an engine retry) charges nothing
                        int k = random.nextInt(myRuns.size());
                        admission.admit(workspaces.get(myRunWorkspaces.get(k)), myRuns.get(k), "retry");
                    } else {
                        long claw = 1 + random.nextInt(30);
                        var taken = postings.takeBack(
                                workspace,
                                CreditKind.REFUND,
                                claw,
                                "r:" + seed + ":" + thread + ":" + i,
                                clock.instant());
                        assertThat(taken).isPresent();
                        assertThat(taken.get().taken() + taken.get().shortfall())
                                .isEqualTo(claw);
                        expected.get(w).addAndGet(-taken.get().taken());
                    }
                }
                return null;
            }));
        }
        start.countDown();
        try {
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int w = 0; w < WORKSPACES; w++) {
            var workspace = workspaces.get(w);
            LedgerCheck check = credits.check(workspace);
            assertThat(check.holds())
                    .as("ledger of workspace %d holds: %s", w, check)
                    .isTrue();
            assertThat(check.cachedBalance()).isEqualTo(expected.get(w).get());
            assertThat(check.cachedBalance()).isGreaterThanOrEqualTo(0);
            assertThat(allLines(workspace))
                    .allSatisfy(line -> assertThat(line.balanceAfter()).isGreaterThanOrEqualTo(0));
        }
        assertThat(credits.mismatchedWorkspaces()).isEmpty();
    }

    private List<LedgerEntry> allLines(WorkspaceId workspace) {
        List<LedgerEntry> lines = new ArrayList<>();
        String cursor = null;
        do {
            LedgerPage page = credits.ledger(workspace, cursor, Credits.MAX_PAGE);
            lines.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return lines;
    }

    /** Mirrors the run cost without reaching into internal. */
    static final class Admission {
        static final long COST = io.levqor.billing.internal.Admission.RUN_COST;
    }
}
