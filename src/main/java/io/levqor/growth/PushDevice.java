package io.levqor.growth;

import java.time.Instant;

/** A device registered for push: its FCM registration token and platform. */
public record PushDevice(String token, String platform, Instant registeredAt) {}
