package io.levqor.connectors;

import static io.levqor.connectors.Steps.config;
import static io.levqor.connectors.Steps.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.levqor.connectors.Peer.Reply;
import io.levqor.connectors.internal.ConnectorSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SsrfGuardTests {

    final Peer peer = new Peer();
    final Steps guarded = new Steps(ConnectorSettings.defaults());

    @AfterEach
    void stop() {
        peer.close();
    }

    @ParameterizedTest
    @CsvSource({
        "http://127.0.0.1:1/, 127.0.0.1, loopback",
        "http://169.254.169.254/latest/meta-data, 169.254.169.254, link-local",
        "http://10.0.0.1/, 10.0.0.1, private",
        "http://172.16.5.4/, 172.16.5.4, private",
        "http://192.168.1.1/, 192.168.1.1, private",
        "http://[::1]/, 0:0:0:0:0:0:0:1, loopback",
        "http://[fd00::1]/, fd00:0:0:0:0:0:0:1, unique-local",
        "http://[::ffff:169.254.169.254]/, 169.254.169.254, link-local",
        "http://0.0.0.0/, 0.0.0.0, unspecified",
        "http://100.64.0.1/, 100.64.0.1, shared (carrier-grade NAT)"
    })
    void refusesNonPublicAddresses(String url, String address, String kind) throws Exception {
        var outcome = (StepOutcome.Failed) guarded.httpStep.execute(request("s", config("url", url)));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error()).contains("resolves to " + address + ", a " + kind + " address (SSRF guard");
    }

    @Test
    void refusesAHostNameThatResolvesToLoopback() throws Exception {
        var outcome = (StepOutcome.Failed)
                guarded.httpStep.execute(request("s", config("url", "http://localhost:" + peer.port() + "/")));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error())
                .startsWith("refused to call localhost: it resolves to")
                .contains("loopback");
        assertThat(peer.received()).isEmpty();
    }

    @Test
    void refusesARedirectToAPrivateAddress() throws Exception {
        // The first hop is allowed by name; the redirect target is checked again, after resolution.
        Steps allowingPeer = new Steps(ConnectorSettings.defaults().withAllowedHosts(List.of("127.0.0.1")));
        peer.on("/hop", Reply.redirect(302, "http://10.0.0.1/internal"));

        var outcome = (StepOutcome.Failed) allowingPeer.httpStep.execute(request("s", config("url", peer.url("/hop"))));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error()).contains("refused to call 10.0.0.1").contains("private");
        assertThat(peer.count("/hop")).isEqualTo(1);
    }

    @Test
    void refusesARedirectToTheMetadataService() throws Exception {
        Steps allowingPeer = new Steps(ConnectorSettings.defaults().withAllowedHosts(List.of("127.0.0.1")));
        peer.on("/hop", Reply.redirect(301, "http://169.254.169.254/latest/meta-data/iam"));

        var outcome = (StepOutcome.Failed) allowingPeer.httpStep.execute(request("s", config("url", peer.url("/hop"))));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error()).contains("169.254.169.254").contains("link-local");
    }

    @Test
    void letsAllowListedHostsAndRangesThrough() throws Exception {
        peer.on("/ok", Reply.text(200, "fine"));

        for (String allowed : List.of("127.0.0.1", "127.0.0.0/8", "localhost")) {
            Steps steps = new Steps(ConnectorSettings.defaults().withAllowedHosts(List.of(allowed)));
            String host = allowed.equals("localhost") ? "localhost" : "127.0.0.1";
            var outcome =
                    steps.httpStep.execute(request("s", config("url", "http://" + host + ":" + peer.port() + "/ok")));
            assertThat(outcome).as(allowed).isInstanceOf(StepOutcome.Succeeded.class);
        }
    }

    @Test
    void theAllowListDoesNotOpenOtherRanges() throws Exception {
        Steps steps = new Steps(ConnectorSettings.defaults().withAllowedHosts(List.of("127.0.0.1")));

        var outcome = (StepOutcome.Failed) steps.httpStep.execute(request("s", config("url", "http://10.0.0.1/")));

        assertThat(outcome.retryable()).isFalse();
        assertThat(outcome.error()).contains("private");
    }

    @Test
    void guardsEveryConnectorNotOnlyHttp() throws Exception {
        var slack = (StepOutcome.Failed)
                guarded.slack.execute(request("s", config("webhookUrl", "http://169.254.169.254/hook", "text", "hi")));
        var smtp = (StepOutcome.Failed) guarded.email.execute(request(
                "s",
                config("credential", "mail", "to", "a@example.com", "subject", "x", "text", "y"),
                Steps.credentials(Map.of(
                        "mail", Map.of("type", "smtp", "host", "127.0.0.1", "port", 25, "from", "me@example.com")))));

        assertThat(slack.retryable()).isFalse();
        assertThat(slack.error()).contains("link-local");
        assertThat(smtp.retryable()).isFalse();
        assertThat(smtp.error()).contains("loopback");
    }
}
