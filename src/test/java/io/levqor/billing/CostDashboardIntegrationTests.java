package io.levqor.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.identity.internal.OperatorBootstrap;
import io.levqor.shared.WorkspaceId;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.MutableClock;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The operator's cost dashboard on known payments, refunds, fees, LLM usage and the test context's fixed costs
 * ("Hosting, EU" 93 a month, "Support \"desk\"" 1.5 a day), to the micro, as JSON and CSV; and the fee each payment
 * records from the providers' real event shapes.
 */
@LevqorIntegrationTest
class CostDashboardIntegrationTests {

    @Autowired
    HttpApi api;

    @Autowired
    TestAccounts accounts;

    @Autowired
    OperatorBootstrap operators;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @AfterEach
    void noOperator() {
        operators.apply("");
    }

    @Test
    void daysAndMonthsAddUpRevenueFeesLlmCostFixedCostsAndMarginAsJsonAndCsv() {
        String operator = operator();
        WorkspaceId a = new WorkspaceId(UUID.fromString(accounts.signUp().workspaceId()));
        WorkspaceId b = new WorkspaceId(UUID.fromString(accounts.signUp().workspaceId()));
        // February 2026 (28 days): the hosting is 93/28 = 3.321428 a day (rounded down to the micro).
        UUID usd = payment(a, 1900, "USD", 85, "2026-02-03T10:00:00Z");
        payment(b, 7900, "USD", 259, "2026-02-03T23:59:59Z");
        payment(b, 149_900, "INR", 2998, "2026-02-03T12:00:00Z");
        payment(a, 1900, "USD", 85, "2026-02-10T08:00:00Z");
        payment(a, 50_000, "USD", 1480, "2026-01-31T23:59:59Z"); // before the range
        refund(a, usd, 500, "USD", "2026-02-10T09:00:00Z");
        llm(a, "gpt-4o", 1_250_000, "2026-02-03T01:00:00Z");
        llm(a, "gpt-4o-mini", 37_500, "2026-02-03T02:00:00Z");
        llm(b, "gpt-4o", 2_000_000, "2026-02-03T03:00:00Z");
        llm(b, "=cmd, \"x\"", 10, "2026-02-10T03:00:00Z");
        llm(a, "gpt-4o", 9_000_000, "2026-01-31T23:59:59Z"); // before
        llm(a, "gpt-4o", 9_000_000, "2026-03-01T00:00:00Z"); // after

        Response daily = api.get("/api/v1/admin/costs?period=day&from=2026-02-01&to=2026-02-28")
                .bearer(operator)
                .send();
        assertThat(daily.status()).as(daily.body()).isEqualTo(200);
        JsonNode report = daily.json();
        assertThat(report.path("currency").asString()).isEqualTo("USD");
        assertThat(report.path("rows")).hasSize(28);
        JsonNode third = report.path("rows").get(2);
        assertThat(third.path("start").asString()).isEqualTo("2026-02-03");
        assertThat(third.path("revenue")).hasSize(2);
        JsonNode inr = third.path("revenue").get(0);
        assertThat(inr.path("currency").asString()).isEqualTo("INR");
        assertThat(dec(inr, "payments")).isEqualByComparingTo("1499.00");
        assertThat(dec(inr, "fees")).isEqualByComparingTo("29.98");
        JsonNode dollars = third.path("revenue").get(1);
        assertThat(dollars.path("paymentCount").asLong()).isEqualTo(2);
        assertThat(dec(dollars, "payments")).isEqualByComparingTo("98.00");
        assertThat(dec(dollars, "refunds")).isEqualByComparingTo("0");
        assertThat(dec(dollars, "net")).isEqualByComparingTo("98.00");
        assertThat(dec(dollars, "fees")).isEqualByComparingTo("3.44");
        assertThat(third.path("llmCost")).hasSize(2);
        assertThat(third.path("llmCost").get(0).path("model").asString()).isEqualTo("gpt-4o");
        assertThat(dec(third.path("llmCost").get(0), "cost")).isEqualByComparingTo("3.25");
        assertThat(third.path("llmCost").get(0).path("promptTokens").asLong()).isEqualTo(2000);
        assertThat(dec(third.path("llmCost").get(1), "cost")).isEqualByComparingTo("0.0375");
        assertThat(dec(third, "llmCostTotal")).isEqualByComparingTo("3.2875");
        assertThat(dec(third, "fixedCostTotal")).isEqualByComparingTo("4.821428");
        // 98.00 - 3.44 fees - 3.2875 LLM - 4.821428 fixed; the rupees are listed, not converted
        assertThat(dec(third, "margin")).isEqualByComparingTo("86.451072");
        JsonNode fourth = report.path("rows").get(3);
        assertThat(fourth.path("revenue")).isEmpty();
        assertThat(dec(fourth, "margin")).isEqualByComparingTo("-4.821428");
        JsonNode tenth = report.path("rows").get(9);
        assertThat(dec(tenth.path("revenue").get(0), "refunds")).isEqualByComparingTo("5.00");
        assertThat(dec(tenth.path("revenue").get(0), "net")).isEqualByComparingTo("14.00");
        // 19.00 - 5.00 refunded - 0.85 fee - 0.000010 LLM - 4.821428 fixed
        assertThat(dec(tenth, "margin")).isEqualByComparingTo("8.328562");
        assertThat(report.path("topWorkspaces")).hasSize(2);
        assertThat(report.path("topWorkspaces").get(0).path("workspaceId").asString())
                .isEqualTo(b.value().toString());
        assertThat(dec(report.path("topWorkspaces").get(0), "llmCost")).isEqualByComparingTo("2.00001");
        assertThat(report.path("topWorkspaces").get(0).path("runs").asLong()).isEqualTo(2);
        assertThat(dec(report.path("topWorkspaces").get(1), "llmCost")).isEqualByComparingTo("1.2875");

        // The month: the hosting counts whole (93), the support desk 28 days of 1.5.
        JsonNode monthly = api.get("/api/v1/admin/costs?period=month&from=2026-02-14&to=2026-02-14")
                .bearer(operator)
                .send()
                .json();
        assertThat(monthly.path("from").asString()).isEqualTo("2026-02-01");
        assertThat(monthly.path("to").asString()).isEqualTo("2026-02-28");
        JsonNode february = monthly.path("rows").get(0);
        assertThat(monthly.path("rows")).hasSize(1);
        assertThat(dec(february.path("revenue").get(1), "payments")).isEqualByComparingTo("117.00");
        assertThat(dec(february.path("revenue").get(1), "fees")).isEqualByComparingTo("4.29");
        assertThat(february.path("llmCost")).hasSize(3);
        assertThat(dec(february, "llmCostTotal")).isEqualByComparingTo("3.28751");
        assertThat(february.path("fixedCosts").get(0).path("name").asString()).isEqualTo("Hosting, EU");
        assertThat(dec(february.path("fixedCosts").get(0), "amount")).isEqualByComparingTo("93");
        assertThat(dec(february.path("fixedCosts").get(1), "amount")).isEqualByComparingTo("42");
        // 112.00 net - 4.29 fees - 3.28751 LLM - 135 fixed
        assertThat(dec(february, "margin")).isEqualByComparingTo("-30.57751");

        // CSV: by Accept or format=csv, a header, quoting, and formula-looking text defused.
        Response csv = api.get("/api/v1/admin/costs?from=2026-02-01&to=2026-02-28")
                .bearer(operator)
                .header("Accept", "text/csv")
                .send();
        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.raw().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.getFirst()).isEqualTo("period,line,detail,currency,amount");
        assertThat(lines)
                .contains(
                        "2026-02-03,payments,,USD,98.00",
                        "2026-02-03,payment_fees,,INR,29.98",
                        "2026-02-03,llm_cost,gpt-4o,USD,3.250000",
                        "2026-02-03,fixed_cost,\"Hosting, EU\",USD,3.321428",
                        "2026-02-03,fixed_cost,\"Support \"\"desk\"\"\",USD,1.500000",
                        "2026-02-03,margin,,USD,86.451072",
                        "2026-02-10,refunds,,USD,5.00",
                        "2026-02-10,llm_cost,\"'=cmd, \"\"x\"\"\",USD,0.000010",
                        "2026-02-04,margin,,USD,-4.821428",
                        "2026-02-01/2026-02-28,workspace_llm_cost," + b.value() + ",USD,2.000010");
        assertThat(api.get("/api/v1/admin/costs?period=month&from=2026-02-01&to=2026-02-28&format=csv")
                        .bearer(operator)
                        .send()
                        .body())
                .contains("2026-02-01,margin,,USD,-30.577510");

        // Bad ranges name their field; a workspace owner is not the operator.
        assertThat(field(operator, "period=week")).isEqualTo("period");
        assertThat(field(operator, "from=2026-13-01")).isEqualTo("from");
        assertThat(field(operator, "from=2026-03-01&to=2026-02-01")).isEqualTo("to");
        assertThat(field(operator, "from=2024-01-01&to=2026-02-01")).isEqualTo("to");
        assertThat(field(operator, "format=xml")).isEqualTo("format");
        Response badCsv = api.get("/api/v1/admin/costs?period=week")
                .bearer(operator)
                .header("Accept", "text/csv")
                .send();
        assertThat(badCsv.status()).as(badCsv.body()).isEqualTo(400);
        assertThat(badCsv.body()).contains("period");
        Account owner = accounts.signUp();
        assertThat(api.get("/api/v1/admin/costs").bearer(login(owner)).send().status())
                .isEqualTo(403);
    }

    @Test
    void paymentsRecordTheProvidersFeeWhenTheEventCarriesItElseTheConfiguredRate() {
        WorkspaceId workspace =
                new WorkspaceId(UUID.fromString(accounts.signUp().workspaceId()));
        PaymentWebhooks webhooks = new PaymentWebhooks(api, clock);
        long t = clock.instant().getEpochSecond();

        // Razorpay: subscription.charged carries the captured payment's fee (tax included) and tax, in paise.
        webhooks.razorpayCharged(workspace, "sub_fee", "pay_plain", 100_000, t);
        Map<String, Object> entity =
                new LinkedHashMap<>(entity(RazorpayEvents.payment("pay_fee", 100_000, "captured")));
        entity.put("created_at", t);
        entity.put("fee", 2_360);
        entity.put("tax", 360);
        webhooks.razorpay(
                "evt_chg_fee",
                RazorpayEvents.event(
                        "subscription.charged",
                        t,
                        Map.of(
                                "subscription",
                                RazorpayEvents.subscription(workspace, "sub_fee", "starter", "active", t),
                                "payment",
                                Map.of("entity", entity))));

        // Stripe: an invoice whose charge's balance transaction was expanded says the fee; a plain one does not.
        WorkspaceId other = new WorkspaceId(UUID.fromString(accounts.signUp().workspaceId()));
        webhooks.stripeCheckout(other, "sub_sfee", t);
        webhooks.stripeInvoicePaid("evt_plain", other, "sub_sfee", "in_plain", 1900, "usd", t);
        Map<String, Object> invoice =
                new LinkedHashMap<>(StripeEvents.invoice(other, "in_exp", "sub_sfee", "starter", 1900, t));
        invoice.put(
                "charge",
                Map.of(
                        "id",
                        "ch_in_exp",
                        "object",
                        "charge",
                        "balance_transaction",
                        Map.of("id", "txn_1", "object", "balance_transaction", "fee", 70, "currency", "usd")));
        webhooks.stripe(StripeEvents.event("evt_exp", "invoice.paid", t, invoice));

        assertThat(fee("pay_plain")).isEqualTo("2000 rate"); // 2 % of 1000.00 INR
        assertThat(fee("pay_fee")).isEqualTo("2360 provider");
        assertThat(fee("pi_in_plain")).isEqualTo("85 rate"); // 2.9 % of 19.00 (55) + 30
        assertThat(fee("pi_in_exp")).isEqualTo("70 provider");

        // Razorpay's payment.captured after the payment was recorded: its fee replaces the rate's.
        Map<String, Object> captured =
                new LinkedHashMap<>(entity(RazorpayEvents.payment("pay_plain", 100_000, "captured")));
        captured.put("fee", 1_950);
        captured.put("tax", 297);
        webhooks.razorpay(
                "evt_cap_plain",
                RazorpayEvents.event("payment.captured", t, Map.of("payment", Map.of("entity", captured))));
        assertThat(fee("pay_plain")).isEqualTo("1950 provider");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> entity(Map<String, Object> wrapped) {
        return (Map<String, Object>) wrapped.get("entity");
    }

    private String fee(String externalId) {
        return jdbc.sql("SELECT fee || ' ' || fee_source FROM billing_payment WHERE external_id = :id")
                .param("id", externalId)
                .query(String.class)
                .single();
    }

    private String field(String operator, String query) {
        Response answer =
                api.get("/api/v1/admin/costs?" + query).bearer(operator).send();
        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.raw().headers().firstValue("Content-Type").orElseThrow())
                .startsWith("application/problem+json");
        return answer.json().path("errors").get(0).path("field").asString();
    }

    private static BigDecimal dec(JsonNode node, String field) {
        return node.path(field).decimalValue();
    }

    private UUID payment(WorkspaceId tenant, long amount, String currency, long fee, String paidAt) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO billing_payment (tenant_id, id, provider, external_id, plan, amount, currency,
                                                     paid_at, fee, fee_source)
                        VALUES (:t, :id, 'stripe', :ext, 'starter', :amount, :currency, :at, :fee, 'provider')
                        """)
                .param("t", tenant.value())
                .param("id", id)
                .param("ext", "pi_" + id)
                .param("amount", amount)
                .param("currency", currency)
                .param("at", Instant.parse(paidAt).atOffset(java.time.ZoneOffset.UTC))
                .param("fee", fee)
                .update();
        return id;
    }

    private void refund(WorkspaceId tenant, UUID payment, long amount, String currency, String at) {
        jdbc.sql("""
                        INSERT INTO billing_refund (tenant_id, id, payment_id, provider, external_id, amount, currency,
                                                    created_at)
                        VALUES (:t, :id, :payment, 'stripe', :ext, :amount, :currency, :at)
                        """)
                .param("t", tenant.value())
                .param("id", UUID.randomUUID())
                .param("payment", payment)
                .param("ext", "re_" + UUID.randomUUID())
                .param("amount", amount)
                .param("currency", currency)
                .param("at", Instant.parse(at).atOffset(java.time.ZoneOffset.UTC))
                .update();
    }

    private void llm(WorkspaceId tenant, String model, long costMicros, String at) {
        jdbc.sql("""
                        INSERT INTO billing_llm_usage (tenant_id, run_id, step_path, attempt, model, prompt_tokens,
                                                       completion_tokens, credits, cost_micros, recorded_at)
                        VALUES (:t, :run, 'ask', 1, :model, 1000, 500, 2, :cost, :at)
                        """)
                .param("t", tenant.value())
                .param("run", UUID.randomUUID())
                .param("model", model)
                .param("cost", costMicros)
                .param("at", Instant.parse(at).atOffset(java.time.ZoneOffset.UTC))
                .update();
    }

    private String operator() {
        Account operator = accounts.signUp();
        operators.apply(operator.email());
        return login(operator);
    }

    private String login(Account account) {
        return api.post("/api/v1/auth/login", Map.of("email", account.email(), "password", account.password()))
                .send()
                .json()
                .path("accessToken")
                .asString();
    }
}
