/**
 * The mail outbox: {@link io.levqor.mail.Mailer#send(Message)} stores a message in the caller's transaction and
 * a sender delivers it after commit through SMTP ({@code LEVQOR_SMTP_*}); without SMTP, messages are held, and in
 * development ({@link io.levqor.mail.DevMailbox}) readable at {@code GET /api/v1/dev/mailbox}.
 */
@ApplicationModule(allowedDependencies = {"shared"})
@NullMarked
package io.levqor.mail;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
