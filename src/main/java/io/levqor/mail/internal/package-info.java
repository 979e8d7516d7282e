/** Delivery of stored messages through SMTP, and the mail settings. */
@NullMarked
package io.levqor.mail.internal;

import org.jspecify.annotations.NullMarked;
