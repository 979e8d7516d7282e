/** The development mailbox endpoint (only when asked for and without SMTP), and the gate that hides it otherwise. */
@NullMarked
package io.levqor.mail.web;

import org.jspecify.annotations.NullMarked;
