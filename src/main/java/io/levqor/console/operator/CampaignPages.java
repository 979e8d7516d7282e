package io.levqor.console.operator;

import io.levqor.console.security.ConsoleSession.Signed;
import io.levqor.console.web.Flash;
import io.levqor.growth.CampaignAudience;
import io.levqor.growth.CampaignDraft;
import io.levqor.growth.CampaignView;
import io.levqor.growth.Campaigns;
import io.levqor.identity.OperatorDirectory;
import io.levqor.shared.FieldError;
import io.levqor.shared.ProblemException;
import io.levqor.shared.ValidationFailed;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's campaigns: the list, a form that counts the audience before anything is sent, and a campaign's page
 * with a progress bar (polled while sending), a results chart and the recipients. Growth's {@link Campaigns}, as
 * behind {@code /api/v1/admin/campaigns}. Everyone but the operator gets a 404.
 */
@Controller
class CampaignPages {

    private static final String PATH = "/console/operator/campaigns";

    /** The create form as posted; every field a string, read by growth's validation. */
    record Form(
            @Nullable String name,
            @Nullable String channel,
            @Nullable String subject,
            @Nullable String body,
            @Nullable String plans,
            @Nullable Integer activeWithinDays,
            @Nullable Integer inactiveForDays,
            @Nullable String sendAt,
            @Nullable Boolean tracking,
            @Nullable String action) {

        static Form empty() {
            return new Form(null, "email", null, null, null, null, null, null, true, null);
        }

        CampaignAudience audience() {
            List<String> planList = plans == null || plans.isBlank()
                    ? null
                    : Arrays.stream(plans.split(","))
                            .map(String::strip)
                            .filter(p -> !p.isEmpty())
                            .toList();
            return new CampaignAudience(planList, null, null, activeWithinDays, inactiveForDays);
        }

        CampaignDraft draft() {
            return new CampaignDraft(
                    name, channel, audience(), subject, body, null, tracking != null && tracking, sendAt);
        }
    }

    /** One bar of the results chart. */
    record Bar(String result, long count, int percent) {}

    private final OperatorDirectory directory;
    private final Campaigns campaigns;

    CampaignPages(OperatorDirectory directory, Campaigns campaigns) {
        this.directory = directory;
        this.campaigns = campaigns;
    }

    @GetMapping(PATH)
    String list(Signed signed, Model model) {
        requireOperator(signed);
        model.addAttribute("campaigns", campaigns.list(50, 0));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Form.empty());
        }
        return "console/operator/campaigns";
    }

    /** Counts the audience ({@code action=count}) or creates the campaign. */
    @PostMapping(PATH)
    String create(Signed signed, @ModelAttribute Form form, Model model, RedirectAttributes redirect) {
        requireOperator(signed);
        try {
            if ("count".equals(form.action())) {
                long[] size = campaigns.audienceSize(form.channel() == null ? "" : form.channel(), form.audience());
                model.addAttribute("audienceSize", size[0]);
                model.addAttribute("audienceSuppressed", size[1]);
                model.addAttribute("form", form);
                return list(signed, model);
            }
            CampaignView created = campaigns.create(form.draft(), signed.user().user());
            Flash.ok(redirect, "Campaign " + created.name() + " created for " + created.audienceSize() + " people.");
            return "redirect:" + PATH + "/" + created.id();
        } catch (ValidationFailed invalid) {
            Map<String, String> errors = new LinkedHashMap<>();
            for (FieldError error : invalid.errors()) {
                errors.putIfAbsent(error.field(), error.message());
            }
            model.addAttribute("errors", errors);
            model.addAttribute("form", form);
            return list(signed, model);
        }
    }

    @GetMapping(PATH + "/{id}")
    String show(Signed signed, @PathVariable UUID id, Model model) {
        requireOperator(signed);
        detail(id, model);
        return "console/operator/campaign";
    }

    /** htmx: the progress and results alone, polled while the campaign is scheduled or sending. */
    @GetMapping(PATH + "/{id}/progress")
    String progress(Signed signed, @PathVariable UUID id, Model model) {
        requireOperator(signed);
        detail(id, model);
        return "console/operator/campaign :: progress";
    }

    @PostMapping(PATH + "/{id}/cancel")
    String cancel(Signed signed, @PathVariable UUID id, RedirectAttributes redirect) {
        requireOperator(signed);
        try {
            campaigns.cancel(id);
            Flash.ok(redirect, "Campaign cancelled.");
        } catch (ProblemException problem) {
            if (problem.status() != HttpStatus.CONFLICT) {
                throw problem;
            }
            Flash.error(redirect, "Not cancelled: " + problem.detail());
        }
        return "redirect:" + PATH + "/" + id;
    }

    private void detail(UUID id, Model model) {
        CampaignView campaign = campaigns.find(id);
        long most = Math.max(
                1,
                campaign.results().values().stream()
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(1));
        List<Bar> bars = campaign.results().entrySet().stream()
                .map(e -> new Bar(e.getKey(), e.getValue(), (int) (e.getValue() * 100 / most)))
                .toList();
        model.addAttribute("campaign", campaign);
        model.addAttribute("bars", bars);
        model.addAttribute(
                "live",
                campaign.status().equals("scheduled") || campaign.status().equals("sending"));
        model.addAttribute("recipients", campaigns.recipients(id, null, 50, 0));
    }

    private void requireOperator(Signed signed) {
        if (!directory.isOperator(signed.user().user())) {
            throw new ProblemException(
                    HttpStatus.NOT_FOUND, "not-found", "Not found", "There is no page at " + PATH + ".");
        }
    }
}
