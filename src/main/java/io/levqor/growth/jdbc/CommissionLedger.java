package io.levqor.growth.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The partners' commission ledger (append-only: lines are inserted, never updated or deleted) and their payouts.
 * Balances are sums of lines.
 */
@Repository
public class CommissionLedger {

    /** One line; {@code amount} is signed. */
    public record Line(
            UUID partner,
            UUID id,
            String kind,
            String reference,
            @Nullable UUID customer,
            @Nullable UUID payment,
            @Nullable UUID payout,
            long basis,
            int rateBps,
            long amount,
            String currency,
            Instant payableAt,
            Instant createdAt) {}

    /** Sums of one partner's lines in one currency at a moment. */
    public record Sums(String currency, long pending, long payable, long earned, long revenue) {}

    /** A payout's row. */
    public record PayoutRow(
            UUID partner,
            UUID id,
            long amount,
            String currency,
            String method,
            @Nullable String destination,
            String status,
            int attempts,
            @Nullable String transferId,
            @Nullable String lastError,
            Instant createdAt,
            Instant nextAttemptAt,
            @Nullable Instant finishedAt) {}

    private static final String LINE_COLUMNS = """
            partner_id, id, kind, reference, customer_id, payment_id, payout_id, basis, rate_bps, amount, currency,
            payable_at, created_at
            """;

    private static final String PAYOUT_COLUMNS = """
            partner_id, id, amount, currency, method, destination, status, attempts, transfer_id, last_error,
            created_at, next_attempt_at, finished_at
            """;

    private final JdbcClient jdbc;

    public CommissionLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String INSERT = """
            INSERT INTO commission_line (partner_id, id, kind, reference, customer_id, payment_id, payout_id, basis,
                                         rate_bps, amount, currency, payable_at, created_at)
            VALUES (:partnerId, :id, :kind, :reference, :customer, :payment, :payout, :basis, :rate, :amount,
                    :currency, :payableAt, :createdAt)
            ON CONFLICT (reference) DO NOTHING
            """;

    /** Appends a line; false when a line with its reference exists (the effect happened already). */
    public boolean append(Line line) {
        return jdbc.sql(INSERT)
                        .param("partnerId", line.partner())
                        .param("id", line.id())
                        .param("kind", line.kind())
                        .param("reference", line.reference())
                        .param("customer", line.customer())
                        .param("payment", line.payment())
                        .param("payout", line.payout())
                        .param("basis", line.basis())
                        .param("rate", line.rateBps())
                        .param("amount", line.amount())
                        .param("currency", line.currency())
                        .param("payableAt", line.payableAt().atOffset(ZoneOffset.UTC))
                        .param("createdAt", line.createdAt().atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    // Lines written in one settlement share their time: an earned line sorts before the claw-back written with it.

    /** The lines of one payment (earned first), across partners: a payment's workspace has one partner. */
    public List<Line> ofPayment(UUID payment) {
        return jdbc.sql("SELECT " + LINE_COLUMNS + " FROM commission_line WHERE payment_id = :payment"
                        + " ORDER BY created_at, kind <> 'earned', id")
                .param("payment", payment)
                .query(CommissionLedger::line)
                .list();
    }

    public List<Line> lines(UUID partner) {
        return jdbc.sql("SELECT " + LINE_COLUMNS + " FROM commission_line WHERE partner_id = :partnerId"
                        + " ORDER BY created_at, kind <> 'earned', id")
                .param("partnerId", partner)
                .query(CommissionLedger::line)
                .list();
    }

    /** The lines written in {@code [from, to)}, oldest first (a monthly statement). */
    public List<Line> lines(UUID partner, Instant from, Instant to) {
        return jdbc.sql("SELECT " + LINE_COLUMNS + " FROM commission_line WHERE partner_id = :partnerId"
                        + " AND created_at >= :from AND created_at < :to ORDER BY created_at, kind <> 'earned', id")
                .param("partnerId", partner)
                .param("from", from.atOffset(ZoneOffset.UTC))
                .param("to", to.atOffset(ZoneOffset.UTC))
                .query(CommissionLedger::line)
                .list();
    }

    // pending: lines not payable yet; payable: lines payable by now (payouts included, so what is left to pay);
    // earned: commission net of claw-backs; revenue: what customers paid net of refunds (each payment's lowest basis).
    private static final String SUMS = """
            SELECT l.currency,
                   coalesce(sum(l.amount) FILTER (WHERE l.payable_at > :now), 0) AS pending,
                   coalesce(sum(l.amount) FILTER (WHERE l.payable_at <= :now), 0) AS payable,
                   coalesce(sum(l.amount) FILTER (WHERE l.kind IN ('earned', 'clawback')), 0) AS earned,
                   coalesce((SELECT sum(net) FROM (SELECT min(r.basis) AS net FROM commission_line r
                                                    WHERE r.partner_id = l.partner_id AND r.currency = l.currency
                                                      AND r.payment_id IS NOT NULL GROUP BY r.payment_id) p), 0)
                       AS revenue
              FROM commission_line l
             WHERE l.partner_id = :partnerId
             GROUP BY l.partner_id, l.currency
             ORDER BY l.currency
            """;

    public List<Sums> sums(UUID partner, Instant now) {
        return jdbc.sql(SUMS)
                .param("partnerId", partner)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new Sums(
                        rs.getString("currency"),
                        rs.getLong("pending"),
                        rs.getLong("payable"),
                        rs.getLong("earned"),
                        rs.getLong("revenue")))
                .list();
    }

    public long payable(UUID partner, String currency, Instant now) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM commission_line WHERE partner_id = :partnerId"
                        + " AND currency = :currency AND payable_at <= :now")
                .param("partnerId", partner)
                .param("currency", currency)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .query(Long.class)
                .single();
    }

    public List<String> currencies(UUID partner) {
        return jdbc.sql("SELECT DISTINCT currency FROM commission_line WHERE partner_id = :partnerId ORDER BY 1")
                .param("partnerId", partner)
                .query(String.class)
                .list();
    }

    /** Customers with at least one earned line (paying customers). */
    public long payingCustomers(UUID partner) {
        return jdbc.sql("SELECT count(DISTINCT customer_id) FROM commission_line WHERE partner_id = :partnerId"
                        + " AND kind = 'earned'")
                .param("partnerId", partner)
                .query(Long.class)
                .single();
    }

    // ---- payouts

    private static final String INSERT_PAYOUT = """
            INSERT INTO partner_payout (partner_id, id, amount, currency, method, destination, status, created_at,
                                        next_attempt_at)
            VALUES (:partnerId, :id, :amount, :currency, :method, :destination, 'pending', :now, :now)
            """;

    public void insertPayout(
            UUID partner,
            UUID id,
            long amount,
            String currency,
            String method,
            @Nullable String destination,
            Instant now) {
        jdbc.sql(INSERT_PAYOUT)
                .param("partnerId", partner)
                .param("id", id)
                .param("amount", amount)
                .param("currency", currency)
                .param("method", method)
                .param("destination", destination)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    public Optional<PayoutRow> payout(UUID id) {
        return jdbc.sql("SELECT " + PAYOUT_COLUMNS + " FROM partner_payout WHERE id = :id")
                .param("id", id)
                .query(CommissionLedger::payoutRow)
                .optional();
    }

    public List<PayoutRow> payouts(UUID partner) {
        return jdbc.sql("SELECT " + PAYOUT_COLUMNS + " FROM partner_payout WHERE partner_id = :partnerId"
                        + " ORDER BY created_at DESC, id DESC")
                .param("partnerId", partner)
                .query(CommissionLedger::payoutRow)
                .list();
    }

    /** The total of a partner's payouts in one status, per currency. */
    public long payoutTotal(UUID partner, String currency, String status) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM partner_payout WHERE partner_id = :partnerId"
                        + " AND currency = :currency AND status = :status")
                .param("partnerId", partner)
                .param("currency", currency)
                .param("status", status)
                .query(Long.class)
                .single();
    }

    public List<UUID> duePayouts(Instant now, int limit) {
        return jdbc.sql("SELECT id FROM partner_payout WHERE status = 'pending' AND method = 'stripe'"
                        + " AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit")
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private static final String CLAIM = """
            UPDATE partner_payout SET attempts = attempts + 1, next_attempt_at = :next
             WHERE id = :id AND status = 'pending' AND method = 'stripe' AND next_attempt_at <= :now
            RETURNING attempts
            """;

    /**
     * Claims a due attempt: counts it and moves the next one {@code next} away before the call is made, so a crash
     * during the call leaves the payout to be tried again later (with the same idempotency key). Empty when it is
     * not due or not pending any more.
     */
    public Optional<Integer> claim(UUID id, Instant now, Instant next) {
        return jdbc.sql(CLAIM)
                .param("id", id)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("next", next.atOffset(ZoneOffset.UTC))
                .query(Integer.class)
                .optional();
    }

    /** Finishes a pending payout; false when it was finished already. */
    public boolean finish(UUID id, String status, @Nullable String transferId, @Nullable String error, Instant now) {
        return jdbc.sql("UPDATE partner_payout SET status = :status, transfer_id = coalesce(:transfer, transfer_id),"
                                + " last_error = :error, finished_at = :now WHERE id = :id AND status = 'pending'")
                        .param("id", id)
                        .param("status", status)
                        .param("transfer", transferId)
                        .param("error", error)
                        .param("now", now.atOffset(ZoneOffset.UTC))
                        .update()
                == 1;
    }

    public void attemptFailed(UUID id, String error) {
        jdbc.sql("UPDATE partner_payout SET last_error = :error WHERE id = :id AND status = 'pending'")
                .param("id", id)
                .param("error", error)
                .update();
    }

    private static Line line(ResultSet rs, int n) throws SQLException {
        return new Line(
                rs.getObject("partner_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getString("kind"),
                rs.getString("reference"),
                rs.getObject("customer_id", UUID.class),
                rs.getObject("payment_id", UUID.class),
                rs.getObject("payout_id", UUID.class),
                rs.getLong("basis"),
                rs.getInt("rate_bps"),
                rs.getLong("amount"),
                rs.getString("currency"),
                rs.getObject("payable_at", OffsetDateTime.class).toInstant(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static PayoutRow payoutRow(ResultSet rs, int n) throws SQLException {
        OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
        return new PayoutRow(
                rs.getObject("partner_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getLong("amount"),
                rs.getString("currency"),
                rs.getString("method"),
                rs.getString("destination"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getString("transfer_id"),
                rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(),
                finished == null ? null : finished.toInstant());
    }
}
