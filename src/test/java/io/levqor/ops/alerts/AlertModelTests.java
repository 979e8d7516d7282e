package io.levqor.ops.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class AlertModelTests {

    @Test
    void theFingerprintDependsOnTheNameAndLabelsNotOnTheirOrder() {
        String one = Alert.fingerprint("WorkspaceFailedRunRate", Map.of("workspace", "a", "zone", "b"));
        String same = Alert.fingerprint(
                "WorkspaceFailedRunRate", new java.util.LinkedHashMap<>(Map.of("zone", "b", "workspace", "a")));
        assertThat(one).isEqualTo(same).hasSize(64);
        assertThat(Alert.fingerprint("WorkspaceFailedRunRate", Map.of("workspace", "c")))
                .isNotEqualTo(one);
        assertThat(Alert.fingerprint("Other", Map.of("workspace", "a", "zone", "b")))
                .isNotEqualTo(one);
        // A label value cannot pose as another label: the separators are NULs.
        assertThat(Alert.fingerprint("X", Map.of("a", "1\0b=2")))
                .isNotEqualTo(Alert.fingerprint("X", Map.of("a", "1", "b", "2")));
    }

    @Test
    void silencesMatchEveryMatcherWithinTheirTime() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        Silence silence = new Silence(
                UUID.randomUUID(),
                List.of(
                        new Silence.Matcher("alertname", "Backup.*", true),
                        new Silence.Matcher("severity", "critical", false)),
                now,
                now.plus(Duration.ofHours(1)),
                "user",
                "why",
                now);
        assertThat(silence.mutes(Map.of("alertname", "BackupFailed", "severity", "critical")))
                .isTrue();
        assertThat(silence.mutes(Map.of("alertname", "BackupFailed", "severity", "warning")))
                .isFalse();
        assertThat(silence.mutes(Map.of("alertname", "XBackupFailed", "severity", "critical")))
                .isFalse();
        assertThat(silence.active(now)).isTrue();
        assertThat(silence.active(now.plus(Duration.ofHours(1)))).isFalse();
        assertThat(silence.active(now.minusSeconds(1))).isFalse();
        // An absent label is the empty string, as in Alertmanager.
        assertThat(new Silence.Matcher("workspace", "", false).matches(Map.of()))
                .isTrue();
    }

    @Test
    void aChannelWithoutWhatItsServiceNeedsIsRefusedAtStartup() {
        assertThatThrownBy(() -> new AlertSettings.Channel("c", "slack", null, null, null, null, null))
                .hasMessageContaining("webhook-url");
        assertThatThrownBy(() -> new AlertSettings.Channel("c", "telegram", null, "t", null, null, null))
                .hasMessageContaining("chat-id");
        assertThatThrownBy(() -> new AlertSettings.Channel("c", "email", null, null, null, "nobody", null))
                .hasMessageContaining("e-mail");
        assertThatThrownBy(() -> new AlertSettings.Channel("c", "pager", null, null, null, null, null))
                .hasMessageContaining("type");
        assertThatThrownBy(() -> new AlertSettings.Channel(
                        "c", "slack", "https://hooks.example/x", null, null, null, List.of("urgent")))
                .hasMessageContaining("severities");
        var channel = new AlertSettings.Channel("c", "slack", "https://hooks.example/x", null, null, null, null);
        assertThat(channel.receives("info")).isTrue();
    }
}
