package io.levqor.growth.internal;

import io.levqor.growth.MailEngagement;
import io.levqor.growth.jdbc.CampaignRepository;
import java.util.Locale;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Campaign results from what happens after a send: a provider's status report ({@link ChannelStatusReported},
 * matched by the provider's message id) and an open or click of a tracked campaign mail ({@link MailEngagement},
 * matched by the tracking id). Outcomes only move forward, so a repeated event changes nothing.
 */
@Component
class CampaignReactions {

    private final CampaignRepository repository;

    CampaignReactions(CampaignRepository repository) {
        this.repository = repository;
    }

    @ApplicationModuleListener
    void on(ChannelStatusReported report) {
        String outcome = switch (report.status().toLowerCase(Locale.ROOT)) {
            case "delivered" -> "delivered";
            case "read" -> "opened";
            case "failed", "undelivered" -> "failed";
            default -> null;
        };
        if (outcome != null) {
            repository.outcomeByProvider(report.channel().wire(), report.providerId(), outcome);
        }
    }

    @ApplicationModuleListener
    void on(MailEngagement engagement) {
        String[] parts = engagement.trackingId().split(":");
        if (parts.length != 3 || !parts[0].equals("c")) {
            return; // not a campaign's mail (lifecycle mail tracks under its own ids)
        }
        UUID campaign;
        UUID user;
        try {
            campaign = UUID.fromString(parts[1]);
            user = UUID.fromString(parts[2]);
        } catch (IllegalArgumentException e) {
            return;
        }
        repository.outcome(campaign, user, engagement.kind() == MailEngagement.Kind.CLICKED ? "clicked" : "opened");
    }
}
