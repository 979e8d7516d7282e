package io.levqor.growth.internal;

import org.springframework.stereotype.Component;

/**
 * The Twilio, FCM and campaign settings in force: the bound ones at start. Tests swap in others with the
 * {@code apply} methods (and restore the configured ones) so the providers' endpoints and the throttle can be aimed
 * at local peers in one Spring context.
 */
@Component
public class ChannelPolicy {

    private final TwilioSettings configuredTwilio;
    private final FcmSettings configuredFcm;
    private final CampaignSettings configuredCampaigns;
    private volatile TwilioSettings twilio;
    private volatile FcmSettings fcm;
    private volatile CampaignSettings campaigns;

    ChannelPolicy(TwilioSettings twilio, FcmSettings fcm, CampaignSettings campaigns) {
        this.configuredTwilio = twilio;
        this.configuredFcm = fcm;
        this.configuredCampaigns = campaigns;
        this.twilio = twilio;
        this.fcm = fcm;
        this.campaigns = campaigns;
    }

    public TwilioSettings twilio() {
        return twilio;
    }

    public FcmSettings fcm() {
        return fcm;
    }

    public CampaignSettings campaigns() {
        return campaigns;
    }

    public CampaignSettings configuredCampaigns() {
        return configuredCampaigns;
    }

    public void apply(TwilioSettings settings) {
        this.twilio = settings;
    }

    public void apply(FcmSettings settings) {
        this.fcm = settings;
    }

    public void apply(CampaignSettings settings) {
        this.campaigns = settings;
    }

    /** Back to the settings the application was started with. */
    public void restore() {
        this.twilio = configuredTwilio;
        this.fcm = configuredFcm;
        this.campaigns = configuredCampaigns;
    }
}
