package io.levqor.growth;

import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.growth.internal.MailLinks;
import io.levqor.growth.internal.MarketingMail;
import io.levqor.growth.internal.TrackingOptions;
import io.levqor.mail.MailId;
import io.levqor.support.LevqorIntegrationTest;
import io.levqor.support.TestDatabase;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@LevqorIntegrationTest
class MarketingMailIntegrationTests {

    @Autowired
    MarketingMail marketing;

    @Autowired
    MailLinks links;

    @Autowired
    Suppressions suppressions;

    @Autowired
    MailPreferences preferences;

    private final JdbcClient jdbc = JdbcClient.create(TestDatabase.dataSource());

    @Test
    void aSentMailCarriesOneClickUnsubscribeAFooterAndSignedTrackingLinks() {
        Optional<MailId> sent = marketing.send(
                "Ada@Example.test",
                "Hello",
                "<html><body><p>See <a href=\"https://docs.example.test/start?a=1&amp;b=2\">the guide</a></p></body></html>",
                "See the guide",
                MailCategory.TIPS,
                new TrackingOptions("recipient-1", true, true));

        assertThat(sent).isPresent();
        Map<String, Object> row = jdbc.sql(
                        "SELECT headers, body_html, body_text, category FROM mail_outbox WHERE id = :id")
                .param("id", sent.orElseThrow().value())
                .query()
                .singleRow();
        String headers = (String) row.get("headers");
        assertThat(headers).contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\n");
        String token = headers.replaceAll("(?s).*List-Unsubscribe: <https?://[^>]*/u/([^>]+)>.*", "$1");
        assertThat(links.verifyUnsubscribe(token))
                .contains(new MailLinks.Unsubscribe("ada@example.test", MailCategory.TIPS));
        assertThat((String) row.get("body_text")).contains("/u/" + token);
        String html = (String) row.get("body_html");
        assertThat(html)
                .contains("/u/" + token)
                .contains("/t/o/")
                .contains("/t/c/")
                .doesNotContain("docs.example.test");
        String click = html.replaceAll("(?s).*href=\"[^\"]*/t/c/([^\"]+)\".*", "$1");
        assertThat(links.verifyClick(click).orElseThrow().url()).isEqualTo("https://docs.example.test/start?a=1&b=2");
        assertThat(row.get("category")).isEqualTo("marketing-tips");

        // One byte changed anywhere, or a token of another kind, verifies as nothing.
        char last = token.charAt(token.length() - 1);
        assertThat(links.verifyUnsubscribe(token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A')))
                .isEmpty();
        assertThat(links.verifyUnsubscribe(click)).isEmpty();
        assertThat(links.verifyUnsubscribe("not-a-token")).isEmpty();
    }

    @Test
    void nothingGoesToASuppressedAddressOrACategoryOptedOutOf() {
        suppressions.suppress(Channel.EMAIL, "gone@example.test", SuppressionReason.HARD_BOUNCE);
        preferences.optOut("picky@example.test", MailCategory.MARKETING);

        assertThat(marketing.send("GONE@example.test", "Hi", "<p>x</p>", "x", MailCategory.TIPS, null))
                .isEmpty();
        assertThat(marketing.send("picky@example.test", "Hi", "<p>x</p>", "x", MailCategory.MARKETING, null))
                .isEmpty();
        assertThat(marketing.send("picky@example.test", "Hi", "<p>x</p>", "x", MailCategory.TIPS, null))
                .isPresent();
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM mail_outbox WHERE recipient IN ('gone@example.test', 'GONE@example.test')")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
