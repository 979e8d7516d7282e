package io.levqor.growth;

import io.levqor.growth.internal.PartnerCodes;
import io.levqor.growth.internal.PartnerPolicy;
import io.levqor.growth.internal.PartnerSettings;
import io.levqor.growth.internal.PartnerTouch;
import io.levqor.growth.internal.Payouts;
import io.levqor.growth.jdbc.CommissionLedger;
import io.levqor.growth.jdbc.CommissionLedger.Line;
import io.levqor.growth.jdbc.CommissionLedger.PayoutRow;
import io.levqor.growth.jdbc.PartnerRepository;
import io.levqor.growth.jdbc.PartnerRepository.PartnerRow;
import io.levqor.shared.Caller;
import io.levqor.shared.Ids;
import io.levqor.shared.Money;
import io.levqor.shared.PlatformSettings;
import io.levqor.shared.ProblemException;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The partner programme: applications and the operator's decisions, a partner's code, link, customers, balances and
 * statements, and the operator's view of all partners. Commissions come from billing's payment events only.
 */
@Service
public class Partners {

    private static final Set<String> STATUSES = Set.of("pending", "approved", "rejected");
    private static final Pattern ACCOUNT = Pattern.compile("acct_[A-Za-z0-9]{1,64}");

    private final PartnerRepository partners;
    private final CommissionLedger ledger;
    private final PartnerPolicy policy;
    private final Payouts payouts;
    private final PlatformSettings platform;
    private final Clock clock;

    public Partners(
            PartnerRepository partners,
            CommissionLedger ledger,
            PartnerPolicy policy,
            Payouts payouts,
            PlatformSettings platform,
            Clock clock) {
        this.partners = partners;
        this.ledger = ledger;
        this.policy = policy;
        this.payouts = payouts;
        this.platform = platform;
        this.clock = clock;
    }

    /** The caller applies: a pending partner in their workspace, with the programme's rate and months. */
    @Transactional
    public PartnerView apply(Caller caller, @Nullable String website) {
        UserId user = userOf(caller);
        if (website != null) {
            website = website.strip();
            if (website.isEmpty()) {
                website = null;
            } else if (website.length() > 300 || !(website.startsWith("https://") || website.startsWith("http://"))) {
                throw ValidationFailed.of("website", "must be an http(s) URL of at most 300 characters");
            } else {
                try {
                    URI.create(website);
                } catch (IllegalArgumentException e) {
                    throw ValidationFailed.of("website", "is not a URL");
                }
            }
        }
        if (partners.findByUser(caller.workspace(), user).isPresent()) {
            throw ProblemException.conflict("You have applied already in this workspace; see GET /api/v1/partners/me");
        }
        PartnerSettings settings = policy.current();
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 5; attempt++) {
            if (partners.insert(
                    caller.workspace(),
                    Ids.newId(now.toEpochMilli()),
                    user,
                    PartnerCodes.newCode(),
                    settings.rateBps(),
                    settings.months(),
                    website,
                    now)) {
                return view(partners.findByUser(caller.workspace(), user).orElseThrow());
            }
            if (partners.findByUser(caller.workspace(), user).isPresent()) {
                throw ProblemException.conflict(
                        "You have applied already in this workspace; see GET /api/v1/partners/me");
            }
        }
        throw new IllegalStateException("no free partner code after 5 draws");
    }

    /** The caller's partnership in their workspace. */
    @Transactional(readOnly = true)
    public PartnerView me(Caller caller) {
        return view(mine(caller));
    }

    /** The caller's customers, masked. */
    @Transactional(readOnly = true)
    public List<PartnerCustomer> customers(Caller caller) {
        PartnerRow partner = mine(caller);
        Map<UUID, Map<String, long[]>> amounts = new LinkedHashMap<>();
        Map<UUID, Long> netOfPayment = new LinkedHashMap<>();
        for (Line line : ledger.lines(partner.id())) {
            if (line.customer() == null || line.payment() == null) {
                continue;
            }
            long[] figures = amounts.computeIfAbsent(line.customer(), c -> new LinkedHashMap<>())
                    .computeIfAbsent(line.currency(), c -> new long[2]);
            Long before = netOfPayment.get(line.payment());
            long net = before == null ? line.basis() : Math.min(before, line.basis());
            figures[0] += net - (before == null ? 0 : before);
            netOfPayment.put(line.payment(), net);
            figures[1] += line.amount();
        }
        List<PartnerCustomer> customers = new ArrayList<>();
        for (var attribution : partners.attributions(partner.id())) {
            List<PartnerCustomer.CurrencyAmounts> byCurrency = new ArrayList<>();
            amounts.getOrDefault(attribution.customer().value(), Map.of())
                    .forEach(
                            (currency, f) -> byCurrency.add(new PartnerCustomer.CurrencyAmounts(currency, f[0], f[1])));
            customers.add(new PartnerCustomer(
                    mask(partner.id(), attribution.customer().value()),
                    attribution.source(),
                    attribution.attributedAt(),
                    List.copyOf(byCurrency)));
        }
        return List.copyOf(customers);
    }

    /** The caller's dashboard. */
    @Transactional(readOnly = true)
    public PartnerDashboard dashboard(Caller caller) {
        PartnerRow partner = mine(caller);
        return new PartnerDashboard(
                view(partner),
                partners.clicks(partner.id()),
                partners.attributions(partner.id()).size(),
                ledger.payingCustomers(partner.id()),
                balances(partner.id()),
                ledger.payouts(partner.id()).stream().map(Partners::payoutView).toList());
    }

    /** A partner's balances per currency, from the ledger and the payouts. */
    @Transactional(readOnly = true)
    public List<CommissionBalance> balances(UUID partner) {
        Instant now = clock.instant();
        return ledger.sums(partner, now).stream()
                .map(sums -> new CommissionBalance(
                        sums.currency(),
                        sums.revenue(),
                        sums.earned(),
                        sums.pending(),
                        sums.payable(),
                        ledger.payoutTotal(partner, sums.currency(), "pending"),
                        ledger.payoutTotal(partner, sums.currency(), "paid")))
                .toList();
    }

    /**
     * The caller's statement of one month (UTC) as CSV: every ledger line written in it, oldest first, customers
     * masked; amounts in minor units.
     */
    @Transactional(readOnly = true)
    public String statement(Caller caller, String month) {
        YearMonth ym;
        try {
            ym = YearMonth.parse(month);
        } catch (DateTimeParseException e) {
            throw ValidationFailed.of("month", "must be a month as yyyy-MM");
        }
        PartnerRow partner = mine(caller);
        Instant from = ym.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = ym.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        StringBuilder csv =
                new StringBuilder("date,kind,customer,basis,rate_bps,amount,currency,payable_at,reference\r\n");
        for (Line line : ledger.lines(partner.id(), from, to)) {
            csv.append(line.createdAt())
                    .append(',')
                    .append(line.kind())
                    .append(',')
                    .append(line.customer() == null ? "" : mask(partner.id(), line.customer()))
                    .append(',')
                    .append(line.basis())
                    .append(',')
                    .append(line.rateBps())
                    .append(',')
                    .append(line.amount())
                    .append(',')
                    .append(line.currency())
                    .append(',')
                    .append(line.payableAt())
                    .append(',')
                    .append(line.payout() == null ? "" : "payout:" + line.payout())
                    .append("\r\n");
        }
        return csv.toString();
    }

    /** The operator's list of partners (one status, or all) with their figures. */
    @Transactional(readOnly = true)
    public List<PartnerTotals> list(@Nullable String status) {
        if (status != null && !STATUSES.contains(status)) {
            throw ValidationFailed.of("status", "must be one of pending, approved, rejected");
        }
        return partners.list(status).stream()
                .map(row -> new PartnerTotals(
                        view(row),
                        partners.clicks(row.id()),
                        partners.attributions(row.id()).size(),
                        ledger.payingCustomers(row.id()),
                        balances(row.id())))
                .toList();
    }

    /**
     * The operator approves a pending application, optionally with another rate or months than the programme's; a
     * second decision is a 409.
     */
    @Transactional
    public PartnerView approve(UUID id, UserId operator, @Nullable Integer rateBps, @Nullable Integer months) {
        PartnerRow row = partners.lock(id).orElseThrow(() -> ProblemException.notFound("Partner", id));
        if (rateBps != null && (rateBps < 0 || rateBps > 10_000)) {
            throw ValidationFailed.of("rateBps", "must be between 0 and 10000 (basis points)");
        }
        if (months != null && (months < 1 || months > 120)) {
            throw ValidationFailed.of("months", "must be between 1 and 120");
        }
        decide(
                row,
                "approved",
                rateBps == null ? row.rateBps() : rateBps,
                months == null ? row.months() : months,
                operator);
        return view(partners.find(id).orElseThrow());
    }

    /** The operator rejects a pending application; a second decision is a 409. */
    @Transactional
    public PartnerView reject(UUID id, UserId operator) {
        PartnerRow row = partners.lock(id).orElseThrow(() -> ProblemException.notFound("Partner", id));
        decide(row, "rejected", row.rateBps(), row.months(), operator);
        return view(partners.find(id).orElseThrow());
    }

    /** The operator sets (or clears, with null) a partner's Stripe connected account; payouts resume. */
    @Transactional
    public PartnerView connect(UUID id, @Nullable String account) {
        if (account != null && !ACCOUNT.matcher(account).matches()) {
            throw ValidationFailed.of("connectedAccount", "must be a Stripe account id (acct_…) or null");
        }
        partners.lock(id).orElseThrow(() -> ProblemException.notFound("Partner", id));
        partners.connect(id, account);
        return view(partners.find(id).orElseThrow());
    }

    /** A partner's payouts, newest first (the operator). */
    @Transactional(readOnly = true)
    public List<PayoutView> payouts(UUID partner) {
        partners.find(partner).orElseThrow(() -> ProblemException.notFound("Partner", partner));
        return ledger.payouts(partner).stream().map(Partners::payoutView).toList();
    }

    /** The operator marks a manual payout paid (they paid it by hand); a second time is a 409. */
    public PayoutView markPaid(UUID payout) {
        payouts.markPaid(payout);
        return payoutView(ledger.payout(payout).orElseThrow());
    }

    /** Pays out every payable balance at its threshold and sends the due transfers, now (the operator). */
    public void runPayouts() {
        payouts.run();
    }

    /** A click on a partner's link: counted, and the touch to remember when the code is an approved partner's. */
    @Transactional
    public Optional<PartnerTouch> clicked(String code) {
        return PartnerCodes.clean(code)
                .flatMap(partners::findByCode)
                .filter(row -> row.status().equals("approved"))
                .map(row -> {
                    Instant now = clock.instant();
                    partners.click(row.id(), now.atZone(ZoneOffset.UTC).toLocalDate());
                    return new PartnerTouch(row.code(), now);
                });
    }

    /** How long the link's cookie lives: the attribution window. */
    public java.time.Duration attributionWindow() {
        return policy.current().attributionWindow();
    }

    private void decide(PartnerRow row, String status, int rateBps, int months, UserId operator) {
        if (!row.status().equals("pending")) {
            throw ProblemException.conflict("Partner " + row.id() + " is " + row.status()
                    + "; only a pending application can be decided, once");
        }
        partners.decide(row.id(), status, rateBps, months, operator, clock.instant());
    }

    private PartnerRow mine(Caller caller) {
        UserId user = userOf(caller);
        return partners.findByUser(caller.workspace(), user)
                .orElseThrow(() -> ProblemException.notFound("Partner application of this user", caller.workspace()));
    }

    private static UserId userOf(Caller caller) {
        if (caller.user() == null) {
            throw ProblemException.forbidden("Partners are users; call with a user's access token");
        }
        return caller.user();
    }

    private PartnerView view(PartnerRow row) {
        return new PartnerView(
                row.id(),
                row.tenant(),
                row.user(),
                row.code(),
                platform.url("/p/" + row.code()),
                row.status(),
                row.rateBps(),
                row.months(),
                row.website(),
                row.connectedAccount(),
                row.payoutsPaused(),
                row.createdAt(),
                row.decidedAt());
    }

    static PayoutView payoutView(PayoutRow row) {
        return new PayoutView(
                row.id(),
                row.partner(),
                Money.of(row.amount(), row.currency()),
                row.method(),
                row.status(),
                row.attempts(),
                row.transferId(),
                row.lastError(),
                row.createdAt(),
                row.finishedAt());
    }

    /** A customer's id as its partner sees it: stable per partner, not reversible to the workspace id. */
    static String mask(UUID partner, UUID customer) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((partner + ":" + customer).getBytes(StandardCharsets.UTF_8));
            return "cus_" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
