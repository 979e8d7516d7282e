package io.levqor.growth.web;

import io.levqor.growth.Channel;
import io.levqor.growth.PhoneConsent;
import io.levqor.growth.PhoneConsents;
import io.levqor.growth.PushDevice;
import io.levqor.growth.PushDevices;
import io.levqor.shared.Caller;
import io.levqor.shared.ProblemException;
import io.levqor.shared.RequiresRole;
import io.levqor.shared.Role;
import io.levqor.shared.UserId;
import io.levqor.shared.ValidationFailed;
import io.swagger.v3.oas.annotations.Operation;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A signed-in person's own messaging: SMS/WhatsApp opt-ins and push devices. API keys cannot act for a person. */
@RestController
class MessagingController {

    /** An opt-in: the number, the channels, and where it was given (a form, an app screen). */
    record OptIn(
            @Nullable String phone,
            @Nullable List<String> channels,
            @Nullable String source) {}

    /** A device to register for push. */
    record Device(@Nullable String token, @Nullable String platform) {}

    private final PhoneConsents consents;
    private final PushDevices devices;

    MessagingController(PhoneConsents consents, PushDevices devices) {
        this.consents = consents;
        this.devices = devices;
    }

    @GetMapping("/api/v1/me/phone-consent")
    @RequiresRole(Role.VIEWER)
    List<PhoneConsent> consents(Caller caller) {
        return consents.of(user(caller));
    }

    @Operation(
            summary = "Opt in to SMS and/or WhatsApp at a number",
            description = "Recorded with its time and source; no opt-in, no message. Lifts a STOP suppression of the"
                    + " number. Users only: an API key gets 403.")
    @PostMapping("/api/v1/me/phone-consent")
    @RequiresRole(Role.VIEWER)
    List<PhoneConsent> optIn(Caller caller, @RequestBody(required = false) @Nullable OptIn body) {
        UserId user = user(caller);
        if (body == null || body.phone() == null) {
            throw ValidationFailed.of("phone", "is required");
        }
        List<Channel> channels = new ArrayList<>();
        for (String name : body.channels() == null ? List.of("sms") : body.channels()) {
            if (!"sms".equals(name) && !"whatsapp".equals(name)) {
                throw ValidationFailed.of("channels", "each must be sms or whatsapp");
            }
            channels.add(Channel.fromWire(name));
        }
        return consents.optIn(user, body.phone(), channels, body.source() == null ? "api" : body.source());
    }

    @DeleteMapping("/api/v1/me/phone-consent")
    @RequiresRole(Role.VIEWER)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdraw(Caller caller, @RequestParam(defaultValue = "sms") String channel) {
        if (!"sms".equals(channel) && !"whatsapp".equals(channel)) {
            throw ValidationFailed.of("channel", "must be sms or whatsapp");
        }
        consents.withdraw(user(caller), Channel.fromWire(channel));
    }

    @GetMapping("/api/v1/push/devices")
    @RequiresRole(Role.VIEWER)
    List<PushDevice> devices(Caller caller) {
        return devices.of(user(caller));
    }

    @Operation(
            summary = "Register a device for push",
            description = "An FCM registration token and its platform (android, ios, web). Users only.")
    @PostMapping("/api/v1/push/devices")
    @RequiresRole(Role.VIEWER)
    @ResponseStatus(HttpStatus.CREATED)
    PushDevice register(Caller caller, @RequestBody(required = false) @Nullable Device body) {
        UserId user = user(caller);
        if (body == null || body.token() == null) {
            throw ValidationFailed.of("token", "is required");
        }
        return devices.register(user, body.token(), body.platform() == null ? "android" : body.platform());
    }

    @DeleteMapping("/api/v1/push/devices")
    @RequiresRole(Role.VIEWER)
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unregister(Caller caller, @RequestParam String token) {
        if (!devices.unregister(user(caller), token)) {
            throw ProblemException.notFound("Device", "with this token");
        }
    }

    private static UserId user(Caller caller) {
        if (caller.user() == null) {
            throw new ProblemException(
                    HttpStatus.FORBIDDEN,
                    "user-required",
                    "A user is required",
                    "This call acts for a person; an API key cannot make it.");
        }
        return caller.user();
    }
}
