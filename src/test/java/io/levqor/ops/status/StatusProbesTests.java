package io.levqor.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.ops.status.jdbc.ProbeRepository;
import io.levqor.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;

class StatusProbesTests {

    /** Probes kept in memory; "down" makes every call fail as an unreachable database does. */
    static final class Store extends ProbeRepository {
        final Map<Instant, Map<String, String>> minutes = new LinkedHashMap<>();
        boolean down;

        Store() {
            super(null);
        }

        @Override
        public boolean recorded(Instant minute) {
            fail();
            return minutes.containsKey(minute);
        }

        @Override
        public boolean record(Instant minute, Map<String, String> states, String node) {
            fail();
            return minutes.putIfAbsent(minute, states) == null;
        }

        @Override
        public int prune(Instant before) {
            fail();
            return 0;
        }

        private void fail() {
            if (down) {
                throw new DataAccessResourceFailureException("database unreachable");
            }
        }
    }

    static final class Board extends StatusBoard {
        final List<Map<String, ComponentState>> states = new ArrayList<>();

        Board() {
            super(null, null, null, null, settings(), null);
        }

        @Override
        public Map<String, ComponentState> effectiveStates() {
            return states.removeFirst();
        }
    }

    static StatusSettings settings() {
        return Binder.get(new org.springframework.core.env.StandardEnvironment())
                .bindOrCreate("levqor.ops.status", StatusSettings.class);
    }

    static final PlatformTransactionManager NO_TRANSACTIONS = new PlatformTransactionManager() {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {}

        @Override
        public void rollback(TransactionStatus status) {}
    };

    @Test
    void minutesThatCouldNotBeWrittenAreWrittenOnceTheDatabaseAnswersAgain() {
        MutableClock clock = new MutableClock();
        clock.advance(Duration.ofSeconds(60 - clock.instant().getEpochSecond() % 60)); // the start of a minute
        Store store = new Store();
        Board board = new Board();
        StatusProbes probes = new StatusProbes(board, store, settings(), NO_TRANSACTIONS, clock);
        Map<String, ComponentState> down = Map.of("database", ComponentState.OUTAGE);
        Map<String, ComponentState> up = Map.of("database", ComponentState.OPERATIONAL);
        Instant first = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);

        store.down = true;
        board.states.add(down);
        assertThat(probes.probe()).isFalse();
        // A second look in the same minute measures nothing new.
        assertThat(probes.probe()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        board.states.add(down);
        assertThat(probes.probe()).isFalse();
        assertThat(store.minutes).isEmpty();

        store.down = false;
        clock.advance(Duration.ofMinutes(1));
        board.states.add(up);
        assertThat(probes.probe()).isTrue();

        assertThat(store.minutes.keySet())
                .containsExactly(first, first.plus(Duration.ofMinutes(1)), first.plus(Duration.ofMinutes(2)));
        assertThat(store.minutes.get(first)).containsEntry("database", "outage");
        assertThat(store.minutes.get(first.plus(Duration.ofMinutes(2)))).containsEntry("database", "operational");
        assertThat(board.states).isEmpty();
    }
}
