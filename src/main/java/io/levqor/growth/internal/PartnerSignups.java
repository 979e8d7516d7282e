package io.levqor.growth.internal;

import io.levqor.growth.jdbc.PartnerRepository;
import io.levqor.growth.jdbc.PartnerRepository.PartnerRow;
import io.levqor.identity.UserSignedUp;
import jakarta.servlet.http.Cookie;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Attributes a new workspace to a partner: synchronous, in the signup's transaction and on its request thread, like
 * referral signups, because the link's cookie is only readable there. First touch wins: the cookie from a click
 * within the attribution window, else the partner code the signup named (its {@code referralCode}, which the
 * signup page fills from {@code ?ref=}). A workspace is attributed once, ever.
 */
@Component
class PartnerSignups {

    private static final Logger log = LoggerFactory.getLogger(PartnerSignups.class);

    private final PartnerRepository partners;
    private final PartnerPolicy policy;
    private final Clock clock;

    PartnerSignups(PartnerRepository partners, PartnerPolicy policy, Clock clock) {
        this.partners = partners;
        this.policy = policy;
        this.clock = clock;
    }

    @EventListener
    void on(UserSignedUp signedUp) {
        Instant now = clock.instant();
        Instant oldest = now.minus(policy.current().attributionWindow());
        Optional<PartnerTouch> clicked = PartnerTouch.parse(cookie())
                .filter(touch -> !touch.at().isBefore(oldest) && !touch.at().isAfter(now));
        String source = "link";
        Optional<PartnerRow> partner = clicked.flatMap(touch -> partners.findByCode(touch.code()))
                .filter(row -> row.status().equals("approved"));
        Instant touched = clicked.map(PartnerTouch::at).orElse(now);
        if (partner.isEmpty() && signedUp.referralCode() != null) {
            source = "code";
            touched = now;
            partner = PartnerCodes.clean(signedUp.referralCode())
                    .flatMap(partners::findByCode)
                    .filter(row -> row.status().equals("approved"));
        }
        if (partner.isEmpty()) {
            return;
        }
        if (partners.attribute(signedUp.workspace(), partner.get().id(), source, touched, now)) {
            log.info(
                    "Workspace {} attributed to partner {} ({})",
                    signedUp.workspace(),
                    partner.get().id(),
                    source);
        }
    }

    private static @Nullable String cookie() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            Cookie[] cookies = attributes.getRequest().getCookies();
            if (cookies != null) {
                for (Cookie cookie : cookies) {
                    if (cookie.getName().equals(PartnerTouch.COOKIE)) {
                        return cookie.getValue();
                    }
                }
            }
        }
        return null;
    }
}
