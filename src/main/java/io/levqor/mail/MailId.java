package io.levqor.mail;

import java.util.UUID;

/** The id of a message in the outbox. */
public record MailId(UUID value) {}
