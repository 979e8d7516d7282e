package io.levqor.growth.web;

import io.levqor.growth.CampaignAudience;
import io.levqor.growth.CampaignDraft;
import io.levqor.growth.CampaignRecipient;
import io.levqor.growth.CampaignView;
import io.levqor.growth.Campaigns;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.ValidationFailed;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's campaigns. Identity lets only the platform operator reach {@code /api/v1/admin/**}; the role here
 * is the least any caller needs, the operator check is that path rule.
 */
@RestController
class AdminCampaignController {

    /** An audience to size before a campaign is created. */
    record AudienceQuery(@Nullable String channel, @Nullable CampaignAudience audience) {}

    private final Campaigns campaigns;

    AdminCampaignController(Campaigns campaigns) {
        this.campaigns = campaigns;
    }

    @Operation(
            summary = "Create a campaign",
            description = "An audience (plans, signedUpAfter, signedUpBefore, activeWithinDays, inactiveForDays), a"
                    + " channel (email, sms, whatsapp, push), content with {{name}} / {{firstName | fallback}}, and"
                    + " sendAt (default now). Sent throttled per channel, each recipient at most once.")
    @PostMapping("/api/v1/admin/campaigns")
    @RequiresRole(Role.VIEWER)
    @ResponseStatus(HttpStatus.CREATED)
    CampaignView create(Caller caller, @RequestBody(required = false) @Nullable CampaignDraft draft) {
        if (draft == null) {
            throw ValidationFailed.of("name", "is required");
        }
        if (caller.user() == null) {
            throw ProblemException.forbidden("A campaign is created by the operator, not by an API key.");
        }
        return campaigns.create(draft, caller.user());
    }

    /** How many people an audience holds on a channel now (and how many of them are suppressed). */
    @Operation(summary = "Size an audience on a channel before creating a campaign")
    @PostMapping("/api/v1/admin/campaigns/audience")
    @RequiresRole(Role.VIEWER)
    Map<String, Long> audience(Caller caller, @RequestBody(required = false) @Nullable AudienceQuery query) {
        if (query == null || query.channel() == null) {
            throw ValidationFailed.of("channel", "is required");
        }
        long[] size = campaigns.audienceSize(
                query.channel(), query.audience() == null ? CampaignAudience.everyone() : query.audience());
        return Map.of("size", size[0], "suppressed", size[1]);
    }

    @GetMapping("/api/v1/admin/campaigns")
    @RequiresRole(Role.VIEWER)
    List<CampaignView> list(
            Caller caller, @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        return campaigns.list(limit, offset);
    }

    @Operation(summary = "A campaign with its audience size, progress (done / total) and results")
    @GetMapping("/api/v1/admin/campaigns/{id}")
    @RequiresRole(Role.VIEWER)
    CampaignView find(Caller caller, @PathVariable UUID id) {
        return campaigns.find(id);
    }

    /** Recipients and their results, optionally only those with one status or outcome. */
    @GetMapping("/api/v1/admin/campaigns/{id}/recipients")
    @RequiresRole(Role.VIEWER)
    List<CampaignRecipient> recipients(
            Caller caller,
            @PathVariable UUID id,
            @RequestParam(required = false) @Nullable String result,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(defaultValue = "0") int offset) {
        return campaigns.recipients(id, result, limit, offset);
    }

    @PostMapping("/api/v1/admin/campaigns/{id}/cancel")
    @RequiresRole(Role.VIEWER)
    CampaignView cancel(Caller caller, @PathVariable UUID id) {
        return campaigns.cancel(id);
    }
}
