package io.levqor.billing;

import static io.levqor.billing.StripeEvents.charge;
import static io.levqor.billing.StripeEvents.currentCharge;
import static io.levqor.billing.StripeEvents.currentEvent;
import static io.levqor.billing.StripeEvents.currentInvoice;
import static io.levqor.billing.StripeEvents.invoice;
import static io.levqor.billing.StripeEvents.invoicePayment;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.shared.WorkspaceId;
import io.levqor.support.LevqorProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refunds against the packaged jar, signed as the providers sign them: Stripe's current payload shapes (invoice.paid
 * without a payment intent, then invoice_payment.paid) and the old ones, and refunds delivered before their payment
 * in both providers. Every workspace must end where the in-order delivery ends, and a replay of everything must
 * change nothing.
 */
class PaymentFaultsProcessTests {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PaymentFaultsProcessTests.class);
    private static final Duration START = Duration.ofSeconds(240);
    private static final String STRIPE_SECRET = "whsec_process_test";
    private static final String RAZORPAY_SECRET = "rzp_process_test";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    /** A signed-up workspace and its owner's token. */
    private record Account(String workspace, String token) {}

    /** A delivery: the provider, the event id (Razorpay's header), the body. */
    private record Delivery(String provider, String id, String body) {}

    @Test
    void refundsInCurrentAndOldShapesAndBeforeTheirPaymentEndAsInOrder() throws Exception {
        Map<String, String> env = Map.of(
                "LEVQOR_DATA_DIR", work.resolve("data").toString(),
                "LEVQOR_STRIPE_WEBHOOK_SECRET", STRIPE_SECRET,
                "LEVQOR_RAZORPAY_WEBHOOK_SECRET", RAZORPAY_SECRET);
        try (var levqor = LevqorProcess.start(env, work.resolve("levqor.log"))) {
            Duration started = levqor.awaitHealthy(START);
            long checks = System.nanoTime();
            // One workspace per payload shape, each paying twice: once delivered in order, once in reverse (every
            // refund before its payment). Sign-ups hash passwords: three keep the test short.
            Map<String, Account> accounts = new LinkedHashMap<>();
            for (String name : List.of("stripe-current", "stripe-old", "razorpay")) {
                accounts.put(name, signUp(levqor, name));
            }
            long t = Instant.now().getEpochSecond();
            String current = accounts.get("stripe-current").workspace();
            String old = accounts.get("stripe-old").workspace();
            String razorpay = accounts.get("razorpay").workspace();
            List<Delivery> all = new ArrayList<>();
            all.addAll(stripeCurrent(current, "cur", t, false));
            all.addAll(stripeCurrent(current, "curr", t, true));
            all.addAll(stripeOld(old, "old", t, false));
            all.addAll(stripeOld(old, "oldr", t, true));
            all.addAll(razorpay(razorpay, "rzp", t, false));
            all.addAll(razorpay(razorpay, "rzpr", t, true));

            List<String> outcomes = new ArrayList<>();
            for (Delivery delivery : all) {
                outcomes.add(deliver(levqor, delivery));
            }
            // the reversed deliveries kept their refunds until the payment came, then applied them
            assertThat(outcomes).contains("pending").doesNotContain("unresolved");
            for (var account : accounts.entrySet()) {
                assertSettled(levqor, account.getKey(), account.getValue());
            }

            for (Delivery delivery : all) {
                assertThat(deliver(levqor, delivery)).as(delivery.id()).isEqualTo("duplicate");
            }
            for (var account : accounts.entrySet()) {
                assertSettled(levqor, account.getKey(), account.getValue());
            }
            // the start-up depends on the machine's load; what the checks themselves cost is the figure to watch
            LOG.info(
                    "healthy after {} ms; signups, {} deliveries, replays and checks took {} ms",
                    started.toMillis(),
                    2 * all.size(),
                    Duration.ofNanos(System.nanoTime() - checks).toMillis());
            levqor.stop();
        }
    }

    // Since 2025-03-31.basil: the paid invoice names no intent; invoice_payment.paid does; the charge names the intent.
    private static List<Delivery> stripeCurrent(String workspace, String name, long t, boolean reversed) {
        String invoice = "in_" + name;
        String intent = "pi_" + name;
        List<Delivery> events = new ArrayList<>(List.of(
                stripe(currentEvent(
                        name + "_paid",
                        "invoice.paid",
                        t,
                        currentInvoice(WorkspaceId.of(workspace), invoice, "sub_" + name, "starter", 1900, t))),
                stripe(currentEvent(
                        name + "_payment", "invoice_payment.paid", t, invoicePayment(invoice, intent, 1900, t))),
                stripe(currentEvent(
                        name + "_half", "charge.refunded", t + 1, currentCharge(intent, "ch_" + name, 1900, 950))),
                stripe(currentEvent(
                        name + "_full", "charge.refunded", t + 2, currentCharge(intent, "ch_" + name, 1900, 1900)))));
        if (reversed) {
            java.util.Collections.reverse(events);
        }
        return events;
    }

    // Before basil: the invoice names its payment intent and charge.
    private static List<Delivery> stripeOld(String workspace, String name, long t, boolean reversed) {
        String invoice = "in_" + name;
        List<Delivery> events = new ArrayList<>(List.of(
                stripe(StripeEvents.event(
                        name + "_paid",
                        "invoice.paid",
                        t,
                        invoice(WorkspaceId.of(workspace), invoice, "sub_" + name, "starter", 1900, t))),
                stripe(StripeEvents.event(name + "_half", "charge.refunded", t + 1, charge(invoice, 1900, 950))),
                stripe(StripeEvents.event(name + "_full", "charge.refunded", t + 2, charge(invoice, 1900, 1900)))));
        if (reversed) {
            java.util.Collections.reverse(events);
        }
        return events;
    }

    private static List<Delivery> razorpay(String workspace, String name, long t, boolean reversed) {
        String payment = "pay_" + name;
        List<Delivery> events = new ArrayList<>(List.of(
                new Delivery(
                        "razorpay",
                        name + "-charged",
                        RazorpayEvents.event(
                                "subscription.charged",
                                t,
                                Map.of(
                                        "subscription",
                                        RazorpayEvents.subscription(
                                                WorkspaceId.of(workspace), "sub_" + name, "starter", "active", t),
                                        "payment",
                                        RazorpayEvents.payment(payment, 149_900, "captured")))),
                new Delivery(
                        "razorpay",
                        name + "-r1",
                        RazorpayEvents.event(
                                "refund.processed",
                                t + 1,
                                Map.of("refund", RazorpayEvents.refund("rfnd_" + name + "1", payment, 74_950)))),
                new Delivery(
                        "razorpay",
                        name + "-r2",
                        RazorpayEvents.event(
                                "refund.processed",
                                t + 2,
                                Map.of("refund", RazorpayEvents.refund("rfnd_" + name + "2", payment, 74_950))))));
        if (reversed) {
            java.util.Collections.reverse(events);
        }
        return events;
    }

    private static Delivery stripe(String body) {
        return new Delivery("stripe", JSON.readTree(body).path("id").asString(), body);
    }

    private String deliver(LevqorProcess levqor, Delivery delivery) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(levqor.baseUrl() + "/billing/webhooks/" + delivery.provider()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()));
        if (delivery.provider().equals("stripe")) {
            request.header(
                    "Stripe-Signature",
                    ProviderSignatures.stripe(
                            delivery.body(), STRIPE_SECRET, Instant.now().getEpochSecond()));
        } else {
            request.header("X-Razorpay-Event-Id", delivery.id())
                    .header("X-Razorpay-Signature", ProviderSignatures.razorpay(delivery.body(), RAZORPAY_SECRET));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(delivery.id() + ": " + response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body()).path("outcome").asString();
    }

    // Both payments' 1,000 credits granted and all clawed back, none missing: the 50 sign-up credits are left.
    private void assertSettled(LevqorProcess levqor, String name, Account account) {
        JsonNode usage = await(
                name + "'s sign-up credits",
                () -> get(levqor, account, "/api/v1/billing/usage"),
                u -> u.path("credits").path("granted").asLong() == 50 + 2 * 1000);
        assertThat(usage.path("credits").path("balance").asLong()).as(name).isEqualTo(50);
        JsonNode payments = get(levqor, account, "/api/v1/billing/payments").path("items");
        assertThat(payments.size()).as(name).isEqualTo(2);
        for (JsonNode payment : payments) {
            assertThat(payment.path("refunded").path("amount").asLong())
                    .as(name)
                    .isEqualTo(payment.path("amount").path("amount").asLong())
                    .isPositive();
            assertThat(payment.path("creditsClawedBack").asLong()).as(name).isEqualTo(1000);
            assertThat(payment.path("creditShortfall").asLong()).as(name).isZero();
        }
    }

    private Account signUp(LevqorProcess levqor, String name) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(levqor.baseUrl() + "/api/v1/auth/signup"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "email",
                        name.toLowerCase(java.util.Locale.ROOT) + "@example.com",
                        "password",
                        "correct horse battery staple",
                        "name",
                        name))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode body = JSON.readTree(response.body());
        return new Account(
                body.path("workspaceId").asString(), body.path("accessToken").asString());
    }

    private JsonNode get(LevqorProcess levqor, Account account, String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(levqor.baseUrl() + path))
                            .header("Authorization", "Bearer " + account.token())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(
            String what, java.util.function.Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            last = probe.get();
        }
        return last;
    }
}
