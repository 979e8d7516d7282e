package io.levqor.billing;

import static io.levqor.billing.SubscriptionState.ACTIVE;
import static io.levqor.billing.SubscriptionState.CANCELED;
import static io.levqor.billing.SubscriptionState.EXPIRED;
import static io.levqor.billing.SubscriptionState.PAST_DUE;
import static io.levqor.billing.SubscriptionState.TRIALING;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SubscriptionStateTests {

    // The table the code must implement, written out again on purpose: each pair is a test.
    private static final Set<List<SubscriptionState>> ALLOWED = Set.of(
            List.of(TRIALING, ACTIVE),
            List.of(TRIALING, PAST_DUE),
            List.of(TRIALING, CANCELED),
            List.of(TRIALING, EXPIRED),
            List.of(ACTIVE, PAST_DUE),
            List.of(ACTIVE, CANCELED),
            List.of(PAST_DUE, ACTIVE),
            List.of(PAST_DUE, CANCELED),
            List.of(PAST_DUE, EXPIRED),
            List.of(CANCELED, EXPIRED));

    static Stream<Arguments> allowedMoves() {
        return pairs(true);
    }

    static Stream<Arguments> refusedMoves() {
        return pairs(false);
    }

    private static Stream<Arguments> pairs(boolean allowed) {
        List<Arguments> pairs = new ArrayList<>();
        for (SubscriptionState from : SubscriptionState.values()) {
            for (SubscriptionState to : SubscriptionState.values()) {
                if (ALLOWED.contains(List.of(from, to)) == allowed) {
                    pairs.add(Arguments.of(from, to));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} is allowed")
    @MethodSource("allowedMoves")
    void allowsTheMovesInTheTable(SubscriptionState from, SubscriptionState to) {
        assertThat(from.canMoveTo(to)).isTrue();
    }

    @ParameterizedTest(name = "{0} -> {1} is refused")
    @MethodSource("refusedMoves")
    void refusesEveryOtherMove(SubscriptionState from, SubscriptionState to) {
        assertThat(from.canMoveTo(to)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void theTableCoversAllTwentyFivePairs() {
        assertThat(allowedMoves().count() + refusedMoves().count()).isEqualTo(25);
        assertThat(allowedMoves().count()).isEqualTo(10);
    }

    @org.junit.jupiter.api.Test
    void onlyLiveStatesGrantThePlan() {
        assertThat(Stream.of(SubscriptionState.values()).filter(SubscriptionState::grantsPlan))
                .containsExactly(TRIALING, ACTIVE, PAST_DUE);
    }
}
