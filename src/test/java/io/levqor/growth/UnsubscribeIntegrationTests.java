package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.internal.MarketingMail;
import io.levqor.growth.internal.TrackingOptions;
import io.levqor.support.HttpApi;
import io.levqor.support.HttpApi.Response;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.RecordedEvents;
import io.levqor.support.TestAccounts;
import io.levqor.support.TestAccounts.Account;
import io.levqor.support.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class UnsubscribeIntegrationTests {

    private static final String FORM = "application/x-www-form-urlencoded";

    @Autowired
    MarketingMail marketing;

    @Autowired
    MailPreferences preferences;

    @Autowired
    HttpApi api;

    @Autowired
    RecordedEvents events;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @Test
    void theOneClickPostWithoutCookieOrAuthStopsMarketingMailButNotAccountMailAndAForgedTokenIsRefused() {
        Account account = new TestAccounts(api).signUp();
        UUID first = marketing
                .send(account.email(), "Offer", "<p>Offer</p>", "Offer", MailCategory.MARKETING, null)
                .orElseThrow()
                .value();
        String token = token(first);

        // What a mail client sends for RFC 8058: a bare POST, form-encoded, no cookie, no Authorization, no CSRF token.
        Response oneClick = api.post("/u/" + token, "List-Unsubscribe=One-Click")
                .header("Content-Type", FORM)
                .send();
        assertThat(oneClick.status()).isEqualTo(200);
        assertThat(oneClick.body()).contains("no longer get");

        assertThat(marketing.send(account.email(), "Offer 2", "<p>x</p>", "x", MailCategory.MARKETING, null))
                .isEmpty();
        assertThat(marketing.send(account.email(), "Tip", "<p>x</p>", "x", MailCategory.TIPS, null))
                .isPresent();
        // Account mail is not marketing: a password reset still comes.
        assertThat(api.post("/api/v1/auth/password-reset", Map.of("email", account.email()))
                        .send()
                        .status())
                .isEqualTo(202);
        assertThat(new TestAccounts(api).mailedToken(account.email(), "password-reset"))
                .isNotBlank();

        // A forged or altered token: the same 404 page, which names nobody, and nothing changes.
        String altered = token.substring(0, 10) + (token.charAt(10) == 'x' ? 'y' : 'x') + token.substring(11);
        for (String forged : new String[] {altered, "forged", token + "x"}) {
            Response post = api.post("/u/" + forged, "List-Unsubscribe=One-Click")
                    .header("Content-Type", FORM)
                    .send();
            assertThat(post.status()).isEqualTo(404);
            assertThat(post.body()).contains("not valid").doesNotContain(account.email());
            assertThat(api.get("/u/" + forged).send().status()).isEqualTo(404);
        }
        assertThat(preferences.of(account.email()).subscribed()).contains(MailCategory.TIPS);
    }

    @Test
    void thePreferencePageWorksWithoutSigningInAndTrackingLinksAreSigned() {
        String address = TestAccounts.uniqueEmail();
        UUID mail = marketing
                .send(
                        address,
                        "Tip",
                        "<p><a href=\"https://docs.example.test/a\">Docs</a></p>",
                        "Docs",
                        MailCategory.TIPS,
                        new TrackingOptions("recipient-42", true, true))
                .orElseThrow()
                .value();
        String token = token(mail);

        Response page = api.get("/u/" + token).send();
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(address).contains("Product updates").contains("Offers");

        Response saved = api.post("/u/" + token + "/preferences", "category=product-updates")
                .header("Content-Type", FORM)
                .send();
        assertThat(saved.status()).isEqualTo(200);
        assertThat(preferences.of(address).subscribed()).containsExactly(MailCategory.PRODUCT_UPDATES);

        api.post("/u/" + token + "/preferences", "all=true")
                .header("Content-Type", FORM)
                .send();
        assertThat(preferences.of(address).suppressed()).isTrue();
        assertThat(marketing.send(address, "x", "<p>x</p>", "x", MailCategory.PRODUCT_UPDATES, null))
                .isEmpty();
        // Opting in again lifts the unsubscribe (not a bounce).
        api.post("/u/" + token + "/preferences", "category=tips")
                .header("Content-Type", FORM)
                .send();
        assertThat(preferences.of(address).suppressed()).isFalse();

        String html = jdbc.sql("SELECT body_html FROM mail_outbox WHERE id = :id")
                .param("id", mail)
                .query(String.class)
                .single();
        String click = html.replaceAll("(?s).*href=\"[^\"]*(/t/c/[^\"]+)\".*", "$1");
        String open = html.replaceAll("(?s).*src=\"[^\"]*(/t/o/[^\"]+)\".*", "$1");
        Response redirected = api.get(click).send();
        assertThat(redirected.status()).isEqualTo(302);
        assertThat(redirected.header("Location")).isEqualTo("https://docs.example.test/a");
        assertThat(api.get(open).send().contentType()).startsWith("image/gif");
        assertThat(api.get(click.substring(0, click.length() - 2) + "xx").send().status())
                .isEqualTo(404);
        ReferralFixtures.await(() -> events.ofType(MailEngagement.class).stream()
                        .filter(e -> e.trackingId().equals("recipient-42"))
                        .count()
                == 2);
    }

    private String token(UUID mail) {
        String headers = jdbc.sql("SELECT headers FROM mail_outbox WHERE id = :id")
                .param("id", mail)
                .query(String.class)
                .single();
        return headers.replaceAll("(?s).*List-Unsubscribe: <https?://[^>]*/u/([^>]+)>.*", "$1");
    }
}
