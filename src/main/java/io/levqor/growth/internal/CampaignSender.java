package io.levqor.growth.internal;

import io.levqor.growth.CampaignAudience;
import io.levqor.growth.Campaigns;
import io.levqor.growth.Channel;
import io.levqor.growth.MailCategory;
import io.levqor.growth.PushDevices;
import io.levqor.growth.SuppressionReason;
import io.levqor.growth.Suppressions;
import io.levqor.growth.internal.ChannelSender.Delivery;
import io.levqor.growth.internal.ChannelSender.Outbound;
import io.levqor.growth.jdbc.CampaignRepository;
import io.levqor.growth.jdbc.CampaignRepository.Claimed;
import io.levqor.growth.jdbc.CampaignRepository.Result;
import io.levqor.growth.jdbc.CampaignRepository.Row;
import io.levqor.mail.MailId;
import io.levqor.shared.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * Sends due campaigns, on every node. Starting one is a conditional status change plus one {@code INSERT … SELECT}
 * of its recipients, in one transaction: one node wins. Sending is a loop of small claims: in one transaction the
 * channel's window row is locked ({@link CampaignRepository#lockWindow}), at most what the window has left is
 * claimed ({@code FOR UPDATE SKIP LOCKED}) and marked {@code sending}, and the window charged; that commits; then
 * the provider calls run (in parallel, up to the batch size), then their results are recorded in one statement.
 * A sender that dies between the claim and the record leaves its recipients {@code sending}; after the lease they
 * are {@code unknown}, never sent again (neither Twilio nor FCM deduplicates a repeated request), except e-mail,
 * whose outbox insert and record are one transaction, so nothing left and they go back to pending.
 */
@Component
public class CampaignSender {

    private static final Logger log = LoggerFactory.getLogger(CampaignSender.class);

    /** Fault injection for tests: runs after a batch's provider calls, before their record. */
    public interface AfterCalls {
        void after(int calls);
    }

    private final CampaignRepository repository;
    private final Campaigns campaigns;
    private final ChannelPolicy policy;
    private final Map<Channel, ChannelSender> configured = new EnumMap<>(Channel.class);
    private final Map<Channel, ChannelSender> senders = new java.util.concurrent.ConcurrentHashMap<>();
    private final MarketingMail mail;
    private final Suppressions suppressions;
    private final PushDevices devices;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final UUID node = Ids.newId();
    private volatile AfterCalls afterCalls = calls -> {};
    private volatile boolean scheduled = true;

    CampaignSender(
            CampaignRepository repository,
            Campaigns campaigns,
            ChannelPolicy policy,
            List<ChannelSender> senders,
            MarketingMail mail,
            Suppressions suppressions,
            PushDevices devices,
            TransactionTemplate transaction,
            Clock clock) {
        this.repository = repository;
        this.campaigns = campaigns;
        this.policy = policy;
        senders.forEach(sender -> this.configured.put(sender.channel(), sender));
        this.senders.putAll(configured);
        this.mail = mail;
        this.suppressions = suppressions;
        this.devices = devices;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Tests inject a crash between a batch's calls and their record; {@code null} restores the normal path. */
    public void afterCalls(@Nullable AfterCalls hook) {
        this.afterCalls = hook == null ? calls -> {} : hook;
    }

    /**
     * Tests put a recording sender in place of a channel's provider client (a 10,000-recipient campaign need not
     * pay for 10,000 HTTP calls to prove it sends each once); {@code null} restores the configured one.
     */
    public void sender(Channel channel, @Nullable ChannelSender sender) {
        ChannelSender chosen = sender == null ? configured.get(channel) : sender;
        if (chosen == null) {
            senders.remove(channel);
        } else {
            senders.put(channel, chosen);
        }
    }

    /** Tests switch this node's scheduled sending off to drive {@link #run} themselves. */
    public void scheduled(boolean on) {
        this.scheduled = on;
    }

    @Scheduled(
            fixedDelayString = "${levqor.growth.campaigns.tick:PT1S}",
            initialDelayString = "${levqor.growth.campaigns.tick:PT1S}")
    void tick() {
        if (!scheduled) {
            return;
        }
        try {
            run(node);
        } catch (RuntimeException e) {
            log.warn("Campaign sending failed; the next tick tries again", e);
        }
    }

    /**
     * Starts due campaigns and sends what the windows allow, as the sender {@code sender} (a node's id; tests
     * use another to play a restarted node); answers the provider calls made.
     */
    public int run(UUID sender) {
        CampaignSettings settings = policy.campaigns();
        Instant now = clock.instant();
        int calls = 0;
        List<Row> due = repository.due(now);
        if (!due.isEmpty()) {
            repository.forgetWindows(now.minus(Duration.ofDays(1)));
        }
        for (Row campaign : due) {
            if (campaign.status().equals("scheduled")) {
                boolean started = Boolean.TRUE.equals(transaction.execute(status -> {
                    if (!repository.start(campaign.id(), now)) {
                        return false;
                    }
                    CampaignAudience audience = campaigns.audience(campaign.audience());
                    repository.materialise(campaign.id(), campaign.channel(), Campaigns.filter(audience, now));
                    return true;
                }));
                if (!started) {
                    continue;
                }
            }
            Channel channel = Channel.fromWire(campaign.channel());
            repository.expire(
                    campaign.id(), channel == Channel.EMAIL, clock.instant().minus(settings.lease()));
            calls += send(campaign, channel, sender, settings);
            repository.finishIfDone(campaign.id(), clock.instant());
        }
        return calls;
    }

    private int send(Row campaign, Channel channel, UUID sender, CampaignSettings settings) {
        int calls = 0;
        while (true) {
            Instant now = clock.instant();
            long windowMillis = settings.window().toMillis();
            Instant window = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), windowMillis) * windowMillis);
            List<Claimed> claimed = transaction.execute(status -> {
                int left = settings.limit(channel.wire()) - repository.lockWindow(channel.wire(), window);
                if (left <= 0) {
                    return List.of();
                }
                List<Claimed> rows =
                        repository.claim(campaign.id(), channel.wire(), sender, now, Math.min(left, settings.batch()));
                repository.take(channel.wire(), window, (int)
                        rows.stream().filter(r -> r.status().equals("sending")).count());
                return rows;
            });
            if (claimed == null || claimed.isEmpty()) {
                return calls;
            }
            List<Claimed> sending =
                    claimed.stream().filter(r -> r.status().equals("sending")).toList();
            if (channel == Channel.EMAIL) {
                transaction.executeWithoutResult(
                        status -> repository.record(campaign.id(), sender, clock.instant(), mail(campaign, sending)));
                calls += sending.size();
                afterCalls.after(calls);
                continue;
            }
            List<Called> results = call(campaign, channel, sending, settings);
            calls += sending.size();
            afterCalls.after(calls);
            transaction.executeWithoutResult(status -> {
                for (Called called : results) {
                    if (called.unregistered()) {
                        forget(channel, called.address());
                    }
                }
                repository.record(
                        campaign.id(),
                        sender,
                        clock.instant(),
                        results.stream().map(Called::result).toList());
            });
        }
    }

    /** A provider call's result, and whether the address is gone for good (to suppress with the record). */
    private record Called(Result result, String address, boolean unregistered) {}

    private void forget(Channel channel, String address) {
        if (channel == Channel.PUSH) {
            devices.drop(address);
        } else {
            suppressions.suppress(channel, address, SuppressionReason.UNREGISTERED);
        }
    }

    private List<Called> call(Row campaign, Channel channel, List<Claimed> sending, CampaignSettings settings) {
        ChannelSender provider = senders.get(channel);
        List<Called> results = new ArrayList<>();
        if (provider == null) {
            sending.forEach(r -> results.add(new Called(
                    new Result(r.userId(), "failed", null, "no sender for this channel", null), r.address(), false)));
            return results;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Delivery>> deliveries = new ArrayList<>();
            for (Claimed recipient : sending) {
                deliveries.add(pool.submit(() -> provider.send(new Outbound(
                        recipient.address(),
                        campaign.subject() == null
                                ? null
                                : CampaignContent.render(campaign.subject(), recipient.name(), s -> s),
                        CampaignContent.render(campaign.body(), recipient.name(), s -> s),
                        Map.of("campaign", campaign.id().toString()),
                        "levqor-campaign-" + campaign.id() + "-" + recipient.userId()))));
            }
            Instant retryAt = clock.instant().plus(settings.retryDelay());
            for (int i = 0; i < sending.size(); i++) {
                Claimed recipient = sending.get(i);
                Delivery delivery;
                try {
                    delivery = deliveries.get(i).get();
                } catch (ExecutionException e) {
                    delivery = Delivery.failed(
                            "sender failed (" + e.getCause().getClass().getSimpleName() + ")", true);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    delivery = Delivery.failed("interrupted", true);
                }
                Result result;
                if (delivery.sent()) {
                    result = new Result(recipient.userId(), "sent", delivery.providerId(), null, null);
                } else if (delivery.retryable() && recipient.attempts() < settings.maxAttempts()) {
                    result = new Result(recipient.userId(), "pending", null, delivery.error(), retryAt);
                } else {
                    result = new Result(recipient.userId(), "failed", null, delivery.error(), null);
                }
                results.add(new Called(result, recipient.address(), delivery.unregistered()));
            }
        }
        return results;
    }

    private List<Result> mail(Row campaign, List<Claimed> sending) {
        List<Result> results = new ArrayList<>();
        for (Claimed recipient : sending) {
            String subject = CampaignContent.render(
                    campaign.subject() == null ? campaign.name() : campaign.subject(), recipient.name(), s -> s);
            String text = CampaignContent.render(campaign.body(), recipient.name(), s -> s);
            String html = campaign.html() != null
                    ? CampaignContent.render(campaign.html(), recipient.name(), HtmlUtils::htmlEscape)
                    : "<html><body><p>"
                            + HtmlUtils.htmlEscape(text)
                                    .replace("\n\n", "</p><p>")
                                    .replace("\n", "<br>")
                            + "</p></body></html>";
            TrackingOptions tracking = campaign.tracking()
                    ? new TrackingOptions(trackingId(campaign.id(), recipient.userId()), true, true)
                    : null;
            Optional<MailId> sent =
                    mail.send(recipient.address(), subject, html, text, MailCategory.MARKETING, tracking);
            results.add(
                    sent.isPresent()
                            ? new Result(
                                    recipient.userId(),
                                    "sent",
                                    sent.get().value().toString(),
                                    null,
                                    null)
                            : new Result(recipient.userId(), "suppressed", null, "suppressed or opted out", null));
        }
        return results;
    }

    /** The tracking id of a campaign's mail to one person, which {@code MailEngagement} names again. */
    static String trackingId(UUID campaign, UUID user) {
        return "c:" + campaign + ":" + user;
    }
}
