package io.levqor.growth;

import io.levqor.growth.internal.CampaignContent;
import io.levqor.growth.jdbc.CampaignRepository;
import io.levqor.growth.jdbc.CampaignRepository.Filter;
import io.levqor.shared.FieldError;
import io.levqor.shared.Ids;
import io.levqor.shared.ProblemException;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator's campaigns: an audience, a channel, content with per-recipient variables, a time. At that time one
 * node writes the recipients set-based and the senders (internal.CampaignSender) send them, throttled per channel,
 * each at most once; results come from the providers' reports and from opens and clicks.
 */
@Service
public class Campaigns {

    private static final Set<String> CHANNELS = Set.of("email", "sms", "whatsapp", "push");
    private static final Pattern PLAN = Pattern.compile("[a-z0-9_-]{1,40}");
    private static final List<String> RESULTS = List.of(
            "sent",
            "delivered",
            "opened",
            "clicked",
            "bounced",
            "failed",
            "unsubscribed",
            "suppressed",
            "pending",
            "unknown");

    private final CampaignRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    Campaigns(CampaignRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public CampaignView create(CampaignDraft draft, UserId operator) {
        List<FieldError> errors = new ArrayList<>();
        String name = draft.name() == null ? "" : draft.name().strip();
        if (name.isEmpty() || name.length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        String channel = draft.channel() == null ? "" : draft.channel();
        if (!CHANNELS.contains(channel)) {
            errors.add(new FieldError("channel", "must be email, sms, whatsapp or push"));
        }
        String body = draft.body() == null ? "" : draft.body();
        int most = switch (channel) {
            case "sms" -> 1600;
            case "whatsapp", "push" -> 4096;
            default -> 100_000;
        };
        if (body.isBlank() || body.length() > most) {
            errors.add(new FieldError("body", "is required, at most " + most + " characters on this channel"));
        }
        if ("email".equals(channel)
                && (draft.subject() == null || draft.subject().isBlank())) {
            errors.add(new FieldError("subject", "is required for e-mail"));
        }
        if (draft.subject() != null && draft.subject().length() > 200) {
            errors.add(new FieldError("subject", "must be at most 200 characters"));
        }
        if (draft.html() != null && (!"email".equals(channel) || draft.html().length() > 200_000)) {
            errors.add(new FieldError("html", "is for e-mail only, at most 200000 characters"));
        }
        for (var part : Map.of(
                        "body", body,
                        "subject", draft.subject() == null ? "" : draft.subject(),
                        "html", draft.html() == null ? "" : draft.html())
                .entrySet()) {
            CampaignContent.unknownVariable(part.getValue())
                    .ifPresent(variable -> errors.add(new FieldError(
                            part.getKey(),
                            "names the unknown variable '" + variable + "'; known: "
                                    + String.join(
                                            ", ",
                                            CampaignContent.VARIABLES.stream()
                                                    .sorted()
                                                    .toList()))));
        }
        for (var part :
                new String[][] {{"name", name}, {"body", body}, {"subject", draft.subject()}, {"html", draft.html()}}) {
            // the console's form posts are not JSON, so the API's NUL check does not see them
            if (part[1] != null && part[1].indexOf('\u0000') >= 0) {
                errors.add(new FieldError(part[0], "must not contain NUL characters (U+0000)"));
            }
        }
        CampaignAudience audience = draft.audience() == null ? CampaignAudience.everyone() : draft.audience();
        errors.addAll(check(audience));
        Instant now = clock.instant();
        Instant sendAt = now;
        if (draft.sendAt() != null && !draft.sendAt().isBlank()) {
            try {
                sendAt = Instant.parse(draft.sendAt());
                if (sendAt.isAfter(now.plus(Duration.ofDays(366)))) {
                    errors.add(new FieldError("sendAt", "must be within a year from now"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldError("sendAt", "must be an ISO-8601 instant, e.g. 2026-12-24T09:00:00Z"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        UUID id = Ids.newId();
        repository.insert(new CampaignRepository.Row(
                id,
                name,
                channel,
                json.writeValueAsString(audience),
                draft.subject() == null || draft.subject().isBlank()
                        ? null
                        : draft.subject().strip(),
                body,
                draft.html(),
                draft.tracking() == null || draft.tracking(),
                "scheduled",
                sendAt.isBefore(now) ? now : sendAt,
                null,
                operator.value(),
                now,
                null,
                null));
        return find(id);
    }

    /** How many people an audience holds on a channel now, and how many of them are suppressed. */
    public long[] audienceSize(String channel, CampaignAudience audience) {
        if (!CHANNELS.contains(channel)) {
            throw ValidationFailed.of("channel", "must be email, sms, whatsapp or push");
        }
        List<FieldError> errors = check(audience);
        if (!errors.isEmpty()) {
            throw new ValidationFailed(errors);
        }
        return repository.audienceSize(channel, filter(audience));
    }

    public CampaignView find(UUID id) {
        return view(repository.find(id).orElseThrow(() -> ProblemException.notFound("Campaign", id)));
    }

    public List<CampaignView> list(int limit, int offset) {
        return repository.list(Math.clamp(limit, 1, 200), Math.max(offset, 0)).stream()
                .map(this::view)
                .toList();
    }

    public List<CampaignRecipient> recipients(UUID id, @Nullable String result, int limit, int offset) {
        repository.find(id).orElseThrow(() -> ProblemException.notFound("Campaign", id));
        if (result != null && !RESULTS.contains(result) && !result.equals("sending")) {
            throw ValidationFailed.of("result", "must be one of " + String.join(", ", RESULTS));
        }
        return repository.recipients(id, result, Math.clamp(limit, 1, 1000), Math.max(offset, 0)).stream()
                .map(r -> new CampaignRecipient(
                        r.userId(),
                        r.address(),
                        r.name(),
                        r.status(),
                        r.outcome(),
                        r.attempts(),
                        r.sentAt(),
                        r.error()))
                .toList();
    }

    /** Stops a scheduled or sending campaign: recipients not yet claimed are not sent. */
    @Transactional
    public CampaignView cancel(UUID id) {
        CampaignView campaign = find(id);
        if (!repository.cancel(id, clock.instant())) {
            throw ProblemException.conflict("Campaign " + id + " is " + campaign.status() + "; it cannot be cancelled");
        }
        return find(id);
    }

    /** The stored audience of a campaign as the repository's filter, relative to {@code now}. */
    public static Filter filter(CampaignAudience audience, Instant now) {
        return new Filter(
                audience.plans() == null ? List.of() : audience.plans(),
                audience.signedUpAfter(),
                audience.signedUpBefore(),
                audience.activeWithinDays() == null ? null : now.minus(Duration.ofDays(audience.activeWithinDays())),
                audience.inactiveForDays() == null ? null : now.minus(Duration.ofDays(audience.inactiveForDays())));
    }

    /** A stored audience, read back. */
    public CampaignAudience audience(String stored) {
        return json.readValue(stored, CampaignAudience.class);
    }

    private Filter filter(CampaignAudience audience) {
        return filter(audience, clock.instant());
    }

    private static List<FieldError> check(CampaignAudience audience) {
        List<FieldError> errors = new ArrayList<>();
        if (audience.plans() != null) {
            for (String plan : audience.plans()) {
                if (plan == null || !PLAN.matcher(plan).matches()) {
                    errors.add(new FieldError("audience.plans", "each must be a plan name such as free or pro"));
                    break;
                }
            }
        }
        checkDays(errors, "audience.activeWithinDays", audience.activeWithinDays());
        checkDays(errors, "audience.inactiveForDays", audience.inactiveForDays());
        // PostgreSQL's timestamptz ends in the year 294276: a time past it is a 400 here, not a 500 there
        Instant earliest = Instant.parse("1970-01-01T00:00:00Z");
        Instant latest = Instant.parse("9999-12-31T23:59:59Z");
        if (audience.signedUpAfter() != null
                && (audience.signedUpAfter().isBefore(earliest)
                        || audience.signedUpAfter().isAfter(latest))) {
            errors.add(new FieldError("audience.signedUpAfter", "must be between 1970 and 9999"));
        }
        if (audience.signedUpBefore() != null
                && (audience.signedUpBefore().isBefore(earliest)
                        || audience.signedUpBefore().isAfter(latest))) {
            errors.add(new FieldError("audience.signedUpBefore", "must be between 1970 and 9999"));
        }
        if (audience.signedUpAfter() != null
                && audience.signedUpBefore() != null
                && !audience.signedUpAfter().isBefore(audience.signedUpBefore())) {
            errors.add(new FieldError("audience.signedUpBefore", "must be after signedUpAfter"));
        }
        return errors;
    }

    private static void checkDays(List<FieldError> errors, String field, @Nullable Integer days) {
        if (days != null && (days < 1 || days > 3650)) {
            errors.add(new FieldError(field, "must be between 1 and 3650"));
        }
    }

    private CampaignView view(CampaignRepository.Row row) {
        CampaignAudience audience = audience(row.audience());
        Map<String, Long> counts = row.status().equals("scheduled") ? Map.of() : repository.counts(row.id());
        long size;
        long suppressed;
        if (row.status().equals("scheduled")) {
            long[] live = repository.audienceSize(row.channel(), filter(audience));
            size = live[0];
            suppressed = live[1];
        } else {
            size = row.total() == null ? 0 : row.total();
            suppressed = counts.getOrDefault("status:suppressed", 0L);
        }
        long sent = counts.getOrDefault("status:sent", 0L);
        long unknown = counts.getOrDefault("status:unknown", 0L);
        long failed = counts.getOrDefault("status:failed", 0L);
        long done = sent + unknown + failed + suppressed;
        Map<String, Long> results = new LinkedHashMap<>();
        results.put("sent", sent + unknown);
        for (String outcome : List.of("delivered", "opened", "clicked", "bounced", "unsubscribed")) {
            results.put(outcome, counts.getOrDefault("outcome:" + outcome, 0L));
        }
        results.put("failed", failed + counts.getOrDefault("outcome:failed", 0L));
        results.put("suppressed", suppressed);
        results.put("pending", counts.getOrDefault("status:pending", 0L) + counts.getOrDefault("status:sending", 0L));
        results.put("unknown", unknown);
        return new CampaignView(
                row.id(),
                row.name(),
                Channel.fromWire(row.channel()),
                audience,
                row.subject(),
                row.body(),
                row.html(),
                row.tracking(),
                row.status(),
                row.sendAt(),
                size,
                suppressed,
                row.total(),
                done,
                sent,
                row.total() == null || row.total() == 0
                        ? (row.status().equals("sent") ? 100 : 0)
                        : (int) (done * 100 / row.total()),
                results,
                row.createdAt(),
                row.startedAt(),
                row.finishedAt());
    }
}
