/** The development mailbox endpoint (only without SMTP). */
@NullMarked
package io.levqor.mail.web;

import org.jspecify.annotations.NullMarked;
